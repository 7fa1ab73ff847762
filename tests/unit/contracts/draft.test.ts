import {
  articleLabel,
  assembleDraft,
  chapterLabel,
  locateClause,
  nextVersion,
  numberContract,
  versionLabel,
  type AcceptedSuggestion,
  type DraftVersion,
} from "~/domain/contracts/draft";
import { DEFAULT_CONTRACT_LIBRARY } from "../../../templates/contracts";
import { PARTIES, allAgreed, clauseOf as clause, draftOf } from "./helpers";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function next(d: DraftVersion, accepted: AcceptedSuggestion[]): DraftVersion {
  const r = nextVersion(d, accepted);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.draft;
}

describe("assembleDraft", () => {
  it("builds 第1稿 of a comprehensive contract with all 15 topics agreed, chapters in the library's order", () => {
    const d = draftOf("comprehensive");
    expect(d.number).toBe(1);
    expect(d.title).toBe("滨江湖滨精密机械有限公司集体合同（草案）");
    expect(d.library).toEqual({ key: "default", version: 1 });
    expect(d.applied).toEqual([]);
    expect(d.chapters.map((c) => c.title)).toEqual([
      "总则",
      "劳动报酬",
      "工作时间",
      "休息休假",
      "劳动安全与卫生",
      "补充保险和福利",
      "女职工和未成年工特殊保护",
      "职业技能培训",
      "劳动合同管理",
      "奖惩",
      "裁员",
      "合同期限及变更、解除",
      "争议处理和违约责任",
      "其他约定",
      "附则",
    ]);
    const first = d.chapters[0].clauses[0];
    expect(first).toMatchObject({ id: "general.basis", origin: "library", templateKey: "general.basis" });
    expect(first.text).toContain("滨江湖滨精密机械有限公司（以下简称甲方）与滨江湖滨精密机械有限公司工会");
  });

  it("leaves out topics not agreed, keeps the frame", () => {
    const d = draftOf("comprehensive", [
      { topic: "working_hours", clauses: [] },
      { topic: "contract_term", clauses: [] },
    ]);
    expect(d.chapters.map((c) => c.title)).toEqual(["总则", "工作时间", "合同期限及变更、解除", "附则"]);
    expect(d.chapters[2].clauses.map((c) => c.id)).toEqual(["term.duration"]);
  });

  it("renders the figures agreed at the table and uses only the clauses listed", () => {
    const d = draftOf("comprehensive", [
      {
        topic: "working_hours",
        clauses: [{ templateKey: "working_hours.standard", values: { weeklyHours: 38 } }],
      },
    ]);
    const hours = d.chapters[1].clauses;
    expect(hours.map((c) => c.id)).toEqual(["working_hours.standard"]);
    expect(hours[0].origin).toBe("agreed");
    expect(hours[0].text).toContain("每日工作8小时、每周工作38小时");
    expect(hours[0].rendering?.values).toEqual({ dailyHours: 8, weeklyHours: 38 });
  });

  it("takes the sides' own wording for a topic", () => {
    const d = draftOf("comprehensive", [
      { topic: "other", clauses: [{ title: "班车", text: " 甲方为职工开通上下班班车。 " }] },
    ]);
    expect(clause(d, "other.agreed.1")).toEqual({
      id: "other.agreed.1",
      topic: "other",
      title: "班车",
      text: "甲方为职工开通上下班班车。",
      origin: "agreed",
      templateKey: null,
      rendering: null,
      legalMinimum: null,
      covers: [],
    });
  });

  it("assembles each special contract from its own chapters", () => {
    expect(draftOf("wage").chapters.map((c) => c.title)).toEqual([
      "总则",
      "工资分配制度和工资标准",
      "职工年度平均工资水平及其调整",
      "奖金、津贴和补贴",
      "工资支付",
      "合同期限及变更、解除和终止",
      "违约责任",
      "其他约定",
      "附则",
    ]);
    expect(draftOf("wage").title).toBe("滨江湖滨精密机械有限公司工资专项集体合同（草案）");
    const women = draftOf("women", [
      { topic: "women_minors", clauses: [] },
      { topic: "contract_term", clauses: [] },
    ]);
    expect(women.chapters.map((c) => c.title)).toEqual([
      "总则",
      "女职工特殊保护",
      "合同期限及变更、解除",
      "附则",
    ]);
    expect(women.chapters[1].clauses.map((c) => c.id)).not.toContain("minors.protection");
    expect(women.chapters[0].clauses[0].id).toBe("general.basis_women");
  });

  it("names every error by its path and returns nothing partial", () => {
    const r = assembleDraft({
      kind: "comprehensive",
      library: DEFAULT_CONTRACT_LIBRARY,
      parties: { employerName: " ", unionName: "工会" },
      agreed: [
        {
          topic: "working_hours",
          clauses: [{ templateKey: "working_hours.standard", values: { weeklyHours: 1.5 } }],
        },
        { topic: "wage_system", clauses: [] },
        { topic: "working_hours", clauses: [] },
        { topic: "remuneration", clauses: [{ templateKey: "nope" }, { templateKey: "wage.raise" }] },
        { topic: "layoffs", clauses: [{ templateKey: "rest_leave.annual_leave" }, { title: "", text: "" }] },
      ],
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: "parties.employerName", message: "请填写用人单位名称" },
        { path: "agreed[1].topic", message: "议题“wage_system”不属于集体合同" },
        { path: "agreed[2].topic", message: "议题“工作时间”重复" },
        { path: "agreed[3].clauses[0].templateKey", message: "范本条款“nope”不存在" },
        { path: "agreed[3].clauses[1].templateKey", message: "范本条款“年度平均工资调整”不适用于集体合同" },
        { path: "agreed[0].clauses[0].values.weeklyHours", message: "“每周工作时间”应为整数" },
        { path: "agreed[4].clauses[0].templateKey", message: "范本条款“带薪年休假”不属于议题“裁员”" },
        { path: "agreed[4].clauses[1].text", message: "条款文字不能为空" },
        { path: "agreed[4].clauses[1].title", message: "请填写条款标题" },
      ],
    });
  });

  it("refuses the same library clause twice", () => {
    const r = assembleDraft({
      kind: "comprehensive",
      library: DEFAULT_CONTRACT_LIBRARY,
      parties: PARTIES,
      agreed: [
        {
          topic: "working_hours",
          clauses: [{ templateKey: "working_hours.standard" }, { templateKey: "working_hours.standard" }],
        },
      ],
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: "clauses.working_hours.standard",
          message: "条款“标准工时”重复使用，同一范本条款只能使用一次",
        },
      ],
    });
  });

  describe("a renewal", () => {
    const previous = draftOf("comprehensive", [
      ...allAgreed("comprehensive").filter((t) => t.topic !== "other" && t.topic !== "remuneration"),
      {
        topic: "remuneration",
        clauses: [{ templateKey: "remuneration.annual_raise", values: { raiseBp: 400 } }],
      },
      { topic: "other", clauses: [{ title: "班车", text: "甲方为职工开通上下班班车。" }] },
    ]);

    it("carries over the topics not bargained again, keeping their ids", () => {
      const d = draftOf(
        "comprehensive",
        [
          {
            topic: "remuneration",
            clauses: [{ templateKey: "remuneration.annual_raise", values: { raiseBp: 600 } }],
          },
        ],
        { previous },
      );
      expect(clause(d, "remuneration.annual_raise")).toMatchObject({ origin: "agreed" });
      expect(clause(d, "remuneration.annual_raise").text).toContain("增长6.00%");
      expect(clause(d, "working_hours.standard").origin).toBe("previous");
      expect(clause(d, "other.agreed.1")).toMatchObject({
        origin: "previous",
        text: "甲方为职工开通上下班班车。",
      });
      expect(clause(d, "general.basis").origin).toBe("library");
      const ids = (v: DraftVersion) => v.chapters.flatMap((c) => c.clauses.map((x) => x.id));
      expect(ids(d)).toEqual(ids(previous));
    });

    it("reuses the previous clause's id when the agreed clause comes from the same template", () => {
      const renamed: DraftVersion = {
        ...previous,
        chapters: previous.chapters.map((c) => ({
          ...c,
          clauses: c.clauses.map((x) => (x.templateKey === "term.duration" ? { ...x, id: "old-term" } : x)),
        })),
      };
      const d = draftOf("comprehensive", [{ topic: "contract_term", clauses: [] }], { previous: renamed });
      expect(
        d.chapters
          .flatMap((c) => c.clauses)
          .filter((c) => c.topic === "contract_term")
          .map((c) => c.id),
      ).toEqual(["old-term"]);
    });
  });
});

describe("numbering", () => {
  it("numbers chapters and articles in Chinese numerals, articles running on across chapters", () => {
    const numbered = numberContract(draftOf("comprehensive"));
    expect(numbered[0]).toMatchObject({ number: 1, label: "第一章", heading: "第一章\u3000总则" });
    expect(numbered[14]).toMatchObject({ label: "第十五章", heading: "第十五章\u3000附则" });
    const articles = numbered.flatMap((c) => c.articles);
    expect(articles.map((a) => a.number)).toEqual(articles.map((_, i) => i + 1));
    expect(articles[0].label).toBe("第一条");
    expect(articles[9].label).toBe("第十条");
    expect(articles[20].label).toBe("第二十一条");
    expect(numbered[1].articles[0]).toMatchObject({ number: 3, label: "第三条" });
  });

  it("labels versions, chapters and articles", () => {
    expect(versionLabel(1)).toBe("第1稿");
    expect(versionLabel(12)).toBe("第12稿");
    expect(() => versionLabel(0)).toThrow(RangeError);
    expect(chapterLabel(11)).toBe("第十一章");
    expect(articleLabel(101)).toBe("第一百零一条");
  });

  it("locates a clause by id", () => {
    const d = draftOf("comprehensive");
    expect(locateClause(d, "working_hours.standard")?.article.label).toBe(
      numberContract(d)[2].articles[0].label,
    );
    expect(locateClause(d, "nope")).toBeNull();
  });
});

describe("nextVersion", () => {
  const base = deepFreeze(draftOf("comprehensive"));
  const hours = clause(base, "working_hours.standard");
  const snapshot = JSON.stringify(base);

  afterAll(() => expect(JSON.stringify(base)).toBe(snapshot));

  it("makes 第2稿 from an accepted wording, leaving 第1稿 untouched", () => {
    const text = "甲方实行职工每日工作8小时、每周工作40小时的标准工时制度，不实行综合计算工时工作制。";
    const d = next(base, [
      { id: "s1", change: { kind: "wording", clauseId: hours.id, baseText: hours.text, text } },
    ]);
    expect(d.number).toBe(2);
    expect(d.applied).toEqual([{ suggestionId: "s1", kind: "wording", clauseId: hours.id }]);
    expect(clause(d, hours.id)).toMatchObject({ text, origin: "suggestion", rendering: null });
    expect(clause(d, hours.id).legalMinimum).toEqual(hours.legalMinimum);
    expect(d.kind).toBe(base.kind);
  });

  it("re-renders a clause from new figures", () => {
    const d = next(base, [
      {
        id: "s2",
        change: { kind: "values", clauseId: hours.id, baseText: hours.text, values: { weeklyHours: 36 } },
      },
    ]);
    expect(clause(d, hours.id).text).toContain("每周工作36小时");
    expect(clause(d, hours.id).rendering?.values).toEqual({ dailyHours: 8, weeklyHours: 36 });
  });

  it("inserts a clause after another or at the start of a chapter", () => {
    const d = next(base, [
      {
        id: "s3",
        change: {
          kind: "insert",
          chapterKey: "working_hours",
          afterClauseId: hours.id,
          topic: "working_hours",
          title: "工间休息",
          text: "职工连续工作满2小时的，甲方安排10分钟工间休息。",
        },
      },
      {
        id: "s4",
        change: {
          kind: "insert",
          chapterKey: "working_hours",
          afterClauseId: null,
          topic: "working_hours",
          title: "考勤",
          text: "甲方如实记录职工的工作时间。",
        },
      },
    ]);
    const chapter = d.chapters.find((c) => c.key === "working_hours");
    expect(chapter?.clauses.map((c) => c.id)).toEqual([
      "suggestion.s4",
      "working_hours.standard",
      "suggestion.s3",
      "working_hours.overtime",
    ]);
    expect(clause(d, "suggestion.s3")).toMatchObject({
      origin: "suggestion",
      templateKey: null,
      rendering: null,
    });
  });

  it("deletes a clause and drops a chapter left empty", () => {
    const training = clause(base, "training.plan");
    const d = next(base, [
      { id: "s5", change: { kind: "delete", clauseId: training.id, baseText: training.text } },
    ]);
    expect(d.chapters.some((c) => c.key === "training")).toBe(false);
    expect(d.chapters).toHaveLength(base.chapters.length - 1);
  });

  it("moves a clause to another chapter", () => {
    const d = next(base, [
      {
        id: "s6",
        change: { kind: "move", clauseId: hours.id, chapterKey: "rest_leave", afterClauseId: null },
      },
    ]);
    expect(d.chapters.find((c) => c.key === "rest_leave")?.clauses[0].id).toBe(hours.id);
    expect(d.chapters.find((c) => c.key === "working_hours")?.clauses.map((c) => c.id)).toEqual([
      "working_hours.overtime",
    ]);
  });

  it("refuses a stale suggestion and makes no version from part of a decision", () => {
    const r = nextVersion(base, [
      {
        id: "a",
        change: { kind: "values", clauseId: hours.id, baseText: hours.text, values: { weeklyHours: 38 } },
      },
      { id: "b", change: { kind: "wording", clauseId: hours.id, baseText: hours.text, text: "新文字。" } },
    ]);
    expect(r).toEqual({
      ok: false,
      errors: [{ path: "b", message: "该建议所依据的条款文字已被修改，请按最新稿重新提出" }],
    });
  });

  it("names each suggestion that cannot apply", () => {
    const own = next(base, [
      {
        id: "w",
        change: { kind: "wording", clauseId: hours.id, baseText: hours.text, text: "另行拟定的文字。" },
      },
    ]);
    const edited = clause(own, hours.id);
    const r = nextVersion(own, [
      {
        id: "v",
        change: { kind: "values", clauseId: hours.id, baseText: edited.text, values: { weeklyHours: 38 } },
      },
      { id: "gone", change: { kind: "delete", clauseId: "nope", baseText: "" } },
      {
        id: "i",
        change: {
          kind: "insert",
          chapterKey: "nope",
          afterClauseId: null,
          topic: "other",
          title: "t",
          text: "x",
        },
      },
      {
        id: "t",
        change: {
          kind: "insert",
          chapterKey: "other",
          afterClauseId: null,
          topic: "wage_system",
          title: "t",
          text: "x",
        },
      },
      {
        id: "m",
        change: { kind: "move", clauseId: hours.id, chapterKey: "other", afterClauseId: "training.plan" },
      },
      {
        id: "same",
        change: { kind: "wording", clauseId: hours.id, baseText: edited.text, text: edited.text },
      },
      { id: "same", change: { kind: "delete", clauseId: hours.id, baseText: edited.text } },
    ]);
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: "v", message: "该条款文字已由双方另行拟定，不能按参数修改，请提出文字修改建议" },
        { path: "gone", message: "该建议所针对的条款已不在草案中" },
        { path: "i", message: "草案中没有章“nope”" },
        { path: "t", message: "议题“wage_system”不属于本合同" },
        { path: "m", message: "插入位置所指的条款不在该章中" },
        { path: "same", message: "建议的文字与现行文字相同" },
        { path: "same", message: "同一建议重复采纳" },
      ],
    });
  });

  it("refuses figures outside the parameter's bounds, and an empty decision", () => {
    const pay = clause(base, "remuneration.payment");
    expect(
      nextVersion(base, [
        { id: "p", change: { kind: "values", clauseId: pay.id, baseText: pay.text, values: { payDay: 0 } } },
      ]),
    ).toEqual({ ok: false, errors: [{ path: "p", message: "“每月发薪日”不能小于1" }] });
    expect(nextVersion(base, [])).toEqual({
      ok: false,
      errors: [{ path: "", message: "没有已采纳的修改建议，无需生成新稿" }],
    });
  });

  it("chains versions: 第3稿 from 第2稿", () => {
    const v2 = next(base, [
      {
        id: "x",
        change: { kind: "values", clauseId: hours.id, baseText: hours.text, values: { weeklyHours: 38 } },
      },
    ]);
    const h2 = clause(v2, hours.id);
    const v3 = next(v2, [
      {
        id: "y",
        change: { kind: "values", clauseId: hours.id, baseText: h2.text, values: { dailyHours: 7 } },
      },
    ]);
    expect(v3.number).toBe(3);
    expect(clause(v3, hours.id).rendering?.values).toEqual({ dailyHours: 7, weeklyHours: 38 });
    expect(v3.applied).toEqual([{ suggestionId: "y", kind: "values", clauseId: hours.id }]);
  });
});
