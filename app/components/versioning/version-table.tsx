import type { ReactNode } from "react";
import { AuthForm } from "~/components/csrf";
import { ListTable, type Column } from "~/components/lists/list-table";
import { VersionStatusBadge } from "~/components/versioning/status-badge";
import { formatDateTime } from "~/domain/dates";
import type { VersionStatus } from "~/domain/versioning";

export interface VersionRow {
  id: string;
  version: number;
  status: VersionStatus;
  title: string;
  publishedAt: string | null;
  updatedAt?: string | null;
}

/**
 * The versions of a versioned content (a questionnaire template, a clause library): version, status,
 * title, [last change,] publication and the actions on each; rows carry data-version and data-status.
 */
export function VersionTable<V extends VersionRow>({
  versions,
  name,
  updated = false,
  actions,
  testId,
}: {
  versions: readonly V[];
  /** The version's own cell (a link to it). */
  name: (v: V) => ReactNode;
  /** Show the 最后修改 column. */
  updated?: boolean;
  actions: (v: V) => ReactNode;
  testId?: string;
}) {
  const columns: Column<V>[] = [
    { header: "版本", cell: name },
    { header: "状态", cell: (v) => <VersionStatusBadge status={v.status} /> },
    { header: "标题", cell: (v) => v.title },
    ...(updated ? [{ header: "最后修改", cell: (v: V) => formatDateTime(v.updatedAt) }] : []),
    { header: "发布时间", cell: (v) => formatDateTime(v.publishedAt) },
    { header: "操作", cell: (v) => <div className="template-actions">{actions(v)}</div> },
  ];
  return (
    <ListTable
      testId={testId}
      rows={versions}
      rowKey={(v) => v.id}
      rowData={(v) => ({ "data-version": v.version, "data-status": v.status })}
      empty="暂无版本"
      columns={columns}
    />
  );
}

/** The download of a version as JSON, in the format the import form reads. */
export function ExportJsonLink({ href }: { href: string }) {
  return (
    <a className="button secondary" href={href} download>
      导出 JSON
    </a>
  );
}

/** Publishes a draft version (`intent=publish`, `id`); `confirm` asks first, in the browser's own dialog. */
export function PublishForm({ id, busy, confirm }: { id: string; busy: boolean; confirm?: string }) {
  return (
    <AuthForm
      method="post"
      className="inline-form"
      onSubmit={
        confirm
          ? (e) => {
              if (!window.confirm(confirm)) e.preventDefault();
            }
          : undefined
      }
    >
      <input type="hidden" name="intent" value="publish" />
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={busy}>
        发布
      </button>
    </AuthForm>
  );
}
