import { Link } from "@remix-run/react";

/**
 * The normal state of a page whose subject is not there yet (a report or prescription before the health
 * check is accepted): what is missing and the way back, never an error screen.
 */
export function NotYet({ title, message }: { title: string; message: string }) {
  return (
    <div className="card" data-testid="not-yet">
      <h2>{title}</h2>
      <p className="hint">{message}</p>
      <p>
        <Link className="button secondary" to="..">
          返回体检
        </Link>
      </p>
    </div>
  );
}
