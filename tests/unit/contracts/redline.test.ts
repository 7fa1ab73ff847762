import {
  nextVersion,
  type ContractText,
  type DraftClause,
  type DraftVersion,
} from "~/domain/contracts/draft";
import { compareContracts, diffText, segmentsAfter, segmentsBefore } from "~/domain/contracts/redline";
import { clauseOf, draftOf } from "./helpers";

function plain(id: string, text: string, title = id): DraftClause {
  return {
    id,
    topic: "other",
    title,
    text,
    origin: "agreed",
    templateKey: null,
    rendering: null,
    legalMinimum: null,
    covers: [],
  };
}

function contract(...chapters: [string, DraftClause[]][]): ContractText {
  return { title: "集体合同", chapters: chapters.map(([key, clauses]) => ({ key, title: key, clauses })) };
}

describe("diffText (by character)", () => {
  it("shows an insertion inside a sentence", () => {
    expect(diffText("甲方按月支付工资。", "甲方按月足额支付工资。")).toEqual([
      { op: "equal", text: "甲方按月" },
      { op: "insert", text: "足额" },
      { op: "equal", text: "支付工资。" },
    ]);
  });

  it("shows a deletion inside a sentence", () => {
    expect(diffText("甲方应当及时、足额支付工资。", "甲方应当足额支付工资。")).toEqual([
      { op: "equal", text: "甲方应当" },
      { op: "delete", text: "及时、" },
      { op: "equal", text: "足额支付工资。" },
    ]);
  });

  it("shows a replacement inside a sentence as one deletion then one insertion", () => {
    expect(diffText("每周工作时间不超过40小时。", "每周工作时间不超过38小时。")).toEqual([
      { op: "equal", text: "每周工作时间不超过" },
      { op: "delete", text: "40" },
      { op: "insert", text: "38" },
      { op: "equal", text: "小时。" },
    ]);
    expect(diffText("于每月15日前支付上月工资", "于每月10日前支付本月工资")).toEqual([
      { op: "equal", text: "于每月1" },
      { op: "delete", text: "5" },
      { op: "insert", text: "0" },
      { op: "equal", text: "日前支付" },
      { op: "delete", text: "上" },
      { op: "insert", text: "本" },
      { op: "equal", text: "月工资" },
    ]);
  });

  it("folds a single common character stranded inside a rewritten phrase", () => {
    // jsdiff alone gives 按→每, 月, 足额→及时: the lone 月 is folded into one replacement.
    expect(diffText("工资按月足额支付", "工资每月及时支付")).toEqual([
      { op: "equal", text: "工资" },
      { op: "delete", text: "按月足额" },
      { op: "insert", text: "每月及时" },
      { op: "equal", text: "支付" },
    ]);
    // Two common characters stay visible.
    expect(diffText("由甲方的人事部门负责", "由乙方的工会负责")).toEqual([
      { op: "equal", text: "由" },
      { op: "delete", text: "甲" },
      { op: "insert", text: "乙" },
      { op: "equal", text: "方的" },
      { op: "delete", text: "人事部门" },
      { op: "insert", text: "工会" },
      { op: "equal", text: "负责" },
    ]);
  });

  it("is a single equal run for identical texts, and rebuilds both texts", () => {
    expect(diffText("本合同期限为3年。", "本合同期限为3年。")).toEqual([
      { op: "equal", text: "本合同期限为3年。" },
    ]);
    const before = "甲方为职工提供劳动防护用品，每6个月核查一次。";
    const after = "甲方为全体职工免费提供劳动防护用品，每3个月核查一次，并公示。";
    const s = diffText(before, after);
    expect(segmentsBefore(s)).toBe(before);
    expect(segmentsAfter(s)).toBe(after);
  });

  it("splits by code point, so a rare character outside the BMP is never cut in half", () => {
    const s = diffText("职工𠀀甲", "职工𠀁甲");
    expect(s).toEqual([
      { op: "equal", text: "职工" },
      { op: "delete", text: "𠀀" },
      { op: "insert", text: "𠀁" },
      { op: "equal", text: "甲" },
    ]);
  });

  it("handles empty texts", () => {
    expect(diffText("", "新增")).toEqual([{ op: "insert", text: "新增" }]);
    expect(diffText("删除", "")).toEqual([{ op: "delete", text: "删除" }]);
    expect(diffText("", "")).toEqual([]);
  });
});

describe("compareContracts (by clause)", () => {
  const a = plain("a", "甲方按月支付工资。");
  const b = plain("b", "每周工作时间不超过40小时。");
  const c = plain("c", "甲方保证职工每周至少休息一日。");
  const d = plain("d", "本合同期限为3年。");

  it("finds nothing in identical texts", () => {
    const r = compareContracts(contract(["x", [a, b]], ["y", [c]]), contract(["x", [a, b]], ["y", [c]]));
    expect(r.identical).toBe(true);
    expect(r.summary).toEqual({ added: 0, removed: 0, changed: 0, moved: 0, unchanged: 3 });
    expect(r.entries.map((e) => [e.clauseId, e.kind, e.moved])).toEqual([
      ["a", "unchanged", false],
      ["b", "unchanged", false],
      ["c", "unchanged", false],
    ]);
    expect(r.entries[2].before).toEqual({
      chapterKey: "y",
      chapterHeading: "第二章\u3000y",
      articleNumber: 3,
      articleLabel: "第三条",
    });
  });

  it("finds an added and a removed clause where they stand", () => {
    const e = plain("e", "甲方为职工开通上下班班车。");
    const r = compareContracts(contract(["x", [a, b, c]]), contract(["x", [a, e, c]]));
    expect(r.entries.map((x) => [x.clauseId, x.kind])).toEqual([
      ["a", "unchanged"],
      ["b", "removed"],
      ["e", "added"],
      ["c", "unchanged"],
    ]);
    const removed = r.entries[1];
    expect(removed).toMatchObject({
      after: null,
      textAfter: null,
      segments: [{ op: "delete", text: b.text }],
    });
    expect(removed.before?.articleLabel).toBe("第二条");
    expect(r.entries[2]).toMatchObject({ before: null, segments: [{ op: "insert", text: e.text }] });
    expect(r.summary).toMatchObject({ added: 1, removed: 1, changed: 0, moved: 0 });
    expect(r.identical).toBe(false);
  });

  it("finds a changed clause with its character diff", () => {
    const b2 = { ...b, text: "每周工作时间不超过38小时。" };
    const r = compareContracts(contract(["x", [a, b]]), contract(["x", [a, b2]]));
    expect(r.entries[1]).toMatchObject({
      clauseId: "b",
      kind: "changed",
      moved: false,
      textBefore: b.text,
      textAfter: b2.text,
      segments: [
        { op: "equal", text: "每周工作时间不超过" },
        { op: "delete", text: "40" },
        { op: "insert", text: "38" },
        { op: "equal", text: "小时。" },
      ],
    });
  });

  it("marks a clause changed when only its heading changed", () => {
    const r = compareContracts(contract(["x", [a]]), contract(["x", [{ ...a, title: "工资按月支付" }]]));
    expect(r.entries[0]).toMatchObject({ kind: "changed", title: "工资按月支付", titleBefore: "a" });
  });

  it("finds a moved clause once, at its new place, and renumbers", () => {
    const r = compareContracts(contract(["x", [a, b, c, d]]), contract(["x", [a, c, d, b]]));
    expect(r.entries.map((x) => [x.clauseId, x.kind, x.moved])).toEqual([
      ["a", "unchanged", false],
      ["c", "unchanged", false],
      ["d", "unchanged", false],
      ["b", "unchanged", true],
    ]);
    expect(r.entries[3].before?.articleLabel).toBe("第二条");
    expect(r.entries[3].after?.articleLabel).toBe("第四条");
    expect(r.summary).toEqual({ added: 0, removed: 0, changed: 0, moved: 1, unchanged: 4 });
    expect(r.identical).toBe(false);
  });

  it("finds a clause moved to another chapter in the same order, and a moved clause that also changed", () => {
    const r = compareContracts(contract(["x", [a, b]], ["y", [c]]), contract(["x", [a]], ["y", [b, c]]));
    expect(r.entries.find((e) => e.clauseId === "b")).toMatchObject({ kind: "unchanged", moved: true });
    const changedAndMoved = compareContracts(
      contract(["x", [a, b, c]]),
      contract(["x", [{ ...c, text: "甲方保证职工每周休息两日。" }, a, b]]),
    );
    expect(changedAndMoved.entries[0]).toMatchObject({ clauseId: "c", kind: "changed", moved: true });
  });

  it("compares a version with the previous contract, matching a replaced clause by its template", () => {
    const previous = draftOf("comprehensive");
    const renamed: ContractText = {
      ...previous,
      chapters: previous.chapters.map((ch) => ({
        ...ch,
        clauses: ch.clauses.map((x) =>
          x.templateKey === "working_hours.standard" ? { ...x, id: "old-hours" } : x,
        ),
      })),
    };
    const draft = draftOf("comprehensive", [
      {
        topic: "working_hours",
        clauses: [{ templateKey: "working_hours.standard", values: { weeklyHours: 38 } }],
      },
    ]);
    const r = compareContracts(renamed, draft);
    expect(r.entries.find((e) => e.clauseId === "working_hours.standard")).toMatchObject({
      kind: "changed",
      moved: false,
    });
    expect(r.summary.added).toBe(0);
    expect(r.entries.filter((e) => e.kind === "removed").map((e) => e.clauseId)).toContain(
      "working_hours.overtime",
    );
  });

  it("shows 第2稿's change against 第1稿 after an accepted suggestion", () => {
    const v1 = draftOf("comprehensive");
    const pay = clauseOf(v1, "remuneration.payment");
    const r2 = nextVersion(v1, [
      { id: "s", change: { kind: "values", clauseId: pay.id, baseText: pay.text, values: { payDay: 10 } } },
    ]);
    const v2 = (r2 as { ok: true; draft: DraftVersion }).draft;
    const redline = compareContracts(v1, v2);
    expect(redline.summary).toMatchObject({ changed: 1, added: 0, removed: 0, moved: 0 });
    const entry = redline.entries.find((e) => e.kind === "changed");
    expect(entry?.segments).toEqual([
      { op: "equal", text: "甲方以货币形式按月支付职工工资，于每月1" },
      { op: "delete", text: "5" },
      { op: "insert", text: "0" },
      { op: "equal", text: pay.text.slice(pay.text.indexOf("日前支付")) },
    ]);
  });
});
