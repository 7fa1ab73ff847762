import type { Citation } from "./types";

/**
 * Legal-basis strings of the item library (health-check.md) and the statute texts the project ships.
 * Pure: the library of texts is passed in (templates/statutes exports the shipped one), so this module
 * imports no data and can be used with any version of the texts.
 */

export interface Statute {
  /** Official title, e.g. "中华人民共和国劳动法". */
  title: string;
  /** YYYY-MM-DD of the version the articles come from (see templates/statutes/version-date.ts). */
  versionDate: string;
  /** How versionDate was derived, in words, for the record. */
  versionDateBasis: string;
  history: string[];
  /** Article number (Arabic digits) → text. */
  articles: Record<string, string>;
}

export type StatuteLibrary = Record<string, Statute>;

interface StatuteName {
  /** Title as a reader expects it, e.g. 《女职工劳动保护特别规定》. */
  fullTitle: string;
  /** Key of the statutes file; null where the project has no full text (never make one up). */
  key: string | null;
}

/**
 * Short names used in the item library (and the full titles they stand for) → statutes-file keys.
 * 企业民主管理规定 is the one cited rule whose text the project does not hold yet: it resolves to
 * "no full text available". The local collective-contract regulations and 民法典 serve the bargaining rules.
 */
export const STATUTE_NAMES: Readonly<Record<string, StatuteName>> = {
  劳动法: { fullTitle: "《中华人民共和国劳动法》", key: "劳动法" },
  劳动合同法: { fullTitle: "《中华人民共和国劳动合同法》", key: "劳动合同法" },
  社会保险法: { fullTitle: "《中华人民共和国社会保险法》", key: "社会保险法" },
  安全生产法: { fullTitle: "《中华人民共和国安全生产法》", key: "安全生产法" },
  职业病防治法: { fullTitle: "《中华人民共和国职业病防治法》", key: "职业病防治法" },
  工会法: { fullTitle: "《中华人民共和国工会法》", key: "工会法" },
  调解仲裁法: { fullTitle: "《中华人民共和国劳动争议调解仲裁法》", key: "劳动争议调解仲裁法" },
  劳动争议调解仲裁法: { fullTitle: "《中华人民共和国劳动争议调解仲裁法》", key: "劳动争议调解仲裁法" },
  女职工规定: { fullTitle: "《女职工劳动保护特别规定》", key: "女职工劳动保护特别规定" },
  女职工劳动保护特别规定: { fullTitle: "《女职工劳动保护特别规定》", key: "女职工劳动保护特别规定" },
  工伤条例: { fullTitle: "《工伤保险条例》", key: "工伤保险条例" },
  工伤保险条例: { fullTitle: "《工伤保险条例》", key: "工伤保险条例" },
  年休假条例: { fullTitle: "《职工带薪年休假条例》", key: "职工带薪年休假条例" },
  职工带薪年休假条例: { fullTitle: "《职工带薪年休假条例》", key: "职工带薪年休假条例" },
  工时规定: { fullTitle: "《国务院关于职工工作时间的规定》", key: "国务院关于职工工作时间的规定" },
  国务院关于职工工作时间的规定: {
    fullTitle: "《国务院关于职工工作时间的规定》",
    key: "国务院关于职工工作时间的规定",
  },
  公积金条例: { fullTitle: "《住房公积金管理条例》", key: "住房公积金管理条例" },
  住房公积金管理条例: { fullTitle: "《住房公积金管理条例》", key: "住房公积金管理条例" },
  工资支付暂行规定: { fullTitle: "《工资支付暂行规定》", key: "工资支付暂行规定" },
  保障农民工工资支付条例: { fullTitle: "《保障农民工工资支付条例》", key: "保障农民工工资支付条例" },
  集体合同规定: { fullTitle: "《集体合同规定》", key: "集体合同规定" },
  派遣规定: { fullTitle: "《劳务派遣暂行规定》", key: "劳务派遣暂行规定" },
  劳务派遣暂行规定: { fullTitle: "《劳务派遣暂行规定》", key: "劳务派遣暂行规定" },
  最低工资规定: { fullTitle: "《最低工资规定》", key: "最低工资规定" },
  工资集体协商试行办法: { fullTitle: "《工资集体协商试行办法》", key: "工资集体协商试行办法" },
  劳动合同法实施条例: { fullTitle: "《中华人民共和国劳动合同法实施条例》", key: "劳动合同法实施条例" },
  劳动保障监察条例: { fullTitle: "《劳动保障监察条例》", key: "劳动保障监察条例" },
  民法典: { fullTitle: "《中华人民共和国民法典》", key: "民法典" },
  北京市集体合同条例: { fullTitle: "《北京市集体合同条例》", key: "北京市集体合同条例" },
  上海市集体合同条例: { fullTitle: "《上海市集体合同条例》", key: "上海市集体合同条例" },
  浙江省集体合同条例: { fullTitle: "《浙江省集体合同条例》", key: "浙江省集体合同条例" },
  重庆市集体合同条例: { fullTitle: "《重庆市集体合同条例》", key: "重庆市集体合同条例" },
  浙江省企业民主管理条例: { fullTitle: "《浙江省企业民主管理条例》", key: "浙江省企业民主管理条例" },
  民主管理规定: { fullTitle: "《企业民主管理规定》", key: null },
  企业民主管理规定: { fullTitle: "《企业民主管理规定》", key: null },
};

/** The statute keys the alias table points at: what templates/statutes has to ship. */
export function knownStatuteKeys(): string[] {
  return [...new Set(Object.values(STATUTE_NAMES).flatMap((n) => (n.key ? [n.key] : [])))];
}

export type LegalBasisSegment =
  | {
      kind: "citation";
      /** The name as written, without book-title marks, e.g. "劳动法", "安全生产法", "民主管理规定". */
      name: string;
      fullTitle: string;
      /** Statutes-file key; null when the project holds no text of this statute. */
      statute: string | null;
      /** Absent when the basis names the statute only (e.g. "民主管理规定"). */
      article?: string;
      /** The article's text when the library holds it. */
      text?: string;
      /** True when the text of the article is in the library. */
      available: boolean;
    }
  /** Words that are not a statute reference, e.g. the signal "劳动关系风险研判". */
  | { kind: "note"; text: string };

export interface ParsedLegalBasis {
  /** The basis was marked *(signal)*: a risk indicator, not a violation. */
  signal: boolean;
  segments: LegalBasisSegment[];
}

/** The item library marks a risk signal's basis with "*(signal)*"; this is the one place that reads it. */
const SIGNAL_MARK = /^\s*\*\(signal\)\*\s*/;

/** A risk signal (early warning), not a violation. */
export function isSignalBasis(basis: string): boolean {
  return SIGNAL_MARK.test(basis);
}

/** The basis as a reader gets it: without the signal mark. */
export function basisText(basis: string): string {
  return isSignalBasis(basis) ? basis.replace(SIGNAL_MARK, "").trim() : basis;
}

const ARTICLE = /第([0-9〇零一二两三四五六七八九十百]+)条/g;

/**
 * Splits a legal-basis string into statute references, one per article:
 * "劳动法 第50条；劳动合同法 第30条、第85条" → 劳动法 50, 劳动合同法 30, 劳动合同法 85.
 * With a library, each reference says whether its text is available and carries it.
 */
export function parseLegalBasis(basis: string, library?: StatuteLibrary): ParsedLegalBasis {
  const signal = isSignalBasis(basis);
  const rest = basisText(basis).trim();
  const segments: LegalBasisSegment[] = [];
  for (const part of rest.split(/[；;]/)) {
    const text = part.trim();
    if (text === "") continue;
    const firstArticle = text.search(/第[0-9〇零一二两三四五六七八九十百]+条/);
    const rawName = (firstArticle === -1 ? text : text.slice(0, firstArticle)).trim();
    const name = rawName.replace(/^《(.*)》$/, "$1").trim();
    const known = lookupName(name, library);
    const articles =
      firstArticle === -1 ? [] : [...text.slice(firstArticle).matchAll(ARTICLE)].map((m) => m[1]);
    if (!known && articles.length === 0) {
      segments.push({ kind: "note", text });
      continue;
    }
    const fullTitle = known?.fullTitle ?? `《${name}》`;
    const statute = known?.key ?? null;
    if (articles.length === 0) {
      segments.push({ kind: "citation", name, fullTitle, statute, available: false });
      continue;
    }
    for (const raw of articles) {
      const article = articleNumber(raw);
      const articleText = statute && article ? library?.[statute]?.articles[article] : undefined;
      segments.push({
        kind: "citation",
        name,
        fullTitle,
        statute,
        article: article ?? raw,
        ...(articleText !== undefined ? { text: articleText } : {}),
        available: articleText !== undefined,
      });
    }
  }
  return { signal, segments };
}

/** The machine-readable citations of a basis: every named article whose text the library holds. */
export function citationsFromLegalBasis(basis: string, library: StatuteLibrary): Citation[] {
  return parseLegalBasis(basis, library).segments.flatMap((s) =>
    s.kind === "citation" && s.available && s.statute && s.article
      ? [{ statute: s.statute, article: s.article }]
      : [],
  );
}

/** The article text a citation points to, or null when the library does not hold it. */
export function resolveCitation(library: StatuteLibrary, citation: Citation): string | null {
  return library[citation.statute]?.articles[citation.article] ?? null;
}

/** "中华人民共和国劳动合同法 第10条" for display; null when the citation does not resolve. */
export function citationLabel(library: StatuteLibrary, citation: Citation): string | null {
  const statute = library[citation.statute];
  if (!statute || !(citation.article in statute.articles)) return null;
  return `《${statute.title}》第${citation.article}条`;
}

function lookupName(name: string, library?: StatuteLibrary): StatuteName | undefined {
  const alias = STATUTE_NAMES[name];
  if (alias) return alias;
  // A name that is itself a key of the library (e.g. "劳动合同法实施条例" in an imported template).
  if (library?.[name]) return { fullTitle: `《${library[name].title}》`, key: name };
  return undefined;
}

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "50" → "50"; "四十一" → "41"; "一百零三" → "103"; null for something else. */
export function articleNumber(raw: string): string | null {
  if (/^[0-9]+$/.test(raw)) return String(Number(raw));
  let total = 0;
  let digit = 0;
  let seen = false;
  for (const ch of raw) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
      seen = true;
    } else if (ch === "十" || ch === "百") {
      const unit = ch === "十" ? 10 : 100;
      total += (seen || digit > 0 ? digit : 1) * unit;
      digit = 0;
      seen = false;
    } else {
      return null;
    }
  }
  total += digit;
  return total > 0 ? String(total) : null;
}
