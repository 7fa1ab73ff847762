/**
 * The holiday calendar (法定节假日与调休) and the counting of statutory periods on it.
 *
 * Data: one arrangement per year as the State Council publishes it, kept as plain JSON-able data that an
 * admin replaces each year by pasting a small table (parseHolidayCalendar). Text format, one line each:
 *
 *   # comments and blank lines are ignored
 *   年度 2026                          ← starts the arrangement of one year (required before its dates)
 *   2026-10-01~2026-10-07 休 国庆节     ← a rest day or a range of rest days, with an optional name
 *   2026-09-20 班 国庆节调休            ← a weekend day worked (调休上班)
 *
 * "~", "～" and "至" all separate a range. A year's arrangement may list days of the adjacent December or
 * January (元旦 sometimes starts on 12-30 of the year before).
 *
 * Counting (bargaining.md "Day counting"; 民法典 第201条, 第203条): the day of the event does not count.
 * A period in days ends on its last day, moved to the next working day when that day is a rest day —
 * weekends included unless worked, public holidays and 调休 rest days — but only where the product holds
 * that year's arrangement; otherwise the raw last day stands and the result says it was computed without
 * the holiday calendar. A period in working days counts only working days, so it never needs the shift.
 */
import { formatCitation } from "../citation-format";
import { addDays, daysBetween, isValidLocalDate, type LocalDate } from "../dates";
import type { Period } from "./rule-sets";

export type CalendarDayKind = "rest" | "work";

export interface CalendarDay {
  kind: CalendarDayKind;
  /** The holiday the day belongs to, e.g. "国庆节"; "" when the table gave none. */
  name: string;
}

export interface HolidayCalendar {
  /** Years whose arrangement is recorded, ascending. */
  years: number[];
  /** Listed days only: rest days (休) and weekend days worked (班). */
  days: Record<LocalDate, CalendarDay>;
}

export const EMPTY_CALENDAR: HolidayCalendar = { years: [], days: {} };

/** The flag shown when a date could not use the holiday arrangement. */
export const NO_CALENDAR_NOTE = "未按节假日安排计算";

const CIVIL_CODE_201 = { statute: "民法典", article: "201" };
const CIVIL_CODE_203 = { statute: "民法典", article: "203" };

// ---------------------------------------------------------------------------------------------------------
// Weekdays and months

const WEEKDAY_LABELS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"] as const;

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(d: LocalDate): number {
  const n = daysBetween("1970-01-01", d);
  return (((n + 4) % 7) + 7) % 7;
}

export function weekdayLabel(d: LocalDate): string {
  return WEEKDAY_LABELS[weekday(d)];
}

export function isWeekend(d: LocalDate): boolean {
  const w = weekday(d);
  return w === 0 || w === 6;
}

export function yearOf(d: LocalDate): number {
  if (!isValidLocalDate(d)) throw new RangeError(`无效的日期：${String(d)}`);
  return Number(d.slice(0, 4));
}

/**
 * Calendar months later (or earlier, n < 0), clamped to the month's last day:
 * 2027-05-31 − 3 months → 2027-02-28; 2028-02-29 + 12 months → 2029-02-28.
 */
export function addMonthsClamped(d: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`月数必须是整数：${n}`);
  if (!isValidLocalDate(d)) throw new RangeError(`无效的日期：${String(d)}`);
  const [year, month, day] = d.split("-").map(Number);
  const index = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const firstOfMonth = `${String(targetYear).padStart(4, "0")}-${String(targetMonth).padStart(2, "0")}-01`;
  // 31 days after the 1st always falls in the next month; its 1st ends this month.
  const firstOfNext = addDays(firstOfMonth, 31).slice(0, 8) + "01";
  const monthLength = daysBetween(firstOfMonth, firstOfNext);
  return addDays(firstOfMonth, Math.min(day, monthLength) - 1);
}

// ---------------------------------------------------------------------------------------------------------
// Day look-ups

export function hasCalendarFor(year: number, calendar: HolidayCalendar): boolean {
  return calendar.years.includes(year);
}

export type DayType = "workday" | "weekend" | "holiday" | "adjusted_workday";

export interface DayInfo {
  date: LocalDate;
  weekday: number;
  weekdayLabel: string;
  type: DayType;
  rest: boolean;
  /** Holiday name for listed days, "" otherwise. */
  name: string;
  /** The arrangement of this date's year is recorded. */
  covered: boolean;
}

export function dayInfo(date: LocalDate, calendar: HolidayCalendar): DayInfo {
  const listed = calendar.days[date];
  const weekend = isWeekend(date);
  const type: DayType = listed
    ? listed.kind === "rest"
      ? "holiday"
      : "adjusted_workday"
    : weekend
      ? "weekend"
      : "workday";
  return {
    date,
    weekday: weekday(date),
    weekdayLabel: weekdayLabel(date),
    type,
    rest: type === "holiday" || type === "weekend",
    name: listed?.name ?? "",
    covered: hasCalendarFor(yearOf(date), calendar),
  };
}

/** Rest: a listed rest day (休), or a Saturday/Sunday not listed as worked (班). */
export function isRestDay(date: LocalDate, calendar: HolidayCalendar): boolean {
  return dayInfo(date, calendar).rest;
}

function describeDay(info: DayInfo): string {
  if (info.type === "holiday") return `${info.weekdayLabel}，${info.name || "法定节假日"}休息日`;
  if (info.type === "adjusted_workday") return `${info.weekdayLabel}，${info.name || "调休"}上班日`;
  return info.weekdayLabel;
}

/** "2026-03-22（星期日）", "2026-10-04（星期日，国庆节休息日）". */
export function describeDate(date: LocalDate, calendar: HolidayCalendar): string {
  return `${date}（${describeDay(dayInfo(date, calendar))}）`;
}

// ---------------------------------------------------------------------------------------------------------
// Counting

export interface WorkingDaysResult {
  date: LocalDate;
  /** Every counted or skipped day was in a year with a recorded arrangement. */
  calendarApplied: boolean;
  /** Years met without an arrangement (weekdays counted as working days there). */
  uncoveredYears: number[];
  /** Holidays skipped on the way (names), for the explanation. */
  holidaysSkipped: string[];
}

/**
 * The n-th working day after `start` (start itself not counted). Weekends count when worked (班), listed
 * rest days never do. In a year without an arrangement, Monday to Friday count and the result says so.
 */
export function addWorkingDays(start: LocalDate, n: number, calendar: HolidayCalendar): WorkingDaysResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数必须是非负整数：${n}`);
  let date = start;
  let counted = 0;
  const uncovered = new Set<number>();
  const skipped: string[] = [];
  while (counted < n) {
    date = addDays(date, 1);
    const info = dayInfo(date, calendar);
    if (!info.covered) uncovered.add(yearOf(date));
    if (info.rest) {
      const name = info.type === "holiday" ? info.name || "法定节假日" : "";
      if (name && !skipped.includes(name)) skipped.push(name);
    } else counted += 1;
  }
  return {
    date,
    calendarApplied: uncovered.size === 0,
    uncoveredYears: [...uncovered].sort((a, b) => a - b),
    holidaysSkipped: skipped,
  };
}

/** Where a statutory period ends, with the raw last day, any shift, and the explanation a user reads. */
export interface PeriodEnd {
  /** The day of the event (not counted). */
  start: LocalDate;
  period: Period;
  /** The n-th day (or n-th working day) before any shift. */
  raw: LocalDate;
  /** The last day of the period: raw, or the next working day under 民法典 第203条. */
  date: LocalDate;
  shifted: boolean;
  /** false: a year involved has no recorded arrangement (NO_CALENDAR_NOTE). */
  calendarApplied: boolean;
  uncoveredYears: number[];
  /** In Chinese, e.g. "第20日为2026-03-22（星期日），依《民法典》第二百零三条顺延至2026-03-23（星期一）". */
  reason: string;
}

function noCalendarSentence(years: number[]): string {
  const list = years.map((y) => `${y}年`).join("、");
  return `${list}节假日安排尚未录入，${NO_CALENDAR_NOTE}`;
}

/**
 * The end of a period counted from an event (民法典 第201条: the event's day does not count). Calendar days
 * shift under 第203条 where the year's arrangement is known; working days count on the calendar.
 */
export function periodEnd(start: LocalDate, period: Period, calendar: HolidayCalendar): PeriodEnd {
  if (!isValidLocalDate(start)) throw new RangeError(`无效的日期：${String(start)}`);
  if (!Number.isInteger(period.count) || period.count < 1)
    throw new RangeError(`期间天数必须是正整数：${period.count}`);
  const counting = `依${formatCitation(CIVIL_CODE_201)}，${start}当日不计入，自次日起算`;
  if (period.unit === "working_days") return workingDaysEnd(start, period, calendar, counting);

  const raw = addDays(start, period.count);
  const lead = `${counting}${period.count}日，第${period.count}日为${describeDate(raw, calendar)}`;
  if (!hasCalendarFor(yearOf(raw), calendar)) {
    const uncoveredYears = [yearOf(raw)];
    const reason = `${lead}；${noCalendarSentence(uncoveredYears)}，未作休息日顺延`;
    return { start, period, raw, date: raw, shifted: false, calendarApplied: false, uncoveredYears, reason };
  }
  if (!isRestDay(raw, calendar)) {
    const reason = `${lead}，为工作日，期间至该日届满`;
    return {
      start,
      period,
      raw,
      date: raw,
      shifted: false,
      calendarApplied: true,
      uncoveredYears: [],
      reason,
    };
  }
  let date = raw;
  while (isRestDay(date, calendar) && hasCalendarFor(yearOf(date), calendar)) date = addDays(date, 1);
  const shift = `${lead}，依${formatCitation(CIVIL_CODE_203)}顺延至${describeDate(date, calendar)}`;
  if (!hasCalendarFor(yearOf(date), calendar)) {
    // The rest runs into a year without an arrangement: stop at its first day and say so.
    const uncoveredYears = [yearOf(date)];
    const reason = `${shift}；${noCalendarSentence(uncoveredYears)}，未再顺延`;
    return { start, period, raw, date, shifted: true, calendarApplied: false, uncoveredYears, reason };
  }
  return {
    start,
    period,
    raw,
    date,
    shifted: true,
    calendarApplied: true,
    uncoveredYears: [],
    reason: shift,
  };
}

function workingDaysEnd(
  start: LocalDate,
  period: Period,
  calendar: HolidayCalendar,
  counting: string,
): PeriodEnd {
  const result = addWorkingDays(start, period.count, calendar);
  const skipped = result.holidaysSkipped.length > 0 ? `，跳过${result.holidaysSkipped.join("、")}休息日` : "";
  const lead = `${counting}${period.count}个工作日（不计周末及法定节假日${skipped}），第${period.count}个工作日为${describeDate(result.date, calendar)}`;
  const reason = result.calendarApplied
    ? lead
    : `${lead}；${noCalendarSentence(result.uncoveredYears)}，按周一至周五为工作日计算`;
  return {
    start,
    period,
    raw: result.date,
    date: result.date,
    shifted: false,
    calendarApplied: result.calendarApplied,
    uncoveredYears: result.uncoveredYears,
    reason,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The admin's table

export interface CalendarLineError {
  /** 1-based line number of the text. */
  line: number;
  /** In Chinese, starting with "第N行：". */
  message: string;
}

export type ParseCalendarResult =
  { ok: true; calendar: HolidayCalendar } | { ok: false; errors: CalendarLineError[] };

const YEAR_LINE = /^(?:年度|年份)\s*[:：]?\s*(\d{4})$/;
const DAY_LINE = /^(\d{4}-\d{2}-\d{2})(?:\s*[~～至]\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+)(?:\s+(.+))?$/;
const KINDS: Record<string, CalendarDayKind> = { 休: "rest", 班: "work" };
const MAX_RANGE_DAYS = 31;

interface Seen {
  kind: CalendarDayKind;
  line: number;
}

/** Parses the admin's table (format at the top of this file); every problem is reported with its line. */
export function parseHolidayCalendar(text: string): ParseCalendarResult {
  const errors: CalendarLineError[] = [];
  const days: Record<LocalDate, CalendarDay> = {};
  const seen = new Map<LocalDate, Seen>();
  const yearLines = new Map<number, number>();
  const yearHasDays = new Set<number>();
  let year: number | null = null;

  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = i + 1;
    const err = (message: string) => errors.push({ line, message: `第${line}行：${message}` });
    const content = rawLine.replace(/\u3000/g, " ").trim();
    if (content === "" || content.startsWith("#")) return;

    const yearMatch = YEAR_LINE.exec(content);
    if (yearMatch) {
      const y = Number(yearMatch[1]);
      const earlier = yearLines.get(y);
      if (earlier !== undefined) err(`${y}年度已在第${earlier}行开始，同一年度只能出现一次`);
      else yearLines.set(y, line);
      year = y;
      return;
    }

    const m = DAY_LINE.exec(content);
    if (!m) return err(`无法识别“${content}”，应写作“2026-10-01 休 国庆节”或“2026-09-20 班 国庆节调休”`);
    const [, from, to, kindText, nameText] = m;
    if (year === null) return err("请先写明年度，例如“年度 2026”");
    const kind = KINDS[kindText];
    if (!kind) return err(`类型“${kindText}”无效，只能是“休”或“班”`);
    if (!isValidLocalDate(from)) return err(`日期“${from}”无效`);
    if (to !== undefined && !isValidLocalDate(to)) return err(`日期“${to}”无效`);
    const last = to ?? from;
    const span = daysBetween(from, last);
    if (span < 0) return err(`起始日期${from}晚于结束日期${last}`);
    if (span >= MAX_RANGE_DAYS) return err(`日期范围超过${MAX_RANGE_DAYS}天，请检查起止日期`);

    const name = (nameText ?? "").trim();
    for (let k = 0; k <= span; k++) {
      const date = addDays(from, k);
      if (!belongsToYear(date, year)) {
        err(`${date}不属于${year}年度的安排（只可列出本年及相邻的12月、1月的日期）`);
        continue;
      }
      if (kind === "work" && !isWeekend(date)) {
        err(`${date}是${weekdayLabel(date)}，本就是工作日，无需列为调休上班日`);
        continue;
      }
      const before = seen.get(date);
      if (before) {
        err(
          before.kind === kind
            ? `${date}与第${before.line}行重复`
            : `${date}在第${before.line}行列为${before.kind === "rest" ? "休息日" : "上班日"}，不能同时列为${kind === "rest" ? "休息日" : "上班日"}`,
        );
        continue;
      }
      seen.set(date, { kind, line });
      days[date] = { kind, name };
      yearHasDays.add(year);
    }
  });

  for (const [y, line] of yearLines)
    if (!yearHasDays.has(y)) errors.push({ line, message: `第${line}行：${y}年度没有列出任何日期` });
  if (yearLines.size === 0 && errors.length === 0)
    errors.push({ line: 1, message: "第1行：没有任何内容，请至少写明一个年度及其日期" });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, calendar: { years: [...yearLines.keys()].sort((a, b) => a - b), days: sortDays(days) } };
}

function belongsToYear(date: LocalDate, year: number): boolean {
  const y = yearOf(date);
  const month = Number(date.slice(5, 7));
  return y === year || (y === year - 1 && month === 12) || (y === year + 1 && month === 1);
}

function sortDays(days: Record<LocalDate, CalendarDay>): Record<LocalDate, CalendarDay> {
  return Object.fromEntries(Object.entries(days).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The calendar as the admin's table, consecutive days of the same kind and name folded into ranges, so the
 * admin can download the current data, edit it and paste it back. Each listed day goes under the year of
 * the arrangement that covers it (its own year when recorded, else the adjacent one).
 */
export function formatHolidayCalendar(calendar: HolidayCalendar): string {
  const byYear = new Map<number, [LocalDate, CalendarDay][]>(calendar.years.map((y) => [y, []]));
  for (const [date, day] of Object.entries(calendar.days)) {
    const own = yearOf(date);
    const y = byYear.has(own) ? own : Number(date.slice(5, 7)) === 12 ? own + 1 : own - 1;
    byYear.get(y)?.push([date, day]);
  }
  const lines: string[] = [];
  for (const [y, entries] of byYear) {
    if (lines.length > 0) lines.push("");
    lines.push(`年度 ${y}`);
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    let i = 0;
    while (i < entries.length) {
      const [from, day] = entries[i];
      let j = i;
      while (
        j + 1 < entries.length &&
        entries[j + 1][0] === addDays(entries[j][0], 1) &&
        entries[j + 1][1].kind === day.kind &&
        entries[j + 1][1].name === day.name
      )
        j += 1;
      const range = j > i ? `${from}~${entries[j][0]}` : from;
      lines.push(`${range} ${day.kind === "rest" ? "休" : "班"}${day.name ? ` ${day.name}` : ""}`);
      i = j + 1;
    }
  }
  return lines.join("\n") + "\n";
}

/** Two calendars together, e.g. the shipped default and an admin's newer year; `newer` wins per year. */
export function mergeCalendars(base: HolidayCalendar, newer: HolidayCalendar): HolidayCalendar {
  const replaced = new Set(newer.years);
  const kept = Object.entries(base.days).filter(([date]) => !replaced.has(coveringYear(date, base)));
  const days = sortDays({ ...Object.fromEntries(kept), ...newer.days });
  const years = [...new Set([...base.years, ...newer.years])].sort((a, b) => a - b);
  return { years, days };
}

function coveringYear(date: LocalDate, calendar: HolidayCalendar): number {
  const own = yearOf(date);
  if (calendar.years.includes(own)) return own;
  return Number(date.slice(5, 7)) === 12 ? own + 1 : own - 1;
}
