import { CASE_KINDS } from "~/domain/bargaining/case-kinds";
import { CONTRACT_TOPICS, WAGE_TOPICS } from "~/domain/bargaining/topics";
import { formatCitation } from "~/domain/citation-format";
import { CONTENT_ELEMENTS, REQUIRED_CONTENTS } from "~/domain/contracts/contents";
import {
  displayValue,
  exportLibrary,
  importLibrary,
  legalLimitProblem,
  placeholders,
  renderClause,
  resolveValues,
  validateLibrary,
  type ClauseTemplate,
  type ContractLibrary,
  type LibraryError,
} from "~/domain/contracts/library";
import { resolveCitation } from "~/domain/health-check/statutes";
import { DEFAULT_CONTRACT_LIBRARY } from "../../../templates/contracts";
import { statuteLibrary } from "../../../templates/statutes";

const LIB = DEFAULT_CONTRACT_LIBRARY;

function clone(): ContractLibrary {
  return JSON.parse(JSON.stringify(LIB)) as ContractLibrary;
}

function clauseAt(lib: ContractLibrary, key: string): { clause: ClauseTemplate; index: number } {
  const index = lib.clauses.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no clause ${key}`);
  return { clause: lib.clauses[index], index };
}

function errorsOf(input: unknown): LibraryError[] {
  const r = validateLibrary(input, statuteLibrary);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("the default clause library", () => {
  it("validates against the shipped statutes", () => {
    const r = validateLibrary(LIB, statuteLibrary);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(CONTRACT_TOPICS.map((t) => [t.item, t.title, t.key]))(
    "has a model clause for 第8条 item %i %s in the comprehensive contract",
    (_item, _title, key) => {
      expect(LIB.clauses.some((c) => c.topic === key && c.kinds.includes("comprehensive"))).toBe(true);
    },
  );

  it.each(WAGE_TOPICS.map((t) => [t.item, t.title, t.key]))(
    "has a model clause for 工资集体协商试行办法 第7条 item %i %s in the wage contract",
    (_item, _title, key) => {
      expect(LIB.clauses.some((c) => c.topic === key && c.kinds.includes("wage"))).toBe(true);
    },
  );

  it.each([["women"], ["safety"]] as const)(
    "covers every required content of the %s special contract",
    (kind) => {
      for (const r of REQUIRED_CONTENTS[kind]) {
        expect(
          LIB.clauses.some((c) => c.kinds.includes(kind) && (c.topic === r.key || c.covers.includes(r.key))),
        ).toBe(true);
      }
    },
  );

  it("gives every clause a note of the legal minimum with articles whose text is shipped", () => {
    for (const c of LIB.clauses) {
      expect(c.legalMinimum.note.length).toBeGreaterThan(4);
      expect(c.legalMinimum.citations.length).toBeGreaterThan(0);
      for (const citation of c.legalMinimum.citations)
        expect(resolveCitation(statuteLibrary, citation)).not.toBeNull();
    }
  });

  it("never cites 企业民主管理规定, whose text is not shipped", () => {
    expect(JSON.stringify(LIB)).not.toContain("企业民主管理规定");
  });

  it("renders every clause with its defaults, with no brace left and each default within its statutory bound", () => {
    for (const c of LIB.clauses) {
      const r = renderClause(c);
      if (!r.ok) throw new Error(`${c.key}: ${JSON.stringify(r.errors)}`);
      expect(r.text).not.toMatch(/[{}]/);
      for (const p of c.parameters) expect(legalLimitProblem(p, r.values[p.key])).toBeNull();
    }
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(LIB))).toEqual(LIB);
  });

  it("has clauses for each kind", () => {
    for (const kind of CASE_KINDS)
      expect(LIB.clauses.filter((c) => c.kinds.includes(kind)).length).toBeGreaterThan(5);
  });

  it("knows each content element it uses", () => {
    const used = new Set(LIB.clauses.flatMap((c) => c.covers));
    expect([...used].every((k) => CONTENT_ELEMENTS.some((e) => e.key === k))).toBe(true);
  });
});

describe("rendering", () => {
  it("renders integers, money in fen and rates in basis points into the text", () => {
    const hours = clauseAt(LIB, "working_hours.standard").clause;
    const r = renderClause(hours, { weeklyHours: 38 });
    expect(r.ok && r.text).toContain("每日工作8小时、每周工作38小时的标准工时制度");

    const wage = clauseAt(LIB, "remuneration.lowest_wage").clause;
    const w = renderClause(wage, { lowestMonthlyWage: 268_050 });
    expect(w.ok && w.text).toContain("月工资不低于2,680.50元");

    const raise = clauseAt(LIB, "remuneration.annual_raise").clause;
    const g = renderClause(raise, { raiseBp: 625 });
    expect(g.ok && g.text).toBe(
      "本合同期内，甲方职工年度平均工资在上年度基础上增长6.25%，具体办法由双方在工资专项集体合同中约定。",
    );
  });

  it("fills text parameters and trims them", () => {
    const basis = clauseAt(LIB, "general.basis").clause;
    const r = renderClause(basis, {
      employerName: " 滨江湖滨精密机械有限公司 ",
      unionName: "滨江湖滨精密机械有限公司工会",
    });
    expect(r.ok && r.text).toContain(
      "滨江湖滨精密机械有限公司（以下简称甲方）与滨江湖滨精密机械有限公司工会（代表甲方全体职工",
    );
  });

  it("refuses values of the wrong type, outside input bounds, or for parameters the clause does not have", () => {
    const pay = clauseAt(LIB, "remuneration.payment").clause;
    expect(resolveValues(pay.parameters, { payDay: 32 })).toEqual({
      ok: false,
      errors: [{ key: "payDay", message: "“每月发薪日”不能大于31" }],
    });
    expect(resolveValues(pay.parameters, { payDay: 1.5 })).toEqual({
      ok: false,
      errors: [{ key: "payDay", message: "“每月发薪日”应为整数" }],
    });
    expect(resolveValues(pay.parameters, { payday: 10 })).toEqual({
      ok: false,
      errors: [{ key: "payday", message: "条款没有参数“payday”" }],
    });
    const wage = clauseAt(LIB, "remuneration.lowest_wage").clause;
    expect(resolveValues(wage.parameters, { lowestMonthlyWage: -1 })).toMatchObject({ ok: false });
    const raise = clauseAt(LIB, "remuneration.annual_raise").clause;
    expect(resolveValues(raise.parameters, { raiseBp: 10_001 })).toMatchObject({ ok: false });
    const basis = clauseAt(LIB, "general.basis").clause;
    expect(resolveValues(basis.parameters, { employerName: "  " })).toMatchObject({ ok: false });
  });

  it("displays values as the text reads them", () => {
    expect(displayValue({ type: "fen" }, 249_000)).toBe("2,490.00元");
    expect(displayValue({ type: "bp" }, 500)).toBe("5.00%");
    expect(displayValue({ type: "integer" }, 40)).toBe("40");
  });

  it("lists placeholders once each", () => {
    expect(placeholders("{a}与{b}，{a}")).toEqual(["a", "b"]);
  });
});

describe("legalLimitProblem", () => {
  const weekly = clauseAt(LIB, "working_hours.standard").clause.parameters[1];
  const maternity = clauseAt(LIB, "women.maternity").clause.parameters[0];
  const wage = clauseAt(LIB, "remuneration.lowest_wage").clause.parameters[0];

  it("allows the statutory figure itself and refuses one past it, naming the article", () => {
    expect(legalLimitProblem(weekly, 40)).toBeNull();
    expect(legalLimitProblem(weekly, 41)).toBe(
      "“每周工作时间”为41小时，超过法定上限40小时（《国务院关于职工工作时间的规定》第三条：每周工作时间不超过40小时）",
    );
    expect(legalLimitProblem(maternity, 98)).toBeNull();
    expect(legalLimitProblem(maternity, 97)).toContain("低于法定标准98天（《女职工劳动保护特别规定》第七条");
  });

  it("checks money against the case's local minimum wage, equal allowed", () => {
    const local = { monthlyFen: 249_000, hourlyFen: 2_200 };
    expect(legalLimitProblem(wage, 249_000, local)).toBeNull();
    expect(legalLimitProblem(wage, 248_999, local)).toBe(
      "“月工资最低标准”2,489.99元低于当地月最低工资标准2,490.00元（《劳动合同法》第五十五条：月工资标准不得低于当地月最低工资标准）",
    );
    expect(legalLimitProblem(wage, 1, null)).toBeNull();
  });
});

describe("validateLibrary", () => {
  it("names structural errors by path, in Chinese", () => {
    const lib = clone() as unknown as Record<string, unknown>;
    delete lib.title;
    const bad = clone();
    bad.clauses[2].parameters = [{ ...bad.clauses[2].parameters[0], type: "money" as "fen" }];
    expect(errorsOf(lib)).toEqual([{ path: "title", message: expect.stringMatching(/[\u4e00-\u9fa5]/) }]);
    expect(errorsOf(bad).map((e) => e.path)).toEqual(["clauses[2].parameters[0].type"]);
    expect(errorsOf({ ...clone(), version: 0 })).toEqual([{ path: "version", message: "版本号须大于 0" }]);
    expect(errorsOf({ ...clone(), extra: 1 }).map((e) => e.path)).toEqual([""]);
  });

  it("refuses a placeholder without parameter, an unused parameter and stray braces", () => {
    const lib = clone();
    const { index } = clauseAt(lib, "working_hours.standard");
    lib.clauses[index].text = lib.clauses[index].text.replace("{weeklyHours}", "{weekHours}") + "}";
    expect(errorsOf(lib)).toEqual([
      { path: `clauses[${index}].text`, message: "条款文字中的“{weekHours}”没有对应的参数" },
      { path: `clauses[${index}].parameters[1].key`, message: "参数“weeklyHours”未在条款文字中使用" },
      { path: `clauses[${index}].text`, message: "条款文字中有未配对的花括号" },
    ]);
  });

  it("refuses a default past its statutory bound, so an admin cannot weaken the law", () => {
    const lib = clone();
    const { index } = clauseAt(lib, "women.maternity");
    lib.clauses[index].parameters[0].default = 90;
    expect(errorsOf(lib)).toEqual([
      {
        path: `clauses[${index}].parameters[0].default`,
        message: expect.stringContaining("默认值不符合法定标准：“产假天数”为90天，低于法定标准98天"),
      },
    ]);
  });

  it("refuses a legal limit on the wrong type of parameter", () => {
    const lib = clone();
    const { index } = clauseAt(lib, "remuneration.payment");
    lib.clauses[index].parameters[0].legalLimit = "local_minimum_wage_month";
    expect(errorsOf(lib)).toEqual([
      {
        path: `clauses[${index}].parameters[0].type`,
        message: "法定标准“local_minimum_wage_month”要求参数类型为 fen",
      },
    ]);
  });

  it("refuses citations whose text is not shipped, and invented article numbers", () => {
    const lib = clone();
    lib.clauses[0].legalMinimum.citations = [
      { statute: "企业民主管理规定", article: "20" },
      { statute: "集体合同规定", article: "99" },
    ];
    expect(errorsOf(lib)).toEqual([
      {
        path: "clauses[0].legalMinimum.citations[0]",
        message: "未收录法规“企业民主管理规定”的全文，不能引用其条文",
      },
      { path: "clauses[0].legalMinimum.citations[1]", message: "《集体合同规定》没有第99条" },
    ]);
  });

  it("refuses duplicate keys, a topic outside the kind and unknown content elements", () => {
    const lib = clone();
    lib.clauses[1].key = lib.clauses[0].key;
    const hours = clauseAt(lib, "working_hours.standard").index;
    lib.clauses[hours].kinds = ["comprehensive", "wage"];
    lib.clauses[hours].covers = ["nothing"];
    const errors = errorsOf(lib);
    expect(errors).toContainEqual({ path: "clauses[1].key", message: `条款编号“${LIB.clauses[0].key}”重复` });
    expect(errors).toContainEqual({
      path: `clauses[${hours}].topic`,
      message: "议题“working_hours”不属于工资专项集体合同",
    });
    expect(errors).toContainEqual({
      path: `clauses[${hours}].covers[0]`,
      message: "内容要素“nothing”不存在",
    });
  });

  it("requires every topic and required content to have a clause, per kind", () => {
    const lib = clone();
    lib.clauses = lib.clauses.filter(
      (c) => c.topic !== "layoffs" && !c.covers.includes("protective_equipment"),
    );
    expect(errorsOf(lib)).toEqual([
      { path: "clauses", message: "集体合同缺少“裁员”的范本条款" },
      { path: "clauses", message: "劳动安全卫生专项集体合同缺少“劳保用品发放标准”的范本条款" },
    ]);
  });

  it("requires the term clause to hold the term in whole years", () => {
    const lib = clone();
    const { index } = clauseAt(lib, "wage.term");
    lib.clauses[index].text = "本合同期限为一年。";
    lib.clauses[index].parameters = [];
    expect(errorsOf(lib)).toEqual([
      { path: `clauses[${index}].parameters`, message: "合同期限条款须有整数参数“termYears”（年）" },
    ]);
  });

  it("refuses a chapter that repeats a topic of the same kind", () => {
    const lib = clone();
    lib.chapters.push({ key: "again", title: "再次", kinds: ["comprehensive"], topics: ["layoffs"] });
    expect(errorsOf(lib)).toEqual([
      { path: `chapters[${lib.chapters.length - 1}].topics`, message: "议题已列入同类合同的“裁员”一章" },
    ]);
  });
});

describe("export and import", () => {
  it("round-trips the library exactly", () => {
    const text = exportLibrary(LIB);
    const r = importLibrary(text, statuteLibrary);
    expect(r).toEqual({ ok: true, library: LIB });
    expect(exportLibrary(r.ok ? r.library : LIB)).toBe(text);
  });

  it("reads a file saved with a byte-order mark", () => {
    expect(importLibrary(`\uFEFF${exportLibrary(LIB)}`, statuteLibrary).ok).toBe(true);
  });

  it("refuses text that is not JSON, with nothing partial", () => {
    const r = importLibrary("{ clauses: [", statuteLibrary);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { path: "", message: expect.stringMatching(/^文件不是有效的 JSON：/) },
    ]);
  });

  it("names the edited field's path when an edited export is wrong", () => {
    const lib = clone();
    lib.clauses[5].parameters[0].min = 1.5;
    const r = importLibrary(exportLibrary(lib), statuteLibrary);
    expect(!r.ok && r.errors).toEqual([{ path: "clauses[5].parameters[0].min", message: "最小值须为整数" }]);
  });

  it("keeps citations displayable", () => {
    const first = LIB.clauses[0].legalMinimum.citations[0];
    expect(formatCitation(first)).toBe("《劳动合同法》第五十一条");
  });
});
