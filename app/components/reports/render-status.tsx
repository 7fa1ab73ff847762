import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";

export interface RenderStatusView {
  id: string;
  version: number;
  status: "queued" | "rendering" | "done" | "failed";
  statusLabel: string;
  progress: number;
  fileName: string;
  size: number | null;
  error: string | null;
}

/** Reloads the page's data every `ms` while `active`, so progress shows without a manual refresh. */
export function usePolling(active: boolean, ms = 1500) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}

const kb = (size: number | null) => (size ? `${Math.max(1, Math.round(size / 1024))} KB` : "");

/** A rendered Word file: progress while the worker renders it, then the download link. */
export function RenderStatus({ render }: { render: RenderStatusView }) {
  const pending = render.status === "queued" || render.status === "rendering";
  return (
    <div className="render-status" data-render-status={render.status}>
      {pending ? (
        <>
          <div className="progress" role="progressbar" aria-valuenow={render.progress} aria-label="生成进度">
            <div style={{ width: `${Math.max(5, render.progress)}%` }} />
          </div>
          <span className="hint">
            {render.statusLabel}（{render.progress}%）……生成完成后即可下载，无需刷新页面
          </span>
        </>
      ) : render.status === "done" ? (
        <a className="button" href={`/documents/${render.id}/download`} download>
          下载 {render.fileName}
          <span className="hint">（{kb(render.size)}）</span>
        </a>
      ) : (
        <span className="field-error">{render.error ?? "生成失败"}，请点击重新生成</span>
      )}
    </div>
  );
}
