import type { Answers, EvidenceRef, Question } from "./types";

/**
 * Files attached to the answer of a question that does not ask for files itself (附件, optional on any
 * answer). They are stored as an evidence answer of their own under a derived key, `<question id>:files`,
 * so that autosave, revisions, stale checks, uploads and downloads treat them exactly as the files of an
 * evidence question. Template ids never contain ":" (validate-template.ts), so no key can collide.
 */
const SUFFIX = ":files";

/** The key the files attached to `questionId`'s answer are saved under. */
export function attachmentKey(questionId: string): string {
  return `${questionId}${SUFFIX}`;
}

/** Whether a question takes attached files beside its answer (an evidence question takes files as its answer). */
export function takesAttachments(question: Pick<Question, "type">): boolean {
  return question.type !== "evidence";
}

/**
 * What an answer key stands for: a question of the template, or the attached files of one (an optional
 * evidence "question" of the same dimension). Undefined for a key of neither kind.
 */
export function answerTarget(questions: readonly Question[], key: string): Question | undefined {
  if (!key.endsWith(SUFFIX)) return questions.find((q) => q.id === key);
  const owner = questions.find((q) => q.id === key.slice(0, -SUFFIX.length));
  if (!owner || !takesAttachments(owner)) return undefined;
  return {
    id: key,
    dimensionId: owner.dimensionId,
    text: `${owner.text}（附件）`,
    type: "evidence",
    required: false,
  };
}

/** The files of an evidence answer as stored (anything else reads as none). */
export function filesOf(value: Answers[string]): EvidenceRef[] {
  return Array.isArray(value)
    ? (value as unknown[]).filter(
        (f): f is EvidenceRef => typeof f === "object" && f !== null && "fileId" in f && "name" in f,
      )
    : [];
}

/**
 * The files given with each of these questions, in their order: an evidence question's answer, or the
 * files attached to another question's answer. Questions without files are left out.
 */
export function evidenceByQuestion<Q extends Pick<Question, "id" | "type">>(
  questions: readonly Q[],
  answers: Answers,
): { question: Q; files: EvidenceRef[] }[] {
  return questions
    .map((question) => ({
      question,
      files: filesOf(answers[takesAttachments(question) ? attachmentKey(question.id) : question.id]),
    }))
    .filter((e) => e.files.length > 0);
}

/** One file of a check's evidence list: what it is called, how big, who uploaded it and when. */
export interface EvidenceListFile {
  fileId: string;
  name: string;
  /** "45.3 KB" */
  size: string;
  uploadedBy: string;
  /** "2026-03-02 14:05", Shanghai time. */
  uploadedAt: string;
}
