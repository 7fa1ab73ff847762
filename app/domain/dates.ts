/**
 * Calendar dates as China sees them. A LocalDate is a "YYYY-MM-DD" string with no time zone: deadlines,
 * report dates and "due today" are all decided on the Asia/Shanghai calendar, whatever the server's TZ.
 * Asia/Shanghai has been UTC+8 with no daylight saving since 1991, so a fixed offset is exact.
 */
export type LocalDate = string;

export type DueState = "overdue" | "due_soon" | "on_track";

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD ("2026-02-30" is false). */
export function isValidLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== "string") return false;
  const m = LOCAL_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** The Shanghai calendar date of an instant. */
export function toShanghaiDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("无效的时间");
  return fromEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The Shanghai date and time of an instant to the minute, "2026-03-02 14:05". */
export function toShanghaiMinute(instant: Date): string {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  if (Number.isNaN(shifted.getTime())) throw new RangeError("无效的时间");
  return `${toShanghaiDate(instant)} ${shifted.toISOString().slice(11, 16)}`;
}

/** Today in Shanghai; pass the clock in so callers and tests decide what "now" is. */
export function todayInShanghai(now: Date): LocalDate {
  return toShanghaiDate(now);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`天数必须是整数：${n}`);
  return fromEpochDay(toEpochDay(d) + n);
}

/** Whole days from a to b: positive when b is later ("2026-01-01" → "2026-01-02" is 1). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Days left until dueOn, counted from today: 0 when due today, negative once overdue. */
export function daysLeft(dueOn: LocalDate, today: LocalDate): number {
  return daysBetween(today, dueOn);
}

/** An item due today is still due soon, not overdue: it is overdue only from the next day on. */
export function dueState(dueOn: LocalDate, today: LocalDate, soonDays = 7): DueState {
  const left = daysLeft(dueOn, today);
  if (left < 0) return "overdue";
  if (left <= soonDays) return "due_soon";
  return "on_track";
}

/** "2026-11-23" → "2026年11月23日" (Arabic numerals, no leading zeros, as official documents write it). */
export function formatChineseDate(d: LocalDate): string {
  const [year, month, day] = parse(d);
  return `${year}年${month}月${day}日`;
}

function parse(d: LocalDate): [number, number, number] {
  if (!isValidLocalDate(d)) throw new RangeError(`无效的日期：${String(d)}`);
  const [year, month, day] = d.split("-").map(Number);
  return [year, month, day];
}

/** Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not. */
function utcMs(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/**
 * Day numbers of the dates met so far (a page's deadlines repeat the same few hundred dates, each parsed and
 * checked thousands of times on a district's plan board): at most EPOCH_DAYS_KEPT, then begun afresh.
 */
const EPOCH_DAYS_KEPT = 20_000;
const epochDays = new Map<string, number>();

function toEpochDay(d: LocalDate): number {
  const known = typeof d === "string" ? epochDays.get(d) : undefined;
  if (known !== undefined) return known;
  const [year, month, day] = parse(d);
  const n = Math.round(utcMs(year, month, day) / DAY_MS);
  if (epochDays.size >= EPOCH_DAYS_KEPT) epochDays.clear();
  epochDays.set(d, n);
  return n;
}

function fromEpochDay(epochDay: number): LocalDate {
  const date = new Date(epochDay * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

/**
 * Made once: toLocaleString with options builds a formatter on every call (about 45 µs, against 3 µs for a
 * kept one), and a page of fifty records formats fifty moments. The same fields toLocaleString shows.
 */
const DATE_TIME = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  hour12: false,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** A moment as people here read it: date and 24-hour time in China time ("2026/12/3 15:20:29"); "—" when there is none. */
export function formatDateTime(at: string | Date | null | undefined): string {
  return at ? DATE_TIME.format(new Date(at)) : "—";
}
