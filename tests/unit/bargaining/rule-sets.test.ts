import { formatCitation } from "~/domain/citation-format";
import {
  HALF,
  RULE_SETS,
  RULE_SET_IDS,
  approvalCheck,
  describeSource,
  meetsFraction,
  minimumToMeet,
  overrideProblems,
  quorumCheck,
  resolveRuleSet,
  type RuleKey,
  type RuleSetId,
} from "~/domain/bargaining/rule-sets";
import { statuteLibrary } from "../../../templates/statutes";

const TWO_THIRDS = { num: 2, den: 3 };
const RULE_KEYS: RuleKey[] = [
  "response",
  "representatives",
  "outsiders",
  "quorum",
  "approval",
  "draftToCongress",
  "filing",
  "review",
  "term",
  "renewal",
  "coordination",
];

describe("meetsFraction: integers only, 以上 includes the number (民法典 第1259条)", () => {
  it.each([
    // [count, total, fraction, inclusive, met]
    [67, 100, TWO_THIRDS, true, true], // 2/3 of 100 is 66.67
    [66, 100, TWO_THIRDS, true, false],
    [50, 100, HALF, true, true], // 半数以上
    [49, 100, HALF, true, false],
    [50, 100, HALF, false, false], // 过半数
    [51, 100, HALF, false, true],
    [20, 30, TWO_THIRDS, true, true], // exactly 2/3
    [19, 30, TWO_THIRDS, true, false],
    [20, 30, TWO_THIRDS, false, false],
    [15, 30, HALF, true, true],
    [14, 30, HALF, true, false],
    [15, 30, HALF, false, false],
    [16, 30, HALF, false, true],
    [0, 1, HALF, true, false],
    [1, 1, HALF, false, true],
    [2, 3, TWO_THIRDS, true, true],
    [3, 9, { num: 1, den: 3 }, false, false], // 3 of 9 is not more than one third
    [4, 9, { num: 1, den: 3 }, false, true],
  ] as const)("%i of %i vs %o inclusive=%p → %p", (count, total, fraction, inclusive, met) => {
    expect(meetsFraction(count, total, fraction, inclusive)).toBe(met);
  });

  it("agrees with minimumToMeet for every roster up to 200", () => {
    for (const fraction of [TWO_THIRDS, HALF, { num: 1, den: 3 }])
      for (const inclusive of [true, false])
        for (let total = 1; total <= 200; total++) {
          const min = minimumToMeet(total, fraction, inclusive);
          if (min <= total) expect(meetsFraction(min, total, fraction, inclusive)).toBe(true);
          if (min >= 1) expect(meetsFraction(min - 1, total, fraction, inclusive)).toBe(false);
        }
  });

  it.each([
    [100, TWO_THIRDS, true, 67],
    [30, TWO_THIRDS, true, 20],
    [100, HALF, true, 50],
    [100, HALF, false, 51],
    [30, HALF, true, 15],
    [31, HALF, true, 16],
    [31, HALF, false, 16],
  ] as const)("minimumToMeet(%i, %o, %p) = %i", (total, fraction, inclusive, min) => {
    expect(minimumToMeet(total, fraction, inclusive)).toBe(min);
  });

  it.each([
    [-1, 10],
    [11, 10],
    [1.5, 10],
    [1, 0],
    [0, 2.5],
  ])("refuses count %p of total %p", (count, total) => {
    expect(() => meetsFraction(count, total, HALF, true)).toThrow(RangeError);
  });

  it("refuses a malformed fraction", () => {
    expect(() => meetsFraction(1, 2, { num: 3, den: 2 }, true)).toThrow(RangeError);
    expect(() => meetsFraction(1, 2, { num: 1, den: 0 }, true)).toThrow(RangeError);
  });
});

describe("rule sets as bargaining.md's regional table gives them", () => {
  const expectFigure = (id: RuleSetId, key: RuleKey) => resolveRuleSet(id).rules[key];

  it.each<[RuleSetId, unknown, string, string]>([
    ["national", { unit: "days", count: 20 }, "集体合同规定", "32"],
    ["beijing", { unit: "days", count: 20 }, "北京市集体合同条例", "32"],
    ["shanghai", { unit: "days", count: 15 }, "上海市集体合同条例", "15"],
    ["zhejiang", { unit: "working_days", count: 10 }, "浙江省集体合同条例", "7"],
    ["chongqing", { unit: "days", count: 20 }, "重庆市集体合同条例", "19"],
  ])("%s: response %o (%s 第%s条)", (id, value, statute, article) => {
    const f = expectFigure(id, "response");
    expect(f.value).toEqual(value);
    expect(f.source).toEqual({ statute, article });
    expect(f.origin).toBe("own");
  });

  it.each<[RuleSetId, object, RuleSetId, string]>([
    ["national", { min: 3, max: null, minAboveDesignatedSize: null, balance: "equal" }, "national", "19"],
    ["beijing", { min: 3, max: null, minAboveDesignatedSize: null, balance: "equal" }, "national", "19"],
    [
      "shanghai",
      { min: 3, max: null, minAboveDesignatedSize: null, balance: "employer_not_more" },
      "shanghai",
      "6",
    ],
    [
      "zhejiang",
      { min: 3, max: null, minAboveDesignatedSize: 5, balance: "employer_not_more" },
      "zhejiang",
      "10",
    ],
    [
      "chongqing",
      { min: 3, max: 15, minAboveDesignatedSize: null, balance: "employer_not_more" },
      "chongqing",
      "8",
    ],
  ])("%s: representatives %o from %s 第%s条", (id, value, from, article) => {
    const f = expectFigure(id, "representatives");
    expect(f.value).toEqual(value);
    expect(f.ruleSet).toBe(from);
    expect(f.source?.article).toBe(article);
  });

  it.each<[RuleSetId, RuleSetId, string, string]>([
    ["national", "national", "集体合同规定", "36"],
    ["beijing", "beijing", "北京市集体合同条例", "38"],
    ["shanghai", "national", "集体合同规定", "36"], // (national rule applies)
    ["zhejiang", "zhejiang", "浙江省集体合同条例", "24"],
    ["chongqing", "chongqing", "重庆市集体合同条例", "26"],
  ])("%s: quorum 2/3 以上 from %s (%s 第%s条)", (id, from, statute, article) => {
    const f = expectFigure(id, "quorum");
    expect(f.value).toEqual(TWO_THIRDS);
    expect(f.ruleSet).toBe(from);
    expect(f.source).toEqual({ statute, article });
    expect(f.origin).toBe(from === id ? "own" : "inherited");
  });

  it.each<[RuleSetId, string, string]>([
    ["national", "half_or_more", "36"],
    ["beijing", "half_or_more", "38"],
    ["shanghai", "half_or_more", "22"],
    ["zhejiang", "more_than_half", "24"],
    ["chongqing", "half_or_more", "26"],
  ])("%s: approval %s (第%s条)", (id, value, article) => {
    const f = expectFigure(id, "approval");
    expect(f.value).toBe(value);
    expect(f.source?.article).toBe(article);
  });

  it("only 浙江 has a draft-to-congress deadline: 15 working days (第24条)", () => {
    for (const id of RULE_SET_IDS) {
      const f = expectFigure(id, "draftToCongress");
      if (id === "zhejiang") {
        expect(f.value).toEqual({ unit: "working_days", count: 15 });
        expect(f.source).toEqual({ statute: "浙江省集体合同条例", article: "24" });
      } else expect(f.value).toBeNull();
    }
  });

  it.each<[RuleSetId, string, number | null, RuleSetId, string]>([
    ["national", "signing", 3, "national", "42"],
    ["beijing", "signing", 3, "national", "42"], // — in the table
    ["shanghai", "approval_notice_received", null, "shanghai", "23"],
    ["zhejiang", "signing", 5, "zhejiang", "34"],
    ["chongqing", "signing", 3, "chongqing", "28"],
  ])("%s: filing 10 days from %s, %p copies, from %s 第%s条", (id, trigger, copies, from, article) => {
    const f = expectFigure(id, "filing");
    expect(f.value).toEqual({ period: { unit: "days", count: 10 }, trigger, copies });
    expect(f.ruleSet).toBe(from);
    expect(f.source?.article).toBe(article);
  });

  it.each<[RuleSetId, RuleSetId, string]>([
    ["national", "national", "47"],
    ["beijing", "national", "47"],
    ["shanghai", "shanghai", "23"],
    ["zhejiang", "zhejiang", "34"],
    ["chongqing", "chongqing", "28"],
  ])("%s: review 15 days from %s 第%s条", (id, from, article) => {
    const f = expectFigure(id, "review");
    expect(f.value).toEqual({ unit: "days", count: 15 });
    expect(f.ruleSet).toBe(from);
    expect(f.source?.article).toBe(article);
  });

  it("national review also cites 第45条 and 劳动合同法 第54条", () => {
    expect(expectFigure("national", "review").also).toEqual([
      { statute: "集体合同规定", article: "45" },
      { statute: "劳动合同法", article: "54" },
    ]);
  });

  it.each<[RuleSetId, RuleSetId, string, boolean, number | null]>([
    ["national", "national", "38", false, null],
    ["beijing", "national", "38", false, null],
    ["shanghai", "shanghai", "25", false, 1],
    ["zhejiang", "zhejiang", "30", true, 1],
    ["chongqing", "chongqing", "24", false, null],
  ])("%s: term 1–3 years from %s 第%s条, strict %p, wage special %p", (id, from, article, strict, wage) => {
    const f = expectFigure(id, "term");
    expect(f.value).toEqual({ minYears: 1, maxYears: 3, strict, wageSpecialUsualYears: wage });
    expect(f.ruleSet).toBe(from);
    expect(f.source?.article).toBe(article);
  });

  it.each(RULE_SET_IDS)(
    "%s: renewal 3 months, coordination 30 + 15 days and outsiders ≤ 1/3 are national",
    (id) => {
      const rules = resolveRuleSet(id).rules;
      expect(rules.renewal.value).toEqual({ monthsBeforeExpiry: 3 });
      expect(rules.renewal.source).toEqual({ statute: "集体合同规定", article: "38" });
      expect(rules.coordination.value).toEqual({ period: { unit: "days", count: 30 }, maxExtensionDays: 15 });
      expect(rules.coordination.source).toEqual({ statute: "集体合同规定", article: "52" });
      expect(rules.outsiders.value.maxShare).toEqual({ num: 1, den: 3 });
      expect(rules.outsiders.source).toEqual({ statute: "集体合同规定", article: "23" });
      for (const r of [rules.renewal, rules.coordination, rules.outsiders]) {
        expect(r.ruleSet).toBe("national");
        expect(r.origin).toBe(id === "national" ? "own" : "inherited");
      }
    },
  );

  it("every source is an article present in the shipped statutes", () => {
    for (const id of RULE_SET_IDS) {
      const resolved = resolveRuleSet(id);
      for (const key of RULE_KEYS) {
        const f = resolved.rules[key];
        for (const c of [f.source, ...f.also]) {
          expect(c).not.toBeNull();
          if (!c) continue;
          expect(statuteLibrary[c.statute]?.articles[c.article]).toEqual(expect.any(String));
        }
      }
    }
  });

  it("every preset's own articles are in its own regulation", () => {
    for (const id of RULE_SET_IDS) {
      const def = RULE_SETS[id];
      for (const entry of Object.values(def.rules)) expect(entry.source.statute).toBe(def.statute);
    }
  });

  it("the national set states every rule", () => {
    expect(Object.keys(RULE_SETS.national.rules).sort()).toEqual([...RULE_KEYS].sort());
  });
});

describe("describeSource", () => {
  it("names the article of the set's own rule", () => {
    const sh = resolveRuleSet("shanghai");
    expect(describeSource("shanghai", sh.rules.response)).toBe("《上海市集体合同条例》第十五条");
  });

  it("says the region is silent and which national article applies", () => {
    const sh = resolveRuleSet("shanghai");
    expect(describeSource("shanghai", sh.rules.quorum)).toBe(
      "《上海市集体合同条例》未作规定，适用《集体合同规定》第三十六条",
    );
    const bj = resolveRuleSet("beijing");
    expect(describeSource("beijing", bj.rules.representatives)).toBe(
      "《北京市集体合同条例》未作规定，适用《集体合同规定》第十九条",
    );
  });
});

describe("organisation override of the approval rule (过半数)", () => {
  it("replaces the approval rule and says who set it and why", () => {
    const rules = resolveRuleSet("national", {
      approval: { value: "more_than_half", note: "本地规定职代会决议须过半数通过" },
    });
    const f = rules.rules.approval;
    expect(f.value).toBe("more_than_half");
    expect(f.origin).toBe("override");
    expect(f.source).toBeNull();
    expect(describeSource("national", f)).toBe("本组织设定（依据：本地规定职代会决议须过半数通过）");
    // Only approval moves; quorum stays the rule set's.
    expect(rules.rules.quorum.origin).toBe("own");
  });

  it("may carry the article requiring it", () => {
    const source = { statute: "浙江省企业民主管理条例", article: "15" };
    expect(statuteLibrary[source.statute].articles[source.article]).toContain("过半数");
    const f = resolveRuleSet("national", { approval: { value: "more_than_half", note: "地方条例", source } })
      .rules.approval;
    expect(describeSource("national", f)).toBe(`本组织设定（依据：${formatCitation(source)}；地方条例）`);
  });

  it("refuses an override without a reason", () => {
    const overrides = { approval: { value: "more_than_half" as const, note: "  " } };
    expect(overrideProblems(overrides)).toEqual(["调整通过规则时请写明依据（例如适用的地方性法规及条款）"]);
    expect(() => resolveRuleSet("national", overrides)).toThrow(RangeError);
  });
});

describe("quorum and approval against the whole roster", () => {
  const national = resolveRuleSet("national");
  const zhejiang = resolveRuleSet("zhejiang");

  it.each([
    [67, 100, true, 67],
    [66, 100, false, 67],
    [20, 30, true, 20],
    [19, 30, false, 20],
  ])("%i of %i present → quorum %p (need %i)", (present, roster, met, required) => {
    const r = quorumCheck(present, roster, national);
    expect([r.met, r.required]).toEqual([met, required]);
    expect(r.source).toEqual({ statute: "集体合同规定", article: "36" });
    expect(r.rule).toBe("应有全体职工代表（或全体职工）三分之二以上出席");
  });

  it.each([
    ["national", 50, 100, true, 50],
    ["national", 49, 100, false, 50],
    ["national", 15, 30, true, 15],
    ["zhejiang", 50, 100, false, 51],
    ["zhejiang", 51, 100, true, 51],
    ["zhejiang", 15, 30, false, 16],
  ] as const)("%s: %i approvals of %i → %p (need %i)", (id, approvals, roster, met, required) => {
    const r = approvalCheck(approvals, roster, id === "national" ? national : zhejiang);
    expect([r.met, r.required]).toEqual([met, required]);
  });

  it("says which rule and article it applied", () => {
    const r = approvalCheck(51, 100, zhejiang);
    expect(r.rule).toBe("须经全体职工代表（或全体职工）过半数同意");
    expect(r.ruleSet).toBe("zhejiang");
    expect(r.source).toEqual({ statute: "浙江省集体合同条例", article: "24" });
  });

  it("an organisation override to 过半数 changes the count needed", () => {
    const rules = resolveRuleSet("national", { approval: { value: "more_than_half", note: "地方规定" } });
    expect(approvalCheck(50, 100, rules).met).toBe(false);
    expect(approvalCheck(51, 100, rules).met).toBe(true);
  });
});
