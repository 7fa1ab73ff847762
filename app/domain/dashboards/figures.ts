/**
 * Every figure of the organisation dashboard, defined once, from summed counters (summaries.ts), a period
 * and today (Asia/Shanghai). The definitions:
 *  - covered (集体合同覆盖): an enterprise whose contract status is in effect and whose term has not ended
 *    (no end date, or an end date today or later) — contractStateOf's "in_effect";
 *  - health-checked in the period: an enterprise whose latest accepted check was accepted in the period;
 *  - rectified (已销号): a prescription item the instructor verified; % verified counts the items issued in
 *    the period; median days to verify counts the items verified in the period, from issue to verification;
 *  - overdue (逾期): an item not verified whose deadline is before today (due today is not overdue) — what
 *    /prescriptions?due=overdue lists; a bargaining case in the offer stage whose next deadline is before
 *    today — what /bargaining?stage=offer&overdue=1 lists;
 *  - expiring: a case whose contract ends between today and today + 90 days — /bargaining?expiring=1;
 *  - funnel: cases whose offer was sent in the period, by the furthest step they reached — a bar counts the
 *    cases that reached its step or a later one: what /bargaining?step=…&period=… lists (inFunnelBar);
 *  - milestones due: due in the period and not after today; done: those of them completed;
 *  - survey rates: only for groups of at least MIN_GROUP answers (survey-figures.ts).
 * The period always ends today, so "latest check in the period" is "checked in the period".
 */
import { addDays, daysBetween, type LocalDate } from "../dates";
import { figuresOf, type Figures, type Tally } from "../cultivation/survey-figures";
import { FUNNEL_STEPS, funnelReached, type FunnelStep } from "./rows";
import type { Counters } from "./summaries";

export const PERIODS = ["year", "last12", "since_prev"] as const;
export type PeriodKey = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<PeriodKey, string> = {
  year: "本年度",
  last12: "近12个月",
  since_prev: "本年度及上年度",
};

/** Contracts ending within this many days count as expiring (the pipeline's filter). */
export const EXPIRING_DAYS = 90;

export interface Period {
  key: PeriodKey;
  label: string;
  from: LocalDate;
  to: LocalDate;
  /** "YYYY-MM" from the first month to today's. */
  months: string[];
}

export function periodOf(key: PeriodKey, today: LocalDate): Period {
  const year = Number(today.slice(0, 4));
  const monthNo = Number(today.slice(5, 7));
  let from: LocalDate;
  if (key === "year") from = `${year}-01-01`;
  else if (key === "since_prev") from = `${year - 1}-01-01`;
  else {
    const back = new Date(Date.UTC(year, monthNo - 1 - 11, 1));
    from = back.toISOString().slice(0, 10);
  }
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  while (y < year || (y === year && m <= monthNo)) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return { key, label: PERIOD_LABELS[key], from, to: today, months };
}

/**
 * THE definition of a collective contract in effect (覆盖), on Asia/Shanghai dates, for a contract recorded
 * as in effect: effective on or before today (when its start is known) and not past its expiry — the expiry
 * day itself still counts, the day after does not; no expiry recorded (null or "") never expires. The
 * dashboard's coverage, the enterprise list's "生效中" filter (contractInEffectWhere) and every page's
 * contract state (contractStateOf) all decide with it.
 */
export function isContractInEffect(
  until: LocalDate | null | undefined,
  today: LocalDate,
  effectiveOn: LocalDate | null = null,
): boolean {
  if (effectiveOn && effectiveOn > today) return false;
  return !until || until >= today;
}

/**
 * isContractInEffect as a condition on the stored enterprise fields (contractStatus, contractValidUntil),
 * for the list filter: status in effect and an end date that is missing, empty or today or later.
 */
export function contractInEffectWhere(today: LocalDate): Record<string, unknown> {
  return {
    contractStatus: "in_effect",
    $or: [{ contractValidUntil: null }, { contractValidUntil: "" }, { contractValidUntil: { $gte: today } }],
  };
}

/** The opposite within the recorded in-effect contracts: past its end date (the list's "已到期"). */
export function contractExpiredWhere(today: LocalDate): Record<string, unknown> {
  return { contractStatus: "in_effect", contractValidUntil: { $lt: today, $gt: "" } };
}

/** An open item is overdue from the day after its deadline. */
export function isItemOverdue(closed: boolean, dueOn: LocalDate, today: LocalDate): boolean {
  return !closed && dueOn < today;
}

/** A contract ending between today and today + 90 days. */
export function isExpiring(expiresOn: LocalDate | null, today: LocalDate): boolean {
  return !!expiresOn && expiresOn >= today && expiresOn <= addDays(today, EXPIRING_DAYS);
}

/**
 * Whether a case is counted by the funnel's bar of `step` (the list behind the bar): its offer was sent in a
 * month of the period and it reached that step or a later one. Without a period, any offer sent counts.
 */
export function inFunnelBar(
  c: { status: string; offerSentOn: LocalDate | null },
  step: FunnelStep,
  period: Pick<Period, "months"> | null,
): boolean {
  if (!c.offerSentOn) return false;
  if (period && !period.months.includes(c.offerSentOn.slice(0, 7))) return false;
  return funnelReached(c.status, { offerSentOn: c.offerSentOn }) >= FUNNEL_STEPS.indexOf(step);
}

/** The median of a histogram {value: count}, or null when empty (the lower middle for an even count). */
export function medianOf(histogram: Map<number, number>): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (seen * 2 >= total) return value;
  }
  return null;
}

/** Percentage with one decimal; null when the base is 0. */
export function pct(count: number, base: number): number | null {
  return base > 0 ? Math.round((count * 1000) / base) / 10 : null;
}

export const RISK_LEVELS = ["high", "medium", "low"] as const;

export interface OrgFigures {
  coverage: {
    enterprises: number;
    withUnion: number;
    unionRate: number | null;
    covered: number;
    coverageRate: number | null;
    coveredByKind: Record<string, number>;
    checked: number;
    checkedRate: number | null;
    withPlan: number;
  };
  risk: {
    levels: Record<(typeof RISK_LEVELS)[number], number>;
    byIndustry: Record<string, Record<string, number>>;
    findings: { dimension: string; title: string; count: number }[];
    trend: { month: string; average: number | null; checks: number }[];
    reports: number;
  };
  rectification: {
    issued: number;
    verified: number;
    verifiedRate: number | null;
    open: number;
    overdue: number;
    overdueRate: number | null;
    medianDaysToVerify: number | null;
    byMonth: { month: string; issued: number; verified: number }[];
  };
  bargaining: {
    funnel: { step: (typeof FUNNEL_STEPS)[number]; count: number }[];
    stages: Record<string, number>;
    overdueResponses: number;
    expiring: number;
  };
  cultivation: {
    plans: number;
    signedOff: number;
    milestonesDue: number;
    milestonesDone: number;
    trainings: number;
    invited: number;
    attendedEnterprises: number;
    attendees: number;
    attendanceRate: number | null;
  };
  quality: Figures;
}

/** The counters split into (figure, rest of the key), so each figure reads only its own keys. */
function byFigure(c: Counters): Map<string, [string[], number][]> {
  const out = new Map<string, [string[], number][]>();
  for (const [key, value] of Object.entries(c)) {
    const [figure, ...rest] = key.split("|");
    const list = out.get(figure) ?? [];
    list.push([rest, value]);
    out.set(figure, list);
  }
  return out;
}

/**
 * The counters kept by day, and where the day stands among the key's parts. A day is only ever compared with
 * today, today + 90 days (EXPIRING_DAYS) and a period's first day, which is always the 1st of a month.
 */
const DAY_KEYED: Record<string, number> = {
  contract: 0,
  open: 0,
  offerDue: 0,
  exp: 0,
  effKind: 1,
  ms: 0,
  msDone: 0,
};

/** Days older than this (by whole months) are kept by month in the subtree totals. */
export const COMPACT_AFTER_DAYS = 90;

/**
 * Smaller counters with the same figures (the subtree totals, the largest documents read): a per-day key of
 * a month wholly before `today` − COMPACT_AFTER_DAYS is counted on that month's 1st instead. Every figure
 * stays the same today and on every later day: such a month lies before today and before today + 90 days
 * for good, and a period starting in it starts on its 1st, so its days all fall on the same side of every
 * bound, as its 1st does.
 */
export function compactCounters(c: Counters, today: LocalDate): Counters {
  const before = `${addDays(today, -COMPACT_AFTER_DAYS).slice(0, 7)}-01`;
  const out: Counters = {};
  for (const [key, value] of Object.entries(c)) {
    const parts = key.split("|");
    const at = DAY_KEYED[parts[0]];
    const day = at === undefined ? undefined : parts[1 + at];
    if (at !== undefined && day && /^\d{4}-\d{2}-\d{2}$/.test(day) && day < before)
      parts[1 + at] = `${day.slice(0, 7)}-01`;
    const compact = parts.join("|");
    out[compact] = (out[compact] ?? 0) + value;
  }
  return out;
}

export function orgFigures(c: Counters, period: Period, today: LocalDate): OrgFigures {
  const f = byFigure(c);
  const list = (figure: string) => f.get(figure) ?? [];
  const inPeriod = new Set(period.months);
  const sum = (figure: string, keep: (rest: string[]) => boolean = () => true) =>
    list(figure).reduce((acc, [rest, value]) => (keep(rest) ? acc + value : acc), 0);
  const monthIn = (rest: string[]) => inPeriod.has(rest[0]);
  const dayIn = (rest: string[]) => rest[0] >= period.from && rest[0] <= today;
  const year = today.slice(0, 4);

  const enterprises = sum("ent");
  const withUnion = sum("union");
  const covered = sum("contract", ([until]) => isContractInEffect(until === "-" ? null : until, today));

  const coveredByKind: Record<string, number> = {};
  for (const [[kind, exp], value] of list("effKind")) {
    if (isContractInEffect(exp === "-" ? null : exp, today))
      coveredByKind[kind] = (coveredByKind[kind] ?? 0) + value;
  }
  const checked = sum("checked", monthIn);

  const levels = { high: 0, medium: 0, low: 0 };
  for (const [[m, level], value] of list("risk")) {
    if (inPeriod.has(m) && level in levels) levels[level as keyof typeof levels] += value;
  }
  const byIndustry: Record<string, Record<string, number>> = {};
  for (const [[m, industry, level], value] of list("riskInd")) {
    if (!inPeriod.has(m)) continue;
    byIndustry[industry] ??= {};
    byIndustry[industry][level] = (byIndustry[industry][level] ?? 0) + value;
  }
  const findingCounts = new Map<string, { dimension: string; title: string; count: number }>();
  for (const [[m, dimension, title], value] of list("finding")) {
    if (!inPeriod.has(m)) continue;
    const key = `${dimension}|${title}`;
    const entry = findingCounts.get(key) ?? { dimension, title, count: 0 };
    entry.count += value;
    findingCounts.set(key, entry);
  }
  const findings = [...findingCounts.values()]
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
    .slice(0, 10);
  const trend = period.months.map((month) => {
    const n = sum("scoreN", ([m]) => m === month);
    const tenths = sum("score10", ([m]) => m === month);
    return { month, average: n ? Math.round(tenths / n) / 10 : null, checks: n };
  });

  const issued = sum("issued", monthIn);
  const verified = sum("issuedClosed", monthIn);
  const open = sum("open");
  const overdue = sum("open", ([due]) => isItemOverdue(false, due, today));
  const days = new Map<number, number>();
  for (const [[m, d], value] of list("verifyDays")) {
    if (inPeriod.has(m)) days.set(Number(d), (days.get(Number(d)) ?? 0) + value);
  }

  const stages: Record<string, number> = {};
  for (const [[stage], value] of list("stage")) stages[stage] = (stages[stage] ?? 0) + value;

  const invited = sum("invited", monthIn);
  const attendedEnterprises = sum("attendedEnt", monthIn);
  const tally: Tally = {
    employees: sum("employees", monthIn),
    participated: sum("participated", monthIn),
    aware: sum("aware", monthIn),
    satisfied: sum("satisfied", monthIn),
    employers: sum("employers", monthIn),
    recognised: sum("recognised", monthIn),
  };

  return {
    coverage: {
      enterprises,
      withUnion,
      unionRate: pct(withUnion, enterprises),
      covered,
      coverageRate: pct(covered, enterprises),
      coveredByKind,
      checked,
      checkedRate: pct(checked, enterprises),
      withPlan: sum("planEnt", ([y]) => y === year),
    },
    risk: {
      levels,
      byIndustry,
      findings,
      trend,
      reports: sum("report", monthIn),
    },
    rectification: {
      issued,
      verified,
      verifiedRate: pct(verified, issued),
      open,
      overdue,
      overdueRate: pct(overdue, open),
      medianDaysToVerify: medianOf(days),
      byMonth: period.months.map((month) => ({
        month,
        issued: sum("issued", ([m]) => m === month),
        verified: sum("closed", ([m]) => m === month),
      })),
    },
    bargaining: {
      funnel: FUNNEL_STEPS.map((step, i) => ({
        step,
        count: sum("funnel", ([m, s]) => inPeriod.has(m) && Number(s) === i),
      })),
      stages,
      overdueResponses: sum("offerDue", ([next]) => next < today),
      expiring: sum("exp", ([exp]) => isExpiring(exp, today)),
    },
    cultivation: {
      plans: sum("plans", ([y]) => y === year),
      signedOff: sum("signedOff", ([y]) => y === year),
      milestonesDue: sum("ms", dayIn),
      milestonesDone: sum("msDone", dayIn),
      trainings: sum("trainings", monthIn),
      invited,
      attendedEnterprises,
      attendees: sum("attendees", monthIn),
      attendanceRate: pct(attendedEnterprises, invited),
    },
    quality: figuresOf(tally),
  };
}

/** Days from a to b, never negative (a verification recorded before its issue date counts as 0). */
export function daysToVerify(issuedOn: LocalDate, verifiedOn: LocalDate): number {
  return Math.max(0, daysBetween(issuedOn, verifiedOn));
}
