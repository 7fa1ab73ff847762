import { VERSION_STATUS_LABELS, type VersionStatus } from "~/domain/versioning";

const BADGE_CLASS: Record<VersionStatus, string> = { draft: "warn", published: "ok", archived: "" };

/** The status of a version of versioned content (a questionnaire template, a clause library) as a badge. */
export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  return (
    <span className={`badge ${BADGE_CLASS[status]}`.trim()} data-status={status}>
      {VERSION_STATUS_LABELS[status]}
    </span>
  );
}
