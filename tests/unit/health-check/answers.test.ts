import {
  isVisible,
  missingRequired,
  validateAnswer,
  visibleAnswers,
  visibleQuestions,
} from "~/domain/health-check/answers";
import { evaluateCondition } from "~/domain/health-check/conditions";
import type { Answers, Condition, Question } from "~/domain/health-check/types";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { compliantAnswers, profile } from "./helpers";

const q = (over: Partial<Question> & Pick<Question, "type">): Question => ({
  id: "Q-1",
  dimensionId: "A",
  text: "题目",
  required: true,
  ...over,
});

const yesno = q({ type: "yesno" });
const single = q({
  type: "single",
  options: [
    { value: "all", label: "全部" },
    { value: "partial", label: "部分" },
    { value: "none", label: "否" },
  ],
});
const multi = q({
  type: "multi",
  options: [
    { value: "a", label: "甲" },
    { value: "b", label: "乙" },
    { value: "c", label: "丙" },
  ],
});
const days = q({ type: "number", unit: "天", min: 0, max: 365, integer: true });
const money = q({ type: "number", unit: "元", min: 0, max: 100000 });
const open = q({ type: "number" });
const date = q({ type: "date" });
const text = q({ type: "text" });
const longtext = q({ type: "longtext" });
const evidence = q({ type: "evidence" });

describe("validateAnswer accepts and normalises", () => {
  it.each([
    ["yesno true", yesno, true, true],
    ["yesno from a form", yesno, "no", false],
    ["yesno 'true'", yesno, "true", true],
    ["single option", single, "partial", "partial"],
    ["multi in option order, no repeats", multi, ["c", "a", "c"], ["a", "c"]],
    ["multi from one form value", multi, "b", ["b"]],
    ["integer from a form", days, " 30 ", 30],
    ["bounds are inclusive", days, 365, 365],
    ["decimal money", money, "2490.50", 2490.5],
    ["thousands separators", money, "1,500", 1500],
    ["no bounds", open, -3.5, -3.5],
    ["date", date, "2028-02-29", "2028-02-29"],
    ["text trimmed", text, "  有  ", "有"],
    ["text at the limit", text, "字".repeat(200), "字".repeat(200)],
    [
      "evidence, duplicates dropped",
      evidence,
      [
        { fileId: "f1", name: "a.pdf" },
        { fileId: "f1", name: "a.pdf" },
      ],
      [{ fileId: "f1", name: "a.pdf" }],
    ],
  ])("%s", (_label, question, raw, value) => {
    expect(validateAnswer(question, raw)).toEqual({ ok: true, value });
  });

  it.each([null, undefined, "", "   ", []])("empty input %j is a saved non-answer", (raw) => {
    for (const question of [yesno, single, multi, days, date, text, evidence]) {
      expect(validateAnswer(question, raw)).toEqual({ ok: true, value: null });
    }
  });
});

describe("validateAnswer rejects with a clear Chinese message", () => {
  it.each([
    ["yesno: wrong type", yesno, 1, "请选择“是”或“否”"],
    ["yesno: other word", yesno, "maybe", "请选择“是”或“否”"],
    ["single: not an option", single, "some", "请选择给定的选项"],
    ["single: a label is not a value", single, "全部", "请选择给定的选项"],
    ["single: wrong type", single, 2, "请选择给定的选项"],
    ["multi: one option not in list", multi, ["a", "x"], "请选择给定的选项"],
    ["multi: wrong type", multi, { a: true }, "请选择给定的选项"],
    ["number: above max", days, 366, "请输入 0 到 365 之间的整数（单位：天）"],
    ["number: below min", days, -1, "请输入 0 到 365 之间的整数（单位：天）"],
    ["number: not an integer", days, 30.5, "请输入 0 到 365 之间的整数（单位：天）"],
    ["number: letters", days, "三十", "请输入 0 到 365 之间的整数（单位：天）"],
    ["number: exponent", days, "1e2", "请输入 0 到 365 之间的整数（单位：天）"],
    ["number: wrong type", money, true, "请输入 0 到 100000 之间的数字（单位：元）"],
    ["number: not finite", money, Infinity, "请输入 0 到 100000 之间的数字（单位：元）"],
    ["number: NaN, no bounds", open, NaN, "请输入数字"],
    ["date: impossible day", date, "2026-02-30", "请输入有效日期，格式为 YYYY-MM-DD（如 2026-01-31）"],
    ["date: other format", date, "2026/02/28", "请输入有效日期，格式为 YYYY-MM-DD（如 2026-01-31）"],
    ["date: wrong type", date, 20260228, "请输入有效日期，格式为 YYYY-MM-DD（如 2026-01-31）"],
    ["text: too long", text, "字".repeat(201), "内容不能超过 200 字"],
    ["longtext: too long", longtext, "字".repeat(5001), "内容不能超过 5000 字"],
    ["text: wrong type", text, 12, "请输入文字"],
    ["evidence: not a list", evidence, "f1", "附件信息不正确，请重新上传"],
    ["evidence: missing file id", evidence, [{ fileId: "", name: "a.pdf" }], "附件信息不正确，请重新上传"],
    ["evidence: missing name", evidence, [{ fileId: "f1" }], "附件信息不正确，请重新上传"],
    [
      "evidence: too many",
      evidence,
      Array.from({ length: 21 }, (_, i) => ({ fileId: `f${i}`, name: `${i}.pdf` })),
      "最多上传 20 个附件",
    ],
  ])("%s", (_label, question, raw, message) => {
    expect(validateAnswer(question, raw)).toEqual({ ok: false, message });
  });

  it("every default-template question validates its own compliant answer", () => {
    const answers = compliantAnswers(defaultTemplate);
    for (const question of defaultTemplate.questions) {
      expect(validateAnswer(question, answers[question.id])).toEqual({
        ok: true,
        value: answers[question.id],
      });
    }
  });
});

describe("evaluateCondition", () => {
  const p = profile({ headcount: 25, womenShare: null, industry: "E" });
  const answers = { n: 10, m: 5, s: "partial", l: ["a", "b"], y: false, d: "2026-03-01", e: "2026-02-01" };
  it.each([
    [{ answer: "n", op: "gt", value: 9 }, true],
    [{ answer: "n", op: "lte", value: 9 }, false],
    [{ answer: "s", op: "in", value: ["partial", "none"] }, true],
    [{ answer: "s", op: "neq", value: "all" }, true],
    [{ answer: "l", op: "includes", value: "b" }, true],
    [{ answer: "l", op: "includes", value: "c" }, false],
    [{ answer: "y", op: "eq", value: false }, true],
    [{ answer: "missing", op: "neq", value: 1 }, false],
    [{ answer: "missing", op: "answered" }, false],
    [{ not: { answer: "missing", op: "answered" } }, true],
    [{ compare: { left: "m", op: "lt", right: "n" } }, true],
    [{ compare: { left: "d", op: "gt", right: "e" } }, true],
    [{ compare: { left: "m", op: "lt", right: "missing" } }, false],
    [{ ratio: { numerator: ["m"], denominator: ["n", "m"] }, op: "gt", value: 0.3 }, true],
    [{ ratio: { numerator: ["m"], denominator: ["missing"] }, op: "gte", value: 0 }, false],
    [{ profile: "headcount", op: "gte", value: 25 }, true],
    [{ profile: "industry", op: "in", value: ["E", "F"] }, true],
    [{ profile: "womenShare", op: "gt", value: 0 }, false],
    [
      {
        all: [
          { answer: "n", op: "eq", value: 10 },
          { profile: "usesDispatch", op: "eq", value: false },
        ],
      },
      true,
    ],
    [
      {
        any: [
          { answer: "n", op: "eq", value: 1 },
          { answer: "s", op: "eq", value: "all" },
        ],
      },
      false,
    ],
  ] as [Condition, boolean][])("%j → %s", (condition, expected) => {
    expect(evaluateCondition(condition, answers, p)).toBe(expected);
  });
});

describe("visibility and missing answers", () => {
  const p = profile();
  const byId = (id: string) => defaultTemplate.questions.find((x) => x.id === id)!;

  it("isVisible reads the question's own condition", () => {
    expect(isVisible(byId("LC-11"), {}, p)).toBe(false);
    expect(isVisible(byId("LC-11"), { "LC-11g": true }, p)).toBe(true);
    expect(isVisible(byId("UD-01"), {}, profile({ headcount: 24 }))).toBe(false);
    expect(isVisible(byId("LC-01"), {}, p)).toBe(true);
  });

  it("drops answers of questions that are hidden now", () => {
    const effective = visibleAnswers(
      defaultTemplate.questions,
      { "RS-01": false, "RS-02": false, "LC-01": "all" },
      p,
    );
    expect(effective).toEqual({ "RS-01": false, "LC-01": "all" });
  });

  it("lists visible required questions without an answer, in order, for the summary page", () => {
    const answers = compliantAnswers(defaultTemplate);
    delete answers["LC-03"];
    delete answers["WG-03b"];
    delete answers["DP-02"]; // hidden: no dispatched workers
    expect(missingRequired(defaultTemplate.questions, answers, p).map((x) => x.id)).toEqual([
      "LC-03",
      "WG-03b",
    ]);
  });

  it("asks the gated question once its gate is answered 是", () => {
    const answers: Answers = { ...compliantAnswers(defaultTemplate), "OS-03g": true };
    delete answers["OS-03"];
    expect(missingRequired(defaultTemplate.questions, answers, p).map((x) => x.id)).toEqual(["OS-03"]);
  });

  it("does not list optional questions", () => {
    const optional = {
      ...defaultTemplate,
      questions: defaultTemplate.questions.map((x) => ({ ...x, required: false })),
    };
    expect(missingRequired(optional.questions, {}, p)).toEqual([]);
  });

  it("counts the questions shown for a fresh questionnaire", () => {
    // 89 questions, minus the 7 gated items, RS-02 (behind RS-01), WA-02 (not construction) and the
    // six DP questions (no dispatched workers).
    expect(visibleQuestions(defaultTemplate.questions, {}, p)).toHaveLength(89 - 7 - 1 - 1 - 6);
    expect(missingRequired(defaultTemplate.questions, {}, p)).toHaveLength(74);
  });
});
