import { isValidLocalDate } from "~/domain/dates";
import { evaluateCondition, isAnswered } from "./conditions";
import type { AnswerValue, Answers, EnterpriseProfile, EvidenceRef, Question } from "./types";

/**
 * Answers of an HR manager, one question at a time (autosave) and as a whole (the summary before submit).
 * validateAnswer normalises what a form or a JSON body sends into the stored value; an empty input is a
 * valid "no answer yet" (value null) — whether an answer is required is decided at submit by
 * missingRequired, so that a half-filled questionnaire can always be saved.
 */

export type AnswerResult = { ok: true; value: AnswerValue | null } | { ok: false; message: string };

export const TEXT_MAX_LENGTH = 200;
export const LONGTEXT_MAX_LENGTH = 5000;
export const EVIDENCE_MAX_FILES = 20;

export function validateAnswer(question: Question, raw: unknown): AnswerResult {
  if (isEmpty(raw)) return { ok: true, value: null };
  switch (question.type) {
    case "yesno":
      return yesNo(raw);
    case "single":
      return single(question, raw);
    case "multi":
      return multi(question, raw);
    case "number":
      return numberAnswer(question, raw);
    case "date":
      return typeof raw === "string" && isValidLocalDate(raw.trim())
        ? { ok: true, value: raw.trim() }
        : { ok: false, message: "请输入有效日期，格式为 YYYY-MM-DD（如 2026-01-31）" };
    case "text":
      return textAnswer(raw, TEXT_MAX_LENGTH);
    case "longtext":
      return textAnswer(raw, LONGTEXT_MAX_LENGTH);
    case "evidence":
      return evidence(raw);
  }
}

/** Whether a question's own condition holds. Pass effective answers (visibleAnswers) so hiding cascades. */
export function isVisible(question: Question, answers: Answers, profile: EnterpriseProfile): boolean {
  return question.visibleWhen === undefined || evaluateCondition(question.visibleWhen, answers, profile);
}

/**
 * The answers that count: those of visible questions, decided in template order, so an answer left behind
 * on a question that a later change hid (e.g. RS-02 after RS-01 turned to "否") is ignored, and so are
 * the questions that depend on it in turn.
 */
export function visibleAnswers(
  questions: readonly Question[],
  answers: Answers,
  profile: EnterpriseProfile,
): Answers {
  const effective: Answers = {};
  for (const q of questions) {
    if (isVisible(q, effective, profile) && isAnswered(answers[q.id])) effective[q.id] = answers[q.id];
  }
  return effective;
}

/** The questions shown to the HR manager given the answers so far, in template order. */
export function visibleQuestions(
  questions: readonly Question[],
  answers: Answers,
  profile: EnterpriseProfile,
): Question[] {
  const effective = visibleAnswers(questions, answers, profile);
  return questions.filter((q) => isVisible(q, effective, profile));
}

/** Visible required questions still without an answer: what the summary page lists before submit. */
export function missingRequired(
  questions: readonly Question[],
  answers: Answers,
  profile: EnterpriseProfile,
): Question[] {
  const effective = visibleAnswers(questions, answers, profile);
  return questions.filter(
    (q) => q.required && isVisible(q, effective, profile) && !isAnswered(effective[q.id]),
  );
}

function isEmpty(raw: unknown): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === "string") return raw.trim() === "";
  return Array.isArray(raw) && raw.length === 0;
}

function yesNo(raw: unknown): AnswerResult {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  if (raw === "yes" || raw === "true") return { ok: true, value: true };
  if (raw === "no" || raw === "false") return { ok: true, value: false };
  return { ok: false, message: "请选择“是”或“否”" };
}

function single(question: Question, raw: unknown): AnswerResult {
  const values = (question.options ?? []).map((o) => o.value);
  return typeof raw === "string" && values.includes(raw)
    ? { ok: true, value: raw }
    : { ok: false, message: "请选择给定的选项" };
}

function multi(question: Question, raw: unknown): AnswerResult {
  const list = typeof raw === "string" ? [raw] : raw;
  const values = (question.options ?? []).map((o) => o.value);
  if (!Array.isArray(list) || !list.every((v) => typeof v === "string" && values.includes(v))) {
    return { ok: false, message: "请选择给定的选项" };
  }
  // Stored in the order of the options, without repeats, so equal choices compare equal.
  return { ok: true, value: values.filter((v) => list.includes(v)) };
}

function numberAnswer(question: Question, raw: unknown): AnswerResult {
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? parseDecimal(raw) : NaN;
  const kind = question.integer ? "整数" : "数字";
  const unit = question.unit ? `（单位：${question.unit}）` : "";
  const { min, max } = question;
  const inRange = (): string => {
    if (min !== undefined && max !== undefined) return `请输入 ${min} 到 ${max} 之间的${kind}${unit}`;
    if (min !== undefined) return `请输入不小于 ${min} 的${kind}${unit}`;
    if (max !== undefined) return `请输入不大于 ${max} 的${kind}${unit}`;
    return `请输入${kind}${unit}`;
  };
  if (!Number.isFinite(n)) return { ok: false, message: inRange() };
  if (question.integer && !Number.isInteger(n)) return { ok: false, message: inRange() };
  if ((min !== undefined && n < min) || (max !== undefined && n > max))
    return { ok: false, message: inRange() };
  return { ok: true, value: n };
}

/** Plain decimal notation only ("1,500" and "2690.5" yes; "0x10", "1e3" no). */
function parseDecimal(raw: string): number {
  const s = raw.trim().replace(/[,，]/g, "");
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
}

function textAnswer(raw: unknown, maxLength: number): AnswerResult {
  if (typeof raw !== "string") return { ok: false, message: "请输入文字" };
  const text = raw.trim();
  return [...text].length > maxLength
    ? { ok: false, message: `内容不能超过 ${maxLength} 字` }
    : { ok: true, value: text };
}

function evidence(raw: unknown): AnswerResult {
  const bad = { ok: false, message: "附件信息不正确，请重新上传" } as const;
  if (!Array.isArray(raw)) return bad;
  if (raw.length > EVIDENCE_MAX_FILES) return { ok: false, message: `最多上传 ${EVIDENCE_MAX_FILES} 个附件` };
  const files: EvidenceRef[] = [];
  for (const item of raw) {
    if (typeof item !== "object" || item === null) return bad;
    const { fileId, name } = item as Record<string, unknown>;
    if (
      typeof fileId !== "string" ||
      fileId.trim() === "" ||
      typeof name !== "string" ||
      name.trim() === ""
    ) {
      return bad;
    }
    if (!files.some((f) => f.fileId === fileId)) files.push({ fileId, name: name.trim() });
  }
  return { ok: true, value: files };
}
