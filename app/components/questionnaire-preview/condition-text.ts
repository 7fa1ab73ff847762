import type { CompareOp, Condition, ProfileFact, Question, Scalar } from "~/domain/health-check/types";

/**
 * A visibility condition in words, for the admin's preview ("显示条件：“RS-01”为“是”"). Pure: the
 * questions it may name are passed in, so option values read as their labels.
 */

const OPS: Record<CompareOp, string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

export const PROFILE_LABELS: Record<ProfileFact, string> = {
  industry: "行业门类",
  headcount: "职工人数",
  womenShare: "女职工占比（%）",
  unionEstablished: "已建立工会",
  congressEstablished: "已建立职代会",
  usesDispatch: "使用劳务派遣",
};

export function describeCondition(
  condition: Condition,
  questions: ReadonlyMap<string, Pick<Question, "id" | "options">>,
): string {
  const describe = (c: Condition, nested: boolean): string => {
    if ("all" in c || "any" in c) {
      const list = "all" in c ? c.all : c.any;
      const text = list.map((x) => describe(x, true)).join("all" in c ? " 且 " : " 或 ");
      return nested && list.length > 1 ? `（${text}）` : text;
    }
    if ("not" in c) return `并非${describe(c.not, true)}`;
    if ("compare" in c) return `“${c.compare.left}” ${OPS[c.compare.op]} “${c.compare.right}”`;
    if ("ratio" in c) {
      const sum = (ids: string[]) => (ids.length > 1 ? `（${ids.join(" + ")}）` : ids[0]);
      return `${sum(c.ratio.numerator)} ÷ ${sum(c.ratio.denominator)} ${OPS[c.op]} ${c.value}`;
    }
    const subject = "profile" in c ? `企业信息“${PROFILE_LABELS[c.profile]}”` : `“${c.answer}”`;
    const question = "answer" in c ? questions.get(c.answer) : undefined;
    const literal = (v: Scalar) => {
      if (typeof v === "boolean") return v ? "“是”" : "“否”";
      if (typeof v === "number") return String(v);
      return `“${question?.options?.find((o) => o.value === v)?.label ?? v}”`;
    };
    const values = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
    switch (c.op) {
      case "answered":
        return `${subject}已填写`;
      case "in":
        return `${subject}为${values.map(literal).join("或")}`;
      case "includes":
        return `${subject}选中${values.map(literal).join("、")}`;
      case "eq":
        return `${subject}为${values.map(literal).join("")}`;
      case "neq":
        return `${subject}不为${values.map(literal).join("")}`;
      default:
        return `${subject} ${OPS[c.op]} ${values.map(literal).join("")}`;
    }
  };
  return describe(condition, false);
}
