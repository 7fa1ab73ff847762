/**
 * The kept documents of cultivation pages (models/cultivation-rollup.ts): read by `_id`, built once from
 * the records when missing (items recorded before the document existed), and written row by row by the
 * service that records an item, taking turns with concurrent writers through the version claim.
 */
import { CultivationRollup, type CultivationRollupDoc } from "../../../models/cultivation-rollup";
import { isDuplicateKeyError } from "../../../models/errors";
import { updateAtVersion } from "../../../models/write-claim";

type Rows = Record<string, string>;

/** Turns a writer may wait for: each turn admits one writer, so this bounds the writers of one document at once. */
const TURNS = 300;

/** The kept document `id`; when missing it is made from `build()` (the rows of items recorded before it). */
export async function readRollup(id: string, build: () => Promise<Rows>): Promise<CultivationRollupDoc> {
  const found = await CultivationRollup.findById(id).lean();
  if (found) return found;
  const rows = await build();
  try {
    await CultivationRollup.create({ _id: id, rows, version: 0 });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error; // made meanwhile by another writer
  }
  const made = await CultivationRollup.findById(id).lean();
  if (!made) throw new Error(`kept document ${id} missing after create`);
  return made;
}

/**
 * Several kept documents by key; those missing are built together by `buildMissing` (one pass over the
 * records for all of them, e.g. every organisation's surveys of a year the first time the year is shown).
 */
export async function readRollups(
  ids: string[],
  buildMissing: (missing: string[]) => Promise<Map<string, Rows>>,
): Promise<CultivationRollupDoc[]> {
  const found = await Promise.all(ids.map((id) => CultivationRollup.findById(id).lean()));
  const missing = ids.filter((_, i) => !found[i]);
  if (!missing.length) return found as CultivationRollupDoc[];
  const built = await buildMissing(missing);
  return Promise.all(ids.map((id, i) => found[i] ?? readRollup(id, async () => built.get(id) ?? {})));
}

/**
 * Sets rows of the kept document `id`. `next(rows)` is asked, after each read of the document, which rows
 * to set (it reads its sources then, so what it writes is never older than what the document holds);
 * null or {} means nothing to write. A writer that lost its turn reads again. False when no turn came.
 */
export async function keepRows(
  id: string,
  build: () => Promise<Rows>,
  next: (rows: Rows) => Promise<Rows | null>,
): Promise<boolean> {
  for (let turn = 0; turn < TURNS; turn++) {
    const doc = await readRollup(id, build);
    const rows = await next(doc.rows ?? {});
    if (!rows || Object.keys(rows).length === 0) return true;
    const $set = Object.fromEntries(Object.entries(rows).map(([key, value]) => [`rows.${key}`, value]));
    if (await updateAtVersion(CultivationRollup, id, doc.version, { $set })) return true;
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 6 * Math.min(turn + 1, 10)));
  }
  console.error(`[cultivation] 汇总文档 ${id} 未能更新（并发写入过多），相关统计将在下次写入时补齐`);
  return false;
}

/** The rows of a kept document, parsed. */
export const rowsOf = <T>(doc: Pick<CultivationRollupDoc, "rows">): T[] =>
  Object.values(doc.rows ?? {}).map((json) => JSON.parse(json) as T);

/**
 * Runs the kept-document writes that follow a stored record: their failure must not tell the person their
 * answer or sign-in failed (it is stored), so it is logged; the next write, or closing the survey, catches up.
 */
export async function keepingAfter(what: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    console.error(
      `[cultivation] ${what}的汇总未能更新：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
