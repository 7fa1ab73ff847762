import { orMissing } from "./lean-defaults";
import mongoose, { Schema, type Model, type UpdateQuery } from "mongoose";
import { isDuplicateKeyError } from "./errors";

/**
 * Race-safe conditional writes on FerretDB 1.x and MongoDB alike.
 *
 * FerretDB 1.24 (SQLite) applies findOneAndUpdate/updateOne as read-modify-write without isolation:
 * two writers filtering on the same status or version BOTH succeed (tests/integration/foundation.test.ts
 * measures this). Unique indexes, however, are enforced atomically. So a writer that wants to move a
 * document from version V first inserts the claim "<collection>:<id>:<V>"; only one insert can succeed,
 * and only its author applies the update. On MongoDB the same code is simply redundant-safe.
 *
 * A claim whose author died before updating (claim older than STALE_MS, document still at V) is
 * cleared by the next writer, so a crash never locks a document for good.
 */
const STALE_MS = 60_000;

const WriteClaimSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
WriteClaimSchema.index({ at: 1 });

export const WriteClaim =
  (mongoose.models.WriteClaim as Model<{ _id: string; at: Date }> | undefined) ??
  mongoose.model<{ _id: string; at: Date }>("WriteClaim", WriteClaimSchema, "write_claims");

/** Inserts a claim; true when this caller won it. */
export async function claim(key: string): Promise<boolean> {
  try {
    await WriteClaim.create({ _id: key, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

type Versioned = { version: number };

/**
 * Claims `key` for a write that moves some state on. When another writer holds the claim but it is older
 * than STALE_MS and `stillUnchanged()` says the state it was taken for has not moved, its author died
 * before writing: the claim is cleared and taken again.
 */
export async function claimOrRecover(key: string, stillUnchanged: () => Promise<boolean>): Promise<boolean> {
  if (await claim(key)) return true;
  const existing = await WriteClaim.findById(key).lean();
  if (existing && Date.now() - existing.at.getTime() > STALE_MS && (await stillUnchanged())) {
    await WriteClaim.deleteOne({ _id: key, at: existing.at });
    return claim(key);
  }
  return false;
}

/** Releases a claim whose write did not happen, so that it does not block the next writer. */
export async function releaseClaim(key: string) {
  await WriteClaim.deleteOne({ _id: key });
}

/**
 * Applies `update` to document `id` only if it is still at `version`, and moves it to version + 1.
 * Returns the updated document, or null when another writer got there first (the caller reports a
 * conflict). `filter` may add conditions (e.g. the expected status) that must also hold.
 */
export function updateAtVersion<T extends Versioned>(
  model: Model<T>,
  id: unknown,
  version: number,
  update: UpdateQuery<T>,
  filter: Record<string, unknown> = {},
): Promise<T | null> {
  return updateAtCounter(model, id, "version", version, update, filter);
}

/**
 * updateAtVersion on another counter field, for models whose `version` means something else (a
 * questionnaire template's `version` is its version number; its edits count in `rev`). The claim is
 * "<collection>:<id>:<field><value>" ("<collection>:<id>:<value>" for `version`).
 */
export async function updateAtCounter<T>(
  model: Model<T>,
  id: unknown,
  field: string,
  value: number,
  update: UpdateQuery<T>,
  filter: Record<string, unknown> = {},
): Promise<T | null> {
  const key = `${model.collection.name}:${String(id)}:${field === "version" ? "" : field}${value}`;
  const won = await claimOrRecover(key, async () => {
    const current = await model
      .findById(id)
      .select({ [field]: 1 })
      .lean<Record<string, unknown>>();
    return current?.[field] === value;
  });
  if (!won) return null;
  const $set = { ...((update.$set as object | undefined) ?? {}), [field]: value + 1 };
  let saved: T | null;
  try {
    // FerretDB (SQLite) finds a document by key only when the filter is `{ _id }` alone; with the counter or
    // a status beside it, it reads the whole collection. The claim already makes this writer the only one
    // moving the document from `value`, so: read it by key, check counter and conditions here, write by key.
    // Conditions this check cannot judge (operators other than $in/$ne, arrays) go to the server as before.
    const current = await model.findById(id).lean<Record<string, unknown>>();
    const counter = current?.[field];
    const atValue = counter === value || (value === 0 && counter == null);
    const judged = current && atValue ? matchesSimply(current, filter) : false;
    if (judged === false) {
      saved = null;
    } else {
      saved = (await model
        // A counter at 0 may be missing in a record older than the field (read as its default, 0).
        .findOneAndUpdate(
          (judged
            ? { _id: id }
            : { ...filter, _id: id, [field]: value === 0 ? orMissing(0) : value }) as never,
          { ...update, $set } as never,
          { new: true },
        )
        .lean<T>()
        .exec()) as T | null;
    }
  } catch (error) {
    // The write failed (e.g. a unique index): the document is still at `value`, so free the claim.
    await releaseClaim(key);
    throw error;
  }
  // The extra filter did not match: nothing changed, so the claim must not block the next writer.
  if (!saved) await releaseClaim(key);
  return saved;
}

type Scalar = string | number | boolean | null;

/** A scalar to compare by: ObjectIds by their hex, dates by their time, missing as null; undefined if not one. */
function scalarOf(value: unknown): Scalar | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (value instanceof mongoose.Types.ObjectId) return `oid:${value.toHexString()}`;
  return undefined;
}

/**
 * Whether `doc` meets `filter`, for filters of plain values, `$in` and `$ne` on scalar fields (what the
 * callers of updateAtVersion pass); undefined when the filter needs the server's judgement.
 */
export function matchesSimply(
  doc: Record<string, unknown>,
  filter: Record<string, unknown>,
): boolean | undefined {
  for (const [path, condition] of Object.entries(filter)) {
    if (path.startsWith("$")) return undefined;
    const actual = path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], doc);
    const have = scalarOf(actual);
    if (have === undefined) return undefined;
    const want = scalarOf(condition);
    if (want !== undefined) {
      if (have !== want) return false;
      continue;
    }
    if (!condition || typeof condition !== "object") return undefined;
    const ops = Object.entries(condition);
    for (const [op, operand] of ops) {
      if (op === "$ne") {
        const other = scalarOf(operand);
        if (other === undefined) return undefined;
        if (have === other) return false;
      } else if (op === "$in" && Array.isArray(operand)) {
        const options = operand.map(scalarOf);
        if (options.includes(undefined)) return undefined;
        if (!options.includes(have)) return false;
      } else return undefined;
    }
  }
  return true;
}
