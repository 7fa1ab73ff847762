/**
 * Problems in imported JSON named by where they are ("clauses[3].parameters[0].default"), with Chinese
 * messages, for the admin to find each one in the file: the import validators of questionnaire templates
 * (health-check/validate-template.ts) and clause libraries (contracts/library.ts) report them so.
 */
import type * as z from "zod";
import { zhCN } from "zod/locales";

export type PathPart = string | number;

export interface PathError {
  /** "questions[3].options"; "" for the whole file. */
  path: string;
  message: string;
}

/** ["questions", 3, "options"] → "questions[3].options". */
export function formatPath(path: readonly PathPart[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out === "" ? part : `${out}.${part}`),
    "",
  );
}

/** The structure check: `input` through the zod schema, every problem in Chinese by its path. */
export function parseByPath<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): { ok: true; value: z.output<Schema> } | { ok: false; errors: PathError[] } {
  const parsed = schema.safeParse(input, { error: zhCN().localeError });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path as PathPart[]), message: i.message })),
  };
}

/** Names a problem at a path. */
export type AddPathError = (path: PathPart[], message: string) => void;

/** The meaning checks: `add` names a problem at a path; `errors` lists them in the order found. */
export function pathErrors(): { errors: PathError[]; add: AddPathError } {
  const errors: PathError[] = [];
  return { errors, add: (path, message) => errors.push({ path: formatPath(path), message }) };
}
