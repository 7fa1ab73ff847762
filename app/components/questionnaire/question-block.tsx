import { useState } from "react";
import { useCsrfToken } from "~/components/csrf";
import { EvidenceFileButton } from "~/components/form-bits";
import { helpText } from "~/components/questionnaire-preview/question-field";
import type { AnswerValue, Question } from "~/domain/health-check/types";
import { AnswerInput } from "./answer-input";
import { LegalBasis, type BasisViewProps } from "./legal-basis";
import { useAutosave, type SaveState } from "./use-autosave";

function SaveStateLine({ state, onTakeLatest }: { state: SaveState; onTakeLatest: () => void }) {
  return (
    <div
      className={`save-state ${state.kind === "saved" ? "saved" : state.kind === "error" || state.kind === "stale" ? "error" : ""}`}
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

/** One question of the questionnaire with autosave (see useAutosave) and, for evidence, the upload. */
export function QuestionBlock({
  question,
  initial,
  assessmentId,
  canFill,
  remark,
  onLocalChange,
  onSaved,
  registerFlush,
}: {
  question: Question & { basis: BasisViewProps | null };
  initial: { value: AnswerValue | null; rev: number } | undefined;
  assessmentId: string;
  canFill: boolean;
  remark?: string;
  onLocalChange: (id: string, value: AnswerValue | null) => void;
  onSaved: () => void;
  registerFlush: (id: string, flush: (() => void) | null) => void;
}) {
  const csrf = useCsrfToken();
  const answer = useAutosave({ assessmentId, question, initial, onLocalChange, onSaved, registerFlush });
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    const fd = new FormData();
    fd.set("_csrf", csrf);
    fd.set("questionId", question.id);
    fd.set("file", file);
    try {
      const response = await fetch(`/assessments/${assessmentId}/evidence`, { method: "POST", body: fd });
      const result = (await response.json()) as
        { ok: true; file: { fileId: string; name: string } } | { ok: false; message: string };
      if (result.ok) {
        const current = answer.current();
        const list = Array.isArray(current) ? (current as { fileId: string; name: string }[]) : [];
        answer.change([...list, result.file]);
        void answer.save();
      } else {
        answer.fail(`“${file.name}”未能上传：${result.message}`);
      }
    } catch {
      // No answer from the server, or not its JSON (e.g. a proxy's error page): nothing was attached.
      answer.fail(`“${file.name}”未能上传：网络异常，请稍后重试`);
    } finally {
      setUploading(false);
    }
  };

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
        onCommit={() => void answer.save()}
        disabled={!canFill}
        fileHref={(fileId) => `/assessments/${assessmentId}/evidence/${fileId}`}
      />
      {question.type === "evidence" && canFill ? (
        <div className="evidence-upload">
          <EvidenceFileButton
            uploading={uploading}
            aria-label={`上传${question.id}的附件`}
            disabled={uploading}
            onPick={(input) => {
              const file = input.files?.[0];
              if (file) void upload(file);
              input.value = "";
            }}
          />
          <span className="hint">PDF、JPG、PNG、Word、Excel，单个不超过 10 MB</span>
        </div>
      ) : null}
      {helpText(question) ? <div className="hint">{helpText(question)}</div> : null}
      <LegalBasis basis={question.basis} />
      <SaveStateLine state={answer.state} onTakeLatest={answer.takeLatest} />
    </div>
  );
}
