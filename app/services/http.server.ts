/** Errors a person sees: thrown Responses with a Chinese message, rendered by the root error boundary. */
export function forbidden(message = "您没有查看或操作此内容的权限"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "内容不存在或已被删除"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function conflict(message = "内容已被他人修改，请刷新后重试"): Response {
  return new Response(message, { status: 409, statusText: "Conflict" });
}

export function badRequest(message = "提交的内容不符合要求"): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/** A user-facing failure of a use case (validation, state): actions turn it into a form error. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function clientIp(request: Request): string {
  // Set by scripts/server.js from Express's req.ip (trusting only a loopback proxy).
  return request.headers.get("x-client-ip") ?? "unknown";
}

export interface ActionFailure {
  ok: false;
  message: string;
  fieldErrors: Record<string, string[]>;
}

/** Runs a use case; a UserError becomes a form error the page shows (nothing was changed). */
export async function attempt<T>(run: () => Promise<T>): Promise<T | ActionFailure> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UserError)
      return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
}

export function isFailure(value: unknown): value is ActionFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/**
 * attempt(), and a conflict (409) becomes a form error too, so the page keeps what the person typed
 * and tells them to refresh, instead of replacing the page with an error screen.
 */
export async function attemptKeepingInput<T>(run: () => Promise<T>): Promise<T | ActionFailure> {
  try {
    return await attempt(run);
  } catch (error) {
    if (error instanceof Response && error.status === 409) {
      return { ok: false, message: await error.text(), fieldErrors: {} };
    }
    throw error;
  }
}
