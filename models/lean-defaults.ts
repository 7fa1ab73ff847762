import type { Query, Schema, SchemaType } from "mongoose";

/**
 * Records written by earlier versions of the app lack the fields added since (an enterprise without
 * `harmoniousDesignations`, an item without `ruleIds`, a draft item without `legalBasis`, …). A hydrated
 * mongoose document gets the schema's defaults when it is read; a lean one does not, and pages read lean.
 * This plugin gives lean reads (find, findOne, findById, findOneAndUpdate, …) the same defaults, so an old
 * record reads exactly like a new one and every reader can trust the model's types.
 *
 * Cheap for current records: a result is only touched when a field with a default is missing (also inside
 * sub-documents and arrays of sub-documents); then mongoose itself fills it (hydrate), and only the
 * missing fields within the query's projection are copied onto the lean result.
 */

interface DefaultPath {
  path: string;
  hasDefault: boolean;
  /** Fields with defaults inside a sub-document or each element of an array of sub-documents. */
  sub?: DefaultPath[];
}

function defaultPaths(schema: Schema): DefaultPath[] {
  const out: DefaultPath[] = [];
  schema.eachPath((path: string, type: SchemaType) => {
    if (path === "_id" || path === "__v") return;
    const hasDefault = (type as unknown as { defaultValue?: unknown }).defaultValue !== undefined;
    const subSchema = (type as unknown as { schema?: Schema }).schema;
    const sub = subSchema ? defaultPaths(subSchema) : undefined;
    if (hasDefault || (sub && sub.length > 0)) out.push({ path, hasDefault, sub });
  });
  return out;
}

function getPath(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let target = doc;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== "object") target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]] = value;
}

/** Whether a sub-document (or any element of an array of them) lacks one of its defaults. */
function innerLacks(value: unknown, sub: DefaultPath[] | undefined): boolean {
  if (!sub || value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : [value];
  return items.some(
    (item) =>
      item !== null && typeof item === "object" && lacksDefaults(item as Record<string, unknown>, sub),
  );
}

function lacksDefaults(doc: Record<string, unknown>, paths: DefaultPath[]): boolean {
  return paths.some((p) => {
    const value = getPath(doc, p.path);
    return value === undefined ? p.hasDefault : innerLacks(value, p.sub);
  });
}

/** Whether the query's projection returns this path (no projection: every path). */
function projected(projection: Record<string, unknown> | undefined, path: string): boolean {
  if (!projection) return true;
  const entries = Object.entries(projection).filter(([key]) => key !== "_id");
  if (entries.length === 0) return true;
  const top = path.split(".")[0];
  const named = (key: string) => key === path || key === top || path.startsWith(`${key}.`);
  const inclusive = entries.some(([, v]) => v === 1 || v === true);
  return inclusive
    ? entries.some(([key, v]) => (v === 1 || v === true) && named(key))
    : !entries.some(([key, v]) => (v === 0 || v === false) && named(key));
}

export function leanDefaults(schema: Schema) {
  let paths: DefaultPath[] | undefined;
  function fill(this: Query<unknown, unknown>, result: unknown) {
    if (!this.mongooseOptions().lean || result === null || typeof result !== "object") return;
    paths ??= defaultPaths(schema);
    const docs = (Array.isArray(result) ? result : [result]) as Record<string, unknown>[];
    const projection = (this.projection() ?? undefined) as Record<string, unknown> | undefined;
    // Only the paths the query returns: a projected read (a name, a version) of a current record lacks the
    // rest by design, and hydrating it for nothing cost a page milliseconds per record.
    const shown = projection ? paths.filter((p) => projected(projection, p.path)) : paths;
    if (shown.length === 0) return;
    for (const doc of docs) {
      if (doc === null || typeof doc !== "object" || !lacksDefaults(doc, shown)) continue;
      const full = this.model.hydrate({ ...doc }).toObject({ virtuals: false, getters: false });
      for (const p of shown) {
        const value = getPath(doc, p.path);
        const missing = value === undefined ? p.hasDefault : innerLacks(value, p.sub);
        if (missing) setPath(doc, p.path, getPath(full as Record<string, unknown>, p.path));
      }
    }
  }
  for (const op of [
    "find",
    "findOne",
    "findOneAndUpdate",
    "findOneAndReplace",
    "findOneAndDelete",
  ] as const) {
    schema.post(op, fill);
  }
}

/**
 * A query condition for a field at its default value: records written before the field existed lack it
 * (null also matches a missing field), e.g. `{ archived: orMissing(false) }` finds old enterprises too.
 */
export function orMissing<T>(value: T): { $in: [T, null] } {
  return { $in: [value, null] };
}
