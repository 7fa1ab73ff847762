import type { ReactNode } from "react";
import { LegalBasis, type BasisViewProps } from "~/components/questionnaire/legal-basis";

/** A finding as the pages show it: its rule, title, dimension, recommendation and legal basis. */
export interface FindingView {
  ruleId: string;
  title: string;
  recommendation: string;
  basis: BasisViewProps | null;
}

/**
 * One finding (the report's severity groups and signals, the scores tab): rule id, title and dimension, the
 * recommendation, an optional deadline line and the legal basis. `badge` goes before the rule id.
 */
export function FindingCard({
  finding,
  dimension,
  recommendation,
  deadline,
  badge,
  marked = false,
}: {
  finding: FindingView;
  dimension: string;
  /** The recommendation line as the page words it (e.g. "整改建议：…"). */
  recommendation: ReactNode;
  deadline?: ReactNode;
  badge?: ReactNode;
  /** Mark the card with data-finding (the report page's tests find findings by it). */
  marked?: boolean;
}) {
  return (
    <div className="question" data-finding={marked ? finding.ruleId : undefined}>
      <div className="question-title">
        {badge ? <>{badge} </> : null}
        <span className="question-id">{finding.ruleId}</span>
        {finding.title}
        <span className="hint">（{dimension}）</span>
      </div>
      <div>{recommendation}</div>
      {deadline ? <div className="finding-deadline">{deadline}</div> : null}
      <LegalBasis basis={finding.basis} />
    </div>
  );
}

const SEVERITY_ORDER = ["H", "M", "L"] as const;
const SEVERITY_HEADINGS = { H: "高风险", M: "中风险", L: "低风险" } as const;

/** The badge class of a severity (高/H danger, 中/M warn, 低/L plain). */
export const severityBadgeClass = (severity: string) =>
  `badge ${severity === "H" || severity === "高" ? "danger" : severity === "M" || severity === "中" ? "warn" : ""}`;

interface ReportFinding extends FindingView {
  severity: string;
  signal: boolean;
  dimensionTitle: string;
  deadline: string;
}

/** The report's findings: grouped by severity (high first), then the risk signals. */
export function FindingList({ findings }: { findings: ReportFinding[] }) {
  const signals = findings.filter((f) => f.signal);
  return (
    <>
      {SEVERITY_ORDER.map((severity) => {
        const list = findings.filter((f) => f.severity === severity && !f.signal);
        if (!list.length) return null;
        return (
          <section key={severity} className="finding-group">
            <h3>
              <span className={severityBadgeClass(severity)}>{SEVERITY_HEADINGS[severity]}</span>{" "}
              {list.length} 项
            </h3>
            {list.map((f) => (
              <FindingCard
                key={f.ruleId}
                finding={f}
                dimension={f.dimensionTitle}
                recommendation={<>整改建议：{f.recommendation}</>}
                deadline={<>整改期限：{f.deadline}</>}
                marked
              />
            ))}
          </section>
        );
      })}
      {signals.length ? (
        <section className="finding-group">
          <h3>
            <span className="badge">风险信号</span> {signals.length} 项
          </h3>
          {signals.map((f) => (
            <FindingCard
              key={f.ruleId}
              finding={f}
              dimension={f.dimensionTitle}
              recommendation={<>建议：{f.recommendation}</>}
              deadline={<>建议期限：{f.deadline}</>}
              marked
            />
          ))}
        </section>
      ) : null}
    </>
  );
}
