/** The deadline and status of a prescription item, as every list shows them. */
export function DueBadge({ due, label }: { due: string; label: string }) {
  if (due !== "overdue" && due !== "due_soon") return null;
  return <span className={`badge ${due === "overdue" ? "danger" : "warn"}`}>{label}</span>;
}

export function ItemStatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge status-${status}`}>{label}</span>;
}
