/**
 * Keeping the dashboard's roll-ups (README "Dashboards at a city's scale"). A service that changed a record
 * calls noteChange(kind, id) afterwards; that re-derives the record's row from the record as it is now and
 * puts it in its bucket (organisation × kind, items also × month of issue), taking turns with other writers
 * of the bucket through a write claim on the bucket's `seq`; then it copies the bucket's summary into the
 * organisation's roll-up, again through a claim, never over a newer copy. Because the row is read from the
 * record *after* the bucket was read and the write only succeeds at that bucket version, the last writer
 * always leaves the newest row; a change applied twice finds its row already there and writes nothing.
 * The subtree totals above the roll-up (the organisation's, then its parent's, up to the city) are not
 * recomputed in the request: it asks for a refresh job per organisation, which coalesces every change of a
 * second into one (jobs/enqueue.ts, enqueueTotalsRefresh). A failed apply is handed to a job that runs the
 * same function; the work sweep recomputes totals whose refresh Redis lost; the rebuild recomputes every
 * bucket from the records.
 */
import { FACT_KINDS, kindOfPart, MOVABLE_KINDS, type FactKind, type RowOf } from "~/domain/dashboards/rows";
import { addCounters, summarise, type Counters } from "~/domain/dashboards/summaries";
import { compactCounters } from "~/domain/dashboards/figures";
import { todayInShanghai } from "~/domain/dates";
import {
  DashboardBucket,
  DashboardPlacement,
  DashboardRollup,
  DashboardTotal,
  type DashboardBucketDoc,
  type DashboardTotalDoc,
} from "../../../models/dashboard";
import { UnionOrg } from "../../../models/union-org";
import { isDuplicateKeyError } from "../../../models/errors";
import { updateAtCounter, updateAtVersion } from "../../../models/write-claim";
import { NO_ROWS, readStamped, stamp } from "../../../models/kept-rows";
import { enqueueDashboardChange, enqueueTotalsRefresh } from "../../../jobs/enqueue";
import { bucketIdOf, changedSince, derive, scanKind } from "./facts.server";
import { mapLimit } from "../../lib/map-limit";

type Rows = Record<string, unknown>;

const MAX_ATTEMPTS = 60;
const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(200, 5 * (attempt + 1)) * (0.5 + Math.random())));

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
  {
    copy = true,
    onSettled,
  }: {
    copy?: boolean;
    /** Told the bucket as this turn left it (written, or found already right). */
    onSettled?: (bucket: Pick<DashboardBucketDoc, "seq" | "summary">) => void;
  } = {},
): Promise<boolean> {
  const { orgId, part } = splitBucketId(bucketId);
  const kind = kindOfPart(part);
  if (!kind) return false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const bucket = await DashboardBucket.findById(bucketId).lean();
    const rows = bucket ? (JSON.parse(bucket.rows) as Rows) : {};
    if (!(await change(rows))) {
      if (bucket) onSettled?.(bucket);
      return bucket && copy ? copyToRollup(bucket) : false;
    }
    const set = {
      rows: JSON.stringify(rows),
      summary: JSON.stringify(summarise(kind, rows as never)),
    };
    let saved: DashboardBucketDoc | null = null;
    if (!bucket) {
      try {
        await stamp(DashboardBucket as never, bucketId, 1); // stamped before each write (models/kept-rows.ts)
        saved = (await DashboardBucket.create({ _id: bucketId, orgId, part, seq: 1, ...set })).toObject();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else {
      await stamp(DashboardBucket as never, bucketId, bucket.seq + 1);
      saved = await updateAtCounter(DashboardBucket, bucketId, "seq", bucket.seq, { $set: set });
    }
    if (saved) {
      onSettled?.(saved);
      return copy ? copyToRollup(saved) : false;
    }
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
 * time as any other apply or the rebuild. Gives the organisations whose roll-up it wrote (with `refreshAll`,
 * every organisation it touched): their subtree totals are the caller's to refresh.
 */
export async function applyChanges(
  kind: FactKind,
  rawIds: unknown[],
  { refreshAll = false }: { refreshAll?: boolean } = {},
): Promise<string[]> {
  const ids = [...new Set(rawIds.map(String))];
  if (ids.length === 0) return [];
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
  return [...touched];
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
 * services): its row and its organisation's roll-up at once, the subtree totals by a job. Never fails the
 * person's action: a failed apply is handed to a job that retries it, a lost totals job to the sweep.
 */
export async function noteChange(kind: FactKind, id: unknown) {
  await noteChanges(kind, [id]);
}

/** noteChange for many records of one kind at once (an import, a batch): one turn per bucket. */
export async function noteChanges(kind: FactKind, ids: unknown[]) {
  let touched: string[];
  try {
    touched = await applyChanges(kind, ids);
  } catch (error) {
    console.error(
      `[dashboards] ${kind} 汇总更新失败，转入后台重试：${error instanceof Error ? error.message : String(error)}`,
    );
    await Promise.all(ids.map((id) => enqueueDashboardChange(kind, String(id)).catch(() => undefined)));
    return;
  }
  await askForTotals(touched);
}

/** Enqueues the totals refresh of these organisations; a failure is left to the work sweep (logged). */
export async function askForTotals(orgIds: string[]) {
  try {
    await Promise.all(orgIds.map((id) => enqueueTotalsRefresh(id)));
  } catch (error) {
    console.error(
      `[dashboards] 看板合计刷新任务未能入队（巡检会补算）：${error instanceof Error ? error.message : String(error)}`,
    );
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

/** A total as kept: compacted (old days by month, the same figures) and its keys sorted. */
const sortedJson = (c: Counters) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(compactCounters(c, todayInShanghai(new Date()))).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      ),
    ),
  );

/** The counters of a roll-up document (all its parts added). */
function countersOfRollup(doc: { parts: string } | null): Counters {
  const counters: Counters = {};
  if (doc)
    for (const part of Object.values(JSON.parse(doc.parts) as Record<string, RollupPart>))
      addCounters(counters, part.summary);
  return counters;
}

/**
 * Recomputes one organisation's subtree total: its own roll-up (none when archived, as the dashboard leaves
 * archived organisations out) plus its direct children's totals. Each attempt reads the total first, then
 * its parts, and writes only at the version read, so a writer that read older parts cannot land after one
 * that read newer ones: the last write always holds parts read after every earlier write. True when it
 * wrote (false when the total was already right).
 */
async function recomputeTotal(orgId: string, tree: Tree): Promise<boolean> {
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
    if (held?.counters === json || (!held && json === "{}")) return false;
    const set = { counters: json, updatedAt: new Date() };
    if (!held) {
      try {
        await DashboardTotal.create({ _id: orgId, version: 0, ...set });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else if (await updateAtVersion(DashboardTotal, orgId, held.version, { $set: set })) {
      return true;
    }
    await pause(attempt);
  }
  throw new Error(`看板合计 ${orgId} 更新冲突过多`);
}

/**
 * After these organisations' roll-ups changed (or the tree did): recomputes their subtree totals and those of
 * every organisation above them, deepest first, one level at a time. Idempotent (a total already right is
 * not written); safe beside other refreshes (see recomputeTotal). Returns how many totals it wrote.
 */
export async function refreshTotals(orgIds: string[], tree?: Tree): Promise<number> {
  if (orgIds.length === 0) return 0;
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
  let written = 0;
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a))
    for (const wrote of await mapLimit(byDepth.get(depth)!, 8, (id) => recomputeTotal(id, t)))
      if (wrote) written += 1;
  return written;
}

/**
 * The totals job of one organisation: recomputes its subtree total (idempotent: a total already right is not
 * written, so a job run twice counts nothing twice) and gives its parent, whose total is asked for next
 * (always, even when this one was already right: a run before may have written it and failed before asking).
 */
export async function refreshOneTotal(orgId: string): Promise<string | null> {
  const tree = await readTree();
  if (!tree.nodes.has(orgId)) return null;
  await recomputeTotal(orgId, tree);
  return tree.nodes.get(orgId)?.parentId ?? null;
}

/**
 * Repairs the subtree totals whose refresh job was lost (a Redis flush): every total recomputed from the
 * roll-ups in memory, only those that differ written (the work sweep; the rebuild does the same).
 */
export async function repairTotals() {
  return rebuildTotals();
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
async function scanAll(phase?: (name: string) => void): Promise<Map<string, { kind: FactKind; rows: Rows }>> {
  const buckets = new Map<string, { kind: FactKind; rows: Rows }>();
  for (const kind of FACT_KINDS) {
    for await (const [id, placed] of scanKind(kind)) {
      const bucketId = bucketIdOf(placed);
      const bucket = buckets.get(bucketId) ?? { kind, rows: {} };
      bucket.rows[id] = placed.row;
      buckets.set(bucketId, bucket);
    }
    phase?.(`scan ${kind}`);
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
 * Recomputes every bucket, roll-up and subtree total from the records (after an import, a rule change, or to
 * repair), in bulk: one pass over each collection (only the fields rows need, batched cursor) and one over
 * the kept buckets and placements; every bucket's rows and summary computed in memory; then only what
 * differs is written, each bucket and roll-up once — a bucket that does not exist yet in one insert of many,
 * one that differs in a turn as a live change would (so it is safe beside live changes: rows the scan did
 * not see, records added meanwhile, are re-derived and kept where they belong; records changed while it ran
 * are applied again afterwards). Idempotent: a second run writes nothing.
 */
export async function rebuildDashboards(): Promise<{
  buckets: number;
  records: number;
  written: number;
  phases: Record<string, number>;
}> {
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string) => {
    phases[name] = Date.now() - mark;
    mark = Date.now();
  };
  const started = new Date(Date.now() - 1_000);
  const scanned = await scanAll(phase);
  /** Every kept bucket as it is now (one pass): its seq, rows and summary. */
  const kept = new Map<string, DashboardBucketDoc>();
  for await (const b of DashboardBucket.find().lean().cursor({ batchSize: 500 })) {
    kept.set(b._id, b);
    const kind = kindOfPart(splitBucketId(b._id).part);
    if (kind && !scanned.has(b._id)) scanned.set(b._id, { kind, rows: {} });
  }
  phase("read buckets");
  let records = 0;
  let written = 0;
  /** Each bucket's summary and seq once the rebuild is through with it, for the roll-ups. */
  const final = new Map<string, { seq: number; summary: string }>();
  const fresh: DashboardBucketDoc[] = [];
  const turns: [string, FactKind, Rows][] = [];
  for (const [bucketId, { kind, rows: target }] of scanned) {
    records += Object.keys(target).length;
    const held = kept.get(bucketId);
    if (!held) {
      if (Object.keys(target).length === 0) continue;
      const { orgId, part } = splitBucketId(bucketId);
      const summary = JSON.stringify(summarise(kind, target as never));
      fresh.push({ _id: bucketId, orgId, part, seq: 1, rows: JSON.stringify(target), summary });
      continue;
    }
    const rows = JSON.parse(held.rows) as Rows;
    const sameRows =
      Object.keys(rows).length === Object.keys(target).length &&
      Object.entries(target).every(([id, row]) => same(rows[id], row));
    if (sameRows) final.set(bucketId, { seq: held.seq, summary: held.summary });
    else turns.push([bucketId, kind, target]);
  }
  // New buckets: inserted many at a time; one a live change created meanwhile takes its turn instead.
  for (let i = 0; i < fresh.length; i += 200) {
    const batch = fresh.slice(i, i + 200);
    try {
      await Promise.all(batch.map((b) => stamp(DashboardBucket as never, b._id, b.seq)));
      await DashboardBucket.insertMany(batch, { ordered: false });
      for (const b of batch) final.set(b._id, { seq: b.seq, summary: b.summary });
      written += batch.length;
    } catch (error) {
      if (!isDuplicateKeyError(error) && !isBulkDuplicate(error)) throw error;
      for (const b of batch) turns.push([b._id, kindOfPart(b.part)!, JSON.parse(b.rows) as Rows]);
    }
  }
  phase("insert buckets");
  // Buckets that differ (or whose insert met a live writer): one turn each, as a live change would.
  await mapLimit(turns, 4, async ([bucketId, kind, target]) => {
    written += 1;
    await takeTurn(
      bucketId,
      async (rows) => {
        const next: Rows = { ...target };
        const unseen = Object.keys(rows).filter((id) => !(id in next));
        const derived = await mapLimit(unseen, 8, (id) => derive(kind, id));
        unseen.forEach((id, i) => {
          const p = derived[i];
          if (p && bucketIdOf(p) === bucketId) next[id] = p.row;
        });
        const changed =
          Object.keys(rows).length !== Object.keys(next).length ||
          Object.entries(next).some(([id, row]) => !same(rows[id], row));
        if (!changed) return false;
        for (const id of Object.keys(rows)) delete rows[id];
        Object.assign(rows, next);
        return true;
      },
      { copy: false, onSettled: (b) => final.set(bucketId, { seq: b.seq, summary: b.summary }) },
    );
  });
  phase("bucket turns");
  // Roll-ups hold exactly the parts of their buckets: each written once, and only when it differs.
  const byOrg = new Map<string, [string, { seq: number; summary: string }][]>();
  for (const [bucketId, b] of final) {
    const { orgId, part } = splitBucketId(bucketId);
    byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), [part, b]]);
  }
  for (const r of await DashboardRollup.find().select({ _id: 1 }).lean())
    if (!byOrg.has(r._id)) byOrg.set(r._id, []);
  await mapLimit([...byOrg.entries()], 4, ([orgId, parts]) =>
    writeRollup(orgId, (held) => {
      const next: Record<string, RollupPart> = {};
      for (const [part, b] of parts) {
        const h = held[part];
        next[part] = h && h.seq > b.seq ? h : { seq: b.seq, summary: JSON.parse(b.summary) as Counters };
      }
      if (same(held, next)) return false;
      for (const key of Object.keys(held)) delete held[key];
      Object.assign(held, next);
      return true;
    }),
  );
  phase("roll-ups");
  // Placements of the records that may move: one pass over those kept, then only the missing or moved.
  const placed = new Map<string, string>();
  for await (const p of DashboardPlacement.find().lean().cursor({ batchSize: 2000 }))
    placed.set(p._id, p.bucket);
  const inserts: { _id: string; bucket: string }[] = [];
  const moves: { _id: string; bucket: string }[] = [];
  for (const [bucketId, b] of scanned) {
    if (!MOVABLE_KINDS.includes(b.kind)) continue;
    for (const id of Object.keys(b.rows)) {
      const key = `${b.kind}:${id}`;
      const was = placed.get(key);
      if (was === undefined) inserts.push({ _id: key, bucket: bucketId });
      else if (was !== bucketId) moves.push({ _id: key, bucket: bucketId });
    }
  }
  for (let i = 0; i < inserts.length; i += 1000) {
    try {
      await DashboardPlacement.insertMany(inserts.slice(i, i + 1000), { ordered: false });
    } catch (error) {
      // A live change placed it meanwhile (newer than this scan): it stays.
      if (!isDuplicateKeyError(error) && !isBulkDuplicate(error)) throw error;
    }
  }
  for (let i = 0; i < moves.length; i += 1000)
    await DashboardPlacement.bulkWrite(
      moves.slice(i, i + 1000).map((m) => ({
        replaceOne: { filter: { _id: m._id }, replacement: { bucket: m.bucket }, upsert: true },
      })),
      { ordered: false },
    );
  phase("placements");
  await rebuildTotals();
  phase("totals");
  // A turn or a move may have put back a row older than a live change made after the scan read its record:
  // the records of those kinds changed since the rebuild started are applied again. (A bucket left alone or
  // inserted where none was cannot hide a live change.)
  const redo = new Set<FactKind>([...turns.map(([, kind]) => kind), ...(moves.length ? MOVABLE_KINDS : [])]);
  for (const kind of redo)
    await refreshTotals(await applyChanges(kind, await changedSince(kind, started), { refreshAll: true }));
  phase("changed meanwhile");
  return { buckets: scanned.size, records, written: written + moves.length, phases };
}

/**
 * Every subtree total from the roll-ups, in memory: one pass over the roll-ups and one over the totals, then
 * each total that differs written once at the version read. A roll-up written by a live change after the
 * pass read it shows as a newer version in a second pass over the roll-ups; those organisations' totals are
 * then refreshed the careful way (refreshTotals, which reads afresh). A live change later than that second
 * pass asks for its totals job after that, so the job runs after every write here.
 */
async function rebuildTotals(): Promise<{ written: number }> {
  const tree = await readTree();
  const rollupVersions = async () =>
    new Map(
      (await DashboardRollup.find().select({ version: 1 }).lean()).map((r) => [r._id, r.version] as const),
    );
  const rollups = new Map<string, { version: number; counters: Counters }>();
  for await (const r of DashboardRollup.find().lean().cursor({ batchSize: 500 }))
    rollups.set(r._id, { version: r.version, counters: countersOfRollup(r) });
  const held = new Map<string, DashboardTotalDoc>();
  for await (const t of DashboardTotal.find().lean().cursor({ batchSize: 500 })) held.set(t._id, t);
  const totals = new Map<string, Counters>();
  const deepestFirst = [...tree.nodes.entries()].sort(([, a], [, b]) => b.depth - a.depth);
  for (const [id, node] of deepestFirst) {
    const sum: Counters = node.archived ? {} : { ...(rollups.get(id)?.counters ?? {}) };
    for (const child of tree.children.get(id) ?? []) addCounters(sum, totals.get(child) ?? {});
    totals.set(id, sum);
  }
  const stale: string[] = [];
  let written = 0;
  await mapLimit([...totals.entries()], 4, async ([id, counters]) => {
    const json = sortedJson(counters);
    const h = held.get(id);
    if (h?.counters === json || (!h && json === "{}")) return;
    const set = { counters: json, updatedAt: new Date() };
    let ok = false;
    if (!h) {
      try {
        await DashboardTotal.create({ _id: id, version: 0, ...set });
        ok = true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else ok = !!(await updateAtVersion(DashboardTotal, id, h.version, { $set: set }));
    if (ok) written += 1;
    else stale.push(id);
  });
  for (const id of held.keys()) if (!tree.nodes.has(id)) await DashboardTotal.deleteOne({ _id: id });
  const now = await rollupVersions();
  for (const [id, version] of now) if (rollups.get(id)?.version !== version) stale.push(id);
  return { written: written + (await refreshTotals(stale, tree)) };
}

/** An insertMany of several documents that failed only on duplicate keys. */
function isBulkDuplicate(error: unknown): boolean {
  const errors = (error as { writeErrors?: { code?: number }[] } | null)?.writeErrors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.code === 11000);
}

/** The roll-up counters of these organisations, each read by `_id`. */
export async function rollupCounters(orgIds: string[]): Promise<Map<string, Counters>> {
  const docs = await Promise.all(orgIds.map((id) => DashboardRollup.findById(id).lean()));
  return new Map(orgIds.map((id, i) => [id, countersOfRollup(docs[i])]));
}

/**
 * Each organisation's check bucket rows (check id, row), the cached array while the bucket is unchanged
 * (callers may work things out from it once, keyed by the array; never change it).
 */
export async function keptCheckBuckets(
  orgIds: string[],
): Promise<Map<string, readonly [string, RowOf["check"]][]>> {
  const unique = [...new Set(orgIds)];
  // Through the process cache of kept documents (models/kept-rows.ts): every bucket write stamps its seq.
  const buckets = await readStamped(
    DashboardBucket,
    unique.map((orgId) => bucketIdOf({ orgId, part: "check" })),
    {
      versionField: "seq",
      parse: (b) => Object.entries(JSON.parse(b.rows) as Record<string, RowOf["check"]>),
      sizeOf: (rows) => rows.length,
      select: { rows: 1, seq: 1 },
    },
  );
  return new Map(
    unique.map((orgId) => [orgId, buckets.get(bucketIdOf({ orgId, part: "check" })) ?? NO_ROWS]),
  );
}

/**
 * The health checks kept in these organisations' check buckets (by `_id`, one per organisation): check id →
 * its row and the organisation whose bucket holds it (the check's own). Lists that show checks or count them
 * per organisation (the reports list, the prescriptions' headline figures) read these instead of the checks.
 */
export async function keptCheckRows(
  orgIds: string[],
): Promise<Map<string, { orgId: string; row: RowOf["check"] }>> {
  const unique = [...new Set(orgIds)];
  const buckets = await keptCheckBuckets(unique);
  const out = new Map<string, { orgId: string; row: RowOf["check"] }>();
  for (const orgId of unique) for (const [id, row] of buckets.get(orgId) ?? []) out.set(id, { orgId, row });
  return out;
}
