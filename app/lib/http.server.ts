import { parseWithZod } from "@conform-to/zod/v4";
import type * as z from "zod";
import type { BlockList } from "node:net";
import { getConfig } from "~/config.server";
import { clientAddress, trustList } from "~/lib/client-address";
import { publicPageWait } from "./throttle.server";

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

let trusted: { for: readonly string[]; list: BlockList } | undefined;

/**
 * The client's address: the connection's own (written by scripts/server.js over anything the client sent),
 * or, when that is a trusted proxy (TRUSTED_PROXIES), the right-most untrusted X-Forwarded-For entry.
 */
export function clientIp(request: Request): string {
  const peer = request.headers.get("x-client-ip") ?? "unknown";
  const proxies = getConfig().TRUSTED_PROXIES;
  if (trusted?.for !== proxies) trusted = { for: proxies, list: trustList(proxies) };
  return clientAddress(peer, request.headers.get("x-forwarded-for"), trusted.list);
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

/**
 * Fields a person never types (the intent, versions, ids): when one of them is missing or malformed the
 * request did not come from our page as it is, so it is a 400, not a message beside a field.
 */
const HIDDEN_FIELDS = new Set([
  "intent",
  "version",
  "baseRev",
  "rev",
  "id",
  "key",
  "keys",
  "userId",
  "questionId",
]);

export interface ParseFormOptions {
  /**
   * The failure's message is the first problem's own (for a page that shows only the message, not the
   * field errors beside its fields) instead of the summary 请检查填写的内容.
   */
  firstProblemAsMessage?: boolean;
}

/**
 * Parses a form with its zod schema through Conform (one discriminated union on `intent` for a page with
 * several actions). Conform reads the form as the schema expects it: an empty field is missing (undefined),
 * a field the schema declares as an array is one (none, one or several values), numbers are coerced. A
 * problem with a field the person filled in is a UserError whose field errors the page shows beside the
 * field; a problem with a hidden field is a 400.
 */
export function parseForm<Schema extends z.ZodType>(
  form: FormData,
  schema: Schema,
  options: ParseFormOptions = {},
): z.output<Schema> {
  const submission = parseWithZod(form, { schema });
  if (submission.status === "success") return submission.value;
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(submission.error ?? {})) {
    if (!messages?.length) continue;
    if (HIDDEN_FIELDS.has(name.split(/[.[]/)[0])) throw badRequest("请求有误，请刷新页面后重试");
    fieldErrors[name] = messages;
  }
  const first = Object.values(fieldErrors)[0]?.[0];
  const formErrors = fieldErrors[""] ?? [];
  delete fieldErrors[""];
  throw new UserError(
    formErrors[0] ?? (options.firstProblemAsMessage ? first : undefined) ?? "请检查填写的内容",
    fieldErrors,
  );
}

/**
 * For endpoints the page calls with fetch (autosave, evidence upload): a refusal as JSON `{ ok: false,
 * message }` with its status (400 for a UserError), so the page can say what went wrong. Redirects (sign in
 * again) and anything unexpected are thrown on.
 */
export async function jsonFailure(error: unknown): Promise<Response> {
  if (error instanceof UserError)
    return Response.json({ ok: false, message: error.message }, { status: 400 });
  if (error instanceof Response && error.status >= 400 && error.status < 500) {
    const message = (await error.text()) || "请求有误，请刷新页面后重试";
    return Response.json({ ok: false, message }, { status: error.status });
  }
  throw error;
}

/**
 * For the public pages without an account: a 429 with a Chinese message (the error page shows it) when
 * the client's address went over the page's limit (app/lib/throttle.server.ts).
 */
export async function refuseWhenFlooded(request: Request) {
  const kind = request.method === "GET" || request.method === "HEAD" ? "view" : "submit";
  const wait = await publicPageWait(clientIp(request), kind);
  if (wait === null) return;
  const minutes = Math.ceil(wait / 60);
  throw new Response(`来自您所在网络的访问过于频繁，请 ${minutes} 分钟后再试。`, {
    status: 429,
    statusText: "Too Many Requests",
    headers: { "Retry-After": String(wait), "Content-Type": "text/plain; charset=utf-8" },
  });
}
