import { validateTemplate } from "~/domain/health-check/validate-template";
import { formatPath } from "~/domain/path-errors";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { statuteLibrary } from "../../../templates/statutes";

/** A small valid template; each case below breaks one thing in a fresh copy. */
function fixture() {
  return {
    key: "small",
    title: "小模板",
    version: 3, // added by the persistence layer on export: ignored on import
    dimensions: [
      { id: "A", title: "甲", order: 1 },
      { id: "B", title: "乙", order: 2 },
    ],
    questions: [
      { id: "A-1g", dimensionId: "A", text: "是否适用？", type: "yesno", required: true, weight: 0 },
      {
        id: "A-1",
        dimensionId: "A",
        text: "覆盖范围？",
        type: "single",
        required: true,
        options: [
          { value: "all", label: "全部" },
          { value: "none", label: "否" },
        ],
        visibleWhen: { answer: "A-1g", op: "eq", value: true },
      },
      {
        id: "A-2",
        dimensionId: "A",
        text: "天数？",
        type: "number",
        unit: "天",
        min: 0,
        max: 365,
        integer: true,
        required: true,
      },
      { id: "B-1", dimensionId: "B", text: "备注", type: "longtext", required: false },
    ],
    rules: [
      {
        id: "A-1",
        dimensionId: "A",
        questionIds: ["A-1"],
        when: { answer: "A-1", op: "eq", value: "none" },
        severity: "H",
        title: "未覆盖",
        legalBasis: "劳动合同法 第10条",
        citations: [{ statute: "劳动合同法", article: "10" }],
        recommendation: "补签",
        deadlineDays: 30,
        signal: false,
      },
      {
        id: "A-2",
        dimensionId: "A",
        questionIds: ["A-2"],
        when: { answer: "A-2", op: "gt", value: 30 },
        severity: "M",
        title: "超期",
        legalBasis: "集体合同规定 第38条",
        citations: [],
        recommendation: "按期办理",
        deadlineDays: 60,
        signal: false,
      },
    ],
  };
}

type Fixture = ReturnType<typeof fixture> & Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- cases poke at arbitrary places of the JSON
type Loose = any;

function errorsOf(mutate: (t: Loose) => void) {
  const t: Fixture = fixture();
  mutate(t);
  const result = validateTemplate(t, statuteLibrary);
  if (result.ok) throw new Error("expected the template to be rejected");
  return result.errors;
}

describe("validateTemplate accepts", () => {
  it("the default template after a JSON round trip", () => {
    const result = validateTemplate(JSON.parse(JSON.stringify(defaultTemplate)), statuteLibrary);
    expect(result).toEqual({ ok: true, template: defaultTemplate });
  });

  it("the fixture, dropping persistence fields such as version", () => {
    const result = validateTemplate(fixture(), statuteLibrary);
    expect(result.ok).toBe(true);
    expect(result.ok && "version" in result.template).toBe(false);
  });
});

describe("validateTemplate rejects, pointing at the place", () => {
  it.each<[string, (t: Loose) => void, string, string]>([
    ["a template that is not an object", (t) => Object.keys(t).forEach((k) => delete t[k]), "title", "期望"],
    ["wrong type", (t) => (t.questions[0].required = "yes"), "questions[0].required", "无效输入"],
    ["unknown question type", (t) => (t.questions[2].type = "slider"), "questions[2].type", "无效选项"],
    ["unknown severity", (t) => (t.rules[0].severity = "X"), "rules[0].severity", "无效选项"],
    ["misspelt key", (t) => (t.questions[3].visibelWhen = {}), "questions[3]", "未知的键"],
    ["id with a dot", (t) => (t.questions[2].id = "A.2"), "questions[2].id", "编号只能包含字母、数字"],
    ["empty text", (t) => (t.questions[2].text = " "), "questions[2].text", "不能为空"],
    [
      "non-positive deadline",
      (t) => (t.rules[1].deadlineDays = 0),
      "rules[1].deadlineDays",
      "整改期限须大于 0 天",
    ],
    ["duplicate dimension", (t) => (t.dimensions[1].id = "A"), "dimensions[1].id", "维度编号“A”重复"],
    ["duplicate question", (t) => (t.questions[2].id = "A-1"), "questions[2].id", "问题编号“A-1”重复"],
    ["duplicate rule", (t) => (t.rules[1].id = "A-1"), "rules[1].id", "规则编号“A-1”重复"],
    [
      "missing dimension",
      (t) => (t.questions[3].dimensionId = "Z"),
      "questions[3].dimensionId",
      "维度“Z”不存在",
    ],
    [
      "choice without options",
      (t) => delete t.questions[1].options,
      "questions[1].options",
      "至少需要两个选项",
    ],
    [
      "repeated option value",
      (t) => (t.questions[1].options[1].value = "all"),
      "questions[1].options[1].value",
      "选项值“all”重复",
    ],
    [
      "options on a number",
      (t) => (t.questions[2].options = [{ value: "1", label: "一" }]),
      "questions[2].options",
      "只有单选题和多选题",
    ],
    ["unit on a yes/no", (t) => (t.questions[0].unit = "天"), "questions[0].unit", "只有数字题"],
    [
      "min above max",
      (t) => (t.questions[2].min = 400),
      "questions[2].max",
      "最大值（365）不能小于最小值（400）",
    ],
    [
      "fractional bound on an integer",
      (t) => (t.questions[2].max = 10.5),
      "questions[2].max",
      "整数题的最大值须为整数",
    ],
    ["negative weight", (t) => (t.questions[0].weight = -1), "questions[0].weight", "权重不能为负数"],
    [
      "condition on a later question",
      (t) => (t.questions[1].visibleWhen = { answer: "A-2", op: "gt", value: 1 }),
      "questions[1].visibleWhen.answer",
      "只能引用排在本题之前的问题",
    ],
    [
      "condition on itself",
      (t) => (t.questions[1].visibleWhen = { answer: "A-1", op: "answered" }),
      "questions[1].visibleWhen.answer",
      "只能引用排在本题之前的问题",
    ],
    [
      "condition on a missing question",
      (t) => (t.questions[1].visibleWhen = { answer: "Z-9", op: "eq", value: true }),
      "questions[1].visibleWhen.answer",
      "问题“Z-9”不存在",
    ],
    [
      "nested condition without a value",
      (t) =>
        (t.questions[2].visibleWhen = {
          all: [{ answer: "A-1g", op: "answered" }, { not: { answer: "A-1", op: "eq" } }],
        }),
      "questions[2].visibleWhen.all[1].not.value",
      "须提供比较值",
    ],
    [
      "unrecognised condition",
      (t) => (t.questions[2].visibleWhen = { question: "A-1" }),
      "questions[2].visibleWhen",
      "无法识别的条件",
    ],
    [
      "unknown operator",
      (t) => (t.questions[2].visibleWhen = { answer: "A-1", op: "like", value: "a" }),
      "questions[2].visibleWhen.op",
      "运算须为",
    ],
    [
      "value that is not an option",
      (t) => (t.questions[2].visibleWhen = { answer: "A-1", op: "in", value: ["all", "some"] }),
      "questions[2].visibleWhen.value[1]",
      "“some”不是问题“A-1”的选项",
    ],
    [
      "yes/no compared with a string",
      (t) => (t.questions[1].visibleWhen = { answer: "A-1g", op: "eq", value: "yes" }),
      "questions[1].visibleWhen.value",
      "true 或 false",
    ],
    [
      "ordering a choice",
      (t) => (t.questions[2].visibleWhen = { answer: "A-1", op: "gt", value: "all" }),
      "questions[2].visibleWhen.op",
      "只有数字题和日期题可以比较大小",
    ],
    [
      "includes on a single choice",
      (t) => (t.questions[2].visibleWhen = { answer: "A-1", op: "includes", value: "all" }),
      "questions[2].visibleWhen.op",
      "includes 只能用于多选题",
    ],
    [
      "unknown profile fact",
      (t) => (t.questions[0].visibleWhen = { profile: "size", op: "gt", value: 1 }),
      "questions[0].visibleWhen.profile",
      "企业信息须为",
    ],
    [
      "industry that is no GB/T 4754 letter",
      (t) => (t.questions[0].visibleWhen = { profile: "industry", op: "eq", value: "建筑业" }),
      "questions[0].visibleWhen.value",
      "门类代码 A–T",
    ],
    [
      "ratio over a non-number",
      (t) => {
        t.rules[1].questionIds = ["A-2", "A-1"];
        t.rules[1].dimensionId = "A";
        t.rules[1].when = { ratio: { numerator: ["A-2"], denominator: ["A-1"] }, op: "gt", value: 0.1 };
      },
      "rules[1].when.ratio.denominator[0]",
      "比例条件只能引用数字题",
    ],
    [
      "rule on a missing question",
      (t) => (t.rules[0].questionIds = ["Z-1"]),
      "rules[0].questionIds[0]",
      "问题“Z-1”不存在",
    ],
    [
      "rule reading a question it does not list",
      (t) => (t.rules[0].when = { answer: "A-2", op: "gt", value: 3 }),
      "rules[0].when.answer",
      "须列入本规则的 questionIds",
    ],
    [
      "rule in a missing dimension",
      (t) => (t.rules[0].dimensionId = "Q"),
      "rules[0].dimensionId",
      "维度“Q”不存在",
    ],
    [
      "rule over another dimension's question",
      (t) => (t.rules[1].questionIds = ["A-2", "B-1"]),
      "rules[1].questionIds[1]",
      "不属于维度“A”",
    ],
    [
      "citation of an article that does not exist",
      (t) => (t.rules[0].citations[0].article = "999"),
      "rules[0].citations[0]",
      "《中华人民共和国劳动合同法》没有第999条",
    ],
    [
      "citation of a statute without shipped text",
      (t) => (t.rules[1].citations = [{ statute: "企业民主管理规定", article: "38" }]),
      "rules[1].citations[0]",
      "未收录法规“企业民主管理规定”的全文",
    ],
    [
      "article written in Chinese numerals",
      (t) => (t.rules[0].citations[0].article = "十"),
      "rules[0].citations[0].article",
      "条号须为阿拉伯数字",
    ],
  ])("%s", (_label, mutate, path, message) => {
    const errors = errorsOf(mutate);
    expect(errors).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it("reports every problem at once, each in Chinese", () => {
    const errors = errorsOf((t) => {
      delete t.questions[1].options;
      t.questions[3].dimensionId = "Z";
      t.rules[0].citations[0].article = "999";
    });
    // Without options, the rule comparing A-1 with "none" is wrong too.
    expect(errors.map((e) => e.path)).toEqual([
      "questions[1].options",
      "questions[3].dimensionId",
      "rules[0].when.value",
      "rules[0].citations[0]",
    ]);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("rejects input that is not a template at all", () => {
    const result = validateTemplate("not json", statuteLibrary);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toEqual({
      path: "",
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
    });
  });
});

describe("formatPath", () => {
  it.each([
    [["questions", 3, "options"], "questions[3].options"],
    [["rules", 0, "when", "all", 1, "value"], "rules[0].when.all[1].value"],
    [[], ""],
  ])("%j → %s", (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
