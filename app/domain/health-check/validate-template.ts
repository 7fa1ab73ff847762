import * as z from "zod";
import { isValidLocalDate } from "~/domain/dates";
import {
  parseByPath,
  pathErrors,
  type AddPathError as Add,
  type PathError,
  type PathPart,
} from "~/domain/path-errors";
import { resolveCitation, type StatuteLibrary } from "./statutes";
import {
  PROFILE_FACTS,
  type CompareOp,
  type Condition,
  type ConditionOp,
  type ProfileFact,
  type Question,
  type Template,
} from "./types";

/**
 * Validation of an imported questionnaire template (unknown JSON, e.g. uploaded by a platform admin):
 * first the structure (zod), then the meaning — unique ids, existing dimensions and questions,
 * visibility conditions that only look back, conditions that fit the question types, resolvable citations.
 * Error paths look like "questions[3].options"; messages are Chinese, for the admin to act on.
 */

export type TemplateError = PathError;

export type TemplateValidation = { ok: true; template: Template } | { ok: false; errors: TemplateError[] };

const COMPARE_OPS = ["eq", "neq", "gt", "gte", "lt", "lte"] as const satisfies readonly CompareOp[];
const CONDITION_OPS = [
  ...COMPARE_OPS,
  "in",
  "includes",
  "answered",
] as const satisfies readonly ConditionOp[];
const ORDER_OPS: readonly string[] = ["gt", "gte", "lt", "lte"];
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const ID_MESSAGE = "编号只能包含字母、数字、“-”和“_”";

const Id = z.string().min(1, "编号不能为空").max(40, "编号不能超过 40 个字符").regex(ID_PATTERN, ID_MESSAGE);
const Text = z.string().trim().min(1, "不能为空");

/** Conditions are checked by hand so that an error points at the exact sub-expression. */
const ConditionSchema = z.custom<Condition>().superRefine((value, ctx) => {
  for (const issue of conditionShapeIssues(value, [])) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
});

const CitationSchema = z.strictObject({
  statute: Text,
  article: z.string().regex(/^[1-9][0-9]*$/, "条号须为阿拉伯数字，如 “41”"),
});

const QuestionSchema = z.strictObject({
  id: Id,
  dimensionId: Id,
  text: Text,
  type: z.enum(["single", "multi", "yesno", "number", "date", "text", "longtext", "evidence"]),
  options: z.array(z.strictObject({ value: Text, label: Text })).optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  required: z.boolean(),
  help: z.string().optional(),
  legalBasis: z.string().optional(),
  citations: z.array(CitationSchema).optional(),
  weight: z.number().min(0, "权重不能为负数").optional(),
  visibleWhen: ConditionSchema.optional(),
});

const RuleSchema = z.strictObject({
  id: Id,
  dimensionId: Id,
  questionIds: z.array(Id).min(1, "至少关联一个问题"),
  when: ConditionSchema,
  severity: z.enum(["H", "M", "L"]),
  title: Text,
  legalBasis: Text,
  citations: z.array(CitationSchema),
  recommendation: Text,
  deadlineDays: z.number().int("整改期限须为整数天").positive("整改期限须大于 0 天"),
  signal: z.boolean(),
});

/** Unknown top-level keys (e.g. version and status of an exported template) are dropped, not errors. */
const TemplateSchema = z.object({
  key: Id,
  title: Text,
  description: z.string().optional(),
  dimensions: z.array(z.strictObject({ id: Id, title: Text, order: z.number() })).min(1, "至少需要一个维度"),
  questions: z.array(QuestionSchema).min(1, "至少需要一个问题"),
  rules: z.array(RuleSchema),
});

export function validateTemplate(input: unknown, library: StatuteLibrary): TemplateValidation {
  const parsed = parseByPath(TemplateSchema, input);
  if (!parsed.ok) return parsed;
  const template = parsed.value as Template;
  const errors = semanticErrors(template, library);
  return errors.length === 0 ? { ok: true, template } : { ok: false, errors };
}

function semanticErrors(template: Template, library: StatuteLibrary): TemplateError[] {
  const { errors, add } = pathErrors();

  const dimensionIds = new Set<string>();
  template.dimensions.forEach((d, i) => {
    if (dimensionIds.has(d.id)) add(["dimensions", i, "id"], `维度编号“${d.id}”重复`);
    dimensionIds.add(d.id);
  });

  const questionIndex = new Map<string, number>();
  template.questions.forEach((q, i) => {
    const at: PathPart[] = ["questions", i];
    if (questionIndex.has(q.id)) add([...at, "id"], `问题编号“${q.id}”重复`);
    else questionIndex.set(q.id, i);
    if (!dimensionIds.has(q.dimensionId)) add([...at, "dimensionId"], `维度“${q.dimensionId}”不存在`);
    checkQuestionShape(q, at, add);
    q.citations?.forEach((c, j) => checkCitation(c, library, [...at, "citations", j], add));
  });

  const lookup: QuestionLookup = (id) => {
    const index = questionIndex.get(id);
    return index === undefined ? undefined : { question: template.questions[index], index };
  };

  template.questions.forEach((q, i) => {
    if (!q.visibleWhen) return;
    checkConditionMeaning(q.visibleWhen, ["questions", i, "visibleWhen"], add, lookup, (ref, path) => {
      const found = lookup(ref);
      if (found && found.index >= i) add(path, `显示条件只能引用排在本题之前的问题，“${ref}”排在本题之后`);
    });
  });

  const ruleIds = new Set<string>();
  template.rules.forEach((r, i) => {
    const at: PathPart[] = ["rules", i];
    if (ruleIds.has(r.id)) add([...at, "id"], `规则编号“${r.id}”重复`);
    ruleIds.add(r.id);
    if (!dimensionIds.has(r.dimensionId)) add([...at, "dimensionId"], `维度“${r.dimensionId}”不存在`);
    r.questionIds.forEach((qid, j) => {
      const found = lookup(qid);
      if (!found) add([...at, "questionIds", j], `问题“${qid}”不存在`);
      else if (found.question.dimensionId !== r.dimensionId) {
        add([...at, "questionIds", j], `问题“${qid}”不属于维度“${r.dimensionId}”`);
      }
    });
    const listed = new Set(r.questionIds);
    checkConditionMeaning(r.when, [...at, "when"], add, lookup, (ref, path) => {
      if (!listed.has(ref)) add(path, `判定条件引用的问题“${ref}”须列入本规则的 questionIds`);
    });
    r.citations.forEach((c, j) => checkCitation(c, library, [...at, "citations", j], add));
  });
  return errors;
}

type QuestionLookup = (id: string) => { question: Question; index: number } | undefined;

function checkQuestionShape(q: Question, at: PathPart[], add: Add) {
  const isChoice = q.type === "single" || q.type === "multi";
  if (isChoice) {
    if (!q.options || q.options.length < 2) add([...at, "options"], "单选题和多选题至少需要两个选项");
    const seen = new Set<string>();
    q.options?.forEach((o, j) => {
      if (seen.has(o.value)) add([...at, "options", j, "value"], `选项值“${o.value}”重复`);
      seen.add(o.value);
    });
  } else if (q.options !== undefined) {
    add([...at, "options"], "只有单选题和多选题可以设置选项");
  }
  if (q.type !== "number") {
    for (const key of ["unit", "min", "max", "integer"] as const) {
      if (q[key] !== undefined) add([...at, key], "只有数字题可以设置单位、最小值、最大值和整数要求");
    }
    return;
  }
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
    add([...at, "max"], `最大值（${q.max}）不能小于最小值（${q.min}）`);
  }
  if (q.integer) {
    if (q.min !== undefined && !Number.isInteger(q.min)) add([...at, "min"], "整数题的最小值须为整数");
    if (q.max !== undefined && !Number.isInteger(q.max)) add([...at, "max"], "整数题的最大值须为整数");
  }
}

function checkCitation(
  c: { statute: string; article: string },
  library: StatuteLibrary,
  at: PathPart[],
  add: Add,
) {
  if (!library[c.statute]) add(at, `未收录法规“${c.statute}”的全文，不能引用其条文`);
  else if (resolveCitation(library, c) === null)
    add(at, `《${library[c.statute].title}》没有第${c.article}条`);
}

/**
 * References and types inside a condition that already has a valid shape. `checkRef` adds the rule that
 * differs between visibility (only earlier questions) and findings (only the rule's own questions).
 */
function checkConditionMeaning(
  condition: Condition,
  at: PathPart[],
  add: Add,
  lookup: QuestionLookup,
  checkRef: (ref: string, path: PathPart[]) => void,
) {
  const ref = (id: string, path: PathPart[]): Question | undefined => {
    const found = lookup(id);
    if (!found) {
      add(path, `问题“${id}”不存在`);
      return undefined;
    }
    checkRef(id, path);
    return found.question;
  };

  if ("all" in condition || "any" in condition) {
    const key = "all" in condition ? "all" : "any";
    const list = "all" in condition ? condition.all : condition.any;
    list.forEach((c, i) => checkConditionMeaning(c, [...at, key, i], add, lookup, checkRef));
    return;
  }
  if ("not" in condition) {
    checkConditionMeaning(condition.not, [...at, "not"], add, lookup, checkRef);
    return;
  }
  if ("compare" in condition) {
    const left = ref(condition.compare.left, [...at, "compare", "left"]);
    const right = ref(condition.compare.right, [...at, "compare", "right"]);
    if (left && right) {
      const comparable = (left.type === "number" || left.type === "date") && left.type === right.type;
      if (!comparable) add([...at, "compare"], "只能比较两个数字题或两个日期题");
    }
    return;
  }
  if ("ratio" in condition) {
    for (const side of ["numerator", "denominator"] as const) {
      condition.ratio[side].forEach((id, i) => {
        const q = ref(id, [...at, "ratio", side, i]);
        if (q && q.type !== "number")
          add([...at, "ratio", side, i], `比例条件只能引用数字题，“${id}”不是数字题`);
      });
    }
    return;
  }
  if ("profile" in condition) {
    checkProfileValue(condition.profile, condition.op, condition.value, at, add);
    return;
  }
  const q = ref(condition.answer, [...at, "answer"]);
  if (q) checkAnswerValue(q, condition.op, condition.value, at, add);
}

function checkAnswerValue(q: Question, op: ConditionOp, value: unknown, at: PathPart[], add: Add) {
  if (op === "answered") return;
  const valuePath = [...at, "value"];
  if (q.type === "evidence" || q.type === "longtext") {
    add([...at, "op"], "附件题和长文本题只能判断是否已作答（answered）");
    return;
  }
  if (op === "includes") {
    if (q.type !== "multi") add([...at, "op"], "includes 只能用于多选题");
    else checkLiteral(q, value, valuePath, add);
    return;
  }
  if (q.type === "multi") {
    add([...at, "op"], "多选题请使用 includes 判断是否选中某项");
    return;
  }
  if (ORDER_OPS.includes(op) && q.type !== "number" && q.type !== "date") {
    add([...at, "op"], "只有数字题和日期题可以比较大小");
    return;
  }
  if (op === "in") {
    (value as unknown[]).forEach((v, i) => checkLiteral(q, v, [...valuePath, i], add));
    return;
  }
  checkLiteral(q, value, valuePath, add);
}

/** A literal compared with an answer must be a value that question can have. */
function checkLiteral(q: Question, value: unknown, path: PathPart[], add: Add) {
  switch (q.type) {
    case "yesno":
      if (typeof value !== "boolean") add(path, "是否题的比较值须为 true 或 false");
      return;
    case "number":
      if (typeof value !== "number") add(path, "数字题的比较值须为数字");
      return;
    case "date":
      if (!isValidLocalDate(value)) add(path, "日期题的比较值须为 YYYY-MM-DD 格式的有效日期");
      return;
    case "single":
    case "multi":
      if (!q.options?.some((o) => o.value === value)) add(path, `“${String(value)}”不是问题“${q.id}”的选项`);
      return;
    default:
      if (typeof value !== "string") add(path, "文本题的比较值须为文字");
  }
}

const PROFILE_TYPES: Record<ProfileFact, "industry" | "number" | "boolean"> = {
  industry: "industry",
  headcount: "number",
  womenShare: "number",
  unionEstablished: "boolean",
  congressEstablished: "boolean",
  usesDispatch: "boolean",
};

function checkProfileValue(fact: ProfileFact, op: ConditionOp, value: unknown, at: PathPart[], add: Add) {
  if (op === "answered") return;
  const kind = PROFILE_TYPES[fact];
  if (kind !== "number" && ORDER_OPS.includes(op)) {
    add([...at, "op"], `企业信息“${fact}”不能比较大小`);
    return;
  }
  const values = op === "in" ? (value as unknown[]) : [value];
  values.forEach((v, i) => {
    const path = op === "in" ? [...at, "value", i] : [...at, "value"];
    if (kind === "industry" && !(typeof v === "string" && /^[A-T]$/.test(v))) {
      add(path, "行业须为国民经济行业分类门类代码 A–T");
    } else if (kind === "number" && typeof v !== "number") add(path, `企业信息“${fact}”的比较值须为数字`);
    else if (kind === "boolean" && typeof v !== "boolean")
      add(path, `企业信息“${fact}”的比较值须为 true 或 false`);
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const isScalar = (v: unknown) =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** Structure of a condition, with the exact path of each problem. */
function conditionShapeIssues(v: unknown, at: PathPart[]): { path: PathPart[]; message: string }[] {
  const issues: { path: PathPart[]; message: string }[] = [];
  const add = (path: PathPart[], message: string) => issues.push({ path, message });
  const only = (obj: Record<string, unknown>, allowed: string[]) => {
    for (const key of Object.keys(obj))
      if (!allowed.includes(key)) add([...at, key], `条件中出现未知字段“${key}”`);
  };
  const idAt = (value: unknown, path: PathPart[]) => {
    if (typeof value !== "string" || !ID_PATTERN.test(value)) add(path, "须为问题编号");
  };

  if (!isRecord(v)) {
    add(at, "条件须为对象");
    return issues;
  }
  if ("all" in v || "any" in v) {
    const key = "all" in v ? "all" : "any";
    only(v, [key]);
    const list = v[key];
    if (!Array.isArray(list) || list.length === 0) add([...at, key], "须为至少包含一个条件的数组");
    else list.forEach((c, i) => issues.push(...conditionShapeIssues(c, [...at, key, i])));
    return issues;
  }
  if ("not" in v) {
    only(v, ["not"]);
    issues.push(...conditionShapeIssues(v.not, [...at, "not"]));
    return issues;
  }
  if ("compare" in v) {
    only(v, ["compare"]);
    const c = v.compare;
    if (!isRecord(c)) add([...at, "compare"], "须为 {left, op, right}");
    else {
      idAt(c.left, [...at, "compare", "left"]);
      idAt(c.right, [...at, "compare", "right"]);
      if (!(COMPARE_OPS as readonly unknown[]).includes(c.op)) {
        add([...at, "compare", "op"], `比较运算须为 ${COMPARE_OPS.join("、")} 之一`);
      }
    }
    return issues;
  }
  if ("ratio" in v) {
    only(v, ["ratio", "op", "value"]);
    const r = v.ratio;
    if (!isRecord(r)) add([...at, "ratio"], "须为 {numerator, denominator}");
    else {
      for (const side of ["numerator", "denominator"] as const) {
        const ids = r[side];
        if (!Array.isArray(ids) || ids.length === 0)
          add([...at, "ratio", side], "须为至少包含一个问题编号的数组");
        else ids.forEach((id, i) => idAt(id, [...at, "ratio", side, i]));
      }
    }
    if (!(COMPARE_OPS as readonly unknown[]).includes(v.op)) {
      add([...at, "op"], `比较运算须为 ${COMPARE_OPS.join("、")} 之一`);
    }
    if (typeof v.value !== "number" || !Number.isFinite(v.value)) add([...at, "value"], "比例阈值须为数字");
    return issues;
  }
  if ("answer" in v || "profile" in v) {
    const isProfile = "profile" in v;
    only(v, [isProfile ? "profile" : "answer", "op", "value"]);
    if (isProfile) {
      if (!(PROFILE_FACTS as readonly unknown[]).includes(v.profile)) {
        add([...at, "profile"], `企业信息须为 ${PROFILE_FACTS.join("、")} 之一`);
      }
    } else idAt(v.answer, [...at, "answer"]);
    const ops: readonly string[] = isProfile ? CONDITION_OPS.filter((o) => o !== "includes") : CONDITION_OPS;
    if (typeof v.op !== "string" || !ops.includes(v.op)) {
      add([...at, "op"], `运算须为 ${ops.join("、")} 之一`);
      return issues;
    }
    if (v.op === "answered") {
      if (v.value !== undefined) add([...at, "value"], "answered 不需要比较值");
    } else if (v.op === "in") {
      if (!Array.isArray(v.value) || v.value.length === 0 || !v.value.every(isScalar)) {
        add([...at, "value"], "in 的比较值须为非空数组");
      }
    } else if (!isScalar(v.value)) add([...at, "value"], "须提供比较值（文字、数字或 true/false）");
    return issues;
  }
  add(at, "无法识别的条件：须包含 answer、profile、compare、ratio、all、any 或 not 之一");
  return issues;
}
