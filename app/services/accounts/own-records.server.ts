/**
 * A person's own records, newest first (models/own-records.ts): the report batches and offer campaigns they
 * started. The services that create one keep it (keepOwnRecord); a person's document is built from the
 * records on its first read, and the work sweep (rebuildOwnRecords) repairs what a crash left behind.
 */
import { Types, type Model } from "mongoose";
import { keepRowsIn, readKeptDocs, rebuildKept, type KeptRowsDoc } from "../../../models/kept-rows";
import { Campaign } from "../../../models/bargaining-campaign";
import { OwnRecords } from "../../../models/own-records";
import { ReportBatch } from "../../../models/report-batch";

/** The kinds of record kept per person: each a collection whose records name their maker in `createdBy`. */
const KINDS = { report_batch: ReportBatch, campaign: Campaign } as const;
export type OwnKind = keyof typeof KINDS;
type OwnRecord<K extends OwnKind> = (typeof KINDS)[K] extends Model<infer D> ? D : never;

/** What is kept of a record: when it was made (ISO time). */
interface OwnRow {
  c: string;
}

const keyOf = (kind: OwnKind, userId: string) => `${kind}:${userId}`;
const rowOf = (createdAt: Date) => JSON.stringify({ c: new Date(createdAt).toISOString() });

/** The rows of these documents, from the records (one read per kind). */
async function rowsFromRecords(keys: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(keys.map((key) => [key, {}]));
  const byKind = new Map<OwnKind, Types.ObjectId[]>();
  for (const key of keys) {
    const [kind, userId] = key.split(":") as [OwnKind, string];
    if (!(kind in KINDS) || !Types.ObjectId.isValid(userId)) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), new Types.ObjectId(userId)]);
  }
  for (const [kind, users] of byKind) {
    const records = await (KINDS[kind] as unknown as Model<{ createdBy: Types.ObjectId; createdAt: Date }>)
      .find({ createdBy: { $in: users } })
      .select({ createdBy: 1, createdAt: 1 })
      .lean();
    for (const r of records) out.get(keyOf(kind, String(r.createdBy)))![String(r._id)] = rowOf(r.createdAt);
  }
  return out;
}

/** The ids of the person's records of this kind, newest first, from their document (one read by `_id`). */
async function ownIds(kind: OwnKind, userId: string): Promise<string[]> {
  const key = keyOf(kind, userId);
  const docs = await readKeptDocs<KeptRowsDoc, OwnRow>(OwnRecords, [key], rowsFromRecords, (d) => d.built);
  return [...(docs.get(key) ?? [])]
    .sort(([ia, a], [ib, b]) => (a.c < b.c ? 1 : a.c > b.c ? -1 : ia < ib ? 1 : -1))
    .map(([id]) => id);
}

/**
 * The newest `limit` records of this kind the person made, newest first: the ids from their document, the
 * records read by key (one no longer there is left out, and the next taken in its place).
 */
export async function ownRecentRecords<K extends OwnKind>(
  kind: K,
  userId: string,
  limit: number,
): Promise<OwnRecord<K>[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  const ids = await ownIds(kind, userId);
  const model = KINDS[kind] as unknown as Model<OwnRecord<K>>;
  const found: OwnRecord<K>[] = [];
  for (let at = 0; at < ids.length && found.length < limit;) {
    const window = ids.slice(at, at + limit - found.length);
    at += window.length;
    const read = (await Promise.all(
      window.map((id) => model.findById(id).lean()),
    )) as (OwnRecord<K> | null)[];
    for (const r of read) if (r) found.push(r);
  }
  return found;
}

/**
 * Puts a record just made in its maker's document (a document nobody has read is left to its first reader).
 * Never fails the person's action: the sweep repairs.
 */
export async function keepOwnRecord(
  kind: OwnKind,
  record: { _id: Types.ObjectId; createdBy: Types.ObjectId; createdAt: Date },
) {
  try {
    await keepRowsIn(
      OwnRecords,
      keyOf(kind, String(record.createdBy)),
      [{ id: String(record._id), version: 0, json: rowOf(record.createdAt) }],
      () => 0,
    );
  } catch (error: unknown) {
    console.error(
      `[own-records] 个人记录列表更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Rebuilds every person's document that differs from the records (the seed, the work sweep). */
export async function rebuildOwnRecords(): Promise<{ written: number }> {
  return { written: await rebuildKept(OwnRecords, rowsFromRecords) };
}
