import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/services/accounts/auth.server";
import { parsePipelineFilters, pipeline } from "~/services/bargaining/pipeline.server";

export const meta: MetaFunction = () => [{ title: "集体协商 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return pipeline(user, parsePipelineFilters(new URL(request.url).searchParams));
}

export default function Pipeline() {
  const page = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div>
      <h1>集体协商</h1>
      <p className="hint">
        共 {page.counts.all} 件，回应或期限已逾期 {page.counts.overdue} 件，90日内到期合同{" "}
        {page.counts.expiring} 件。
        <Link to="/bargaining/campaigns"> 集中要约 →</Link>
        <Link to="/bargaining/joint"> 行业性、区域性集体协商 →</Link>
      </p>
      <Form method="get" className="toolbar card" data-testid="pipeline-filters">
        <div className="field">
          <label htmlFor="stage">阶段</label>
          <select id="stage" name="stage" defaultValue={params.get("stage") ?? ""}>
            <option value="">全部</option>
            {page.stages.map((s) => (
              <option key={s.stage} value={s.stage}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="kind">类型</label>
          <select id="kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">全部</option>
            {page.kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org">工会组织</label>
          <select id="org" name="org" defaultValue={params.get("org") ?? ""}>
            <option value="">全部</option>
            {page.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <label className="choice">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} />{" "}
          已逾期
        </label>
        <label className="choice">
          <input type="checkbox" name="expiring" value="1" defaultChecked={params.get("expiring") === "1"} />{" "}
          90日内到期
        </label>
        <button type="submit" className="secondary">
          筛选
        </button>
      </Form>
      <div className="pipeline" data-testid="pipeline">
        {page.stages.map((s) => (
          <section key={s.stage} className="card pipeline-stage" data-stage={s.stage}>
            <h2>
              {s.label} <span className="hint">{s.rows.length}</span>
            </h2>
            {s.rows.length === 0 ? <p className="hint">无</p> : null}
            <ul>
              {s.rows.map((r) => (
                <li key={r.id} data-case={r.enterpriseNames.join("、")}>
                  <Link to={`/bargaining/cases/${r.id}`}>
                    {r.joint ? r.title : r.enterpriseNames.join("、")}
                  </Link>
                  <div className="hint">
                    {r.joint ? `${r.scopeLabel} · 覆盖${r.enterpriseNames.length}家企业 · ` : ""}
                    {r.renewsCaseId ? "续签 · " : ""}
                    {r.kindLabel} ·{" "}
                    <span className={`badge${r.overdue ? " danger" : ""}`} data-testid="pipeline-status">
                      {r.statusLabel}
                    </span>
                    {r.nextDueOn ? ` ${r.nextDueLabel} ${r.nextDueOn}` : ""}
                    {r.expiresOn ? ` · 期满 ${r.expiresOn}` : ""}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
