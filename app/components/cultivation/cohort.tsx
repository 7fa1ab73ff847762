import { Form, Link } from "@remix-run/react";
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

/** The instructor's enterprises on the workbench: most urgent first, then a board by plan stage. */
export function Cohort({ cohort }: { cohort: CohortView }) {
  const minDepth = cohort.orgOptions[0]?.depth ?? 0;
  return (
    <div className="cultivation">
      <div className="card">
        <h2>
          我的企业（{cohort.year} 年度培育计划 {cohort.totals.plans} 家，{cohort.totals.overdue}{" "}
          家有逾期事项）
        </h2>
        <Form method="get" className="filters">
          <label>
            工会组织
            <select name="org" defaultValue={cohort.filters.orgId}>
              <option value="">全部</option>
              <OrgOptions orgs={cohort.orgOptions} baseDepth={minDepth} />
            </select>
          </label>
          <label>
            阶段
            <select name="stage" defaultValue={cohort.filters.stage}>
              <option value="">全部</option>
              {PLAN_STAGES.map((s) => (
                <option key={s} value={s}>
                  {STAGE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="secondary">
            筛选
          </button>
          <Link to="/plans">全部计划 →</Link>
        </Form>
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
