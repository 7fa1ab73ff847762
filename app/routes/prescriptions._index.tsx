import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DUE_STATE_LABELS, ITEM_STATUSES, ITEM_STATUS_LABELS } from "~/domain/prescriptions/status";
import { requireUser } from "~/services/auth.server";
import { headlineByOrg, listItems, parseItemFilters } from "~/services/prescription-list.server";

export const meta: MetaFunction = () => [{ title: "法律处方与整改事项 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const filters = parseItemFilters(params);
  const [list, figures] = await Promise.all([listItems(user, filters), headlineByOrg(user)]);
  const instructs = user.roles.some((g) => g.role === "admin" || g.role === "instructor");
  return { ...list, figures, instructs, query: params.toString() };
}

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

export default function PrescriptionList() {
  const { rows, total, page, pages, enterpriseOptions, figures, instructs, query } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  const exportParams = new URLSearchParams(query);
  exportParams.delete("page");
  return (
    <div>
      <h1>{instructs ? "法律处方" : "整改事项"}</h1>
      {figures.length ? (
        <div className="card">
          <h2>整改情况</h2>
          <table className="figures" data-testid="headline-figures">
            <thead>
              <tr>
                <th>工会组织</th>
                <th>已体检企业</th>
                <th>已出具报告</th>
                <th>处方事项</th>
                <th>已整改销号</th>
                <th>整改率</th>
                <th>逾期率</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <tr
                  key={f.orgId ?? "total"}
                  className={f.orgId === null ? "total" : ""}
                  data-org={f.orgId ?? "total"}
                >
                  <td>{f.orgName}</td>
                  <td>{f.enterprisesChecked}</td>
                  <td>{f.reportsIssued}</td>
                  <td>{f.itemsIssued}</td>
                  <td>{f.itemsClosed}</td>
                  <td data-testid={f.orgId === null ? "rectified-pct" : undefined}>{pct(f.rectifiedPct)}</td>
                  <td className={f.overduePct ? "below" : ""}>{pct(f.overduePct)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <Form method="get" className="card filters">
        <label>
          状态
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">全部</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ITEM_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          期限
          <select name="due" defaultValue={params.get("due") ?? ""}>
            <option value="">全部</option>
            <option value="open">未销号</option>
            <option value="due_soon">{DUE_STATE_LABELS.due_soon}</option>
            <option value="overdue">{DUE_STATE_LABELS.overdue}</option>
          </select>
        </label>
        <label>
          风险等级
          <select name="severity" defaultValue={params.get("severity") ?? ""}>
            <option value="">全部</option>
            <option value="H">高</option>
            <option value="M">中</option>
            <option value="L">低</option>
          </select>
        </label>
        <label>
          维度编号
          <input name="dimension" defaultValue={params.get("dimension") ?? ""} placeholder="如 LC" size={6} />
        </label>
        {enterpriseOptions.length > 1 ? (
          <label>
            企业
            <select name="enterprise" defaultValue={params.get("enterprise") ?? ""}>
              <option value="">全部</option>
              {enterpriseOptions.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit">筛选</button>
        <a className="button secondary" href={`/prescriptions/export.xlsx?${exportParams.toString()}`}>
          导出 Excel
        </a>
      </Form>

      <div className="card">
        <p className="hint">共 {total} 项</p>
        {rows.length === 0 ? (
          <p className="hint">没有符合条件的整改事项。</p>
        ) : (
          <table data-testid="item-list">
            <thead>
              <tr>
                <th>企业</th>
                <th>处方</th>
                <th>存在的问题</th>
                <th>整改期限</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.enterpriseName}</td>
                  <td>
                    {r.prescriptionNo} 第{r.no}项
                  </td>
                  <td>
                    <Link to={`/prescriptions/items/${r.id}`}>{r.title}</Link>
                  </td>
                  <td>
                    {r.dueOn}{" "}
                    {r.due === "overdue" || r.due === "due_soon" ? (
                      <span className={`badge ${r.due === "overdue" ? "danger" : "warn"}`}>{r.dueLabel}</span>
                    ) : null}
                  </td>
                  <td>
                    <span className={`badge status-${r.status}`}>{r.statusLabel}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 ? (
          <nav className="pager" aria-label="分页">
            {page > 1 ? <Link to={pageLink(page - 1)}>上一页</Link> : null}
            <span>
              第 {page} / {pages} 页
            </span>
            {page < pages ? <Link to={pageLink(page + 1)}>下一页</Link> : null}
          </nav>
        ) : null}
      </div>
    </div>
  );
}
