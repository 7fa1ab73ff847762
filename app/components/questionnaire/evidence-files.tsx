import type { EvidenceListFile } from "~/domain/health-check/attachments";

/** Files given with an answer: each a download link, with its size, who uploaded it and when. */
export function EvidenceFiles({ assessmentId, files }: { assessmentId: string; files: EvidenceListFile[] }) {
  return (
    <ul className="review-files">
      {files.map((f) => (
        <li key={f.fileId}>
          <a
            className="review-file"
            href={`/assessments/${assessmentId}/evidence/${f.fileId}`}
            download={f.name}
          >
            {f.name}
          </a>{" "}
          <span className="hint">
            {f.size} · {f.uploadedBy} · {f.uploadedAt}
          </span>
        </li>
      ))}
    </ul>
  );
}
