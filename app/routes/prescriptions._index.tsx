import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { ItemTable } from "~/components/reports/item-table";
import { Pager } from "~/components/lists/pager";
import { DUE_STATE_LABELS, ITEM_STATUSES, ITEM_STATUS_LABELS } from "~/domain/prescriptions/status";
import { isStaff } from "~/domain/policy";
import { requireUser } from "~/services/accounts/auth.server";
import {
  ENTERPRISE_OPTIONS_MAX,
  parseItemFilters,
  prescriptionsPage,
} from "~/services/prescriptions/list.server";
import { latestPublished } from "~/services/health-check/templates.server";

export const meta: MetaFunction = () => [{ title: "法律处方与整改事项 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const filters = parseItemFilters(params);
  const [{ list, figures }, template] = await Promise.all([
    prescriptionsPage(user, filters),
    latestPublished(),
  ]);
  const instructs = isStaff(user);
  const dimensions = (template?.template.dimensions ?? [])
    .slice()
    .sort((a, b) => a.order - b.order)
    .map((d) => ({ id: d.id, title: d.title }));
  return {
    ...list,
    tooManyEnterprises: list.enterprisesWithItems > ENTERPRISE_OPTIONS_MAX,
    figures,
    instructs,
    dimensions,
    query: params.toString(),
  };
}

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

export default function PrescriptionList() {
  const {
    rows,
    total,
    page,
    pages,
    enterpriseOptions,
    enterprisesWithItems,
    tooManyEnterprises,
    figures,
    instructs,
    dimensions,
    query,
  } = useLoaderData<typeof loader>();
  const totals = figures.find((f) => f.orgId === null);
  // An organisation row with nothing in it says nothing; the total row always shows.
  const orgRows = figures.filter(
    (f) => f.orgId === null || f.enterprisesChecked + f.reportsIssued + f.itemsIssued > 0,
  );
  // One enterprise (HR, the union chair): its name on every row would only repeat the header.
  const manyEnterprises = instructs || enterpriseOptions.length > 1;
  const [params] = useSearchParams();
  const exportParams = new URLSearchParams(query);
  exportParams.delete("page");
  return (
    <div className="prescription-list">
      <h1>{instructs ? "法律处方" : "整改事项"}</h1>
      {!instructs && totals ? (
        <div className="card grid figures-summary" data-testid="headline-figures">
          <div className="stat">
            <div className="stat-label">整改事项</div>
            <div className="stat-value">{totals.itemsIssued}</div>
          </div>
          <div className="stat">
            <div className="stat-label">已整改销号</div>
            <div className="stat-value">{totals.itemsClosed}</div>
          </div>
          <div className="stat">
            <div className="stat-label">整改率</div>
            <div className="stat-value" data-testid="rectified-pct">
              {pct(totals.rectifiedPct)}
            </div>
          </div>
          <div className="stat">
            <div className="stat-label">已逾期</div>
            <div className={`stat-value${totals.itemsOverdue ? " risk-high" : ""}`}>
              {totals.itemsOverdue}
            </div>
          </div>
        </div>
      ) : null}
      {instructs && figures.length ? (
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
              {orgRows.map((f) => (
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
          <p className="hint">
            各工会组织一行，统计直属该组织的企业；合计为您负责范围内的全部企业。整改率 = 已整改销号 ÷
            处方事项，逾期率 = 超过整改期限仍未销号的事项 ÷ 处方事项。
          </p>
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
          体检维度
          <select name="dimension" defaultValue={params.get("dimension") ?? ""}>
            <option value="">全部</option>
            {dimensions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
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
        ) : tooManyEnterprises ? (
          <p className="hint" data-testid="no-enterprise-picker">
            涉及 {enterprisesWithItems}{" "}
            家企业，不逐一列出：查看某一企业的整改事项，请在“企业”中打开该企业的“法律处方”标签。
          </p>
        ) : null}
        {params.get("org") ? (
          // From the dashboard: one organisation and those below it; the other filters narrow it further.
          <label>
            <input type="checkbox" name="org" value={params.get("org") ?? ""} defaultChecked />
            仅所选工会组织
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
          <ItemTable rows={rows} showEnterprise={manyEnterprises} testId="item-list" />
        )}
        <Pager page={page} pages={pages} />
      </div>
    </div>
  );
}
