import { mergePaperBallots, type TellerEntries } from "~/domain/votes/paper";
import { publishReceiptList } from "~/domain/votes/receipts";
import { tallyVote, type Ballot } from "~/domain/votes/tally";
import { resolveRuleSet } from "~/domain/bargaining/rule-sets";

const ISSUED = ["AAAAA22222", "BBBBB22222", "CCCCC22222", "DDDDD22222", "EEEEE22222"];

const teller = (name: string, entries: [string, "approve" | "oppose" | "abstain"][]): TellerEntries => ({
  teller: name,
  entries: entries.map(([receiptCode, choice]) => ({ receiptCode, choice })),
});

function merged(first: TellerEntries, second: TellerEntries) {
  const r = mergePaperBallots(first, second, ISSUED);
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe("mergePaperBallots", () => {
  it("counts a slip only when both tellers entered the same choice, marked paper", () => {
    const r = merged(
      teller("计票人甲", [
        ["AAAAA22222", "approve"],
        ["BBBBB22222", "oppose"],
      ]),
      teller("计票人乙", [
        ["bbbbb-22222", "oppose"],
        ["AAAAA22222", "approve"],
      ]),
    );
    expect(r.counted).toEqual([
      { choice: "approve", receiptCode: "AAAAA22222", paper: true },
      { choice: "oppose", receiptCode: "BBBBB22222", paper: true },
    ]);
    expect(r.disagreements).toEqual([]);
    expect(r.incomplete).toEqual([]);
    expect(r.rejected).toEqual([]);
  });

  it("does not count a slip whose two entries differ", () => {
    const r = merged(
      teller("计票人甲", [
        ["AAAAA22222", "approve"],
        ["CCCCC22222", "approve"],
      ]),
      teller("计票人乙", [
        ["AAAAA22222", "approve"],
        ["CCCCC22222", "abstain"],
      ]),
    );
    expect(r.counted.map((b) => b.receiptCode)).toEqual(["AAAAA22222"]);
    expect(r.disagreements).toEqual([{ receiptCode: "CCCCC22222", first: "approve", second: "abstain" }]);
  });

  it("does not count a slip only one teller entered", () => {
    const r = merged(teller("甲", [["DDDDD22222", "oppose"]]), teller("乙", [["EEEEE22222", "approve"]]));
    expect(r.counted).toEqual([]);
    expect(r.incomplete).toEqual([
      { receiptCode: "DDDDD22222", teller: "甲", message: "仅一名计票人录入" },
      { receiptCode: "EEEEE22222", teller: "乙", message: "仅一名计票人录入" },
    ]);
  });

  it("rejects codes not printed for this vote and a teller who contradicts themselves", () => {
    const r = merged(
      teller("甲", [
        ["ZZZZZ22222", "approve"],
        ["AAAAA22222", "approve"],
        ["AAAAA22222", "oppose"],
        ["BBBBB22222", "approve"],
        ["BBBBB22222", "approve"],
      ]),
      teller("乙", [
        ["AAAAA22222", "approve"],
        ["BBBBB22222", "approve"],
        ["not a code", "approve"],
      ]),
    );
    expect(r.counted.map((b) => b.receiptCode)).toEqual(["BBBBB22222"]);
    expect(r.rejected).toEqual([
      { receiptCode: "ZZZZZ22222", teller: "甲", message: "不是本次表决印制的选票编号" },
      { receiptCode: "AAAAA22222", teller: "甲", message: "同一张选票录入了两次且选择不同" },
      { receiptCode: "not a code", teller: "乙", message: "不是本次表决印制的选票编号" },
    ]);
    expect(r.incomplete).toEqual([{ receiptCode: "AAAAA22222", teller: "乙", message: "仅一名计票人录入" }]);
  });

  it("requires two different tellers", () => {
    expect(mergePaperBallots(teller("甲", []), teller("甲", []), ISSUED)).toEqual({
      ok: false,
      message: "纸质选票须由两名不同的计票人分别录入",
    });
    expect(mergePaperBallots(teller(" ", []), teller("乙", []), ISSUED)).toEqual({
      ok: false,
      message: "请注明两名计票人",
    });
  });

  it("merges agreed paper ballots into the tally and the published list", () => {
    const online: Ballot[] = Array.from({ length: 14 }, (_, i) => ({
      choice: "approve",
      receiptCode: `ONLINE${String(i).padStart(4, "2")}`,
      paper: false,
    }));
    const r = merged(
      teller("甲", [
        ["AAAAA22222", "approve"],
        ["BBBBB22222", "oppose"],
      ]),
      teller("乙", [
        ["AAAAA22222", "approve"],
        ["BBBBB22222", "approve"],
      ]),
    );
    const all = [...online, ...r.counted];
    const result = tallyVote({
      rosterSize: 30,
      present: 20,
      ballots: all,
      rules: resolveRuleSet("national"),
    });
    expect(result.counts.approve).toBe(15);
    expect(result.paper).toEqual({ approve: 1, oppose: 0, abstain: 0, total: 1 });
    expect(result.passed).toBe(true);
    expect(publishReceiptList(all).count).toBe(15);
  });
});
