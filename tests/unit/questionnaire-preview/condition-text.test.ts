import { describeCondition } from "~/components/questionnaire-preview/condition-text";
import { helpText } from "~/components/questionnaire-preview/question-field";
import type { Condition, Question } from "~/domain/health-check/types";

const questions = new Map<string, Pick<Question, "id" | "options">>([
  ["RS-01", { id: "RS-01" }],
  [
    "LC-01",
    {
      id: "LC-01",
      options: [
        { value: "all", label: "全部" },
        { value: "partial", label: "部分" },
        { value: "none", label: "否" },
      ],
    },
  ],
]);

describe("describeCondition", () => {
  it.each<[Condition, string]>([
    [{ answer: "RS-01", op: "eq", value: true }, "“RS-01”为“是”"],
    [{ answer: "RS-01", op: "neq", value: false }, "“RS-01”不为“否”"],
    [{ answer: "LC-01", op: "in", value: ["partial", "none"] }, "“LC-01”为“部分”或“否”"],
    [{ answer: "LC-02", op: "gt", value: 30 }, "“LC-02” > 30"],
    [{ answer: "LC-02", op: "answered" }, "“LC-02”已填写"],
    [{ answer: "X-1", op: "includes", value: "a" }, "“X-1”选中“a”"],
    [{ profile: "headcount", op: "gte", value: 25 }, "企业信息“职工人数” ≥ 25"],
    [{ profile: "industry", op: "eq", value: "E" }, "企业信息“行业门类”为“E”"],
    [{ profile: "usesDispatch", op: "eq", value: true }, "企业信息“使用劳务派遣”为“是”"],
    [{ compare: { left: "WG-03a", op: "lt", right: "WG-03b" } }, "“WG-03a” < “WG-03b”"],
    [
      { ratio: { numerator: ["DP-01b"], denominator: ["DP-01a", "DP-01b"] }, op: "gt", value: 0.1 },
      "DP-01b ÷ （DP-01a + DP-01b） > 0.1",
    ],
    [
      {
        all: [
          { answer: "RS-01", op: "eq", value: true },
          { any: [{ answer: "A", op: "answered" }, { not: { answer: "B", op: "eq", value: "x" } }] },
        ],
      },
      "“RS-01”为“是” 且 （“A”已填写 或 并非“B”为“x”）",
    ],
  ])("%j → %s", (condition, text) => {
    expect(describeCondition(condition, questions)).toBe(text);
  });
});

describe("helpText", () => {
  it("drops a help text that only repeats the legal basis shown below it", () => {
    expect(
      helpText({ help: "法律依据：劳动合同法 第10条", legalBasis: "劳动合同法 第10条" }),
    ).toBeUndefined();
    expect(helpText({ help: "选择“是”后将显示相关问题", legalBasis: undefined })).toBe(
      "选择“是”后将显示相关问题",
    );
    expect(helpText({ help: undefined, legalBasis: "劳动法 第50条" })).toBeUndefined();
    expect(
      helpText({
        help: "风险预警指标（不属于违法事项）：劳动关系风险研判",
        legalBasis: "*(signal)* 劳动关系风险研判",
      }),
    ).toBeUndefined();
    expect(helpText({ help: "请按上年度平均人数填写", legalBasis: "劳动法 第50条" })).toBe(
      "请按上年度平均人数填写",
    );
  });
});
