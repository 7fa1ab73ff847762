import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterBar, FilterCheck, FilterSelect } from "~/components/lists/filter-bar";
import { requireUser } from "~/services/accounts/auth.server";
import { parsePipelineFilters, pipeline } from "~/services/bargaining/pipeline.server";

export const meta: MetaFunction = () => [{ title: "集体协商 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { filters, invalid } = parsePipelineFilters(new URL(request.url).searchParams);
  return { ...(await pipeline(user, filters)), invalid };
}

export default function Pipeline() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>集体协商</h1>
      <p className="hint">
        共 {page.counts.all} 件，回应或期限已逾期 {page.counts.overdue} 件，90日内到期合同{" "}
        {page.counts.expiring} 件。
        <Link to="/bargaining/campaigns"> 集中要约 →</Link>
        <Link to="/bargaining/joint"> 行业性、区域性集体协商 →</Link>
      </p>
      <FilterBar testId="pipeline-filters" invalid={page.invalid}>
        <FilterSelect
          name="stage"
          label="阶段"
          options={page.stages.map((s) => ({ value: s.stage, label: s.label }))}
        />
        <FilterSelect
          name="kind"
          label="类型"
          options={page.kinds.map((k) => ({ value: k.kind, label: k.label }))}
        />
        <FilterSelect
          name="org"
          label="工会组织"
          options={page.orgs.map((o) => ({ value: o.id, label: o.name }))}
        />
        <FilterSelect
          name="step"
          label="协商进程（已到达）"
          options={page.steps.map((s) => ({ value: s.step, label: s.label }))}
        />
        <FilterSelect
          name="period"
          label="发出要约期间"
          options={page.periods.map((p) => ({ value: p.key, label: p.label }))}
        />
        <FilterCheck name="overdue" label="已逾期" />
        <FilterCheck name="expiring" label="90日内到期" />
      </FilterBar>
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
