import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { ItemTable } from "~/components/reports/item-table";
import { pageParam, parseQuery } from "~/lib/query";
import { requireUser } from "~/services/accounts/auth.server";
import { formatFigure, MIN_GROUP } from "~/domain/cultivation/survey-figures";
import { enterprisePlans } from "~/services/cultivation/plans.server";
import { enterpriseSurveyFigures } from "~/services/cultivation/surveys.server";
import { loadEnterpriseFor } from "~/services/enterprises/enterprises.server";
import { forbidden, notFound } from "~/lib/http.server";
import { can } from "~/domain/policy";
import { listItems } from "~/services/prescriptions/list.server";

// 集体协商 has its own route (enterprises.$id.bargaining.tsx).
const Tab = z.enum(["prescriptions", "cultivation"]);
const TabQuery = z.object({ page: pageParam });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const { orgPath } = await loadEnterpriseFor(user, id);
  // Any other segment (including "__proto__" and "constructor") is a missing page.
  const tab = Tab.safeParse(params.tab);
  if (!tab.success) throw notFound();
  // A tab the person may not read is refused, not shown empty (the layout does not offer it either).
  const allowed =
    tab.data === "prescriptions"
      ? can(user, "prescription:view", { type: "enterprise", enterpriseId: id, orgPath })
      : can(user, "plan:view", { type: "plan", enterpriseId: id, orgPath });
  if (!allowed) throw forbidden();
  if (tab.data === "prescriptions") {
    const list = await listItems(user, { enterpriseId: id, page: parseQuery(TabQuery, request).page });
    return { message: null, items: list.rows, total: list.total, cultivation: null };
  }
  const [plans, survey] = await Promise.all([enterprisePlans(user, id), enterpriseSurveyFigures(user, id)]);
  return { message: null, items: [], total: 0, cultivation: { ...plans, survey } };
}

type Cultivation = NonNullable<Awaited<ReturnType<typeof loader>>["cultivation"]>;

/** The 培育 tab: the enterprise's plans by year, and its designations. */
function CultivationTab({ data }: { data: Cultivation }) {
  return (
    <div className="card" data-testid="cultivation-tab">
      {data.plans.length === 0 ? <p className="hint">该企业尚未纳入培育助推计划。</p> : null}
      {data.plans.length ? (
        <table className="stack">
          <thead>
            <tr>
              <th>年度</th>
              <th>阶段</th>
              <th>进度</th>
              <th>下一步</th>
            </tr>
          </thead>
          <tbody>
            {data.plans.map((p) => (
              <tr key={p.id}>
                <td className="stack-title">
                  <Link to={`/plans/${p.id}`}>{p.year} 年度培育计划</Link>
                </td>
                <td data-label="阶段">
                  {p.stageLabel}
                  <div className="hint">{p.statusLabel}</div>
                </td>
                <td data-label="进度">
                  {p.done}/{p.total}
                </td>
                <td data-label="下一步">{p.next ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data.canCreate ? (
        <p>
          <Link to="/plans">为该企业制定 {data.year} 年度培育计划 →</Link>
        </p>
      ) : null}
      <h3>和谐劳动关系企业称号</h3>
      <p>{data.designations.length ? data.designations.join("；") : "—"}</p>
      {data.survey ? (
        <>
          <h3>{data.survey.year} 年度集体协商质量调查</h3>
          <dl className="facts" data-testid="survey-figures">
            <dt>作答</dt>
            <dd>
              职工 {data.survey.employees} 人，企业方 {data.survey.employers} 份
            </dd>
            <dt>职工参与率</dt>
            <dd>{formatFigure(data.survey.figures.participation)}</dd>
            <dt>职工知晓率</dt>
            <dd>{formatFigure(data.survey.figures.awareness)}</dd>
            <dt>职工满意率</dt>
            <dd>{formatFigure(data.survey.figures.satisfaction)}</dd>
            <dt>企业认可率</dt>
            <dd>{formatFigure(data.survey.figures.recognition)}</dd>
          </dl>
          <p className="hint">问卷匿名填写；为保护作答人，作答不足 {MIN_GROUP} 人的指标不显示。</p>
        </>
      ) : null}
    </div>
  );
}

export default function EnterpriseTab() {
  const { message, items, total, cultivation } = useLoaderData<typeof loader>();
  if (cultivation) return <CultivationTab data={cultivation} />;
  if (message) {
    return (
      <div className="card">
        <p className="hint">{message}</p>
      </div>
    );
  }
  return (
    <div className="card">
      {items.length === 0 ? (
        <p className="hint">该企业暂无法律处方。</p>
      ) : (
        <>
          <p className="hint">共 {total} 项整改事项（未销号的排在前面）</p>
          <ItemTable rows={items} showEnterprise={false} testId="enterprise-items" />
          {total > items.length ? (
            <p>
              <Link to={`/prescriptions?enterprise=${items[0].enterpriseId}`}>查看全部 {total} 项 →</Link>
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
