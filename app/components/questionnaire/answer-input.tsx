import type { AnswerValue, EvidenceRef, Question } from "~/domain/health-check/types";

/** The input for one question, by type; controlled, so autosave can watch every change. */
export function AnswerInput({
  question,
  value,
  onChange,
  onCommit,
  disabled,
  fileHref,
}: {
  question: Question;
  value: AnswerValue | null;
  onChange: (value: AnswerValue | null) => void;
  /** Called when an edit is finished (blur, click): save now instead of after the debounce. */
  onCommit: () => void;
  disabled: boolean;
  /** Where an uploaded evidence file downloads from; its name becomes that link. */
  fileHref?: (fileId: string) => string;
}) {
  const name = `q-${question.id}`;
  switch (question.type) {
    case "yesno":
      return (
        <div className="choices" role="radiogroup" aria-label={question.text}>
          {[
            { v: true, label: "是" },
            { v: false, label: "否" },
          ].map((o) => (
            <label key={o.label} className="choice">
              <input
                type="radio"
                name={name}
                checked={value === o.v}
                disabled={disabled}
                onChange={() => {
                  onChange(o.v);
                  onCommit();
                }}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    case "single":
      return (
        <div className="choices" role="radiogroup" aria-label={question.text}>
          {(question.options ?? []).map((o) => (
            <label key={o.value} className="choice">
              <input
                type="radio"
                name={name}
                checked={value === o.value}
                disabled={disabled}
                onChange={() => {
                  onChange(o.value);
                  onCommit();
                }}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    case "multi": {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <div className="choices">
          {(question.options ?? []).map((o) => (
            <label key={o.value} className="choice">
              <input
                type="checkbox"
                checked={selected.includes(o.value)}
                disabled={disabled}
                onChange={(e) => {
                  onChange(e.target.checked ? [...selected, o.value] : selected.filter((s) => s !== o.value));
                  onCommit();
                }}
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case "number":
      return (
        <div className="number-input">
          <input
            aria-label={question.text}
            name={name}
            inputMode="decimal"
            value={value === null || value === undefined ? "" : String(value)}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
            onBlur={onCommit}
            style={{ maxWidth: 200 }}
          />
          {question.unit ? <span className="unit">{question.unit}</span> : null}
          {question.min !== undefined || question.max !== undefined ? (
            <span className="hint">
              （{question.min ?? "—"}–{question.max ?? "—"}）
            </span>
          ) : null}
        </div>
      );
    case "date":
      return (
        <input
          aria-label={question.text}
          type="date"
          name={name}
          value={typeof value === "string" ? value : ""}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value || null)}
          onBlur={onCommit}
          style={{ maxWidth: 200 }}
        />
      );
    case "text":
      return (
        <input
          aria-label={question.text}
          name={name}
          value={typeof value === "string" ? value : ""}
          disabled={disabled}
          maxLength={200}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onCommit}
        />
      );
    case "longtext":
      return (
        <textarea
          aria-label={question.text}
          name={name}
          rows={4}
          value={typeof value === "string" ? value : ""}
          disabled={disabled}
          maxLength={5000}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onCommit}
        />
      );
    case "evidence": {
      const files = Array.isArray(value) ? (value as EvidenceRef[]) : [];
      return (
        <ul className="evidence-list">
          {files.length === 0 ? <li className="hint">尚未上传附件</li> : null}
          {files.map((f) => (
            <li key={f.fileId}>
              {fileHref ? (
                <a href={fileHref(f.fileId)} download={f.name} title={`下载 ${f.name}`}>
                  {f.name}
                </a>
              ) : (
                f.name
              )}
              {!disabled ? (
                <button
                  type="button"
                  className="link evidence-remove"
                  aria-label={`移除 ${f.name}`}
                  onClick={() => {
                    onChange(files.filter((x) => x.fileId !== f.fileId));
                    onCommit();
                  }}
                >
                  移除
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      );
    }
  }
}

/** How an answer reads on review and summary pages. */
export function formatAnswer(question: Question, value: AnswerValue | null | undefined): string {
  if (value === null || value === undefined || value === "") return "（未填写）";
  switch (question.type) {
    case "yesno":
      return value === true ? "是" : "否";
    case "single":
      return question.options?.find((o) => o.value === value)?.label ?? String(value);
    case "multi":
      return (value as string[])
        .map((v) => question.options?.find((o) => o.value === v)?.label ?? v)
        .join("、");
    case "number":
      return `${String(value)}${question.unit ?? ""}`;
    case "evidence":
      return (value as EvidenceRef[]).map((f) => f.name).join("、") || "（无附件）";
    default:
      return String(value);
  }
}
