/**
 * The questionnaire template model of the legal health check (法律体检). Plain, JSON-serialisable data:
 * a template can be exported, edited and imported (validate-template.ts), and the persistence layer adds
 * its version number and status around it. Nothing here holds functions, Dates or class instances.
 *
 * Ids (dimensions, questions, rules) are restricted to letters, digits, "-" and "_" because answers are
 * stored keyed by question id, and the database refuses keys containing "." or starting with "$".
 */

export type Severity = "H" | "M" | "L";

export const SEVERITY_LABELS: Record<Severity, string> = { H: "高风险", M: "中风险", L: "低风险" };
/** In tables, where the column says 风险: 高 / 中 / 低. */
export const SEVERITY_SHORT_LABELS: Record<Severity, string> = { H: "高", M: "中", L: "低" };
/** What a finding from a risk-signal item is called instead of its severity. */
export const SIGNAL_LABEL = "风险信号";

export type QuestionType =
  "single" | "multi" | "yesno" | "number" | "date" | "text" | "longtext" | "evidence";

export interface Dimension {
  /** Short code, e.g. "LC". */
  id: string;
  /** Chinese title shown in the UI and the report, e.g. "劳动合同". */
  title: string;
  order: number;
}

export interface ChoiceOption {
  value: string;
  label: string;
}

/** A machine-readable pointer into the shipped statutes (templates/statutes): key and article number. */
export interface Citation {
  /** Key of the statutes file, e.g. "劳动合同法". */
  statute: string;
  /** Article number in Arabic digits, e.g. "10". */
  article: string;
}

/** Facts of the enterprise profile that visibility rules may read. */
export interface EnterpriseProfile {
  /** GB/T 4754 门类 letter A–T; construction is "E". */
  industry: string;
  headcount: number;
  /** Women's share of the workforce in percent (0–100); null when unknown. */
  womenShare: number | null;
  unionEstablished: boolean;
  congressEstablished: boolean;
  usesDispatch: boolean;
}

export type ProfileFact = keyof EnterpriseProfile;

export const PROFILE_FACTS = [
  "industry",
  "headcount",
  "womenShare",
  "unionEstablished",
  "congressEstablished",
  "usesDispatch",
] as const satisfies readonly ProfileFact[];

export type CompareOp = "eq" | "neq" | "gt" | "gte" | "lt" | "lte";
export type ConditionOp = CompareOp | "in" | "includes" | "answered";

export type Scalar = string | number | boolean;

/**
 * A small JSON expression language for visibility (Question.visibleWhen) and findings (Rule.when).
 * Any comparison against a missing answer or a missing profile fact is false ("answered" tests presence).
 * - answer: compares one answer with a literal. "in": the answer is one of `value` (an array);
 *   "includes": a multi-choice answer contains `value`.
 * - profile: the same against an enterprise profile fact.
 * - compare: two answers, e.g. WG-03a < WG-03b.
 * - ratio: sum(numerator answers) ÷ sum(denominator answers) compared with `value`; false when the
 *   denominator is 0 (e.g. DP-01: 派遣 ÷ (合同 + 派遣) > 0.1).
 */
export type Condition =
  | { answer: string; op: ConditionOp; value?: Scalar | Scalar[] }
  | { profile: ProfileFact; op: Exclude<ConditionOp, "includes">; value?: Scalar | Scalar[] }
  | { compare: { left: string; op: CompareOp; right: string } }
  | { ratio: { numerator: string[]; denominator: string[] }; op: CompareOp; value: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface Question {
  /** e.g. "LC-01"; "WG-03a"/"WG-03b" for the two numbers of a compound item; "LC-11g" for a gate. */
  id: string;
  dimensionId: string;
  text: string;
  type: QuestionType;
  /** single / multi only. */
  options?: ChoiceOption[];
  /** number only. */
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  required: boolean;
  help?: string;
  /** Exactly as written in the item library; never reworded. */
  legalBasis?: string;
  /** Every article named in legalBasis whose text the project ships. */
  citations?: Citation[];
  /** Overrides the severity weight of the rule this question leads; gates carry 0. */
  weight?: number;
  visibleWhen?: Condition;
}

export interface Rule {
  /** The item id, e.g. "WG-03". */
  id: string;
  dimensionId: string;
  /** The questions the item is asked through; it counts only when all are visible and answered. */
  questionIds: string[];
  /** True ⇒ finding. */
  when: Condition;
  severity: Severity;
  /** Short problem statement in Chinese. */
  title: string;
  legalBasis: string;
  citations: Citation[];
  /** The rectification the prescription proposes. */
  recommendation: string;
  /** Default rectification deadline from the report date, in days. */
  deadlineDays: number;
  /** A risk indicator (early warning), not a violation. */
  signal: boolean;
}

export interface Template {
  key: string;
  title: string;
  description?: string;
  dimensions: Dimension[];
  questions: Question[];
  rules: Rule[];
}

/** A file uploaded as evidence; the answer stores references only. */
export interface EvidenceRef {
  fileId: string;
  name: string;
}

export type AnswerValue = string | number | boolean | string[] | EvidenceRef[];

/** Answers keyed by question id; null/absent means unanswered. */
export type Answers = Record<string, AnswerValue | null | undefined>;
