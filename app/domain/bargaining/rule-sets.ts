/**
 * Rule sets of collective bargaining (bargaining.md, "Regional rules"): the national default from
 * 《集体合同规定》 and presets for 北京, 上海, 浙江, 重庆 read from their regulations. Every figure is data
 * with its source article; a region that is silent on a rule inherits the national rule, and the resolved
 * figure says so. An organisation may override the approval rule (过半数) where its local rule requires it.
 *
 * The integer threshold helpers (quorum and approval against the whole roster) live here too: they count
 * with cross-multiplication, never with floating-point fractions (民法典 第1259条: "以上" includes the number).
 */
import { formatCitation, formatStatuteTitle } from "../citation-format";
import type { Citation } from "../health-check/types";

export const RULE_SET_IDS = ["national", "beijing", "shanghai", "zhejiang", "chongqing"] as const;
export type RuleSetId = (typeof RULE_SET_IDS)[number];

export function isRuleSetId(s: unknown): s is RuleSetId {
  return typeof s === "string" && (RULE_SET_IDS as readonly string[]).includes(s);
}

/** An exact fraction: 2/3 is {num: 2, den: 3}. */
export interface Fraction {
  num: number;
  den: number;
}

export type PeriodUnit = "days" | "working_days";

/** A statutory period: calendar days (shifted under 民法典 第203条) or working days. */
export interface Period {
  unit: PeriodUnit;
  count: number;
}

/** 半数以上 (≥ half, the number itself included) or 过半数 (strictly more than half). */
export type ApprovalRule = "half_or_more" | "more_than_half";

export const APPROVAL_RULE_LABELS: Record<ApprovalRule, string> = {
  half_or_more: "半数以上",
  more_than_half: "过半数",
};

/** equal: both sides the same size; employer_not_more: the employer side may not outnumber the employees'. */
export type RepresentativeBalance = "equal" | "employer_not_more";

export interface RepresentativeRule {
  min: number;
  /** null: no upper bound. */
  max: number | null;
  /** 浙江: the minimum in enterprises above designated size (规模以上企业); null elsewhere. */
  minAboveDesignatedSize: number | null;
  balance: RepresentativeBalance;
}

export interface OutsiderRule {
  /** Outside professionals may be at most this share of a side (inclusive); they may never be chief. */
  maxShare: Fraction;
}

/** What starts the filing period: the chiefs' signing, or (上海) the employer's receipt of the union's notice. */
export type FilingTrigger = "signing" | "approval_notice_received";

export interface FilingRule {
  period: Period;
  trigger: FilingTrigger;
  /** Copies of the text to send, where the rule says (三份 / 五份). */
  copies: number | null;
}

export interface TermRule {
  minYears: number;
  maxYears: number;
  /** true where the text says the term "is" 1–3 years; false where it says "一般为" (usually). */
  strict: boolean;
  /** Usual term of a wage special contract ("工资专项集体合同期限一般为一年"), where the text says so. */
  wageSpecialUsualYears: number | null;
}

export interface RenewalRule {
  /** Either side may ask to renew within this many months before expiry. */
  monthsBeforeExpiry: number;
}

export interface CoordinationRule {
  period: Period;
  maxExtensionDays: number;
}

/** Every figure a rule set fixes. */
export interface RuleFigures {
  response: Period;
  representatives: RepresentativeRule;
  outsiders: OutsiderRule;
  /** Share of the whole roster that must be present (inclusive: "三分之二以上"). */
  quorum: Fraction;
  approval: ApprovalRule;
  /** Deadline to put an agreed draft before the congress; null where the rule set fixes none. */
  draftToCongress: Period | null;
  filing: FilingRule;
  /** The labour administration's review from its receipt of the text; no objection → effective. */
  review: Period;
  term: TermRule;
  renewal: RenewalRule;
  coordination: CoordinationRule;
}

export type RuleKey = keyof RuleFigures;

interface RuleEntry<T> {
  value: T;
  source: Citation;
  /** Further articles saying the same thing, shown beside the main source. */
  also?: readonly Citation[];
}

type RuleEntries = { [K in RuleKey]: RuleEntry<RuleFigures[K]> };

export interface RuleSetDefinition {
  id: RuleSetId;
  name: string;
  /** Key of templates/statutes/statutes.json. */
  statute: string;
  rules: Partial<RuleEntries>;
}

const NATIONAL_STATUTE = "集体合同规定";
const cite = (statute: string, article: string): Citation => ({ statute, article });
const days = (count: number): Period => ({ unit: "days", count });
const workingDays = (count: number): Period => ({ unit: "working_days", count });
const TWO_THIRDS: Fraction = { num: 2, den: 3 };

const NATIONAL_RULES: RuleEntries = {
  response: { value: days(20), source: cite(NATIONAL_STATUTE, "32") },
  representatives: {
    value: { min: 3, max: null, minAboveDesignatedSize: null, balance: "equal" },
    source: cite(NATIONAL_STATUTE, "19"),
  },
  outsiders: { value: { maxShare: { num: 1, den: 3 } }, source: cite(NATIONAL_STATUTE, "23") },
  quorum: { value: TWO_THIRDS, source: cite(NATIONAL_STATUTE, "36") },
  approval: { value: "half_or_more", source: cite(NATIONAL_STATUTE, "36") },
  // 第36条 sends the agreed draft to the congress without a deadline.
  draftToCongress: { value: null, source: cite(NATIONAL_STATUTE, "36") },
  filing: {
    value: { period: days(10), trigger: "signing", copies: 3 },
    source: cite(NATIONAL_STATUTE, "42"),
  },
  review: {
    value: days(15),
    source: cite(NATIONAL_STATUTE, "47"),
    also: [cite(NATIONAL_STATUTE, "45"), cite("劳动合同法", "54")],
  },
  term: {
    value: { minYears: 1, maxYears: 3, strict: false, wageSpecialUsualYears: null },
    source: cite(NATIONAL_STATUTE, "38"),
  },
  renewal: { value: { monthsBeforeExpiry: 3 }, source: cite(NATIONAL_STATUTE, "38") },
  coordination: {
    value: { period: days(30), maxExtensionDays: 15 },
    source: cite(NATIONAL_STATUTE, "52"),
    also: [cite(NATIONAL_STATUTE, "49")],
  },
};

/**
 * The presets, exactly as bargaining.md's regional table gives them: a rule the table marks "—" (or does
 * not list) is absent here and resolves to the national rule.
 */
export const RULE_SETS: Readonly<Record<RuleSetId, RuleSetDefinition>> = {
  national: { id: "national", name: "全国", statute: NATIONAL_STATUTE, rules: NATIONAL_RULES },
  beijing: {
    id: "beijing",
    name: "北京市",
    statute: "北京市集体合同条例",
    rules: {
      response: { value: days(20), source: cite("北京市集体合同条例", "32") },
      quorum: { value: TWO_THIRDS, source: cite("北京市集体合同条例", "38") },
      approval: { value: "half_or_more", source: cite("北京市集体合同条例", "38") },
    },
  },
  shanghai: {
    id: "shanghai",
    name: "上海市",
    statute: "上海市集体合同条例",
    rules: {
      response: { value: days(15), source: cite("上海市集体合同条例", "15") },
      representatives: {
        value: { min: 3, max: null, minAboveDesignatedSize: null, balance: "employer_not_more" },
        source: cite("上海市集体合同条例", "6"),
      },
      approval: { value: "half_or_more", source: cite("上海市集体合同条例", "22") },
      filing: {
        value: { period: days(10), trigger: "approval_notice_received", copies: null },
        source: cite("上海市集体合同条例", "23"),
      },
      review: { value: days(15), source: cite("上海市集体合同条例", "23") },
      term: {
        value: { minYears: 1, maxYears: 3, strict: false, wageSpecialUsualYears: 1 },
        source: cite("上海市集体合同条例", "25"),
      },
    },
  },
  zhejiang: {
    id: "zhejiang",
    name: "浙江省",
    statute: "浙江省集体合同条例",
    rules: {
      response: { value: workingDays(10), source: cite("浙江省集体合同条例", "7") },
      representatives: {
        value: { min: 3, max: null, minAboveDesignatedSize: 5, balance: "employer_not_more" },
        source: cite("浙江省集体合同条例", "10"),
      },
      quorum: { value: TWO_THIRDS, source: cite("浙江省集体合同条例", "24") },
      approval: { value: "more_than_half", source: cite("浙江省集体合同条例", "24") },
      draftToCongress: { value: workingDays(15), source: cite("浙江省集体合同条例", "24") },
      filing: {
        value: { period: days(10), trigger: "signing", copies: 5 },
        source: cite("浙江省集体合同条例", "34"),
      },
      review: { value: days(15), source: cite("浙江省集体合同条例", "34") },
      term: {
        // "集体合同期限为一至三年" (no 一般), and "工资专项集体合同期限一般为一年" in the same article.
        value: { minYears: 1, maxYears: 3, strict: true, wageSpecialUsualYears: 1 },
        source: cite("浙江省集体合同条例", "30"),
      },
    },
  },
  chongqing: {
    id: "chongqing",
    name: "重庆市",
    statute: "重庆市集体合同条例",
    rules: {
      response: { value: days(20), source: cite("重庆市集体合同条例", "19") },
      representatives: {
        value: { min: 3, max: 15, minAboveDesignatedSize: null, balance: "employer_not_more" },
        source: cite("重庆市集体合同条例", "8"),
      },
      quorum: { value: TWO_THIRDS, source: cite("重庆市集体合同条例", "26") },
      approval: { value: "half_or_more", source: cite("重庆市集体合同条例", "26") },
      filing: {
        value: { period: days(10), trigger: "signing", copies: 3 },
        source: cite("重庆市集体合同条例", "28"),
      },
      review: { value: days(15), source: cite("重庆市集体合同条例", "28") },
      term: {
        value: { minYears: 1, maxYears: 3, strict: false, wageSpecialUsualYears: null },
        source: cite("重庆市集体合同条例", "24"),
      },
    },
  },
};

/** Where a resolved figure comes from. */
export type RuleOrigin = "own" | "inherited" | "override";

export interface RuleSource {
  /** The rule set whose text produced the figure: "national" when inherited. */
  ruleSet: RuleSetId;
  ruleSetName: string;
  /** The article; null only for an organisation override given without one. */
  source: Citation | null;
  also: readonly Citation[];
  /** own: the chosen rule set says it; inherited: it is silent, the national rule applies; override: set by an admin. */
  origin: RuleOrigin;
  /** The admin's note for an override (why, which local rule); null otherwise. */
  note: string | null;
}

export type Sourced<T> = { value: T } & RuleSource;

export interface ResolvedRuleSet {
  /** The rule set chosen for the organisation. */
  id: RuleSetId;
  name: string;
  rules: { [K in RuleKey]: Sourced<RuleFigures[K]> };
}

/** What an admin may set for one union organisation on top of its rule set. */
export interface RuleOverrides {
  approval?: {
    value: ApprovalRule;
    /** Why, e.g. "本地企业民主管理条例规定职代会决议须过半数通过". */
    note: string;
    /** The article requiring it, when its text is in the statutes file. */
    source?: Citation;
  };
}

/** Problems with overrides as an admin entered them, in Chinese; empty when they can be used. */
export function overrideProblems(overrides: RuleOverrides): string[] {
  const problems: string[] = [];
  const approval = overrides.approval;
  if (approval && approval.note.trim() === "")
    problems.push("调整通过规则时请写明依据（例如适用的地方性法规及条款）");
  if (approval?.source && !/^[1-9][0-9]*$/.test(approval.source.article))
    problems.push(`条文编号无效：${approval.source.article}`);
  return problems;
}

/** The figures in force for an organisation: its rule set, the national rule where it is silent, then overrides. */
export function resolveRuleSet(id: RuleSetId, overrides: RuleOverrides = {}): ResolvedRuleSet {
  const own = RULE_SETS[id];
  const national = RULE_SETS.national;
  const pick = <K extends RuleKey>(key: K): Sourced<RuleFigures[K]> => {
    const entry = own.rules[key] as RuleEntry<RuleFigures[K]> | undefined;
    const fromNational = NATIONAL_RULES[key];
    const used = entry ?? fromNational;
    return {
      value: used.value,
      ruleSet: entry ? own.id : national.id,
      ruleSetName: entry ? own.name : national.name,
      source: used.source,
      also: used.also ?? [],
      origin: entry || id === "national" ? "own" : "inherited",
      note: null,
    };
  };
  const rules: ResolvedRuleSet["rules"] = {
    response: pick("response"),
    representatives: pick("representatives"),
    outsiders: pick("outsiders"),
    quorum: pick("quorum"),
    approval: pick("approval"),
    draftToCongress: pick("draftToCongress"),
    filing: pick("filing"),
    review: pick("review"),
    term: pick("term"),
    renewal: pick("renewal"),
    coordination: pick("coordination"),
  };
  const problems = overrideProblems(overrides);
  if (problems.length > 0) throw new RangeError(problems.join("；"));
  if (overrides.approval) {
    rules.approval = {
      value: overrides.approval.value,
      ruleSet: own.id,
      ruleSetName: own.name,
      source: overrides.approval.source ?? null,
      also: [],
      origin: "override",
      note: overrides.approval.note.trim(),
    };
  }
  return { id: own.id, name: own.name, rules };
}

/**
 * Where a figure comes from, for the UI: "《上海市集体合同条例》第十五条";
 * "《北京市集体合同条例》未作规定，适用《集体合同规定》第十九条"; "本组织设定（依据：…）".
 */
export function describeSource(resolvedFor: RuleSetId, s: RuleSource): string {
  const main = s.source ? formatCitation(s.source) : null;
  if (s.origin === "override") {
    const basis = main ? `${main}；` : "";
    return `本组织设定（依据：${basis}${s.note ?? ""}）`;
  }
  if (s.origin === "inherited") {
    const silent = formatStatuteTitle(RULE_SETS[resolvedFor].statute);
    return `${silent}未作规定，适用${main ?? "全国规则"}`;
  }
  return main ?? RULE_SETS[s.ruleSet].name;
}

// ---------------------------------------------------------------------------------------------------------
// Integer thresholds

function assertCount(count: number, total: number): void {
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`总人数必须是正整数：${total}`);
  if (!Number.isInteger(count) || count < 0 || count > total)
    throw new RangeError(`人数必须是0到${total}之间的整数：${count}`);
}

function assertFraction(f: Fraction): void {
  if (!Number.isInteger(f.num) || !Number.isInteger(f.den) || f.den < 1 || f.num < 0 || f.num > f.den)
    throw new RangeError(`比例无效：${f.num}/${f.den}`);
}

/**
 * count/total against num/den without division: inclusive (≥, "以上") or strict (>, "过半数"/"超过").
 * Roster 100: 67 present meets 2/3 inclusive, 66 does not; 50 meets 1/2 inclusive, only 51 meets it strictly.
 */
export function meetsFraction(count: number, total: number, fraction: Fraction, inclusive: boolean): boolean {
  assertCount(count, total);
  assertFraction(fraction);
  const lhs = count * fraction.den;
  const rhs = fraction.num * total;
  return inclusive ? lhs >= rhs : lhs > rhs;
}

/** The smallest count that meets the fraction of total: roster 100 → 67 for 2/3 以上, 50 for 半数以上, 51 for 过半数. */
export function minimumToMeet(total: number, fraction: Fraction, inclusive: boolean): number {
  assertCount(0, total);
  assertFraction(fraction);
  const product = fraction.num * total;
  const remainder = product % fraction.den;
  const floor = (product - remainder) / fraction.den; // an exact integer division
  if (remainder !== 0) return floor + 1;
  return inclusive ? floor : floor + 1;
}

export const HALF: Fraction = { num: 1, den: 2 };

export interface ThresholdResult extends RuleSource {
  met: boolean;
  count: number;
  /** The whole roster (all representatives, or all employees for a 职工大会). */
  total: number;
  /** The smallest count that meets the rule for this roster. */
  required: number;
  /** The rule in words, e.g. "全体职工代表三分之二以上出席". */
  rule: string;
}

function fractionWords(f: Fraction): string {
  if (f.num === 2 && f.den === 3) return "三分之二";
  if (f.num === 1 && f.den === 2) return "半数";
  return `${f.num}/${f.den}`;
}

/** May the congress sit? Present members against the whole roster, 三分之二以上 (inclusive). */
export function quorumCheck(present: number, roster: number, rules: ResolvedRuleSet): ThresholdResult {
  const { value, ...source } = rules.rules.quorum;
  return {
    ...source,
    met: meetsFraction(present, roster, value, true),
    count: present,
    total: roster,
    required: minimumToMeet(roster, value, true),
    rule: `应有全体职工代表（或全体职工）${fractionWords(value)}以上出席`,
  };
}

/** Did the draft pass? Approvals against the WHOLE roster, not those present (第36条). */
export function approvalCheck(approvals: number, roster: number, rules: ResolvedRuleSet): ThresholdResult {
  const { value, ...source } = rules.rules.approval;
  const inclusive = value === "half_or_more";
  return {
    ...source,
    met: meetsFraction(approvals, roster, HALF, inclusive),
    count: approvals,
    total: roster,
    required: minimumToMeet(roster, HALF, inclusive),
    rule: `须经全体职工代表（或全体职工）${APPROVAL_RULE_LABELS[value]}同意`,
  };
}
