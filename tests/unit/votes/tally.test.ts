import { resolveRuleSet, type RuleSetId } from "~/domain/bargaining/rule-sets";
import {
  ballotRefusal,
  countChoices,
  isVoteChoice,
  openVoteCheck,
  tallyVote,
  type Ballot,
  type VoteChoice,
} from "~/domain/votes/tally";

const NATIONAL = resolveRuleSet("national");
const ZHEJIANG = resolveRuleSet("zhejiang");

let serial = 0;
function ballots(approve: number, oppose = 0, abstain = 0, paper = false): Ballot[] {
  const make = (choice: VoteChoice, n: number) =>
    Array.from({ length: n }, () => ({
      choice,
      receiptCode: `C${String(serial++).padStart(9, "0")}`,
      paper,
    }));
  return [...make("approve", approve), ...make("oppose", oppose), ...make("abstain", abstain)];
}

describe("openVoteCheck: 2/3 以上 of the whole roster present", () => {
  it.each([
    [30, 20, true],
    [30, 19, false],
    [100, 67, true],
    [100, 66, false],
    [3, 2, true],
    [3, 1, false],
    [31, 21, true],
    [31, 20, false],
    [1, 1, true],
  ])("roster %i, %i present → %s", (roster, present, met) => {
    const r = openVoteCheck(present, roster, NATIONAL);
    expect(r.met).toBe(met);
  });

  it("says why, with the required number and the article", () => {
    expect(openVoteCheck(19, 30, NATIONAL)).toMatchObject({
      met: false,
      required: 20,
      sourceLabel: "《集体合同规定》第三十六条",
      message:
        "应到30人，实到19人，不足全体职工代表的法定出席人数（至少20人），不能开始表决（《集体合同规定》第三十六条）",
    });
    expect(openVoteCheck(20, 30, NATIONAL).message).toBe(
      "应到30人，实到20人，达到全体职工代表的法定出席人数（至少20人），可以开始表决（《集体合同规定》第三十六条）",
    );
    expect(openVoteCheck(10, 12, NATIONAL, "assembly").message).toContain("全体职工的法定出席人数");
  });

  it.each([
    ["beijing", "《北京市集体合同条例》第三十八条"],
    ["shanghai", "《上海市集体合同条例》未作规定，适用《集体合同规定》第三十六条"],
    ["zhejiang", "《浙江省集体合同条例》第二十四条"],
    ["chongqing", "《重庆市集体合同条例》第二十六条"],
  ] as const)("uses %s's quorum rule with its source", (id: RuleSetId, source) => {
    const rules = resolveRuleSet(id);
    expect(openVoteCheck(67, 100, rules)).toMatchObject({ met: true, sourceLabel: source });
    expect(openVoteCheck(66, 100, rules).met).toBe(false);
  });

  it("refuses impossible counts", () => {
    expect(() => openVoteCheck(31, 30, NATIONAL)).toThrow(RangeError);
    expect(() => openVoteCheck(-1, 30, NATIONAL)).toThrow(RangeError);
    expect(() => openVoteCheck(1, 0, NATIONAL)).toThrow(RangeError);
    expect(() => openVoteCheck(2.5, 30, NATIONAL)).toThrow(RangeError);
  });
});

describe("tallyVote: approvals against the WHOLE roster", () => {
  it("passes 15 同意 of a roster of 30 (20 present) under the national 半数以上", () => {
    const r = tallyVote({ rosterSize: 30, present: 20, ballots: ballots(15, 3, 2), rules: NATIONAL });
    expect(r).toMatchObject({
      passed: true,
      counts: { approve: 15, oppose: 3, abstain: 2, total: 20 },
      notCast: 0,
      approvalRuleLabel: "半数以上",
      sourceLabel: "《集体合同规定》第三十六条",
      caseAction: "record_vote_passed",
    });
    expect(r.approval).toMatchObject({
      met: true,
      required: 15,
      total: 30,
      rule: "须经全体职工代表（或全体职工）半数以上同意",
    });
    expect(r.summary).toBe(
      "职工代表大会应到30人，实到20人；同意15票、不同意3票、弃权2票；依据《集体合同规定》第三十六条，达到全体职工代表半数以上（至少15票）同意，草案获得通过",
    );
  });

  it("fails 14 同意 of 30, and sends the draft back to the rounds with the result", () => {
    const r = tallyVote({ rosterSize: 30, present: 20, ballots: ballots(14, 6), rules: NATIONAL });
    expect(r.passed).toBe(false);
    expect(r.caseAction).toBe("record_vote_failed");
    expect(r.summary).toContain("未达到全体职工代表半数以上（至少15票）同意，草案未获通过");
  });

  it("needs 16 of 30 under 浙江's 过半数", () => {
    const at15 = tallyVote({ rosterSize: 30, present: 20, ballots: ballots(15, 5), rules: ZHEJIANG });
    const at16 = tallyVote({ rosterSize: 30, present: 20, ballots: ballots(16, 4), rules: ZHEJIANG });
    expect(at15).toMatchObject({
      passed: false,
      approvalRuleLabel: "过半数",
      sourceLabel: "《浙江省集体合同条例》第二十四条",
    });
    expect(at15.approval.required).toBe(16);
    expect(at16.passed).toBe(true);
  });

  it.each([
    ["national", 50, true],
    ["national", 49, false],
    ["beijing", 50, true],
    ["shanghai", 50, true],
    ["chongqing", 50, true],
    ["zhejiang", 50, false],
    ["zhejiang", 51, true],
  ] as const)("roster 100, 80 present: %s with %i 同意 → %s", (id, approve, passed) => {
    const r = tallyVote({
      rosterSize: 100,
      present: 80,
      ballots: ballots(approve, 80 - approve),
      rules: resolveRuleSet(id),
    });
    expect(r.passed).toBe(passed);
  });

  it("applies an admin's 过半数 override on the national rule set, and says so", () => {
    const rules = resolveRuleSet("national", {
      approval: { value: "more_than_half", note: "本地企业民主管理条例规定须过半数通过" },
    });
    const r = tallyVote({ rosterSize: 100, present: 80, ballots: ballots(50, 30), rules });
    expect(r.passed).toBe(false);
    expect(r.approvalRuleLabel).toBe("过半数");
    expect(r.sourceLabel).toBe("本组织设定（依据：本地企业民主管理条例规定须过半数通过）");
    expect(tallyVote({ rosterSize: 100, present: 80, ballots: ballots(51, 29), rules }).passed).toBe(true);
  });

  it("counts an odd roster with integers: 31 needs 16 either way", () => {
    expect(tallyVote({ rosterSize: 31, present: 21, ballots: ballots(15, 6), rules: NATIONAL }).passed).toBe(
      false,
    );
    expect(tallyVote({ rosterSize: 31, present: 21, ballots: ballots(16, 5), rules: NATIONAL }).passed).toBe(
      true,
    );
    expect(tallyVote({ rosterSize: 31, present: 21, ballots: ballots(16, 5), rules: ZHEJIANG }).passed).toBe(
      true,
    );
  });

  it("counts abstentions and absent members against the draft", () => {
    const r = tallyVote({ rosterSize: 30, present: 28, ballots: ballots(14, 0, 10), rules: NATIONAL });
    expect(r).toMatchObject({ passed: false, notCast: 4 });
  });

  it("merges paper ballots into the count and keeps them apart", () => {
    const r = tallyVote({
      rosterSize: 30,
      present: 20,
      ballots: [...ballots(12, 2), ...ballots(3, 1, 0, true)],
      rules: NATIONAL,
    });
    expect(r.passed).toBe(true);
    expect(r.online).toEqual({ approve: 12, oppose: 2, abstain: 0, total: 14 });
    expect(r.paper).toEqual({ approve: 3, oppose: 1, abstain: 0, total: 4 });
    expect(r.counts).toEqual({ approve: 15, oppose: 3, abstain: 0, total: 18 });
  });

  it("never passes without a quorum", () => {
    const r = tallyVote({ rosterSize: 30, present: 19, ballots: ballots(19), rules: NATIONAL });
    expect(r.passed).toBe(false);
    expect(r.summary).toContain("出席人数不足全体职工代表的法定人数（至少20人），表决无效");
  });

  it("labels an all-employee assembly", () => {
    const r = tallyVote({
      rosterSize: 12,
      present: 8,
      ballots: ballots(6, 2),
      rules: NATIONAL,
      kind: "assembly",
    });
    expect(r.summary.startsWith("职工大会应到12人，实到8人")).toBe(true);
    expect(r.summary).toContain("全体职工半数以上（至少6票）");
  });

  it("refuses more ballots than people present", () => {
    expect(() => tallyVote({ rosterSize: 30, present: 20, ballots: ballots(21), rules: NATIONAL })).toThrow(
      "选票数（21）超过出席人数（20）",
    );
  });
});

describe("ballots", () => {
  it("counts choices", () => {
    expect(countChoices([{ choice: "approve" }, { choice: "abstain" }, { choice: "approve" }])).toEqual({
      approve: 2,
      oppose: 0,
      abstain: 1,
      total: 3,
    });
    expect(isVoteChoice("oppose")).toBe(true);
    expect(isVoteChoice("同意")).toBe(false);
  });

  it("allows one ballot per person on the roster who is present, while the vote is open", () => {
    const ok = { status: "open" as const, onRoster: true, present: true, hasVoted: false };
    expect(ballotRefusal(ok)).toBeNull();
    expect(ballotRefusal({ ...ok, status: "preparing" })).toEqual({
      code: "vote_not_open",
      message: "表决尚未开始",
    });
    expect(ballotRefusal({ ...ok, status: "closed" })).toEqual({
      code: "vote_not_open",
      message: "表决已经结束",
    });
    expect(ballotRefusal({ ...ok, onRoster: false })?.code).toBe("not_on_roster");
    expect(ballotRefusal({ ...ok, present: false })?.code).toBe("not_present");
    expect(ballotRefusal({ ...ok, hasVoted: true })).toEqual({
      code: "already_voted",
      message: "您已经投过票，每人只能投一票",
    });
  });
});
