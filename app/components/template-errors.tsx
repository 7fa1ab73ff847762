import type { FormFailure } from "./form-bits";

/**
 * The failure of a template import or save: the summary, then every validation error with its path
 * (e.g. "questions[3].options"), so the admin can find each one in the JSON.
 */
export function TemplateErrors({ failure }: { failure?: FormFailure }) {
  if (!failure) return null;
  const entries = Object.entries(failure.fieldErrors);
  return (
    <div className="form-error template-errors" role="alert">
      <div>{failure.message}</div>
      {entries.length ? (
        <ul>
          {entries.flatMap(([path, messages]) =>
            messages.map((message, i) => (
              <li key={`${path}:${i}`} data-path={path}>
                <code>{path || "（整个模板）"}</code> {message}
              </li>
            )),
          )}
        </ul>
      ) : null}
    </div>
  );
}
