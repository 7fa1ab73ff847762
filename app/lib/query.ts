/**
 * Query parameters: every list and page reads its URL through a zod schema built from these pieces, so an
 * odd value ("Infinity", "1e308", "__proto__", a repeated key, a value of 10,000 characters) is dropped or
 * clamped, never passed on and never a 500. Parsing never throws: each field falls back to its default.
 */
import * as z from "zod";

/** The largest page number any list accepts; lists show their last page for anything past their end. */
export const MAX_PAGE = 10_000;

/** A page number: a whole number from 1 to MAX_PAGE; anything else reads as 1, bigger as MAX_PAGE. */
export const pageParam = z
  .string()
  .optional()
  .catch(undefined)
  .transform((v) => {
    const n = v !== undefined && /^\s*\d+(\.\d+)?(e\d+)?\s*$/i.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || n < 1) return 1;
    return Math.min(MAX_PAGE, Math.floor(n));
  });

/** A list's position (a whole number, below zero too, of at most 15 digits), or null for the start. */
export const cursorParam = z
  .string()
  .optional()
  .catch(undefined)
  .transform((v) => (v !== undefined && /^\s*-?\d{1,15}\s*$/.test(v) ? Number(v) : null));

/** A database id (24 hex digits), or undefined. */
export const idParam = z
  .string()
  .regex(/^[0-9a-f]{24}$/i)
  .optional()
  .catch(undefined);

/** One of the given values, or undefined. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined);
}

/** Free text (a search), trimmed and cut to `max` characters; empty reads as undefined. */
export function textParam(max: number) {
  return z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v?.trim().slice(0, max) || undefined);
}

/** A flag such as ?unread=1. */
export const flagParam = z
  .string()
  .optional()
  .catch(undefined)
  .transform((v) => v === "1" || v === "true");

/**
 * The URL's parameters as the schema reads them. The first value of a repeated key counts (as
 * URLSearchParams.get); keys are copied onto an object without a prototype ("__proto__" is just a key).
 */
export function parseQuery<S extends z.ZodObject>(
  schema: S,
  source: URLSearchParams | Request | string,
): z.output<S> {
  const params =
    source instanceof URLSearchParams
      ? source
      : new URL(typeof source === "string" ? source : source.url, "http://app.invalid").searchParams;
  const raw: Record<string, string> = Object.create(null);
  for (const [key, value] of params) if (!(key in raw)) raw[key] = value;
  const parsed = schema.safeParse(raw);
  // Every field catches its own errors; a schema that still fails is a programming error.
  if (!parsed.success) throw new Error(`查询参数解析失败：${parsed.error.message}`);
  return parsed.data;
}

/** A year from `current - 5` to `current + 1` (cultivation plans, trainings, surveys); anything else is `current`. */
export function yearNear(value: string | null, current: number): number {
  const year = value !== null && /^\d{4}$/.test(value) ? Number(value) : NaN;
  return year >= current - 5 && year <= current + 1 ? year : current;
}

/**
 * A list's filters from the URL, with the ones that were given but could not be read (a risk level "x", an
 * organisation id of 3 digits): those are ignored (the list is not narrowed by them) and named in `invalid`
 * by their label, so the page can say so. Fields without a label (the page number) clamp silently.
 */
export function parseFilterQuery<S extends z.ZodObject>(
  schema: S,
  source: URLSearchParams | Request | string,
  labels: Partial<Record<keyof z.output<S> & string, string>>,
): { filters: z.output<S>; invalid: string[] } {
  const params =
    source instanceof URLSearchParams
      ? source
      : new URL(typeof source === "string" ? source : source.url, "http://app.invalid").searchParams;
  const filters = parseQuery(schema, params);
  const invalid: string[] = [];
  for (const [key, label] of Object.entries(labels) as [string, string][]) {
    const given = params.get(key);
    if (given !== null && given.trim() !== "" && (filters as Record<string, unknown>)[key] === undefined)
      invalid.push(label);
  }
  return { filters, invalid };
}
