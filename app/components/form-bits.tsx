import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";

export interface FormFailure {
  ok: false;
  message: string;
  fieldErrors: Record<string, string[]>;
}

export function failureOf(data: unknown): FormFailure | undefined {
  return typeof data === "object" && data !== null && (data as { ok?: unknown }).ok === false
    ? (data as FormFailure)
    : undefined;
}

/**
 * What a page shows after one of its actions: `busy` while the action runs and the page's data reloads;
 * `done`, the action's success message, only once the reload is over (Remix hands over the action's result
 * first, and a message beside the page as it was before would mislead); `failure`, the typed failure.
 */
export function useActionNotice(result: unknown): {
  busy: boolean;
  done: string | undefined;
  failure: FormFailure | undefined;
} {
  const settled = useNavigation().state === "idle";
  const message =
    typeof result === "object" && result !== null && (result as { ok?: unknown }).ok === true
      ? (result as { message?: unknown }).message
      : undefined;
  return {
    busy: !settled,
    done: settled && typeof message === "string" ? message : undefined,
    failure: failureOf(result),
  };
}

export function FormError({ failure }: { failure?: FormFailure }) {
  if (!failure) return null;
  return (
    <div className="form-error" role="alert">
      {failure.message}
    </div>
  );
}

/** An action's success message (useActionNotice's `done`), announced as a status. */
export function DoneNotice({ done, testId }: { done: string | undefined; testId?: string }) {
  if (!done) return null;
  return (
    <div className="notice" role="status" data-testid={testId}>
      {done}
    </div>
  );
}

export function Field({
  label,
  name,
  failure,
  hint,
  children,
}: {
  label: string;
  name: string;
  failure?: FormFailure;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {hint ? <div className="hint">{hint}</div> : null}
      <FieldError failure={failure} name={name} />
    </div>
  );
}

/** A field's errors from an action's failure (nothing when it has none), shown under the field. */
export function FieldError({ failure, name }: { failure?: FormFailure; name: string }) {
  const errors = failure?.fieldErrors[name];
  return errors?.length ? <div className="field-error">{errors.join("；")}</div> : null;
}

const ACCEPTED = [".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"];
const extensionOf = (name: string) =>
  name.includes(".") ? name.slice(name.lastIndexOf(".")).toLowerCase() : "";

/**
 * A file picker for evidence uploads. The browser's own file button speaks the browser's language; this
 * one is always Chinese. The input stays in the form (name, id) and reports the picked file to `onPick`.
 * A file over the limit or of a type not accepted is refused here, before it is sent (the server checks
 * both again, and the content against the extension).
 */
export function EvidenceFileButton({
  uploading,
  onPick,
  label = "选择文件上传",
  ...input
}: {
  uploading: boolean;
  onPick: (input: HTMLInputElement) => void;
  /** The button's words (the input's accessible name is its aria-label). */
  label?: string;
  "aria-label": string;
  disabled: boolean;
  id?: string;
  name?: string;
}) {
  const [tooBig, setTooBig] = useState<string>();
  return (
    <>
      <label className={`button secondary${uploading ? " disabled" : ""}`}>
        {uploading ? "正在上传…" : label}
        <input
          type="file"
          className="visually-hidden"
          accept={ACCEPTED.join(",")}
          {...input}
          onChange={(e) => {
            const picked = e.currentTarget;
            const files = [...(picked.files ?? [])];
            const big = files.find((f) => f.size > EVIDENCE_MAX_BYTES);
            const wrongType = files.find((f) => !ACCEPTED.includes(extensionOf(f.name)));
            const refusal = big
              ? `“${big.name}”超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后再上传`
              : wrongType
                ? `“${wrongType.name}”的类型不支持，请上传 PDF、JPG、PNG、Word 或 Excel 文件`
                : undefined;
            setTooBig(refusal);
            if (refusal) picked.value = "";
            else onPick(picked);
          }}
        />
      </label>
      {tooBig ? (
        <span className="field-error" role="alert">
          {tooBig}
        </span>
      ) : null}
    </>
  );
}

/**
 * A button for an irreversible step: the first click reveals, in place, the question and the button that
 * does it ("确认…") with 取消 beside it, focused, so nothing is done by one click. The confirming button is
 * the one that submits, with the button's `name`/`value` (or into `form`).
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  name,
  value,
  form,
  disabled,
  className,
}: {
  label: string;
  confirmLabel: string;
  question: string;
  name?: string;
  value?: string;
  form?: string;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-step" role="group" aria-label={label}>
      <span className="confirm-question">{question}</span>{" "}
      <button ref={confirmRef} type="submit" name={name} value={value} form={form} disabled={disabled}>
        {confirmLabel}
      </button>{" "}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        取消
      </button>
    </span>
  );
}

/**
 * A form's failure shown where the person acted (beside the button), focused when it appears so a screen
 * reader and the eye both land on it instead of on a message at the top of a long page.
 */
export function InlineError({ failure, testId }: { failure?: FormFailure; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  if (!failure) return null;
  return (
    <div ref={ref} className="form-error inline-error" role="alert" tabIndex={-1} data-testid={testId}>
      {failure.message}
    </div>
  );
}
