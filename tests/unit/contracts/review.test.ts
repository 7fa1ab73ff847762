import { nextVersion, type DraftVersion } from "~/domain/contracts/draft";
import { decideSuggestion, unresolvedComments, type CommentThread } from "~/domain/contracts/review";
import { clauseOf, draftOf } from "./helpers";

const thread = (id: string, clauseId: string, text: string, resolved = false): CommentThread => ({
  id,
  clauseId,
  versionNumber: 1,
  openedBy: "李娜",
  text,
  resolved,
});

describe("unresolvedComments", () => {
  const v1 = draftOf("comprehensive");

  it("lists open threads by article, cutting long comments to 40 characters", () => {
    const long =
      "这一条的表述不够清楚，建议明确加班工资的计算基数，以劳动合同约定的工资为准，不得以最低工资为基数计算，并写明支付时间。";
    const list = unresolvedComments(
      [
        thread("b", "remuneration.overtime_pay", long),
        thread("a", "general.basis", "甲方名称写全称。"),
        thread("c", "general.basis", "x", true),
      ],
      v1,
    );
    expect(list.map((u) => [u.threadId, u.articleLabel, u.where])).toEqual([
      ["a", "第一条", "第一条（订立依据和双方）"],
      ["b", "第六条", "第六条（加班工资）"],
    ]);
    expect([...list[1].excerpt]).toHaveLength(41);
    expect(list[1].excerpt.endsWith("…")).toBe(true);
  });

  it("puts threads on a clause deleted since last, and says so", () => {
    const training = clauseOf(v1, "training.plan");
    const v2 = (
      nextVersion(v1, [
        { id: "d", change: { kind: "delete", clauseId: training.id, baseText: training.text } },
      ]) as {
        ok: true;
        draft: DraftVersion;
      }
    ).draft;
    const list = unresolvedComments(
      [thread("gone", "training.plan", "培训学时太少。"), thread("a", "general.basis", "名称")],
      v2,
    );
    expect(list.map((u) => [u.threadId, u.articleLabel, u.where])).toEqual([
      ["a", "第一条", "第一条（订立依据和双方）"],
      ["gone", null, "已删除的条款"],
    ]);
  });
});

describe("decideSuggestion", () => {
  it("accepts, declines with a reason, or withdraws a pending suggestion", () => {
    expect(decideSuggestion("pending", { decision: "accept" })).toEqual({
      ok: true,
      status: "accepted",
      reason: null,
    });
    expect(decideSuggestion("pending", { decision: "decline", reason: " 与工资专项合同重复 " })).toEqual({
      ok: true,
      status: "declined",
      reason: "与工资专项合同重复",
    });
    expect(decideSuggestion("pending", { decision: "withdraw" })).toEqual({
      ok: true,
      status: "withdrawn",
      reason: null,
    });
  });

  it("requires a reason to decline, and keeps a decided suggestion decided", () => {
    expect(decideSuggestion("pending", { decision: "decline", reason: "  " })).toEqual({
      ok: false,
      message: "不采纳建议时请写明理由，提出人可以看到",
    });
    expect(decideSuggestion("pending", { decision: "decline", reason: "理".repeat(501) })).toMatchObject({
      ok: false,
    });
    expect(decideSuggestion("accepted", { decision: "decline", reason: "改主意" })).toEqual({
      ok: false,
      message: "该建议已采纳，不能再处理",
    });
    expect(decideSuggestion("declined", { decision: "accept" })).toMatchObject({ ok: false });
  });
});
