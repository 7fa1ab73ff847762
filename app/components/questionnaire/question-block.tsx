import { useState } from "react";
import { useCsrfToken } from "~/components/csrf";
import { EvidenceFileButton } from "~/components/form-bits";
import { helpText } from "~/components/questionnaire-preview/question-field";
import { answerTarget, attachmentKey, filesOf, takesAttachments } from "~/domain/health-check/attachments";
import type { AnswerValue, EvidenceRef, Question } from "~/domain/health-check/types";
import { AnswerInput } from "./answer-input";
import { LegalBasis, type BasisViewProps } from "./legal-basis";
import { useAutosave, type SaveState } from "./use-autosave";

function SaveStateLine({
  state,
  onTakeLatest,
  className = "save-state",
}: {
  state: SaveState;
  onTakeLatest: () => void;
  className?: string;
}) {
  return (
    <div
      className={`${className} ${state.kind === "saved" ? "saved" : state.kind === "error" || state.kind === "stale" ? "error" : ""}`}
      data-state={state.kind}
    >
      {state.kind === "saving" ? "正在保存…" : null}
      {state.kind === "saved" ? "已保存" : null}
      {state.kind === "dirty" ? "未保存" : null}
      {state.kind === "error" || state.kind === "stale" ? state.message : null}
      {state.kind === "stale" ? (
        <button type="button" className="link" onClick={onTakeLatest}>
          使用最新内容
        </button>
      ) : null}
    </div>
  );
}

type Autosaved = ReturnType<typeof useAutosave>;

const EVIDENCE_HINT = "PDF、JPG、PNG、Word、Excel，单个不超过 10 MB";

/**
 * The upload button of a list of evidence files (an evidence question's answer, or the files attached to
 * another answer): the file is stored under `uploadKey`, then the list is autosaved with it.
 */
function EvidenceUpload({
  assessmentId,
  uploadKey,
  list,
  label,
  ariaLabel,
  hint = true,
}: {
  assessmentId: string;
  uploadKey: string;
  list: Autosaved;
  label?: string;
  ariaLabel: string;
  /** The accepted types and size beside the button (the optional attachments of every answer leave it out). */
  hint?: boolean;
}) {
  const csrf = useCsrfToken();
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    const fd = new FormData();
    fd.set("_csrf", csrf);
    fd.set("questionId", uploadKey);
    fd.set("file", file);
    try {
      const response = await fetch(`/assessments/${assessmentId}/evidence`, { method: "POST", body: fd });
      const result = (await response.json()) as
        { ok: true; file: EvidenceRef } | { ok: false; message: string };
      if (result.ok) {
        list.change([...filesOf(list.current()), result.file]);
        list.save();
      } else {
        list.fail(`“${file.name}”未能上传：${result.message}`);
      }
    } catch {
      // No answer from the server, or not its JSON (e.g. a proxy's error page): nothing was attached.
      list.fail(`“${file.name}”未能上传：网络异常，请稍后重试`);
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="evidence-upload">
      <EvidenceFileButton
        uploading={uploading}
        label={label}
        aria-label={ariaLabel}
        disabled={uploading}
        onPick={(input) => {
          const file = input.files?.[0];
          if (file) void upload(file);
          input.value = "";
        }}
      />
      {hint ? <span className="hint">{EVIDENCE_HINT}</span> : null}
    </div>
  );
}

type AutosaveProps = Pick<
  Parameters<typeof useAutosave>[0],
  "assessmentId" | "onLocalChange" | "onSaved" | "registerFlush"
>;

/**
 * The optional files attached to an answer (附件) of a question that does not ask for files itself, saved
 * as an answer of their own (domain/health-check/attachments.ts) with its own autosave. Shown to the
 * person filling in always, to others only when there are files.
 */
function Attachments({
  question,
  initial,
  canFill,
  ...autosave
}: AutosaveProps & {
  question: Question;
  initial: { value: AnswerValue | null; rev: number } | undefined;
  canFill: boolean;
}) {
  const key = attachmentKey(question.id);
  const target = answerTarget([question], key)!;
  const files = useAutosave({ ...autosave, question: target, initial, enabled: canFill });
  const listed = filesOf(files.value);
  if (!canFill && listed.length === 0) return null;
  return (
    <div className="attachments" data-attachments={question.id}>
      <span className="attachments-label" title={EVIDENCE_HINT}>
        附件（可选）
      </span>
      {listed.length ? (
        <AnswerInput
          question={target}
          value={files.value}
          onChange={files.change}
          onCommit={files.save}
          disabled={!canFill}
          fileHref={(fileId) => `/assessments/${autosave.assessmentId}/evidence/${fileId}`}
        />
      ) : null}
      {canFill ? (
        <EvidenceUpload
          assessmentId={autosave.assessmentId}
          uploadKey={key}
          list={files}
          label="添加附件"
          ariaLabel={`为${question.id}添加附件（${EVIDENCE_HINT}）`}
          hint={false}
        />
      ) : null}
      {files.state.kind === "idle" ? null : (
        <SaveStateLine className="attach-state" state={files.state} onTakeLatest={files.takeLatest} />
      )}
    </div>
  );
}

/**
 * One question of the questionnaire with autosave (see useAutosave); an evidence question takes files as
 * its answer, any other may have files attached to its answer.
 */
export function QuestionBlock({
  question,
  initial,
  attached,
  assessmentId,
  canFill,
  remark,
  onLocalChange,
  onSaved,
  registerFlush,
}: {
  question: Question & { basis: BasisViewProps | null };
  initial: { value: AnswerValue | null; rev: number } | undefined;
  /** The files attached to the answer, as saved (questions other than evidence questions). */
  attached: { value: AnswerValue | null; rev: number } | undefined;
  assessmentId: string;
  canFill: boolean;
  remark?: string;
  onLocalChange: (id: string, value: AnswerValue | null) => void;
  onSaved: () => void;
  registerFlush: (id: string, flush: (() => void) | null) => void;
}) {
  const autosave = { assessmentId, onLocalChange, onSaved, registerFlush };
  const answer = useAutosave({ ...autosave, question, initial, enabled: canFill });

  return (
    <div className="question" data-question={question.id}>
      <div className="question-title">
        <span className="question-id">{question.id}</span>
        {question.text}
        {question.required ? <span className="required-mark">*</span> : null}
      </div>
      {remark ? (
        <div className="remark" data-testid={`remark-${question.id}`}>
          指导员批注：{remark}
        </div>
      ) : null}
      <AnswerInput
        question={question}
        value={answer.value}
        onChange={answer.change}
        onCommit={answer.save}
        disabled={!canFill}
        fileHref={(fileId) => `/assessments/${assessmentId}/evidence/${fileId}`}
      />
      {question.type === "evidence" && canFill ? (
        <EvidenceUpload
          assessmentId={assessmentId}
          uploadKey={question.id}
          list={answer}
          ariaLabel={`上传${question.id}的附件`}
        />
      ) : null}
      {helpText(question) ? <div className="hint">{helpText(question)}</div> : null}
      <LegalBasis basis={question.basis} />
      <SaveStateLine state={answer.state} onTakeLatest={answer.takeLatest} />
      {takesAttachments(question) ? (
        <Attachments {...autosave} question={question} initial={attached} canFill={canFill} />
      ) : null}
    </div>
  );
}
