/** Form parsing for the cultivation pages: a zod schema over the form's fields; failures become form errors. */
import type * as z from "zod";
import { UserError } from "../../lib/http.server";

/** The form's fields (repeated names as arrays, files left out) checked by `schema`, or a UserError. */
export function parseForm<T extends z.ZodType>(schema: T, form: FormData, arrays: string[] = []): z.infer<T> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key === "_csrf") continue;
    if (arrays.includes(key)) raw[key] = [...((raw[key] as string[] | undefined) ?? []), value];
    else raw[key] = value;
  }
  for (const key of arrays) raw[key] ??= [];
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    (fieldErrors[field] ??= []).push(issue.message);
  }
  throw new UserError(parsed.error.issues[0]?.message ?? "提交的内容不符合要求", fieldErrors);
}

/** The non-empty files of a multipart form field. */
export async function formFiles(form: FormData, name: string) {
  const files = form.getAll(name).filter((f): f is File => f instanceof File && f.size > 0);
  return Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}
