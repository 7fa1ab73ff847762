/** Rules of training sessions (政策培训 / 云上课堂): when sign-in is open, attendee names, feedback. */
import { daysBetween, type LocalDate } from "../dates";

/** Days after the session during which attendance may still be recorded (a late sign-in sheet). */
export const SIGN_IN_GRACE_DAYS = 7;

/** Why nobody may sign in today; null when sign-in is open (from the session's day to the grace's end). */
export function signInRefusal(sessionOn: LocalDate, today: LocalDate): string | null {
  const after = daysBetween(sessionOn, today);
  if (after < 0) return `培训尚未开始，请于 ${sessionOn} 当天签到`;
  if (after > SIGN_IN_GRACE_DAYS) return "签到已截止";
  return null;
}

/** A person's name as written on a sign-in sheet: spaces dropped, 2–20 characters. */
export function attendeeNameProblem(name: string): string | null {
  const n = name.replace(/\s+/g, "");
  if (n.length < 2) return "请填写姓名";
  if (n.length > 20) return "姓名最多 20 个字";
  return null;
}

export const SATISFACTION_LABELS: Record<number, string> = {
  1: "很不满意",
  2: "不满意",
  3: "一般",
  4: "满意",
  5: "非常满意",
};

/** Average satisfaction to one decimal, or null without answers. */
export function averageSatisfaction(scores: readonly number[]): number | null {
  const valid = scores.filter((s) => Number.isInteger(s) && s >= 1 && s <= 5);
  if (!valid.length) return null;
  return Math.round((valid.reduce((a, b) => a + b, 0) / valid.length) * 10) / 10;
}
