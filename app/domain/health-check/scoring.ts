import { visibleAnswers } from "./answers";
import { evaluateCondition, isAnswered } from "./conditions";
import type { AnswerValue, Answers, Citation, EnterpriseProfile, Rule, Severity, Template } from "./types";

/**
 * Scoring of a health check: the item library's "Default scoring", deterministic and pure.
 *
 * 1. Item weight by severity: H 3, M 2, L 1. A question's `weight` overrides it for the rule it leads
 *    (the first of the rule's questions that sets one); gate questions carry 0 and lead no rule.
 * 2. An item (rule) counts only where it applies and is answered: every one of its questions is visible
 *    (visibility is decided in template order, so hiding cascades) and answered. An unanswered optional
 *    question therefore leaves its item out of the score instead of counting as compliant.
 * 3. Dimension score = 100 × (1 − finding weight ÷ applicable answered weight), rounded to 1 decimal
 *    (half up). A dimension with no applicable weight scores null, shown as "不适用" — never 100.
 * 4. Overall = mean of the dimension scores weighted by each dimension's applicable weight. With the
 *    unrounded dimension scores this equals 100 × (1 − all finding weight ÷ all applicable weight), which is
 *    what is computed, then rounded once to 1 decimal (rounding the parts first could shift it by 0.1).
 *    null when nothing applies.
 * 5. Risk level, from the rounded overall that the report shows (so number and level never disagree):
 *    高 if overall < 60 or 3+ H findings; 中 if overall < 80 or any H finding; else 低. With no overall,
 *    only the H-finding count decides.
 * 6. Each finding carries the default rectification deadline of its rule (H 30, M 60, L 90 days) and the
 *    answers it was decided on, so the report can quote the numbers.
 */

export const SEVERITY_WEIGHT: Record<Severity, number> = { H: 3, M: 2, L: 1 };

export type RiskLevel = "high" | "medium" | "low";

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { high: "高", medium: "中", low: "低" };

export interface Finding {
  ruleId: string;
  dimensionId: string;
  severity: Severity;
  title: string;
  legalBasis: string;
  citations: Citation[];
  recommendation: string;
  deadlineDays: number;
  signal: boolean;
  weight: number;
  /** The answers the finding was decided on, keyed by question id. */
  answers: Record<string, AnswerValue>;
}

export interface DimensionScore {
  id: string;
  title: string;
  order: number;
  /** null = 不适用. */
  score: number | null;
  applicableWeight: number;
  findingWeight: number;
  /** Number of items that applied and were answered. */
  applicableItems: number;
  /**
   * The ids of those items (compliant or not), so a re-check can tell "answered compliantly now" from "no
   * longer applies". Absent in scores stored before it was kept.
   */
  applicableRuleIds?: string[];
  findings: Finding[];
}

export interface AssessmentScore {
  dimensions: DimensionScore[];
  overall: number | null;
  riskLevel: RiskLevel;
  findings: Finding[];
}

export function scoreAssessment(
  template: Template,
  answers: Answers,
  profile: EnterpriseProfile,
): AssessmentScore {
  const effective = visibleAnswers(template.questions, answers, profile);
  const questionsById = new Map(template.questions.map((q) => [q.id, q]));
  const dimensions = [...template.dimensions].sort((a, b) => a.order - b.order);

  const scored = dimensions.map((dimension): DimensionScore => {
    let applicableWeight = 0;
    let findingWeight = 0;
    let applicableItems = 0;
    const applicableRuleIds: string[] = [];
    const findings: Finding[] = [];
    for (const rule of template.rules) {
      if (rule.dimensionId !== dimension.id) continue;
      const applies = rule.questionIds.every((id) => questionsById.has(id) && isAnswered(effective[id]));
      if (!applies) continue;
      const weight = ruleWeight(rule, template);
      applicableWeight += weight;
      applicableItems += 1;
      applicableRuleIds.push(rule.id);
      if (evaluateCondition(rule.when, effective, profile)) {
        findingWeight += weight;
        findings.push(toFinding(rule, weight, effective));
      }
    }
    return {
      id: dimension.id,
      title: dimension.title,
      order: dimension.order,
      score: percentScore(applicableWeight, findingWeight),
      applicableWeight,
      findingWeight,
      applicableItems,
      applicableRuleIds,
      findings,
    };
  });

  const totalApplicable = scored.reduce((sum, d) => sum + d.applicableWeight, 0);
  const totalFinding = scored.reduce((sum, d) => sum + d.findingWeight, 0);
  const overall = percentScore(totalApplicable, totalFinding);
  const findings = scored.flatMap((d) => d.findings);
  const highFindings = findings.filter((f) => f.severity === "H").length;
  return { dimensions: scored, overall, riskLevel: riskLevelFor(overall, highFindings), findings };
}

/** The weight an item carries: a question override, else its severity weight. */
export function ruleWeight(rule: Rule, template: Template): number {
  for (const id of rule.questionIds) {
    const weight = template.questions.find((q) => q.id === id)?.weight;
    if (weight !== undefined) return weight;
  }
  return SEVERITY_WEIGHT[rule.severity];
}

/** 高 if overall < 60 or 3+ H findings; 中 if overall < 80 or any H finding; else 低. */
export function riskLevelFor(overall: number | null, highFindings: number): RiskLevel {
  if ((overall !== null && overall < 60) || highFindings >= 3) return "high";
  if ((overall !== null && overall < 80) || highFindings >= 1) return "medium";
  return "low";
}

/**
 * 100 × (1 − finding ÷ applicable) to 1 decimal, half up; null when nothing applies. One division of
 * the weight sums (exact for integer weights at the .x5 boundary), then Math.round on tenths.
 */
function percentScore(applicable: number, finding: number): number | null {
  if (applicable <= 0) return null;
  return Math.round((1000 * (applicable - finding)) / applicable) / 10;
}

function toFinding(rule: Rule, weight: number, answers: Answers): Finding {
  const quoted: Record<string, AnswerValue> = {};
  for (const id of rule.questionIds) {
    const value = answers[id];
    if (isAnswered(value)) quoted[id] = value;
  }
  return {
    ruleId: rule.id,
    dimensionId: rule.dimensionId,
    severity: rule.severity,
    title: rule.title,
    legalBasis: rule.legalBasis,
    citations: rule.citations,
    recommendation: rule.recommendation,
    deadlineDays: rule.deadlineDays,
    signal: rule.signal,
    weight,
    answers: quoted,
  };
}

export interface DimensionComparison {
  id: string;
  title: string;
  previous: number | null;
  current: number | null;
  /** current − previous, 1 decimal; null when either side is 不适用 or the dimension is missing. */
  delta: number | null;
}

export interface AssessmentComparison {
  overall: { previous: number | null; current: number | null; delta: number | null };
  riskLevel: { previous: RiskLevel; current: RiskLevel };
  dimensions: DimensionComparison[];
  /** Findings of the previous check whose item applies now and is answered compliantly (rectified). */
  resolvedFindings: Finding[];
  /**
   * Findings of the previous check whose item does not apply now (not applicable, or not answered): neither
   * rectified nor still found, so counted apart.
   */
  notApplicableFindings: Finding[];
  /** In the current check only. */
  newFindings: Finding[];
  /** In both; the current finding is given (its answers are the latest). */
  persistingFindings: Finding[];
}

/**
 * A re-check (复查) against the previous check, side by side. A previous finding counts as resolved only
 * when its item applies now and is answered compliantly; one whose item no longer applies is counted apart.
 * Findings are matched by rule id and dimensions by id, so two versions of a template compare as long as ids are kept; dimensions present in
 * only one check are listed with null on the other side.
 */
export function compareAssessments(
  previous: AssessmentScore,
  current: AssessmentScore,
): AssessmentComparison {
  const ids = [
    ...current.dimensions.map((d) => d.id),
    ...previous.dimensions.map((d) => d.id).filter((id) => !current.dimensions.some((d) => d.id === id)),
  ];
  const dimensions = ids.map((id): DimensionComparison => {
    const before = previous.dimensions.find((d) => d.id === id);
    const after = current.dimensions.find((d) => d.id === id);
    const p = before?.score ?? null;
    const c = after?.score ?? null;
    return { id, title: (after ?? before)!.title, previous: p, current: c, delta: difference(p, c) };
  });
  const previousIds = new Set(previous.findings.map((f) => f.ruleId));
  const currentIds = new Set(current.findings.map((f) => f.ruleId));
  const appliesNow = (f: Finding) => {
    const dimension = current.dimensions.find((d) => d.id === f.dimensionId);
    if (!dimension) return false;
    // A score stored before applicableRuleIds was kept: the best it can tell is whether the dimension applied.
    return dimension.applicableRuleIds
      ? dimension.applicableRuleIds.includes(f.ruleId)
      : dimension.score !== null;
  };
  const gone = previous.findings.filter((f) => !currentIds.has(f.ruleId));
  return {
    overall: {
      previous: previous.overall,
      current: current.overall,
      delta: difference(previous.overall, current.overall),
    },
    riskLevel: { previous: previous.riskLevel, current: current.riskLevel },
    dimensions,
    resolvedFindings: gone.filter(appliesNow),
    notApplicableFindings: gone.filter((f) => !appliesNow(f)),
    newFindings: current.findings.filter((f) => !previousIds.has(f.ruleId)),
    persistingFindings: current.findings.filter((f) => previousIds.has(f.ruleId)),
  };
}

function difference(previous: number | null, current: number | null): number | null {
  if (previous === null || current === null) return null;
  // Both sides have one decimal; rounding the difference to tenths removes floating-point noise.
  return Math.round((current - previous) * 10) / 10;
}
