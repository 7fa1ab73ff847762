/**
 * Paper ballots for those without a phone. Slips are printed in advance, each with a receipt code from the
 * same generator (its tear-off stub is the voter's receipt). After the vote two tellers each enter every
 * slip's code and choice on their own; a slip counts only when both tellers entered it with the same
 * choice. Counted slips become ballots marked paper and merge into the tally. Differences and slips only
 * one teller entered are listed for the tellers to look at the slip again; they are not counted.
 */
import { normalizeReceiptCode } from "./receipts";
import type { Ballot, VoteChoice } from "./tally";

export interface PaperEntry {
  /** The code printed on the slip, as typed. */
  receiptCode: string;
  choice: VoteChoice;
}

export interface TellerEntries {
  /** The teller's name or id: the two tellers must differ. */
  teller: string;
  entries: readonly PaperEntry[];
}

export interface PaperDisagreement {
  receiptCode: string;
  first: VoteChoice;
  second: VoteChoice;
}

export interface PaperProblem {
  receiptCode: string;
  teller: string;
  message: string;
}

export type PaperMerge =
  | {
      ok: true;
      /** Slips both tellers entered alike: ballots marked paper. */
      counted: Ballot[];
      /** Both entered the slip, with different choices: not counted. */
      disagreements: PaperDisagreement[];
      /** Only one teller entered the slip: not counted yet. */
      incomplete: PaperProblem[];
      /** Entries that cannot be a slip of this vote, or a teller contradicting themselves: not counted. */
      rejected: PaperProblem[];
    }
  | { ok: false; message: string };

/** One teller's entries by code; a code they entered twice with different choices is rejected. */
function byCode(
  t: TellerEntries,
  issued: ReadonlySet<string>,
  rejected: PaperProblem[],
): Map<string, VoteChoice> {
  const out = new Map<string, VoteChoice>();
  const contradicted = new Set<string>();
  for (const e of t.entries) {
    const code = normalizeReceiptCode(e.receiptCode);
    if (code === null || !issued.has(code)) {
      rejected.push({ receiptCode: e.receiptCode, teller: t.teller, message: "不是本次表决印制的选票编号" });
      continue;
    }
    const earlier = out.get(code);
    if (earlier !== undefined && earlier !== e.choice && !contradicted.has(code)) {
      contradicted.add(code);
      rejected.push({ receiptCode: code, teller: t.teller, message: "同一张选票录入了两次且选择不同" });
    }
    out.set(code, e.choice);
  }
  contradicted.forEach((code) => out.delete(code));
  return out;
}

/** The two tellers' entries merged against the codes printed on the slips. */
export function mergePaperBallots(
  first: TellerEntries,
  second: TellerEntries,
  issuedCodes: Iterable<string>,
): PaperMerge {
  if (first.teller.trim() === "" || second.teller.trim() === "")
    return { ok: false, message: "请注明两名计票人" };
  if (first.teller === second.teller) return { ok: false, message: "纸质选票须由两名不同的计票人分别录入" };
  const issued = new Set(issuedCodes);
  const rejected: PaperProblem[] = [];
  const a = byCode(first, issued, rejected);
  const b = byCode(second, issued, rejected);
  const counted: Ballot[] = [];
  const disagreements: PaperDisagreement[] = [];
  const incomplete: PaperProblem[] = [];
  for (const [code, choice] of a) {
    const other = b.get(code);
    if (other === undefined)
      incomplete.push({ receiptCode: code, teller: first.teller, message: "仅一名计票人录入" });
    else if (other === choice) counted.push({ choice, receiptCode: code, paper: true });
    else disagreements.push({ receiptCode: code, first: choice, second: other });
  }
  for (const code of b.keys()) {
    if (!a.has(code))
      incomplete.push({ receiptCode: code, teller: second.teller, message: "仅一名计票人录入" });
  }
  counted.sort((x, y) => (x.receiptCode < y.receiptCode ? -1 : x.receiptCode > y.receiptCode ? 1 : 0));
  return { ok: true, counted, disagreements, incomplete, rejected };
}
