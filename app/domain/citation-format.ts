/**
 * Article citations as Chinese legal writing renders them: 《集体合同规定》第十九条, 《民法典》第二百零三条.
 * One formatter for every context (bargaining rule sets, health-check legal bases), so articles are always
 * written with Chinese numerals and a title is never wrapped twice in book-title marks.
 */
import { STATUTE_NAMES, basisText, parseLegalBasis, type StatuteLibrary } from "./health-check/statutes";
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

/**
 * A legal basis of the item library as prose, each statute by its full title and each article in Chinese
 * numerals: "劳动法 第50条；劳动合同法 第30条、第85条" → "《中华人民共和国劳动法》第五十条；
 * 《中华人民共和国劳动合同法》第三十条、第八十五条". Words that are no statute reference (the signals'
 * "劳动关系风险研判") are kept as written, and so is the signal mark's absence: pass the basis without it.
 */
export function formatLegalBasis(basis: string, library?: StatuteLibrary): string {
  return basisText(basis)
    .split(/[；;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const segments = parseLegalBasis(part, library).segments;
      const first = segments[0];
      if (!first || first.kind === "note") return part;
      const articles = segments.flatMap((s) => (s.kind === "citation" && s.article ? [s.article] : []));
      const title = formatStatuteTitle(first.fullTitle, "full");
      return `${title}${articles.map(articleText).join("、")}`;
    })
    .join("；");
}

/** An article as prose: "41" → 第四十一条; anything the parser could not number is kept as 第…条. */
function articleText(article: string): string {
  return /^[1-9][0-9]*$/.test(article) ? formatArticle(article) : `第${article}条`;
}

/** One article a legal basis or a citation list points to, as a reader opens it. */
export interface CitedArticle {
  /** Statutes-file key; null when the project holds no text of the statute (企业民主管理规定). */
  statute: string | null;
  /** Arabic-digit article number; absent when the basis names the statute only. */
  article?: string;
  /** "《中华人民共和国劳动法》第四十一条", or the title alone when no article is named. */
  label: string;
  /** The article's text; null when it is not in the library (shown as 全文未收录, with nothing to open). */
  text: string | null;
  /** Date of the version the text comes from. */
  versionDate?: string;
}

/**
 * Every article a basis names, then the structured citations it does not name (an imported template's,
 * an item's kept from its finding), each once, with its text where the library holds it.
 */
export function citedArticles(
  basis: string | undefined,
  citations: readonly Citation[],
  library: StatuteLibrary,
): CitedArticle[] {
  const out: CitedArticle[] = [];
  const seen = new Set<string>();
  const push = (entry: CitedArticle) => {
    const key = `${entry.statute ?? entry.label}#${entry.article ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(entry);
  };
  const segments = basis ? parseLegalBasis(basis, library).segments : [];
  for (const s of segments) {
    if (s.kind !== "citation") continue;
    const title = formatStatuteTitle(s.fullTitle, "full");
    const statute = s.statute && library[s.statute] ? s.statute : null;
    push({
      statute,
      ...(s.article ? { article: s.article } : {}),
      label: s.article ? `${title}${articleText(s.article)}` : title,
      text: s.text ?? null,
      ...(statute ? { versionDate: library[statute].versionDate } : {}),
    });
  }
  for (const c of citations) {
    const statute = library[c.statute];
    const title = statute ? `《${statute.title}》` : formatStatuteTitle(c.statute, "full");
    push({
      statute: statute ? c.statute : null,
      article: c.article,
      label: `${title}${articleText(c.article)}`,
      text: statute?.articles[c.article] ?? null,
      ...(statute ? { versionDate: statute.versionDate } : {}),
    });
  }
  return out;
}

/**
 * The annex of a document: the text of every article its findings or items cite, each once, grouped by
 * statute in the order first cited. Articles whose text is not held are listed as 全文未收录.
 */
export function articleAnnex(cited: readonly CitedArticle[]): CitedArticle[] {
  const seen = new Set<string>();
  const unique = cited.filter((c) => {
    const key = `${c.statute ?? c.label}#${c.article ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const statuteOrder = new Map<string, number>();
  unique.forEach((c) => {
    const key = c.statute ?? c.label;
    if (!statuteOrder.has(key)) statuteOrder.set(key, statuteOrder.size);
  });
  return unique
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const byStatute =
        statuteOrder.get(a.c.statute ?? a.c.label)! - statuteOrder.get(b.c.statute ?? b.c.label)!;
      if (byStatute !== 0) return byStatute;
      const byArticle = Number(a.c.article ?? 0) - Number(b.c.article ?? 0);
      return Number.isNaN(byArticle) || byArticle === 0 ? a.i - b.i : byArticle;
    })
    .map(({ c }) => c);
}
