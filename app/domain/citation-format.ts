/**
 * Article citations as Chinese legal writing renders them: 《集体合同规定》第十九条, 《民法典》第二百零三条.
 * One formatter for every context (bargaining rule sets, health-check legal bases), so articles are always
 * written with Chinese numerals and a title is never wrapped twice in book-title marks.
 */
import { STATUTE_NAMES } from "./health-check/statutes";
import type { Citation } from "./health-check/types";

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;
const UNITS = ["", "十", "百", "千"] as const;

/**
 * 1–9999 in Chinese numerals as statutes number their articles: 10 → 十, 19 → 十九, 110 → 一百一十,
 * 103 → 一百零三, 203 → 二百零三, 1259 → 一千二百五十九. Throws for anything else.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`无法转换为中文数字：${n}`);
  const digits = String(n).split("").map(Number);
  let out = "";
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      pendingZero = out !== "";
      return;
    }
    if (pendingZero) out += DIGITS[0];
    pendingZero = false;
    // "十九", not "一十九", when ten leads the number; inside a larger number it is "一百一十".
    out += d === 1 && unit === "十" && out === "" ? unit : DIGITS[d] + unit;
  });
  return out;
}

/** "19" → "第十九条". The article is the Arabic-digit key used by the statutes file. */
export function formatArticle(article: string): string {
  if (!/^[1-9][0-9]*$/.test(article)) throw new RangeError(`条文编号无效：${article}`);
  return `第${chineseNumeral(Number(article))}条`;
}

export type TitleStyle = "short" | "full";

/**
 * The statute title in book-title marks. "short" is the statutes-file key (《劳动合同法》); "full" is the
 * official title where the alias table knows it (《中华人民共和国劳动合同法》). Marks already present are
 * not doubled.
 */
export function formatStatuteTitle(statute: string, style: TitleStyle = "short"): string {
  const bare = statute.replace(/^《+/, "").replace(/》+$/, "").trim();
  if (style === "full") {
    const known = Object.values(STATUTE_NAMES).find((n) => n.key === bare);
    if (known) return known.fullTitle;
  }
  return `《${bare}》`;
}

/** {statute: "集体合同规定", article: "19"} → "《集体合同规定》第十九条". */
export function formatCitation(citation: Citation, style: TitleStyle = "short"): string {
  return `${formatStatuteTitle(citation.statute, style)}${formatArticle(citation.article)}`;
}

/** Several citations of the same or different statutes: "《集体合同规定》第四十五条、第四十七条". */
export function formatCitations(citations: readonly Citation[], style: TitleStyle = "short"): string {
  const parts: string[] = [];
  let lastStatute: string | null = null;
  for (const c of citations) {
    if (c.statute === lastStatute) parts[parts.length - 1] += `、${formatArticle(c.article)}`;
    else parts.push(formatCitation(c, style));
    lastStatute = c.statute;
  }
  return parts.join("，");
}
