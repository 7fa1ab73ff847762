import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { cursorParam, pageParam, parseQuery, textParam } from "~/lib/query";
import { requireUser } from "~/services/accounts/auth.server";
import { listAudit } from "~/services/audit/audit-log.server";

export const meta: MetaFunction = () => [{ title: "操作日志 · 工会协商通" }];

/** The action filter is checked against the known actions by the service; `before` is where a page starts. */
const AuditQuery = z.object({ page: pageParam, action: textParam(60), before: cursorParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return listAudit(user, parseQuery(AuditQuery, request));
}

export default function Audit() {
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>操作日志</h1>
      <Form method="get" className="toolbar">
        <div className="field">
          <label htmlFor="action">操作类型</label>
          <select id="action" name="action" defaultValue={data.action}>
            <option value="">全部</option>
            {data.actionGroups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.actions.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          筛选
        </button>
      </Form>
      <table data-testid="audit-entries">
        <thead>
          <tr>
            <th>时间</th>
            <th>操作人</th>
            <th>操作</th>
            <th>对象</th>
            <th>变更内容</th>
          </tr>
        </thead>
        <tbody>
          {data.entries.map((e) => (
            <tr key={e.id}>
              <td>{e.at}</td>
              <td>
                {e.actor}
                <div className="hint">{e.ip}</div>
              </td>
              <td>
                {e.action}
                {e.outcome === "failure" ? <span className="badge danger">失败</span> : null}
                {e.detail ? <div className="hint">{e.detail}</div> : null}
              </td>
              <td>
                {e.resourceType ? <span className="hint">{e.resourceType}：</span> : null}
                {e.resource}
                {e.enterprise && e.enterprise !== e.resource ? (
                  <div className="hint">企业：{e.enterprise}</div>
                ) : null}
              </td>
              <td>
                {e.changes.length ? (
                  <dl className="audit-changes">
                    {e.changes.map((c, i) => (
                      <div key={i}>
                        <dt>{c.field}</dt>
                        <dd>
                          {c.before !== null ? <del>{c.before}</del> : null}
                          {c.before !== null && c.after !== null ? " → " : null}
                          {c.after !== null ? <ins>{c.after}</ins> : null}
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.entries.length === 0 ? (
        <p className="hint">
          {data.partial ? "这一段记录中没有符合条件的操作。" : "没有符合条件的操作记录。"}
        </p>
      ) : null}
      <p className="hint pager" data-testid="audit-pager">
        第 {data.page} 页，本页 {data.entries.length} 条（新的在前）
        {data.partial ? `；已查找 ${data.budget} 条记录，符合条件的较少，可继续查找更早的记录` : ""}
        {data.page > 1 ? <a href={pageLink(null, 1, data.action)}> 回到最新</a> : null}
        {data.next !== null ? (
          <a href={pageLink(data.next, data.page + 1, data.action)}>
            {data.partial ? " 继续查找更早的记录" : " 下一页（更早）"}
          </a>
        ) : null}
      </p>
    </div>
  );
}

/** Paging keeps the chosen filter. */
function pageLink(before: number | null, page: number, action: string) {
  const params = new URLSearchParams({
    ...(action ? { action } : {}),
    ...(before !== null ? { before: String(before), page: String(page) } : {}),
  });
  return `?${params.toString()}`;
}
