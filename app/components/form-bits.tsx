import type { ReactNode } from "react";

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

export function FormError({ failure }: { failure?: FormFailure }) {
  if (!failure) return null;
  return (
    <div className="form-error" role="alert">
      {failure.message}
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
  const errors = failure?.fieldErrors[name];
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {hint ? <div className="hint">{hint}</div> : null}
      {errors?.length ? <div className="field-error">{errors.join("；")}</div> : null}
    </div>
  );
}
