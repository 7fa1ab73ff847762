import type { ReactNode } from "react";
import { AuthForm } from "~/components/csrf";

export interface RenderLinkView {
  id: string;
  status: string;
  statusLabel: string;
}

/** A Word file of a draft: the download once rendered, its status meanwhile, or the button that asks for it. */
export function WordFile({
  render,
  label,
  testId,
  intent,
  fields,
  busy,
}: {
  render: RenderLinkView | null;
  label: string;
  testId: string;
  intent: string;
  fields: Record<string, string | number>;
  busy: boolean;
}) {
  if (render?.status === "done")
    return (
      <a
        className="button secondary"
        href={`/documents/${render.id}/download`}
        data-testid={`${testId}-download`}
      >
        下载{label}（Word）
      </a>
    );
  if (render && render.status !== "failed")
    return (
      <span className="hint" data-testid={`${testId}-rendering`}>
        {label}：{render.statusLabel}，请稍后刷新
      </span>
    );
  return (
    <AuthForm method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="secondary" disabled={busy}>
        生成{label}（Word）
      </button>
    </AuthForm>
  );
}

/** Text with its insertions and deletions marked (<ins>/<del>), readable on a phone. */
export function MarkedText({ segments }: { segments: { op: string; text: string }[] }): ReactNode {
  return (
    <p className="redline-text">
      {segments.map((s, i) =>
        s.op === "insert" ? (
          <ins key={i}>{s.text}</ins>
        ) : s.op === "delete" ? (
          <del key={i}>{s.text}</del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}
