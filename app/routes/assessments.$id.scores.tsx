import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FindingCard, severityBadgeClass } from "~/components/reports/finding-list";
import { RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import { SEVERITY_SHORT_LABELS } from "~/domain/health-check/types";
import { loadAssessment, storedScore } from "~/services/health-check/assessments.server";
import { requireUser } from "~/services/accounts/auth.server";
import { legalBasisView } from "~/services/health-check/legal-basis.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { assessment } = await loadAssessment(user, params.id ?? "");
  const score = storedScore(assessment);
  if (!score) return { score: null };
  return {
    score: {
      overall: score.overall,
      riskLevel: score.riskLevel,
      riskLabel: RISK_LEVEL_LABELS[score.riskLevel],
      highFindings: score.findings.filter((f) => f.severity === "H").length,
      dimensions: score.dimensions.map((d) => ({
        id: d.id,
        title: d.title,
        score: d.score,
        findings: d.findings.length,
      })),
      findings: score.findings.map((f) => ({
        ruleId: f.ruleId,
        dimension: score.dimensions.find((d) => d.id === f.dimensionId)?.title ?? f.dimensionId,
        severity: SEVERITY_SHORT_LABELS[f.severity],
        signal: f.signal,
        title: f.title,
        recommendation: f.recommendation,
        deadlineDays: f.deadlineDays,
        basis: legalBasisView(f.legalBasis, f.citations),
      })),
    },
  };
}

export default function Scores() {
  const { score } = useLoaderData<typeof loader>();
  if (!score) return <div className="card hint">审核通过后显示评分结果。</div>;
  return (
    <div>
      <div className="grid">
        <div className="stat">
          <div className="stat-label">综合得分</div>
          <div className="stat-value" data-testid="overall-score">
            {score.overall ?? "不适用"}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">风险等级</div>
          <div className={`stat-value risk-${score.riskLevel}`} data-testid="risk-level">
            {score.riskLabel}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">发现问题</div>
          <div className="stat-value">{score.findings.length}</div>
          <div className="hint" data-testid="high-findings">
            其中高风险 {score.highFindings} 项
          </div>
        </div>
      </div>
      {/* The rule of riskLevelFor (app/domain/health-check/scoring.ts), so a good score beside 高 is not a puzzle. */}
      <p className="hint" data-testid="risk-rule">
        风险等级判定：综合得分低于 60 分或高风险问题 3 项及以上为“高”；低于 80
        分或存在高风险问题为“中”；其余为“低”。
      </p>
      <div className="card" style={{ marginTop: 16 }}>
        <h2>各维度得分</h2>
        <table className="figures-by-dimension" data-testid="dimension-scores">
          <thead>
            <tr>
              <th>维度</th>
              <th>得分</th>
              <th>发现问题</th>
            </tr>
          </thead>
          <tbody>
            {score.dimensions.map((d) => (
              <tr key={d.id}>
                <td>{d.title}</td>
                <td>{d.score === null ? "不适用" : d.score}</td>
                <td>{d.findings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>发现的问题</h2>
        {score.findings.length === 0 ? <p className="hint">未发现问题。</p> : null}
        {score.findings.map((f) => (
          <FindingCard
            key={f.ruleId}
            finding={f}
            dimension={f.dimension}
            badge={
              <span className={severityBadgeClass(f.severity)}>
                {f.signal ? "风险信号" : `${f.severity}风险`}
              </span>
            }
            recommendation={
              <>
                整改建议：{f.recommendation}（建议 {f.deadlineDays} 日内完成）
              </>
            }
          />
        ))}
      </div>
    </div>
  );
}
