/**
 * Document numbers (发文字号) that say whose they are: the issuing organisation's short code (机关代字), the
 * kind of document, the year in 〔〕 and the number in the organisation's series for that year —
 * 湖滨工体〔2026〕2号 for the 2nd risk report the 湖滨 union issued in 2026, 湖滨工处〔2026〕5号 for its 5th
 * legal prescription. The series is per organisation and year, so a number is unique per organisation.
 */

export type NumberedDocument = "report" | "prescription";

/** 工体: 工会法律体检报告; 工处: 工会法律处方. */
const KIND_MARK: Record<NumberedDocument, string> = { report: "工体", prescription: "工处" };

export function formatDocumentNo(kind: NumberedDocument, orgCode: string, year: string, n: number): string {
  return `${orgCode}${KIND_MARK[kind]}〔${year}〕${n}号`;
}

const HAN = /^[\u4e00-\u9fff]+$/;

/** Why a short code cannot be used, or null: 2–6 Chinese characters. */
export function shortCodeProblem(code: string): string | null {
  if (!HAN.test(code) || code.length < 2 || code.length > 6) return "机关代字应为 2 到 6 个汉字";
  return null;
}

const ORG_SUFFIX = /(总工会|工会联合会|工会委员会|联合工会|工会)$/;
const PLACE_UNIT = /省|自治区|市|自治州|地区|区|县|镇|乡|街道|园区|开发区|新区/;

/**
 * The short code used while the admin has set none: the name of the smallest place in the organisation's
 * name (湖滨街道总工会 → 湖滨, 苏州市吴中区长桥街道总工会 → 长桥, 云溪区总工会 → 云溪), else the name
 * without "工会" cut to four characters. Always 2–6 Chinese characters when the name has two.
 */
export function defaultShortCode(orgName: string): string {
  const stem = orgName.trim().replace(ORG_SUFFIX, "");
  const places = stem.split(PLACE_UNIT).filter((p) => p.length > 0);
  const last = places[places.length - 1];
  if (last && shortCodeProblem(last) === null) return last;
  const han = [...stem].filter((ch) => HAN.test(ch)).join("");
  if (han.length >= 2) return han.slice(0, 4);
  return "工会";
}

/** The code an organisation's numbers carry: the one the admin set, else the default. */
export function orgShortCode(org: { name: string; shortCode?: string | null }): string {
  return org.shortCode || defaultShortCode(org.name);
}

/** Why a red head (版头) text cannot be used, or null: up to 30 characters, no line breaks. */
export function redHeadProblem(text: string): string | null {
  if (text.length > 30) return "版头最多 30 个字";
  if (/[\r\n]/.test(text)) return "版头应为一行文字";
  return null;
}
