export type TemplateStatus = "draft" | "published" | "archived";

export const TEMPLATE_STATUS_LABELS: Record<TemplateStatus, string> = {
  draft: "草稿",
  published: "已发布",
  archived: "已归档",
};

const BADGE_CLASS: Record<TemplateStatus, string> = { draft: "warn", published: "ok", archived: "" };

/** The status of a questionnaire template version as a badge. */
export function TemplateStatusBadge({ status }: { status: TemplateStatus }) {
  return (
    <span className={`badge ${BADGE_CLASS[status]}`.trim()} data-status={status}>
      {TEMPLATE_STATUS_LABELS[status]}
    </span>
  );
}
