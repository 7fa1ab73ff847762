/**
 * Which version of a statute the shipped articles are: derived from the statute's own history lines.
 *
 * Rule: the version date is the latest date in a history line that records an adoption, promulgation,
 * issue or amendment (通过, 公布, 发布, 印发, 修正, 修订, or a bare date such as the signature date of an
 * issuing notice). Lines that only state when the text takes effect (施行, 执行, 实施) are not versions and
 * are ignored. When the history holds no such date, the effective date stated in the statute's final
 * article ("本条例自2020年5月1日起施行") is used instead, and the basis says so.
 */

export interface VersionDate {
  date: string;
  basis: string;
}

const ARABIC_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const CHINESE_DATE =
  /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/g;
const EFFECTIVE_ONLY = /(施行|执行|实施)/;
const VERSION_WORDS = /(通过|公布|发布|印发|修正|修订)/;

export function deriveVersionDate(history: string[], articles: Record<string, string>): VersionDate | null {
  let best: { date: string; line: string } | null = null;
  for (const line of history) {
    // One line may hold both, e.g. "2004-01-20 …令第22号公布，2004-05-01 施行": judge each clause.
    for (const clause of line.split(/[，；]/)) {
      const isEffectiveOnly = EFFECTIVE_ONLY.test(clause) && !VERSION_WORDS.test(clause);
      if (isEffectiveOnly) continue;
      for (const date of datesIn(clause)) {
        if (!best || date > best.date) best = { date, line };
      }
    }
  }
  if (best) return { date: best.date, basis: `沿革中最近的通过/公布/修改日期：${best.line.trim()}` };

  const lastArticle = Object.keys(articles)
    .map(Number)
    .filter(Number.isFinite)
    .sort((a, b) => b - a)[0];
  const closing = lastArticle === undefined ? "" : (articles[String(lastArticle)] ?? "");
  const effective = /自(.+?)起(施行|执行|实施)/.exec(closing);
  const date = effective ? datesIn(effective[1])[0] : undefined;
  if (date) return { date, basis: `沿革缺失，取第${lastArticle}条所载施行日期：${effective![0]}` };
  return null;
}

/** Every date written in a line, as YYYY-MM-DD ("2018年12月29日", "一九九四年十二月六日", "2004-01-20"). */
export function datesIn(line: string): string[] {
  const out: string[] = [];
  for (const m of line.replace(/\s+/g, "").matchAll(ARABIC_DATE)) {
    out.push(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  }
  for (const m of line.matchAll(ISO_DATE)) out.push(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of line.matchAll(CHINESE_DATE)) {
    const year = Number([...m[1]].map((c) => CHINESE_DIGITS.indexOf(c === "〇" ? "零" : c)).join(""));
    out.push(isoDate(year, chineseSmallNumber(m[2]), chineseSmallNumber(m[3])));
  }
  return out;
}

const CHINESE_DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1–31 written as 一 … 三十一. */
function chineseSmallNumber(s: string): number {
  const [tens, ones] = s.includes("十") ? s.split("十") : ["", s];
  const t = s.includes("十") ? (tens === "" ? 1 : CHINESE_DIGITS.indexOf(tens)) : 0;
  const o = ones === "" ? 0 : CHINESE_DIGITS.indexOf(ones);
  return t * 10 + o;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
