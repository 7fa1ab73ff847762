/**
 * Every statutory date of a bargaining case, from the dates recorded on it, under its organisation's rule
 * set and the holiday calendar. Each result carries the raw and the (shifted) date, the explanation, and
 * the rule set and article that produced it, so the UI can say why and open the article text.
 */
import { formatCitation } from "../citation-format";
import { addDays, isValidLocalDate, type LocalDate } from "../dates";
import type { Citation } from "../health-check/types";
import { addMonthsClamped, periodEnd, type HolidayCalendar } from "./calendar";
import {
  describeSource,
  type Period,
  type ResolvedRuleSet,
  type RuleKey,
  type RuleSetId,
  type Sourced,
} from "./rule-sets";

export type DeadlineKind =
  | "response"
  | "coordination"
  | "coordination_extended"
  | "draft_to_congress"
  | "filing"
  | "review"
  | "effective"
  | "expiry"
  | "renewal_window";

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  response: "书面回应截止日",
  coordination: "协调处理结束日",
  coordination_extended: "协调处理延长后结束日",
  draft_to_congress: "草案提交职代会截止日",
  filing: "报送审查截止日",
  review: "审查期届满日",
  effective: "集体合同生效日",
  expiry: "集体合同期满日",
  renewal_window: "可提出续签之日",
};

export interface Deadline {
  kind: DeadlineKind;
  label: string;
  /** The date that counts (after any 民法典 第203条 shift). */
  date: LocalDate;
  /** The date before any shift. */
  raw: LocalDate;
  shifted: boolean;
  /** false: computed without the holiday arrangement of a year involved ("未按节假日安排计算"). */
  calendarApplied: boolean;
  /** In Chinese: the rule, the counting and any shift. */
  reason: string;
  /** The rule set whose text produced the figure ("national" when the organisation's set is silent). */
  ruleSet: RuleSetId;
  ruleSetName: string;
  source: Citation | null;
  also: readonly Citation[];
  /** "《上海市集体合同条例》第十五条" or "…未作规定，适用…", for display beside the date. */
  sourceLabel: string;
}

/** A deadline that cannot be computed yet because the date that starts it is not recorded. */
export interface PendingDeadline {
  kind: DeadlineKind;
  label: string;
  /** What has to be recorded first, in Chinese. */
  waitingFor: string;
  ruleSet: RuleSetId;
  ruleSetName: string;
  source: Citation | null;
  sourceLabel: string;
}

function periodWords(p: Period): string {
  return p.unit === "days" ? `${p.count}日` : `${p.count}个工作日`;
}

function provenance<T>(rules: ResolvedRuleSet, figure: Sourced<T>) {
  return {
    ruleSet: figure.ruleSet,
    ruleSetName: figure.ruleSetName,
    source: figure.source,
    also: figure.also,
    sourceLabel: describeSource(rules.id, figure),
  };
}

function fromPeriod<T>(
  kind: DeadlineKind,
  rules: ResolvedRuleSet,
  figure: Sourced<T>,
  start: LocalDate,
  period: Period,
  calendar: HolidayCalendar,
  rule: string,
): Deadline {
  const end = periodEnd(start, period, calendar);
  return {
    kind,
    label: DEADLINE_LABELS[kind],
    date: end.date,
    raw: end.raw,
    shifted: end.shifted,
    calendarApplied: end.calendarApplied,
    reason: `${rule}。${end.reason}`,
    ...provenance(rules, figure),
  };
}

function ruleIntro(rules: ResolvedRuleSet, key: RuleKey, what: string): string {
  const figure = rules.rules[key];
  const where = figure.source ? formatCitation(figure.source) : figure.ruleSetName;
  return `${where}：${what}`;
}

function assertDate(d: LocalDate, what: string): void {
  if (!isValidLocalDate(d)) throw new RangeError(`${what}无效：${String(d)}`);
}

/** The written response to an offer, counted from the day the offer was received (第32条 and regional rules). */
export function responseDeadline(
  offerReceivedOn: LocalDate,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
): Deadline {
  assertDate(offerReceivedOn, "收到要约日期");
  const figure = rules.rules.response;
  const rule = ruleIntro(rules, "response", `自收到要约之日起${periodWords(figure.value)}内书面回应`);
  return fromPeriod("response", rules, figure, offerReceivedOn, figure.value, calendar, rule);
}

/** Problems with a coordination extension, in Chinese; null when it is allowed. */
export function coordinationExtensionProblem(extensionDays: number, rules: ResolvedRuleSet): string | null {
  const figure = rules.rules.coordination;
  const max = figure.value.maxExtensionDays;
  if (!Number.isInteger(extensionDays) || extensionDays < 1 || extensionDays > max) {
    const where = figure.source ? `（${formatCitation(figure.source)}）` : "";
    return `协调处理的延长期限应为1至${max}日的整数${where}`;
  }
  return null;
}

/**
 * The end of the labour administration's coordination, from its acceptance of the application (第52条),
 * and, when an extension is given, the extended end counted on from the end of the original period.
 */
export function coordinationDeadlines(
  acceptedOn: LocalDate,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
  extensionDays: number | null = null,
): Deadline[] {
  assertDate(acceptedOn, "受理协调处理申请日期");
  const figure = rules.rules.coordination;
  const { period, maxExtensionDays } = figure.value;
  const rule = ruleIntro(
    rules,
    "coordination",
    `自受理协调处理申请之日起${periodWords(period)}内结束，延长不超过${maxExtensionDays}日`,
  );
  const base = fromPeriod("coordination", rules, figure, acceptedOn, period, calendar, rule);
  if (extensionDays === null) return [base];
  const problem = coordinationExtensionProblem(extensionDays, rules);
  if (problem) throw new RangeError(problem);
  const extended = fromPeriod(
    "coordination_extended",
    rules,
    figure,
    base.date,
    { unit: "days", count: extensionDays },
    calendar,
    `${rule}；自原期限届满之日起延长${extensionDays}日`,
  );
  return [base, extended];
}

/** 浙江: the agreed draft goes to the congress within 15 working days; null where the rule set fixes no deadline. */
export function draftToCongressDeadline(
  draftAgreedOn: LocalDate,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
): Deadline | null {
  assertDate(draftAgreedOn, "草案协商一致日期");
  const figure = rules.rules.draftToCongress;
  if (figure.value === null) return null;
  const rule = ruleIntro(
    rules,
    "draftToCongress",
    `协商一致的草案应在${periodWords(figure.value)}内提交职工代表大会或职工大会讨论`,
  );
  return fromPeriod("draft_to_congress", rules, figure, draftAgreedOn, figure.value, calendar, rule);
}

export interface FilingDates {
  /** The day both chiefs signed. */
  signedOn?: LocalDate | null;
  /** 上海: the day the employer received the union's written notice that the congress approved the draft. */
  approvalNoticeReceivedOn?: LocalDate | null;
}

/**
 * The employer's filing with the labour administration: 10 days from signing (第42条), or in 上海 from its
 * receipt of the union's written notice of approval (上海市集体合同条例 第23条).
 */
export function filingDeadline(
  dates: FilingDates,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
): Deadline | PendingDeadline {
  const figure = rules.rules.filing;
  const { period, trigger, copies } = figure.value;
  const copiesWords = copies ? `，文本一式${copies}份` : "";
  const start = trigger === "signing" ? dates.signedOn : dates.approvalNoticeReceivedOn;
  const startWords = trigger === "signing" ? "双方首席代表签字之日" : "企业收到职工方书面告知草案通过之日";
  if (!start) {
    return {
      kind: "filing",
      label: DEADLINE_LABELS.filing,
      waitingFor: `报送期限自${startWords}起计算，请先登记该日期`,
      ...provenance(rules, figure),
    };
  }
  assertDate(start, trigger === "signing" ? "签字日期" : "收到书面告知日期");
  const rule = ruleIntro(
    rules,
    "filing",
    `自${startWords}起${periodWords(period)}内由用人单位报送劳动行政部门审查${copiesWords}`,
  );
  return fromPeriod("filing", rules, figure, start, period, calendar, rule);
}

export function isPending(d: Deadline | PendingDeadline): d is PendingDeadline {
  return "waitingFor" in d;
}

/**
 * The review by the labour administration from its receipt of the text (第45条, 第47条): the period's end,
 * and the effective date when no objection came — the day after the period ends (the period runs to 24:00
 * of its last day, 民法典 第203条 第二款).
 */
export function reviewDeadlines(
  receivedOn: LocalDate,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
): { review: Deadline; effective: Deadline } {
  assertDate(receivedOn, "劳动行政部门收到文本日期");
  const figure = rules.rules.review;
  const rule = ruleIntro(
    rules,
    "review",
    `劳动行政部门自收到文本之日起${periodWords(figure.value)}内未提出异议的，集体合同即行生效`,
  );
  const review = fromPeriod("review", rules, figure, receivedOn, figure.value, calendar, rule);
  const effectiveOn = addDays(review.date, 1);
  const effective: Deadline = {
    ...review,
    kind: "effective",
    label: DEADLINE_LABELS.effective,
    date: effectiveOn,
    raw: addDays(review.raw, 1),
    reason: `${review.reason}。审查期至${review.date}二十四时届满，期间未收到异议的，自${effectiveOn}起生效`,
  };
  return { review, effective };
}

/** Problems with a contract term under the rule set: errors (strict rule) or warnings ("一般为"). */
export interface TermCheck {
  level: "ok" | "warning" | "error";
  message: string | null;
}

export function checkTerm(termYears: number, rules: ResolvedRuleSet, wageSpecial = false): TermCheck {
  const figure = rules.rules.term;
  const { minYears, maxYears, strict, wageSpecialUsualYears } = figure.value;
  const where = figure.source ? `（${formatCitation(figure.source)}）` : "";
  if (!Number.isInteger(termYears) || termYears < 1)
    return { level: "error", message: "集体合同期限应为正整数年" };
  if (termYears < minYears || termYears > maxYears) {
    const words = strict ? `为${minYears}至${maxYears}年` : `一般为${minYears}至${maxYears}年`;
    return { level: strict ? "error" : "warning", message: `集体合同期限${words}${where}` };
  }
  if (wageSpecial && wageSpecialUsualYears !== null && termYears !== wageSpecialUsualYears)
    return {
      level: "warning",
      message: `工资专项集体合同期限一般为${wageSpecialUsualYears}年${where}`,
    };
  return { level: "ok", message: null };
}

/**
 * The last day of the contract: the term counted from the effective date, so the day before the same
 * calendar day N years on (2026-05-01, 3 years → 2029-04-30; 2027-03-01, 1 year → 2028-02-29). A term
 * starting on 29 February runs to the end of February (2028-02-29, 1 year → 2029-02-28). Not shifted: the
 * end of a term is not a time limit for an act.
 */
export function expiryDate(effectiveOn: LocalDate, termYears: number, rules: ResolvedRuleSet): Deadline {
  assertDate(effectiveOn, "生效日期");
  if (!Number.isInteger(termYears) || termYears < 1)
    throw new RangeError(`合同期限必须是正整数年：${termYears}`);
  const figure = rules.rules.term;
  const date = addDays(anniversary(effectiveOn, termYears), -1);
  return {
    kind: "expiry",
    label: DEADLINE_LABELS.expiry,
    date,
    raw: date,
    shifted: false,
    calendarApplied: true,
    reason: `${ruleIntro(rules, "term", `集体合同期限${figure.value.strict ? "为" : "一般为"}${figure.value.minYears}至${figure.value.maxYears}年`)}。自${effectiveOn}起生效，期限${termYears}年，至${date}期满`,
    ...provenance(rules, figure),
  };
}

/** The same month and day `years` later; 29 February without one becomes 1 March. */
function anniversary(d: LocalDate, years: number): LocalDate {
  const year = String(Number(d.slice(0, 4)) + years).padStart(4, "0");
  const target = `${year}${d.slice(4)}`;
  return isValidLocalDate(target) ? target : `${year}-03-01`;
}

/**
 * The first day either side may ask to renew: the same calendar day 3 months before expiry, clamped to the
 * month's end (expiry 2027-05-31 → 2027-02-28). Not shifted: it opens a window, it does not close one.
 */
export function renewalWindowStart(expiresOn: LocalDate, rules: ResolvedRuleSet): Deadline {
  assertDate(expiresOn, "期满日期");
  const figure = rules.rules.renewal;
  const months = figure.value.monthsBeforeExpiry;
  const date = addMonthsClamped(expiresOn, -months);
  return {
    kind: "renewal_window",
    label: DEADLINE_LABELS.renewal_window,
    date,
    raw: date,
    shifted: false,
    calendarApplied: true,
    reason: `${ruleIntro(rules, "renewal", `集体合同期满前${months}个月内，任何一方均可提出重新签订或续订的要求`)}。合同于${expiresOn}期满，自${date}起可提出续签`,
    ...provenance(rules, figure),
  };
}

/** The dates recorded on a case; every one optional, each deadline appears once its starting date is known. */
export interface CaseDates {
  offerReceivedOn?: LocalDate | null;
  coordinationAcceptedOn?: LocalDate | null;
  coordinationExtensionDays?: number | null;
  draftAgreedOn?: LocalDate | null;
  signedOn?: LocalDate | null;
  approvalNoticeReceivedOn?: LocalDate | null;
  /** The labour administration's receipt of the filed text. */
  filingReceivedOn?: LocalDate | null;
  /** The recorded effective date, when it differs from the computed one (e.g. an objection was cured). */
  effectiveOn?: LocalDate | null;
  termYears?: number | null;
}

/** Every deadline the case's dates allow, in procedural order; filing may be pending (上海). */
export function caseDeadlines(
  dates: CaseDates,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
): (Deadline | PendingDeadline)[] {
  const out: (Deadline | PendingDeadline)[] = [];
  if (dates.offerReceivedOn) out.push(responseDeadline(dates.offerReceivedOn, rules, calendar));
  if (dates.coordinationAcceptedOn)
    out.push(
      ...coordinationDeadlines(
        dates.coordinationAcceptedOn,
        rules,
        calendar,
        dates.coordinationExtensionDays ?? null,
      ),
    );
  if (dates.draftAgreedOn) {
    const toCongress = draftToCongressDeadline(dates.draftAgreedOn, rules, calendar);
    if (toCongress) out.push(toCongress);
  }
  if (dates.signedOn || dates.approvalNoticeReceivedOn) out.push(filingDeadline(dates, rules, calendar));
  let effectiveOn = dates.effectiveOn ?? null;
  if (dates.filingReceivedOn) {
    const { review, effective } = reviewDeadlines(dates.filingReceivedOn, rules, calendar);
    out.push(review);
    if (!effectiveOn) {
      out.push(effective);
      effectiveOn = effective.date;
    }
  }
  if (effectiveOn && dates.termYears) {
    const expiry = expiryDate(effectiveOn, dates.termYears, rules);
    out.push(expiry, renewalWindowStart(expiry.date, rules));
  }
  return out;
}
