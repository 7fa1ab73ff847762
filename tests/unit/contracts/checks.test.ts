import { resolveRuleSet } from "~/domain/bargaining/rule-sets";
import { checkDraftForVote, type DraftCheckContext } from "~/domain/contracts/checks";
import { nextVersion, type DraftVersion } from "~/domain/contracts/draft";
import type { CommentThread } from "~/domain/contracts/review";
import { allAgreed, clauseOf, draftOf } from "./helpers";

const NATIONAL = resolveRuleSet("national");
const MINIMUM = { monthlyFen: 249_000, hourlyFen: 2_200 };
const ctx = (over: Partial<DraftCheckContext> = {}): DraftCheckContext => ({
  rules: NATIONAL,
  minimumWage: MINIMUM,
  threads: [],
  ...over,
});

const without = (kind: Parameters<typeof allAgreed>[0], ...topics: string[]) =>
  allAgreed(kind).filter((t) => !topics.includes(t.topic));
const withValues = (topic: string, templateKey: string, values: Record<string, number>) =>
  allAgreed("comprehensive").map((t) =>
    t.topic === topic ? { topic, clauses: [{ templateKey, values }] } : t,
  );

describe("checkDraftForVote", () => {
  it("passes a complete comprehensive draft built from the library", () => {
    expect(checkDraftForVote(draftOf("comprehensive"), ctx())).toEqual({
      ready: true,
      issues: [],
      unresolved: [],
    });
  });

  it.each([["wage"], ["women"], ["safety"]] as const)("passes a complete %s draft", (kind) => {
    expect(checkDraftForVote(draftOf(kind), ctx()).issues).toEqual([]);
  });

  describe("the term (checkTerm of the rule set)", () => {
    const term = (years: number) =>
      draftOf("comprehensive", withValues("contract_term", "term.duration", { termYears: years }));

    it("warns past 3 years under the national 一般为1至3年", () => {
      const r = checkDraftForVote(term(4), ctx());
      expect(r.ready).toBe(true);
      expect(r.issues).toEqual([
        expect.objectContaining({
          code: "term",
          level: "warning",
          message: "集体合同期限一般为1至3年（《集体合同规定》第三十八条）",
          sourceLabel: "《集体合同规定》第三十八条",
          clauseId: "term.duration",
        }),
      ]);
    });

    it("refuses 4 years under 浙江's strict 为一至三年", () => {
      const r = checkDraftForVote(term(4), ctx({ rules: resolveRuleSet("zhejiang") }));
      expect(r.ready).toBe(false);
      expect(r.issues[0]).toMatchObject({
        code: "term",
        level: "error",
        sourceLabel: "《浙江省集体合同条例》第三十条",
      });
      expect(checkDraftForVote(term(3), ctx({ rules: resolveRuleSet("zhejiang") })).issues).toEqual([]);
    });

    it("warns on a 2-year wage contract where 上海 says 一般为一年", () => {
      const agreed = allAgreed("wage").map((t) =>
        t.topic === "wage_term"
          ? { topic: "wage_term", clauses: [{ templateKey: "wage.term", values: { termYears: 2 } }] }
          : t,
      );
      const r = checkDraftForVote(draftOf("wage", agreed), ctx({ rules: resolveRuleSet("shanghai") }));
      expect(r.issues).toEqual([
        expect.objectContaining({
          code: "term",
          level: "warning",
          message: "工资专项集体合同期限一般为1年（《上海市集体合同条例》第二十五条）",
        }),
      ]);
    });

    it("refuses a draft with no term it can read", () => {
      const r = checkDraftForVote(draftOf("comprehensive", without("comprehensive", "contract_term")), ctx());
      expect(r.ready).toBe(false);
      expect(r.issues.map((i) => [i.code, i.level, i.sourceLabel])).toEqual([
        ["term_missing", "error", "《集体合同规定》第三十八条"],
        ["content_missing", "error", "《集体合同规定》第三十八条"],
      ]);
    });
  });

  describe("the minimum wage (劳动合同法 第五十五条)", () => {
    it("refuses a wage standard below the local minimum, naming the article and the clause", () => {
      const d = draftOf(
        "comprehensive",
        withValues("remuneration", "remuneration.lowest_wage", { lowestMonthlyWage: 248_999 }),
      );
      const r = checkDraftForVote(d, ctx());
      expect(r.ready).toBe(false);
      expect(r.issues).toEqual([
        {
          code: "below_minimum_wage",
          level: "error",
          message:
            "“第三条月工资最低标准”月工资标准2,489.99元低于当地月最低工资标准2,490.00元，集体合同中劳动报酬标准不得低于当地人民政府规定的最低标准（《劳动合同法》第五十五条）",
          source: { statute: "劳动合同法", article: "55" },
          sourceLabel: "《劳动合同法》第五十五条",
          clauseId: "remuneration.lowest_wage",
          articleLabel: "第三条",
        },
      ]);
    });

    it("accepts a standard equal to the minimum", () => {
      const d = draftOf(
        "comprehensive",
        withValues("remuneration", "remuneration.lowest_wage", { lowestMonthlyWage: 249_000 }),
      );
      expect(checkDraftForVote(d, ctx()).issues).toEqual([]);
    });

    it("asks for the local minimum before it can check", () => {
      const r = checkDraftForVote(draftOf("comprehensive"), ctx({ minimumWage: null }));
      expect(r.issues).toEqual([
        expect.objectContaining({
          code: "minimum_wage_missing",
          level: "error",
          sourceLabel: "《劳动合同法》第五十五条",
        }),
      ]);
    });

    it("checks the wage contract's hourly standard against the hourly minimum", () => {
      const r = checkDraftForVote(
        draftOf("wage"),
        ctx({ minimumWage: { monthlyFen: 249_000, hourlyFen: 2_600 } }),
      );
      expect(r.issues.map((i) => [i.code, i.articleLabel])).toEqual([["below_minimum_wage", "第四条"]]);
      expect(r.issues[0].message).toContain("小时工资标准25.00元低于当地小时最低工资标准26.00元");
      const noHourly = checkDraftForVote(
        draftOf("wage"),
        ctx({ minimumWage: { monthlyFen: 249_000, hourlyFen: null } }),
      );
      expect(noHourly.issues[0].message).toContain("请先填写当地小时最低工资标准");
    });
  });

  describe("statutory minimums", () => {
    it("refuses a 44-hour week under the State Council's 40 hours", () => {
      const d = draftOf(
        "comprehensive",
        withValues("working_hours", "working_hours.standard", { weeklyHours: 44 }),
      );
      const r = checkDraftForVote(d, ctx());
      expect(r.ready).toBe(false);
      expect(r.issues).toEqual([
        expect.objectContaining({
          code: "statutory_limit",
          level: "error",
          sourceLabel: "《国务院关于职工工作时间的规定》第三条",
          articleLabel: "第八条",
          message:
            "第八条“每周工作时间”为44小时，超过法定上限40小时（《国务院关于职工工作时间的规定》第三条：每周工作时间不超过40小时）",
        }),
      ]);
    });

    it("refuses 90 days of maternity leave and 120 % overtime pay, each with its article", () => {
      const agreed = allAgreed("comprehensive").map((t) => {
        if (t.topic === "women_minors")
          return {
            topic: t.topic,
            clauses: [{ templateKey: "women.maternity", values: { maternityDays: 90 } }],
          };
        if (t.topic === "remuneration")
          return {
            topic: t.topic,
            clauses: [{ templateKey: "remuneration.overtime_pay", values: { overtimePercent: 120 } }],
          };
        return t;
      });
      const r = checkDraftForVote(draftOf("comprehensive", agreed), ctx());
      expect(r.issues.filter((i) => i.code === "statutory_limit").map((i) => i.sourceLabel)).toEqual([
        "《劳动法》第四十四条",
        "《女职工劳动保护特别规定》第七条",
      ]);
    });

    it("asks for a manual review of a hand-written wording, without blocking", () => {
      const v1 = draftOf("comprehensive");
      const hours = clauseOf(v1, "working_hours.standard");
      const r2 = nextVersion(v1, [
        {
          id: "s",
          change: {
            kind: "wording",
            clauseId: hours.id,
            baseText: hours.text,
            text: "甲方实行每周工作40小时的工时制度。",
          },
        },
      ]);
      const v2 = (r2 as { ok: true; draft: DraftVersion }).draft;
      const r = checkDraftForVote(v2, ctx());
      expect(r.ready).toBe(true);
      expect(r.issues).toEqual([
        expect.objectContaining({
          code: "manual_review",
          level: "warning",
          sourceLabel: "《国务院关于职工工作时间的规定》第三条",
          message: expect.stringContaining("的文字已另行拟定，无法自动核对，请人工确认不低于法定标准"),
        }),
      ]);
    });
  });

  describe("required contents", () => {
    it("requires the matters of a collective contract's definition (集体合同规定 第3条) and warns on the rest", () => {
      const r = checkDraftForVote(
        draftOf("comprehensive", without("comprehensive", "training", "layoffs")),
        ctx(),
      );
      expect(r.ready).toBe(false);
      expect(r.issues.map((i) => [i.level, i.message])).toEqual([
        ["error", "集体合同应当包含“职业技能培训”的内容（《集体合同规定》第三条）"],
        ["warning", "建议约定“裁员”（《集体合同规定》第八条）"],
      ]);
    });

    it("requires the yearly wage level and its adjustment in a wage contract (工资集体协商试行办法 第7条)", () => {
      const r = checkDraftForVote(draftOf("wage", without("wage", "average_wage_adjustment")), ctx());
      expect(r.issues.map((i) => [i.level, i.sourceLabel, i.message])).toEqual([
        [
          "error",
          "《工资集体协商试行办法》第七条",
          "工资专项集体合同应当包含“职工年度平均工资水平及其调整幅度”的内容（《工资集体协商试行办法》第七条）",
        ],
      ]);
    });

    it("requires the items of 集体合同规定 第14条 in a women's contract", () => {
      const agreed = [
        { topic: "women_minors", clauses: [{ templateKey: "women.maternity" }] },
        { topic: "contract_term", clauses: [] },
        { topic: "change_procedure", clauses: [] },
        { topic: "dispute_handling", clauses: [] },
        { topic: "breach_liability", clauses: [] },
      ];
      const r = checkDraftForVote(draftOf("women", agreed), ctx());
      expect(r.issues.map((i) => [i.level, i.message])).toEqual([
        [
          "error",
          "女职工权益保护专项集体合同应当包含“女职工禁忌从事的劳动”的内容（《集体合同规定》第十四条）",
        ],
        ["error", "女职工权益保护专项集体合同应当包含“女职工定期健康检查”的内容（《集体合同规定》第十四条）"],
      ]);
    });

    it("names an article for every error", () => {
      const r = checkDraftForVote(
        draftOf("safety", [{ topic: "safety_health", clauses: [{ templateKey: "safety.rules" }] }]),
        ctx(),
      );
      const errors = r.issues.filter((i) => i.level === "error");
      expect(errors.length).toBeGreaterThan(3);
      for (const e of errors) expect(e.sourceLabel).toMatch(/^《.+》第.+条$/);
    });
  });

  it("lists unresolved comments in the order of the text, without blocking", () => {
    const d = draftOf("comprehensive");
    const threads: CommentThread[] = [
      {
        id: "t1",
        clauseId: "final.effect",
        versionNumber: 1,
        openedBy: "李娜",
        text: "生效条款请写明公布方式。",
        resolved: false,
      },
      {
        id: "t2",
        clauseId: "remuneration.payment",
        versionNumber: 1,
        openedBy: "王强",
        text: "发薪日能否提前到每月10日？",
        resolved: false,
      },
      {
        id: "t3",
        clauseId: "remuneration.payment",
        versionNumber: 1,
        openedBy: "张伟",
        text: "已解决",
        resolved: true,
      },
    ];
    const r = checkDraftForVote(d, ctx({ threads }));
    expect(r.ready).toBe(true);
    expect(r.unresolved.map((u) => u.threadId)).toEqual(["t2", "t1"]);
    expect(r.issues.map((i) => [i.code, i.level, i.sourceLabel])).toEqual([
      ["unresolved_comment", "warning", ""],
      ["unresolved_comment", "warning", ""],
    ]);
    expect(r.issues[0].message).toBe("第五条（工资支付）有未解决的意见（王强：发薪日能否提前到每月10日？）");
  });
});
