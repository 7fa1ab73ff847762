/**
 * The prescription list's filters (状态, 风险等级, 体检维度, 期限): one definition for the database's query
 * and for lists read from kept rows.
 */
import { addDays, type LocalDate } from "~/domain/dates";
import { DUE_SOON_DAYS, type ItemStatus } from "./status";

export type DueFilter = "overdue" | "due_soon" | "open";

export interface ItemListFilters {
  status?: ItemStatus;
  severity?: "H" | "M" | "L";
  dimension?: string;
  due?: DueFilter;
}

/**
 * The 期限 filter as a deadline window (`before`: due before that day; `from`–`to`: due within, both
 * included) and whether only open items pass: a deadline filter without a picked status means the items
 * still to be done (已逾期: past the deadline and not closed; 即将到期: due within DUE_SOON_DAYS).
 */
export function dueWindow(
  filters: Pick<ItemListFilters, "due" | "status">,
  today: LocalDate,
): { before?: LocalDate; from?: LocalDate; to?: LocalDate; openOnly: boolean } {
  const openOnly = !!filters.due && !filters.status;
  if (filters.due === "overdue") return { before: today, openOnly };
  if (filters.due === "due_soon") return { from: today, to: addDays(today, DUE_SOON_DAYS), openOnly };
  return { openOnly };
}

/** Whether an item passes the filters (what the database's query for them selects). */
export function matchesItemFilters(
  item: { status: ItemStatus; severity: string | null; dimensionId: string; dueOn: LocalDate },
  filters: ItemListFilters,
  today: LocalDate,
): boolean {
  if (filters.status && item.status !== filters.status) return false;
  if (filters.severity && item.severity !== filters.severity) return false;
  if (filters.dimension && item.dimensionId !== filters.dimension) return false;
  const window = dueWindow(filters, today);
  if (window.openOnly && item.status === "closed") return false;
  if (window.before && !(item.dueOn < window.before)) return false;
  if (window.from && item.dueOn < window.from) return false;
  if (window.to && item.dueOn > window.to) return false;
  return true;
}
