import type {
  AnswerValue,
  Answers,
  CompareOp,
  Condition,
  ConditionOp,
  EnterpriseProfile,
  Scalar,
} from "./types";

/** An answer counts as given unless it is absent, null, an empty string or an empty list. */
export function isAnswered(value: AnswerValue | null | undefined): value is AnswerValue {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "number") return Number.isFinite(value);
  return true;
}

/**
 * Evaluates a condition. Any comparison with a missing answer or profile fact is false, so
 * `{ not: … }` of such a comparison is true: write `{ answer, op: "answered" }` where presence matters.
 */
export function evaluateCondition(
  condition: Condition,
  answers: Answers,
  profile: EnterpriseProfile,
): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, answers, profile));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, answers, profile));
  if ("not" in condition) return !evaluateCondition(condition.not, answers, profile);
  if ("compare" in condition) {
    const { left, op, right } = condition.compare;
    const l = answers[left];
    const r = answers[right];
    if (!isAnswered(l) || !isAnswered(r)) return false;
    return compareValues(l, op, r);
  }
  if ("ratio" in condition) {
    const numerator = sumOf(condition.ratio.numerator, answers);
    const denominator = sumOf(condition.ratio.denominator, answers);
    if (numerator === null || denominator === null || denominator === 0) return false;
    // One correctly rounded division: an exact ratio such as 10 ÷ 100 equals the literal 0.1, so the
    // boundary ("more than 10%") is decided exactly.
    return compareValues(numerator / denominator, condition.op, condition.value);
  }
  if ("profile" in condition) {
    const fact = profile[condition.profile];
    return applyOp(fact === null || fact === undefined ? undefined : fact, condition.op, condition.value);
  }
  return applyOp(answers[condition.answer], condition.op, condition.value);
}

function sumOf(ids: string[], answers: Answers): number | null {
  let sum = 0;
  for (const id of ids) {
    const v = answers[id];
    if (typeof v !== "number" || !Number.isFinite(v)) return null;
    sum += v;
  }
  return sum;
}

function applyOp(
  actual: AnswerValue | Scalar | null | undefined,
  op: ConditionOp,
  expected: Scalar | Scalar[] | undefined,
): boolean {
  if (op === "answered") return isAnswered(actual as AnswerValue | null | undefined);
  if (!isAnswered(actual as AnswerValue | null | undefined)) return false;
  if (op === "in") {
    return Array.isArray(expected) && !Array.isArray(actual) && expected.some((e) => e === actual);
  }
  if (op === "includes") {
    return Array.isArray(actual) && !Array.isArray(expected) && (actual as unknown[]).includes(expected);
  }
  if (Array.isArray(actual) || Array.isArray(expected) || expected === undefined) return false;
  return compareValues(actual as Scalar, op, expected);
}

/** eq/neq on any scalars; ordering on two numbers or two strings (dates as YYYY-MM-DD order as text). */
function compareValues(a: AnswerValue | Scalar, op: CompareOp, b: AnswerValue | Scalar): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return false;
  if (op === "eq") return a === b;
  if (op === "neq") return a !== b;
  const ordered =
    (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string");
  if (!ordered) return false;
  switch (op) {
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
  }
}
