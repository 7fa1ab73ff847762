import type { Model } from "mongoose";
import { isDuplicateKeyError } from "./errors";
import { updateAtVersion } from "./write-claim";

/**
 * Documents of rows kept per key (an organisation's enterprises, an enterprise's prescription items): rows
 * are JSON strings keyed by record id, `built` is false while a placeholder's first reader fills it from the
 * records, and every write is at the document's version (a claim).
 */
export interface KeptRowsDoc {
  _id: string;
  rows: Record<string, string>;
  built: boolean;
  version: number;
}

/** The wait before a writer that lost its turn tries again (a little longer each time, jittered). */
export const retryPause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(100, 5 * (attempt + 1)) * (0.5 + Math.random())));

/**
 * Fills the documents of these keys that are missing or not built (`isBuilt`): each document is read (or
 * made as a placeholder) before the records are, and written at the version read, so a record changed
 * meanwhile either is in the records read or its keeper moved the version and the build runs again.
 * `fromRecords` reads the rows of several keys at once; `set` is written beside them (e.g. the rows' format).
 */
export async function buildKeptRows<D extends KeptRowsDoc>(
  model: Model<D>,
  keys: string[],
  fromRecords: (keys: string[]) => Promise<Map<string, Record<string, string>>>,
  isBuilt: (doc: D) => boolean,
  set: Partial<D> = {},
): Promise<Map<string, D>> {
  const done = new Map<string, D>();
  let pending = keys;
  for (let attempt = 0; pending.length && attempt < 20; attempt++) {
    const docs: (D | null)[] = await Promise.all(
      pending.map(async (id): Promise<D | null> => {
        const found = (await model.findById(id).lean()) as D | null;
        if (found) return found;
        await model.create({ _id: id, rows: {}, built: false, version: 0 }).catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
        return (await model.findById(id).lean()) as D | null;
      }),
    );
    const toFill = docs.filter((d): d is D => !!d && !isBuilt(d));
    for (const d of docs) if (d && isBuilt(d)) done.set(d._id, d);
    const records = await fromRecords(toFill.map((d) => d._id));
    const failed: string[] = [];
    await Promise.all(
      toFill.map(async (d) => {
        const rows = records.get(d._id) ?? {};
        const saved = await updateAtVersion(model as never, d._id, d.version, {
          $set: { rows, built: true, ...set },
        });
        if (saved) done.set(d._id, { ...d, rows, built: true, ...set, version: d.version + 1 } as D);
        else failed.push(d._id);
      }),
    );
    pending = [...failed, ...pending.filter((id) => !docs.some((d) => d?._id === id))];
    if (pending.length) await retryPause(attempt);
  }
  if (pending.length)
    throw new Error(`保存的列表 ${model.collection.name} ${pending.join("、")} 建立时冲突过多`);
  return done;
}

/**
 * The rows kept under these keys, each document read by `_id` and built first where it is missing or not
 * built (buildKeptRows): record id → its key and row (parsed).
 */
export async function readKeptRows<D extends KeptRowsDoc, R>(
  model: Model<D>,
  keys: string[],
  fromRecords: (keys: string[]) => Promise<Map<string, Record<string, string>>>,
  isBuilt: (doc: D) => boolean,
  set: Partial<D> = {},
): Promise<Map<string, { key: string; row: R }>> {
  const unique = [...new Set(keys)];
  const docs = await Promise.all(unique.map(async (id) => (await model.findById(id).lean()) as D | null));
  const unbuilt = unique.filter((_, i) => !docs[i] || !isBuilt(docs[i]!));
  const built = unbuilt.length
    ? await buildKeptRows(model, unbuilt, fromRecords, isBuilt, set)
    : new Map<string, D>();
  const rows = new Map<string, { key: string; row: R }>();
  unique.forEach((key, i) => {
    const doc = docs[i] && isBuilt(docs[i]!) ? docs[i] : built.get(key);
    for (const [id, json] of Object.entries(doc?.rows ?? {}))
      rows.set(id, { key, row: JSON.parse(json) as R });
  });
  return rows;
}
