/**
 * After the congress approved the draft: both chief representatives sign the voted version (集体合同规定
 * 第37条), the signed text is frozen and fingerprinted, the employer files it with the labour administration
 * (第42条), whose receipt starts the review (第45条, 第47条), and the sides publish it once it is in effect
 * (第48条). Pure: the service hashes the canonical text with SHA-256 and stores what these functions accept.
 */
import type { LocalDate } from "../dates";
import { numberContract, type ContractText } from "../contracts/draft";

/**
 * The signed text as one string, exactly as printed (第一章 / 第一条 numbering, title, each clause), so the
 * fingerprint printed on the Word file can be recomputed by anyone from the frozen copy.
 */
export function canonicalContractText(text: ContractText): string {
  const lines: string[] = [text.title.trim()];
  for (const chapter of numberContract(text)) {
    lines.push(chapter.heading);
    for (const article of chapter.articles)
      lines.push(`${article.label}\u3000${article.clause.title.trim()}\u3000${article.clause.text.trim()}`);
  }
  return lines.join("\n");
}

/** A SHA-256 hex digest in groups of eight, for printing and reading aloud. */
export function formatFingerprint(hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new RangeError(`不是SHA-256摘要：${hex}`);
  return hex.match(/.{8}/g)!.join(" ");
}

export type SigningSide = "employee" | "employer";

export const SIGNING_SIDE_LABELS: Record<SigningSide, string> = {
  employee: "职工方首席代表",
  employer: "用人单位方首席代表",
};

export interface Signature {
  name: string;
  at: string;
}

/** Who still has to sign; the contract is signed when nobody does. */
export function signingProgress(signatures: Partial<Record<SigningSide, Signature | null>>): {
  complete: boolean;
  waitingFor: SigningSide[];
} {
  const waitingFor = (["employee", "employer"] as const).filter((s) => !signatures[s]);
  return { complete: waitingFor.length === 0, waitingFor };
}

/** Why a date of the filing steps cannot be recorded, in Chinese; null when it can. */
export function filingDateProblem(input: {
  what: "filed" | "received" | "published" | "notice";
  date: LocalDate;
  today: LocalDate;
  /** The step before: signing (filed), filing (received), the effective date (published), the vote (notice). */
  after: LocalDate | null;
}): string | null {
  const { what, date, today, after } = input;
  const label = {
    filed: "报送日期",
    received: "劳动行政部门收到文本的日期",
    published: "公布日期",
    notice: "收到书面告知的日期",
  }[what];
  if (date > today) return `${label}不能晚于今天`;
  if (after && date < after) {
    const before = {
      filed: "双方签字日期",
      received: "报送日期",
      published: "集体合同生效日期",
      notice: "职代会表决日期",
    }[what];
    return `${label}不能早于${before}（${after}）`;
  }
  return null;
}
