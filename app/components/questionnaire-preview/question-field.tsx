import { useEffect, useState, type ReactNode } from "react";
import { LONGTEXT_MAX_LENGTH, TEXT_MAX_LENGTH, validateAnswer } from "~/domain/health-check/answers";
import type { StatuteLibrary } from "~/domain/health-check/statutes";
import type { AnswerValue, EvidenceRef, Question } from "~/domain/health-check/types";
import { LegalBasisView } from "./legal-basis-view";

export interface QuestionRemark {
  text: string;
  /** e.g. "指导员意见"; "备注" when absent. */
  label?: string;
  /** Makes the remark editable (unless the field is read-only). */
  onChange?: (text: string) => void;
}

export interface QuestionFieldProps {
  question: Question;
  value: AnswerValue | null | undefined;
  onChange?: (value: AnswerValue | null) => void;
  readOnly?: boolean;
  remark?: QuestionRemark;
  /** The statutes the legal basis cites; a subset of the library is enough (citedStatutes). */
  statutes: StatuteLibrary;
  /** A message from outside (e.g. the server refused the answer); shown under the input. */
  error?: string;
  /** Evidence uploads: receives the chosen files. Without it, chosen files are listed by name only. */
  onFiles?: (files: File[]) => void;
  /** Extra content under the question (e.g. "当前不显示" in the admin preview). */
  children?: ReactNode;
}

const YES_NO = [
  { value: true, label: "是" },
  { value: false, label: "否" },
] as const;

/**
 * One question as the HR manager answers it: its text with the required mark, the input its type needs,
 * the help text, and the legal basis with each cited article openable in place. Props-driven and
 * stateless about answers (the caller keeps them), so the preview, the filling page and the review page
 * can share it.
 */
export function QuestionField({
  question: q,
  value,
  onChange,
  readOnly = false,
  remark,
  statutes,
  error,
  onFiles,
  children,
}: QuestionFieldProps) {
  const id = `q-${q.id}`;
  const [localError, setLocalError] = useState<string>();
  const set = (raw: unknown) => {
    const result = validateAnswer(q, raw);
    setLocalError(result.ok ? undefined : result.message);
    // Text is passed on as typed (trimming while typing would swallow spaces); it is trimmed on save.
    const typed = (q.type === "text" || q.type === "longtext") && typeof raw === "string" && raw !== "";
    onChange?.(result.ok ? (typed ? raw : result.value) : null);
  };
  const help = helpText(q);
  const disabled = readOnly || !onChange;
  const shownError = error ?? localError;
  return (
    <fieldset className="qp-question" data-question={q.id}>
      <legend className="qp-question-text">
        <span className="qp-question-id">{q.id}</span>
        {q.text}
        {q.required ? (
          <span className="qp-required" title="必答题" aria-label="必答">
            *
          </span>
        ) : null}
      </legend>
      <div className="qp-input">
        <AnswerInput q={q} id={id} value={value} disabled={disabled} set={set} onFiles={onFiles} />
      </div>
      {shownError ? (
        <div className="field-error" role="alert">
          {shownError}
        </div>
      ) : null}
      {help ? <div className="hint qp-help">{help}</div> : null}
      <LegalBasisView basis={q.legalBasis} citations={q.citations} statutes={statutes} />
      {remark ? <RemarkBox id={id} remark={remark} readOnly={readOnly} /> : null}
      {children}
    </fieldset>
  );
}

/**
 * The help text, unless it only repeats the legal basis that is shown (with its articles) right below,
 * as "法律依据：…" or "风险预警指标（…）：…" do in the default template.
 */
export function helpText(q: Pick<Question, "help" | "legalBasis">): string | undefined {
  if (!q.help) return undefined;
  const basis = q.legalBasis?.replace(/^\*\(signal\)\*/, "").trim();
  if (basis && q.help.trim().replace(/^[^：]{1,20}：/, "") === basis) return undefined;
  return q.help;
}

function AnswerInput({
  q,
  id,
  value,
  disabled,
  set,
  onFiles,
}: {
  q: Question;
  id: string;
  value: AnswerValue | null | undefined;
  disabled: boolean;
  set: (raw: unknown) => void;
  onFiles?: (files: File[]) => void;
}) {
  switch (q.type) {
    case "yesno":
      return (
        <div className="qp-choices" role="radiogroup">
          {YES_NO.map((o) => (
            <label key={String(o.value)} className="qp-choice">
              <input
                type="radio"
                name={id}
                value={o.value ? "yes" : "no"}
                checked={value === o.value}
                disabled={disabled}
                onChange={() => set(o.value)}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    case "single":
      return (
        <div className="qp-choices" role="radiogroup">
          {(q.options ?? []).map((o) => (
            <label key={o.value} className="qp-choice">
              <input
                type="radio"
                name={id}
                value={o.value}
                checked={value === o.value}
                disabled={disabled}
                onChange={() => set(o.value)}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    case "multi": {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <div className="qp-choices">
          {(q.options ?? []).map((o) => (
            <label key={o.value} className="qp-choice">
              <input
                type="checkbox"
                name={id}
                value={o.value}
                checked={chosen.includes(o.value)}
                disabled={disabled}
                onChange={(e) =>
                  set(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))
                }
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case "number":
      return <NumberInput q={q} id={id} value={value} disabled={disabled} set={set} />;
    case "date":
      return (
        <input
          id={id}
          className="qp-date"
          type="date"
          value={typeof value === "string" ? value : ""}
          readOnly={disabled}
          onChange={(e) => set(e.target.value)}
        />
      );
    case "text":
      return (
        <input
          id={id}
          type="text"
          maxLength={TEXT_MAX_LENGTH}
          value={typeof value === "string" ? value : ""}
          readOnly={disabled}
          onChange={(e) => set(e.target.value)}
        />
      );
    case "longtext":
      return (
        <textarea
          id={id}
          rows={4}
          maxLength={LONGTEXT_MAX_LENGTH}
          value={typeof value === "string" ? value : ""}
          readOnly={disabled}
          onChange={(e) => set(e.target.value)}
        />
      );
    case "evidence":
      return <EvidenceInput id={id} value={value} disabled={disabled} set={set} onFiles={onFiles} />;
  }
}

/** Keeps what is typed (e.g. "2,5" on the way to "2,500") and reports the number once it is valid. */
function NumberInput({
  q,
  id,
  value,
  disabled,
  set,
}: {
  q: Question;
  id: string;
  value: AnswerValue | null | undefined;
  disabled: boolean;
  set: (raw: unknown) => void;
}) {
  const [text, setText] = useState(typeof value === "number" ? String(value) : "");
  useEffect(() => {
    // An answer changed from outside (e.g. cleared) replaces what was typed.
    if (value === null || value === undefined) setText((t) => (t.trim() === "" ? t : ""));
    else if (typeof value === "number")
      setText((t) => (Number(t.replace(/[,，]/g, "")) === value ? t : String(value)));
  }, [value]);
  const range =
    q.min !== undefined && q.max !== undefined
      ? `${q.min}–${q.max}`
      : q.min !== undefined
        ? `≥ ${q.min}`
        : q.max !== undefined
          ? `≤ ${q.max}`
          : undefined;
  return (
    <div className="qp-number">
      <input
        id={id}
        type="text"
        inputMode={q.integer ? "numeric" : "decimal"}
        value={text}
        readOnly={disabled}
        onChange={(e) => {
          setText(e.target.value);
          set(e.target.value);
        }}
      />
      {q.unit ? <span className="qp-unit">{q.unit}</span> : null}
      {range ? (
        <span className="hint">
          （{q.integer ? "整数，" : ""}范围 {range}）
        </span>
      ) : null}
    </div>
  );
}

function EvidenceInput({
  id,
  value,
  disabled,
  set,
  onFiles,
}: {
  id: string;
  value: AnswerValue | null | undefined;
  disabled: boolean;
  set: (raw: unknown) => void;
  onFiles?: (files: File[]) => void;
}) {
  const files = Array.isArray(value) ? (value as EvidenceRef[]).filter((f) => typeof f === "object") : [];
  return (
    <div className="qp-evidence">
      {files.length ? (
        <ul className="qp-files">
          {files.map((f) => (
            <li key={f.fileId}>
              {f.name}
              {disabled ? null : (
                <button
                  type="button"
                  className="link"
                  onClick={() => set(files.filter((x) => x.fileId !== f.fileId))}
                >
                  移除
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {disabled ? (
        files.length ? null : (
          <span className="hint">未上传附件</span>
        )
      ) : (
        <input
          id={id}
          type="file"
          multiple
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            e.target.value = "";
            if (chosen.length === 0) return;
            if (onFiles) onFiles(chosen);
            else {
              // Preview only: nothing is uploaded, the names stand in for stored files.
              set([...files, ...chosen.map((f) => ({ fileId: `local:${f.name}:${f.size}`, name: f.name }))]);
            }
          }}
        />
      )}
    </div>
  );
}

function RemarkBox({ id, remark, readOnly }: { id: string; remark: QuestionRemark; readOnly: boolean }) {
  const label = remark.label ?? "备注";
  if (readOnly || !remark.onChange) {
    return remark.text ? (
      <div className="qp-remark">
        <strong>{label}：</strong>
        {remark.text}
      </div>
    ) : null;
  }
  const onChange = remark.onChange;
  return (
    <div className="qp-remark-edit">
      <label htmlFor={`${id}-remark`}>{label}</label>
      <textarea id={`${id}-remark`} rows={2} value={remark.text} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
