import { Link } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/lists/filter-bar";
import { PLAN_STAGES, STAGE_LABELS } from "~/domain/cultivation/plan-template";
import { OrgOptions } from "~/components/org-options";

const RISK = { high: "高", medium: "中", low: "低" } as const;

export interface CohortView {
  year: number;
  rows: {
    planId: string;
    enterpriseName: string;
    orgName: string;
    stage: string;
    stageLabel: string;
    next: { title: string; dueOn: string; label: string; state: string } | null;
    overdue: { title: string; dueOn: string; label: string }[];
    done: number;
    total: number;
    riskLevel: "high" | "medium" | "low" | null;
    contract: string;
    bargaining: string | null;
    changes: string[];
    lastVisitOn: string | null;
  }[];
  board: { stage: string; label: string; rows: { planId: string; enterpriseName: string }[] }[];
  orgOptions: { id: string; name: string; depth: number }[];
  filters: { orgId: string; stage: string };
  totals: { plans: number; overdue: number; signedOff: number };
}

/** The organisation and stage filters of a list of plans (the workbench's and the plans page's). */
export function PlanFilters({ cohort }: { cohort: Pick<CohortView, "orgOptions" | "filters"> }) {
  return (
    <>
      <FilterSelect name="org" label="工会组织" value={cohort.filters.orgId}>
        <OrgOptions orgs={cohort.orgOptions} baseDepth={cohort.orgOptions[0]?.depth ?? 0} />
      </FilterSelect>
      <FilterSelect
        name="stage"
        label="阶段"
        value={cohort.filters.stage}
        options={PLAN_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
      />
    </>
  );
}

/** The instructor's enterprises on the workbench: most urgent first, then a board by plan stage. */
export function Cohort({ cohort }: { cohort: CohortView }) {
  return (
    <div className="cultivation">
      <div className="card">
        <h2>
          我的企业（{cohort.year} 年度培育计划 {cohort.totals.plans} 家，{cohort.totals.overdue}{" "}
          家有逾期事项）
        </h2>
        <FilterBar className="toolbar" after={<Link to="/plans">全部计划 →</Link>}>
          <PlanFilters cohort={cohort} />
        </FilterBar>
        <ol className="cohort-list" data-testid="my-enterprises">
          {cohort.rows.map((r) => (
            <li key={r.planId} className="cohort-item" data-plan-id={r.planId}>
              <div>
                <Link to={`/plans/${r.planId}`} className="cohort-name">
                  {r.enterpriseName}
                </Link>{" "}
                <span className={`badge stage-${r.stage}`}>{r.stageLabel}</span>{" "}
                {r.overdue.length ? <span className="badge danger">逾期 {r.overdue.length} 项</span> : null}
                <div className="hint">
                  {r.orgName} · 进度 {r.done}/{r.total} · 风险等级 {r.riskLevel ? RISK[r.riskLevel] : "—"} ·
                  集体合同 {r.contract}
                  {r.bargaining ? ` · 集体协商 ${r.bargaining}` : ""}
                </div>
              </div>
              <div className="hint cohort-next">
                {r.next ? (
                  <>
                    下一步：{r.next.title}
                    <br />
                    <span
                      className={
                        r.next.state === "overdue"
                          ? "risk-high"
                          : r.next.state === "due_soon"
                            ? "risk-medium"
                            : ""
                      }
                    >
                      {r.next.dueOn}（{r.next.label}）
                    </span>
                  </>
                ) : (
                  "—"
                )}
              </div>
              {r.changes.length ? (
                <ul
                  className="changes"
                  aria-label={r.lastVisitOn ? `自 ${r.lastVisitOn} 走访以来的变化` : "尚未走访，近期变化"}
                >
                  {r.changes.slice(0, 4).map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
          {cohort.rows.length === 0 ? (
            <li className="hint">暂无培育计划。在“培育助推”中为企业制定计划。</li>
          ) : null}
        </ol>
      </div>
      <div className="card">
        <h2>按阶段看板</h2>
        <div className="stage-board" data-testid="stage-board">
          {cohort.board.map((col) => (
            <div key={col.stage} className="stage-column">
              <h3>
                {col.label}（{col.rows.length}）
              </h3>
              <ul>
                {col.rows.slice(0, 12).map((r) => (
                  <li key={r.planId}>
                    <Link to={`/plans/${r.planId}`}>{r.enterpriseName}</Link>
                  </li>
                ))}
                {col.rows.length > 12 ? <li className="hint">等 {col.rows.length} 家</li> : null}
              </ul>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
