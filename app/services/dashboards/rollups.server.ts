/**
 * Keeping the dashboard's roll-ups (README "Dashboards at a city's scale"). A service that changed a record
 * calls noteChange(kind, id) afterwards; that re-derives the record's row from the record as it is now and
 * puts it in its bucket (organisation × kind, items also × month of issue), taking turns with other writers
 * of the bucket through a write claim on the bucket's `seq`; then it copies the bucket's summary into the
 * organisation's roll-up, again through a claim, never over a newer copy. Because the row is read from the
 * record *after* the bucket was read and the write only succeeds at that bucket version, the last writer
 * always leaves the newest row; a change applied twice finds its row already there and writes nothing.
 * A failed apply is handed to a job that runs the same function; the rebuild recomputes every bucket from
 * the records.
 */
import { FACT_KINDS, kindOfPart, MOVABLE_KINDS, type FactKind } from "~/domain/dashboards/rows";
import { addCounters, summarise, type Counters } from "~/domain/dashboards/summaries";
import {
  DashboardBucket,
  DashboardPlacement,
  DashboardRollup,
  DashboardTotal,
  type DashboardBucketDoc,
} from "../../../models/dashboard";
import { UnionOrg } from "../../../models/union-org";
import { isDuplicateKeyError } from "../../../models/errors";
import { updateAtCounter, updateAtVersion } from "../../../models/write-claim";
import { enqueueDashboardChange } from "../../../jobs/enqueue";
import { bucketIdOf, changedSince, derive, scanKind } from "./facts.server";

type Rows = Record<string, unknown>;

const MAX_ATTEMPTS = 60;
const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(200, 5 * (attempt + 1)) * (0.5 + Math.random())));

async function mapLimit<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]);
      }
    }),
  );
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** "<orgId>:<part>" → its organisation and part. */
function splitBucketId(bucketId: string) {
  const at = bucketId.indexOf(":");
  return { orgId: bucketId.slice(0, at), part: bucketId.slice(at + 1) };
}

/**
 * One turn on a bucket: read it, let `change` edit its rows (true when it changed them), and write rows and
 * summary at the version read; when another writer got there first, start again from its result.
 */
async function takeTurn(
  bucketId: string,
  change: (rows: Rows) => Promise<boolean>,
  { copy = true }: { copy?: boolean } = {},
): Promise<boolean> {
  const { orgId, part } = splitBucketId(bucketId);
  const kind = kindOfPart(part);
  if (!kind) return false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const bucket = await DashboardBucket.findById(bucketId).lean();
    const rows = bucket ? (JSON.parse(bucket.rows) as Rows) : {};
    if (!(await change(rows))) {
      return bucket && copy ? copyToRollup(bucket) : false;
    }
    const set = {
      rows: JSON.stringify(rows),
      summary: JSON.stringify(summarise(kind, rows as never)),
    };
    let saved: DashboardBucketDoc | null = null;
    if (!bucket) {
      try {
        saved = (await DashboardBucket.create({ _id: bucketId, orgId, part, seq: 1, ...set })).toObject();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else {
      saved = await updateAtCounter(DashboardBucket, bucketId, "seq", bucket.seq, { $set: set });
    }
    if (saved) return copy ? copyToRollup(saved) : false;
    await pause(attempt);
  }
  throw new Error(`看板汇总 ${bucketId} 更新冲突过多`);
}

interface RollupPart {
  seq: number;
  summary: Counters;
}

/**
 * Copies a bucket's summary into its organisation's roll-up unless the roll-up already holds it or a newer
 * one; true when it wrote (the subtree totals above it are then refreshed).
 */
async function copyToRollup(bucket: Pick<DashboardBucketDoc, "orgId" | "part" | "seq" | "summary">) {
  return writeRollup(bucket.orgId, (parts) => {
    if ((parts[bucket.part]?.seq ?? -1) >= bucket.seq) return false;
    parts[bucket.part] = { seq: bucket.seq, summary: JSON.parse(bucket.summary) as Counters };
    return true;
  });
}

async function writeRollup(
  orgId: string,
  change: (parts: Record<string, RollupPart>) => boolean,
): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rollup = await DashboardRollup.findById(orgId).lean();
    const parts = rollup ? (JSON.parse(rollup.parts) as Record<string, RollupPart>) : {};
    if (!change(parts)) return false;
    const set = { parts: JSON.stringify(parts), updatedAt: new Date() };
    if (!rollup) {
      try {
        await DashboardRollup.create({ _id: orgId, version: 0, ...set });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else if (await updateAtVersion(DashboardRollup, orgId, rollup.version, { $set: set })) {
      return true;
    }
    await pause(attempt);
  }
  throw new Error(`看板汇总 ${orgId} 更新冲突过多`);
}

/**
 * Puts the rows of these records (of one kind) where they belong now. Idempotent; safe to run at the same
 * time as any other apply or the rebuild.
 */
export async function applyChanges(
  kind: FactKind,
  rawIds: unknown[],
  { refreshAll = false }: { refreshAll?: boolean } = {},
) {
  const ids = [...new Set(rawIds.map(String))];
  if (ids.length === 0) return;
  /** Organisations whose roll-up this apply wrote (or, for the retry job, touched). */
  const touched = new Set<string>();
  const put = async (bucketId: string, members: string[]) => {
    if ((await putRows(kind, bucketId, members)) || refreshAll) touched.add(splitBucketId(bucketId).orgId);
  };
  const placed = await mapLimit(ids, 8, (id) => derive(kind, id));
  const targets = new Map<string, string[]>();
  ids.forEach((id, i) => {
    const p = placed[i];
    if (!p) return;
    const bucketId = bucketIdOf(p);
    targets.set(bucketId, [...(targets.get(bucketId) ?? []), id]);
  });
  const movable = MOVABLE_KINDS.includes(kind);
  if (movable) {
    // A record that moved (or left, as an archived enterprise) leaves its old bucket.
    const placements = await mapLimit(ids, 8, (id) => DashboardPlacement.findById(`${kind}:${id}`).lean());
    const leaving = new Map<string, string[]>();
    ids.forEach((id, i) => {
      const old = placements[i]?.bucket;
      const now = placed[i] ? bucketIdOf(placed[i]) : null;
      if (old && old !== now) leaving.set(old, [...(leaving.get(old) ?? []), id]);
    });
    for (const [bucketId, leavers] of leaving) await put(bucketId, leavers);
  }
  for (const [bucketId, members] of targets) await put(bucketId, members);
  await refreshTotals([...touched]);
  if (movable) {
    await mapLimit(ids, 8, async (id) => {
      const p = await derive(kind, id);
      if (p)
        await DashboardPlacement.replaceOne(
          { _id: `${kind}:${id}` },
          { bucket: bucketIdOf(p) },
          { upsert: true },
        );
      else await DashboardPlacement.deleteOne({ _id: `${kind}:${id}` });
    });
  }
}

/** One turn on a bucket for these records: each row re-derived inside the turn, kept only if it belongs here. */
async function putRows(kind: FactKind, bucketId: string, ids: string[]) {
  return takeTurn(bucketId, async (rows) => {
    const fresh = await mapLimit(ids, 8, (id) => derive(kind, id));
    let changed = false;
    ids.forEach((id, i) => {
      const p = fresh[i];
      if (p && bucketIdOf(p) === bucketId) {
        if (!same(rows[id], p.row)) {
          rows[id] = p.row;
          changed = true;
        }
      } else if (id in rows) {
        delete rows[id];
        changed = true;
      }
    });
    return changed;
  });
}

/**
 * After a service changed a record: brings the dashboard up to date with it (one call per place in the
 * services). Never fails the person's action: a failure is handed to a job that retries the same apply.
 */
export async function noteChange(kind: FactKind, id: unknown) {
  await noteChanges(kind, [id]);
}

/** noteChange for many records of one kind at once (an import, a batch): one turn per bucket. */
export async function noteChanges(kind: FactKind, ids: unknown[]) {
  try {
    await applyChanges(kind, ids);
  } catch (error) {
    console.error(
      `[dashboards] ${kind} 汇总更新失败，转入后台重试：${error instanceof Error ? error.message : String(error)}`,
    );
    await Promise.all(ids.map((id) => enqueueDashboardChange(kind, String(id)).catch(() => undefined)));
  }
}

// ── Subtree totals ─────────────────────────────────────────────────────────────────────────────────────

interface TreeNode {
  parentId: string | null;
  archived: boolean;
  depth: number;
}

/** The organisation tree (a small collection, read whole): each node's parent, depth and children. */
async function readTree() {
  const docs = await UnionOrg.find().select({ parentId: 1, ancestors: 1, archived: 1 }).lean();
  const nodes = new Map<string, TreeNode>();
  const children = new Map<string, string[]>();
  for (const o of docs) {
    const id = String(o._id);
    const parentId = o.parentId ? String(o.parentId) : null;
    nodes.set(id, { parentId, archived: !!o.archived, depth: o.ancestors.length });
    if (parentId) children.set(parentId, [...(children.get(parentId) ?? []), id]);
  }
  return { nodes, children };
}

type Tree = Awaited<ReturnType<typeof readTree>>;

const sortedJson = (c: Counters) =>
  JSON.stringify(Object.fromEntries(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** The counters of a roll-up document (all its parts added). */
function countersOfRollup(doc: { parts: string } | null): Counters {
  const counters: Counters = {};
  if (doc) for (const part of Object.values(JSON.parse(doc.parts) as Record<string, RollupPart>))
    addCounters(counters, part.summary);
  return counters;
}

/**
 * Recomputes one organisation's subtree total: its own roll-up (none when archived, as the dashboard leaves
 * archived organisations out) plus its direct children's totals. Each attempt reads the total first, then
 * its parts, and writes only at the version read, so a writer that read older parts cannot land after one
 * that read newer ones: the last write always holds parts read after every earlier write.
 */
async function recomputeTotal(orgId: string, tree: Tree) {
  const node = tree.nodes.get(orgId);
  const kids = tree.children.get(orgId) ?? [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const held = await DashboardTotal.findById(orgId).lean();
    const [own, ...totals] = await Promise.all([
      node && !node.archived ? DashboardRollup.findById(orgId).lean() : null,
      ...kids.map((id) => DashboardTotal.findById(id).lean()),
    ]);
    const counters = countersOfRollup(own);
    for (const t of totals) if (t) addCounters(counters, JSON.parse(t.counters) as Counters);
    const json = sortedJson(counters);
    if (held?.counters === json || (!held && json === "{}")) return;
    const set = { counters: json, updatedAt: new Date() };
    if (!held) {
      try {
        await DashboardTotal.create({ _id: orgId, version: 0, ...set });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else if (await updateAtVersion(DashboardTotal, orgId, held.version, { $set: set })) {
      return;
    }
    await pause(attempt);
  }
  throw new Error(`看板合计 ${orgId} 更新冲突过多`);
}

/**
 * After these organisations' roll-ups changed (or the tree did): recomputes their subtree totals and those of
 * every organisation above them, deepest first, one level at a time. Idempotent (a total already right is
 * not written); safe beside other refreshes (see recomputeTotal).
 */
export async function refreshTotals(orgIds: string[], tree?: Tree) {
  if (orgIds.length === 0) return;
  const t = tree ?? (await readTree());
  const all = new Set<string>();
  for (const id of orgIds) {
    for (let at: string | null = id; at && !all.has(at); at = t.nodes.get(at)?.parentId ?? null) all.add(at);
  }
  const byDepth = new Map<number, string[]>();
  for (const id of all) {
    const depth = t.nodes.get(id)?.depth ?? 0;
    byDepth.set(depth, [...(byDepth.get(depth) ?? []), id]);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a))
    await mapLimit(byDepth.get(depth)!, 8, (id) => recomputeTotal(id, t));
}

/** Every organisation's subtree total, recomputed (the rebuild; after the organisation tree changed). */
export async function refreshAllTotals() {
  const tree = await readTree();
  await refreshTotals([...tree.nodes.keys()], tree);
  // Totals of organisations no longer in the tree are dropped.
  const gone = (await DashboardTotal.find().select({ _id: 1 }).lean())
    .map((d) => d._id)
    .filter((id) => !tree.nodes.has(id));
  for (const id of gone) await DashboardTotal.deleteOne({ _id: id });
}

/**
 * After the organisation tree changed (a node moved or was archived): the totals of these nodes and of
 * everything above them, old place and new. Never fails the person's action; the nightly rebuild repairs a
 * refresh that failed.
 */
export async function noteTreeChange(orgIds: (string | null | undefined)[]) {
  try {
    await refreshTotals(orgIds.filter((id): id is string => !!id));
  } catch (error) {
    console.error(
      `[dashboards] 组织变更后看板合计更新失败（夜间重建会修复）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The subtree totals of these organisations, each read by `_id` (empty counters when none is kept). */
export async function subtreeTotals(orgIds: string[]): Promise<Map<string, Counters>> {
  const docs = await Promise.all(orgIds.map((id) => DashboardTotal.findById(id).lean()));
  return new Map(orgIds.map((id, i) => [id, docs[i] ? (JSON.parse(docs[i].counters) as Counters) : {}]));
}

/** Every bucket's rows, computed from the records (one pass per collection). */
async function scanAll(): Promise<Map<string, { kind: FactKind; rows: Rows }>> {
  const buckets = new Map<string, { kind: FactKind; rows: Rows }>();
  for (const kind of FACT_KINDS) {
    for await (const [id, placed] of scanKind(kind)) {
      const bucketId = bucketIdOf(placed);
      const bucket = buckets.get(bucketId) ?? { kind, rows: {} };
      bucket.rows[id] = placed.row;
      buckets.set(bucketId, bucket);
    }
  }
  return buckets;
}

/** The roll-up counters of each organisation, recounted from the records (tests and the benchmark compare). */
export async function recountFromRecords(): Promise<Map<string, Counters>> {
  const out = new Map<string, Counters>();
  for (const [bucketId, { kind, rows }] of await scanAll()) {
    const { orgId } = splitBucketId(bucketId);
    out.set(orgId, addCounters(out.get(orgId) ?? {}, summarise(kind, rows as never)));
  }
  return out;
}

/**
 * Recomputes every bucket and roll-up from the records (after an import, a rule change, or to repair).
 * Idempotent, and safe beside live changes: each bucket is written in a turn; rows the scan did not see
 * (records added meanwhile) are re-derived and kept where they still belong, and records changed while the
 * scan ran are applied again afterwards.
 */
export async function rebuildDashboards(): Promise<{ buckets: number; records: number }> {
  const started = new Date(Date.now() - 1_000);
  const scanned = await scanAll();
  for (const b of await DashboardBucket.find().select({ _id: 1 }).lean()) {
    const kind = kindOfPart(splitBucketId(b._id).part);
    if (kind && !scanned.has(b._id)) scanned.set(b._id, { kind, rows: {} });
  }
  let records = 0;
  await mapLimit([...scanned.entries()], 4, async ([bucketId, { kind, rows: next }]) => {
    records += Object.keys(next).length;
    await takeTurn(
      bucketId,
      async (rows) => {
        const target: Rows = { ...next };
        const unseen = Object.keys(rows).filter((id) => !(id in target));
        const fresh = await mapLimit(unseen, 8, (id) => derive(kind, id));
        unseen.forEach((id, i) => {
          const p = fresh[i];
          if (p && bucketIdOf(p) === bucketId) target[id] = p.row;
        });
        const changed =
          Object.keys(rows).length !== Object.keys(target).length ||
          Object.entries(target).some(([id, row]) => !same(rows[id], row));
        if (!changed) return false;
        for (const id of Object.keys(rows)) delete rows[id];
        Object.assign(rows, target);
        return true;
        // Each roll-up is rewritten once below, from all its buckets (not once per bucket).
      },
      { copy: false },
    );
  });
  // Roll-ups hold exactly the parts of their buckets.
  const byOrg = new Map<string, DashboardBucketDoc[]>();
  for await (const b of DashboardBucket.find().select({ rows: 0 }).lean().cursor({ batchSize: 500 })) {
    byOrg.set(b.orgId, [...(byOrg.get(b.orgId) ?? []), b]);
  }
  for (const r of await DashboardRollup.find().select({ _id: 1 }).lean())
    if (!byOrg.has(r._id)) byOrg.set(r._id, []);
  await mapLimit([...byOrg.entries()], 4, ([orgId, buckets]) =>
    writeRollup(orgId, (parts) => {
      const next: Record<string, RollupPart> = {};
      for (const b of buckets) {
        const held = parts[b.part];
        next[b.part] =
          held && held.seq > b.seq ? held : { seq: b.seq, summary: JSON.parse(b.summary) as Counters };
      }
      if (same(parts, next)) return false;
      for (const key of Object.keys(parts)) delete parts[key];
      Object.assign(parts, next);
      return true;
    }),
  );
  // Placements of the records that may move.
  for (const kind of MOVABLE_KINDS) {
    const ops = [...scanned.entries()]
      .filter(([, b]) => b.kind === kind)
      .flatMap(([bucketId, b]) =>
        Object.keys(b.rows).map((id) => ({
          replaceOne: { filter: { _id: `${kind}:${id}` }, replacement: { bucket: bucketId }, upsert: true },
        })),
      );
    for (let i = 0; i < ops.length; i += 1000)
      await DashboardPlacement.bulkWrite(ops.slice(i, i + 1000), { ordered: false });
  }
  // Subtree totals from the roll-ups just written, bottom up.
  await refreshAllTotals();
  for (const kind of FACT_KINDS) await applyChanges(kind, await changedSince(kind, started));
  return { buckets: scanned.size, records };
}

/** The roll-up counters of these organisations, each read by `_id`. */
export async function rollupCounters(orgIds: string[]): Promise<Map<string, Counters>> {
  const docs = await Promise.all(orgIds.map((id) => DashboardRollup.findById(id).lean()));
  return new Map(orgIds.map((id, i) => [id, countersOfRollup(docs[i])]));
}
