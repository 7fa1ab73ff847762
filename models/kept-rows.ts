import mongoose, { Schema, type Model, type UpdateQuery } from "mongoose";
import { getRedis } from "../app/lib/redis.server";
import { mapLimit } from "../app/lib/map-limit";
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

/*
 * Kept documents are cached in each process at the version they were read at, beside a stamp per document
 * in Redis: the latest version written or being written. Every writer sets it (never lowering it) to the
 * version its write makes *before* writing, and every reader to the version it read, so while a write is
 * under way, and after a writer died before or after its write, the stamp differs from every cached version
 * and the document is read. A read uses the cache only when the stamp equals the cached version; with no
 * stamp (Redis flushed) or Redis unreachable, the document is read. What stamps cannot see (a write made
 * while Redis could not be reached) is caught by the check of CHECK_MS: a cached entry that old is still
 * answered, and its document's version read beside it (cachedEntries). A district's lists read dozens of
 * documents of thousands of rows: on FerretDB each costs tens of milliseconds to read, the stamps one Redis
 * round trip for all.
 */
const CHECK_MS = 600_000;
const STAMP_SECONDS = 86_400;
/** At most this many rows cached in a process (about 60 MB); the least recently used documents go first. */
const CACHE_MAX_ROWS = 300_000;
/** A cached document: its version, when it was read, the document (rows left out) and what was parsed of it. */
interface Entry {
  version: number;
  at: number;
  doc: unknown;
  value: unknown;
  /** Rows it holds (what the bound counts). */
  size: number;
}
const cache = new Map<string, Entry>();
let cachedRows = 0;

function remember(key: string, entry: Entry) {
  forget(key);
  cache.set(key, entry);
  cachedRows += entry.size;
  // The Map keeps insertion order, and a hit is put back at the end: the first entries are the least recent.
  for (const [oldest] of cache) {
    if (cachedRows <= CACHE_MAX_ROWS || oldest === key) break;
    forget(oldest);
  }
}

function forget(key: string) {
  const entry = cache.get(key);
  if (!entry) return;
  cache.delete(key);
  cachedRows -= entry.size;
}

/** How long a record read at a version (readAtVersions) is kept for. */
const AT_VERSION_MS = 60_000;

/** The cached entry of a record when it is at the version wanted and young enough (readAtVersions). */
function hitOf(key: string, version: number, now: number): Entry | null {
  const hit = cache.get(key);
  if (!hit || version !== hit.version || now - hit.at >= AT_VERSION_MS) return null;
  // The most recently used last.
  cache.delete(key);
  cache.set(key, hit);
  return hit;
}

/** Entries being checked against their documents now (cache keys): one check at a time per document. */
const checking = new Set<string>();

/**
 * The cached entries of these documents that hold (null for the others, to be read): an entry whose stamp
 * equals its version. One older than CHECK_MS is still answered, and its document's version is read by key
 * (that field alone) beside the request: the same version makes the entry young again, another drops it, so
 * the next reader reads the document. No page waits for the check, which at a district's size reads dozens of
 * large documents (a page that re-read them all each minute stalled for seconds).
 */
async function cachedEntries(
  model: Model<never>,
  ids: string[],
  versionField: string,
): Promise<(Entry | null)[]> {
  const stamps = await stampsOf(model, ids);
  const now = Date.now();
  return ids.map((id, i) => {
    const key = cacheKeyOf(model, id);
    const entry = cache.get(key);
    if (!entry || stamps[i] !== entry.version) return null;
    if (now - entry.at >= CHECK_MS && !checking.has(key)) {
      checking.add(key);
      void model
        .findById(id)
        .select({ [versionField]: 1 })
        .lean()
        .then(
          (doc) => {
            const version = doc ? (doc as Record<string, unknown>)[versionField] : -1;
            if (cache.get(key) !== entry) return;
            if (version === entry.version) entry.at = Date.now();
            else forget(key);
          },
          () => undefined, // unreachable now: the next reader checks again
        )
        .finally(() => checking.delete(key));
    }
    // The most recently used last.
    cache.delete(key);
    cache.set(key, entry);
    return entry;
  });
}

/** Resolves once every version check started so far has ended (tests). */
export async function keptChecksSettled() {
  while (checking.size) await new Promise((r) => setTimeout(r, 5));
}

/** A document's key in this process's cache; its stamp's key in Redis is the same with "kept:" before it. */
const cacheKeyOf = (model: Model<never>, id: string) => `${model.db.name}:${model.collection.name}:${id}`;
const stampKey = (model: Model<never>, id: string) => `kept:${cacheKeyOf(model, id)}`;

/** The app's Redis client once connected (a moment after the process starts), else null: no stamps then. */
export async function readyRedis() {
  const client = getRedis();
  if (client.status === "connecting" || client.status === "connect" || client.status === "reconnecting")
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, 500);
      client.once("ready", done);
    });
  return client.status === "ready" ? client : null;
}

/**
 * Sets a document's stamp to this version unless it holds a newer one (a missing document is version -1).
 * Never fails (the cache is a bonus).
 */
export async function stamp(model: Model<never>, id: string, version: number) {
  try {
    const client = await readyRedis();
    if (!client) return;
    await client.eval(
      "local v = redis.call('GET', KEYS[1]) if (not v) or tonumber(v) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end",
      1,
      stampKey(model, id),
      String(version),
      String(STAMP_SECONDS),
    );
  } catch {
    // Redis unreachable: readers find no stamp and read the document.
  }
}

/** The stamps of these documents (null where there is none or Redis is unreachable). */
async function stampsOf(model: Model<never>, ids: string[]): Promise<(number | null)[]> {
  if (ids.length === 0) return [];
  try {
    const client = await readyRedis();
    if (!client) return ids.map(() => null);
    const values = await client.mget(...ids.map((id) => stampKey(model, id)));
    return values.map((v) => (v === null ? null : Number(v)));
  } catch {
    return ids.map(() => null);
  }
}

/** A write to a kept document at its version (updateAtVersion), then its stamp: every writer goes through here. */
export async function writeKept<D extends KeptRowsDoc>(
  model: Model<D>,
  id: string,
  version: number,
  update: UpdateQuery<D>,
): Promise<D | null> {
  await stamp(model as never, id, version + 1);
  const saved = await updateAtVersion(model as never, id, version, update as never);
  return saved as D | null;
}

/**
 * For documents written around their writers (a test's clean-up, an operator's repair): removes their stamps,
 * so every process reads them again (and stamps them anew), and forgets them here.
 */
export async function forgetKept(model: Model<never>, ids: string[]) {
  for (const id of ids) forget(cacheKeyOf(model, id));
  if (ids.length === 0) return;
  try {
    const client = await readyRedis();
    await client?.del(...ids.map((id) => stampKey(model, id)));
  } catch {
    // Redis unreachable: there are no stamps to trust either.
  }
}

/**
 * Records read by `_id`, projected to `select` (named `view` in the cache), where another kept document
 * already says which version is current (a kept row's `v`): a record is read again only when the version
 * wanted is not the one cached or the entry is older than AT_VERSION_MS. A record's every write moves its
 * version and its kept row, so no stamp is needed. `agrees` (when given) checks a cached record against what
 * its kept row says of it (a write around the services that kept the version, repaired in the row by a
 * rebuild, is read again). A record not found is not cached. Callers must not change what they get (it is
 * the cached object).
 */
export async function readAtVersions<V, D = unknown>(
  model: Model<D>,
  wanted: readonly (readonly [id: string, version: number])[],
  view: string,
  select: Record<string, 1>,
  agrees: (id: string, cached: V) => boolean = () => true,
): Promise<Map<string, V>> {
  const now = Date.now();
  const out = new Map<string, V>();
  const toRead: (readonly [string, number])[] = [];
  for (const [id, version] of wanted) {
    const hit = hitOf(`${cacheKeyOf(model as never, id)}@${view}`, version, now);
    if (hit && agrees(id, hit.value as V)) out.set(id, hit.value as V);
    else toRead.push([id, version]);
  }
  await mapLimit(toRead, 16, async ([id]) => {
    const doc = (await model
      .findById(id)
      .select({ ...select, version: 1 })
      .lean()) as (V & { version?: number }) | null;
    if (!doc) return;
    const value = doc as V;
    out.set(id, value);
    // At the version read (a write since the row was read is cached as what it is).
    remember(`${cacheKeyOf(model as never, id)}@${view}`, {
      version: doc.version ?? 0,
      at: Date.now(),
      doc: null,
      value,
      size: 1,
    });
  });
  return out;
}

/**
 * What this process remembers of a record that never changes once written (a sealed chunk of the audit log):
 * cached under the same bound as the kept documents, never checked again.
 */
export function recallFixed<T>(model: Model<never>, id: string): T | undefined {
  const key = `${cacheKeyOf(model, id)}@fixed`;
  const hit = cache.get(key);
  if (!hit) return undefined;
  cache.delete(key);
  cache.set(key, hit);
  return hit.value as T;
}

/** Remembers a record that never changes (recallFixed); `size` is the rows it holds. */
export function rememberFixed(model: Model<never>, id: string, value: unknown, size: number) {
  remember(`${cacheKeyOf(model, id)}@fixed`, { version: 0, at: Date.now(), doc: null, value, size });
}

/**
 * The rows of a document that is missing or holds none: one shared empty array, so that work kept per array
 * (app/lib/memo-inputs.ts) is not done again on every read.
 */
export const NO_ROWS: readonly never[] = Object.freeze([]);

/** Forgets what this process cached (a test standing in for another process that never read them). */
export function forgetKeptRows() {
  cache.clear();
  cachedRows = 0;
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
        const saved = await writeKept(model, d._id, d.version, {
          $set: { rows, built: true, ...set },
        } as UpdateQuery<D>);
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
 * The rows kept under these keys, per document (key → its rows, parsed), each document read by `_id` and
 * built first where it is missing or not built (buildKeptRows). A document's array is the cached one while
 * the document is unchanged (callers may work things out from it once, keyed by the array; never change it).
 */
export async function readKeptDocs<D extends KeptRowsDoc, R>(
  model: Model<D>,
  keys: string[],
  fromRecords: (keys: string[]) => Promise<Map<string, Record<string, string>>>,
  isBuilt: (doc: D) => boolean,
  set: Partial<D> = {},
): Promise<Map<string, readonly [string, R][]>> {
  const unique = [...new Set(keys)];
  const cacheKey = (id: string) => cacheKeyOf(model as never, id);
  const hits = await cachedEntries(model as never, unique, "version");
  const parsed = new Map<string, [string, unknown][]>();
  const toRead: string[] = [];
  unique.forEach((id, i) => {
    const hit = hits[i];
    if (hit && isBuilt(hit.doc as D)) parsed.set(id, hit.value as [string, unknown][]);
    else toRead.push(id);
  });
  const docs = await Promise.all(toRead.map(async (id) => (await model.findById(id).lean()) as D | null));
  const unbuilt = toRead.filter((_, i) => !docs[i] || !isBuilt(docs[i]!));
  const built = unbuilt.length
    ? await buildKeptRows(model, unbuilt, fromRecords, isBuilt, set)
    : new Map<string, D>();
  await Promise.all(
    toRead.map(async (id, i) => {
      const doc = docs[i] && isBuilt(docs[i]!) ? docs[i] : built.get(id);
      const rows = Object.entries(doc?.rows ?? {}).map(
        ([rid, json]) => [rid, JSON.parse(json)] as [string, unknown],
      );
      parsed.set(id, rows);
      if (doc) {
        remember(cacheKey(id), {
          version: doc.version,
          at: Date.now(),
          doc: { ...doc, rows: {} },
          value: rows,
          size: rows.length,
        });
        await stamp(model as never, id, doc.version);
      }
    }),
  );
  return new Map(
    unique.map((key) => {
      const rows = parsed.get(key);
      return [key, (rows?.length ? rows : NO_ROWS) as readonly [string, R][]];
    }),
  );
}

/** A record's row as its keeper just wrote it: its id, its version and its row (JSON). */
export interface KeptEntry {
  id: string;
  version: number;
  json: string;
}

/**
 * One document's rows brought up to these records as just written: a row is written only over an older
 * version of the same record (two writers of one record may land in either order), at the document's
 * version, retried when another writer got there first. A document nobody has read yet is left alone (its
 * first reader builds it); a placeholder is written too, so that its builder reads the records again.
 */
export async function keepRowsIn<D extends KeptRowsDoc>(
  model: Model<D>,
  key: string,
  entries: readonly KeptEntry[],
  versionOf: (json: string) => number,
) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const doc = (await model.findById(key).lean()) as D | null;
    if (!doc) return;
    const set: Record<string, string> = {};
    for (const e of entries) {
      const kept = doc.rows?.[e.id];
      const keptVersion = kept ? versionOf(kept) : -1;
      if (keptVersion < e.version || (keptVersion === e.version && kept !== e.json))
        set[`rows.${e.id}`] = e.json;
    }
    if (doc.built && Object.keys(set).length === 0) return;
    const update = Object.keys(set).length ? { $set: set } : { $set: { built: false } };
    if (await writeKept(model, key, doc.version, update as UpdateQuery<D>)) return;
    await retryPause(attempt);
  }
}

/**
 * One document's rows brought up to records that carry no version to order writes by: on each attempt the
 * document is read first, then the records (`read`: record id → its row, or null where the record no longer
 * belongs here), and the rows are written at the document's version. A writer that read a record before
 * another's change read the document before it too, so its write at that version fails and it reads again:
 * the last write holds the records as they are. A document nobody has read yet is left alone, a placeholder
 * is written to (see keepRowsIn).
 */
export async function keepFreshRowsIn<D extends KeptRowsDoc>(
  model: Model<D>,
  key: string,
  read: () => Promise<Record<string, string | null>>,
) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const doc = (await model.findById(key).lean()) as D | null;
    if (!doc) return;
    const set: Record<string, string> = {};
    const unset: Record<string, ""> = {};
    for (const [id, json] of Object.entries(await read())) {
      const kept = doc.rows?.[id];
      if (json === null) {
        if (kept !== undefined) unset[`rows.${id}`] = "";
      } else if (kept !== json) set[`rows.${id}`] = json;
    }
    const changes = Object.keys(set).length + Object.keys(unset).length;
    if (doc.built && changes === 0) return;
    const update = changes
      ? {
          ...(Object.keys(set).length ? { $set: set } : {}),
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
        }
      : { $set: { built: false } };
    if (await writeKept(model, key, doc.version, update as UpdateQuery<D>)) return;
    await retryPause(attempt);
  }
}

/** A model of kept rows documents (KeptRowsDoc) in `collection`. */
export function keptRowsModel(name: string, collection: string): Model<KeptRowsDoc> {
  return (
    (mongoose.models[name] as Model<KeptRowsDoc> | undefined) ??
    mongoose.model<KeptRowsDoc>(
      name,
      new Schema<KeptRowsDoc>(
        {
          _id: { type: String, required: true },
          rows: { type: Map, of: String, default: {} },
          built: { type: Boolean, required: true, default: false },
          version: { type: Number, required: true, default: 0 },
        },
        { versionKey: false },
      ),
      collection,
    )
  );
}

/**
 * Rebuilds every kept document of `model` that differs from its records (the seed, the work sweep). Each
 * document is read before the records and written at the version read: a document that changed meanwhile is
 * left to its writer. Documents nobody has read are not made here (their first reader builds them).
 */
export async function rebuildKept<D extends KeptRowsDoc>(
  model: Model<D>,
  fromRecords: (keys: string[]) => Promise<Map<string, Record<string, string>>>,
  set: Partial<D> = {},
): Promise<number> {
  let written = 0;
  const docs = (await model.find({}).lean()) as D[];
  if (docs.length === 0) return 0;
  const wanted = await fromRecords(docs.map((d) => d._id));
  const sorted = (rows: Record<string, string>) => JSON.stringify(Object.entries(rows).sort());
  for (const doc of docs) {
    const rows = wanted.get(doc._id) ?? {};
    const same = Object.entries(set).every(([k, v]) => (doc as Record<string, unknown>)[k] === v);
    if (doc.built && same && sorted(doc.rows ?? {}) === sorted(rows)) continue;
    if (
      await writeKept(model, doc._id, doc.version, { $set: { rows, built: true, ...set } } as UpdateQuery<D>)
    )
      written++;
  }
  return written;
}

/** The rows kept under these keys (readKeptDocs), as one map: record id → its key and row. */
export async function readKeptRows<D extends KeptRowsDoc, R>(
  model: Model<D>,
  keys: string[],
  fromRecords: (keys: string[]) => Promise<Map<string, Record<string, string>>>,
  isBuilt: (doc: D) => boolean,
  set: Partial<D> = {},
): Promise<Map<string, { key: string; row: R }>> {
  const docs = await readKeptDocs<D, R>(model, keys, fromRecords, isBuilt, set);
  const rows = new Map<string, { key: string; row: R }>();
  for (const [key, list] of docs) for (const [id, row] of list) rows.set(id, { key, row });
  return rows;
}

/**
 * Documents read by `_id` through the same cache, for documents kept for reading that are not rows
 * documents (a dashboard bucket, a cultivation board): `versionField` holds the version every write moves
 * and stamps (stamp), `parse` what the caller uses of it (cached), `sizeOf` how many rows that counts as. A
 * missing document is cached as null at version -1 (its creator stamps the new version).
 */
export async function readStamped<D, V>(
  model: Model<D>,
  ids: string[],
  {
    versionField,
    parse,
    sizeOf,
    select,
  }: {
    versionField: keyof D & string;
    parse: (doc: D) => V;
    sizeOf: (value: V) => number;
    select?: Record<string, 1>;
  },
): Promise<Map<string, V | null>> {
  const unique = [...new Set(ids)];
  const cacheKey = (id: string) => cacheKeyOf(model as never, id);
  const hits = await cachedEntries(model as never, unique, versionField);
  const out = new Map<string, V | null>();
  const toRead: string[] = [];
  unique.forEach((id, i) => {
    const hit = hits[i];
    if (hit) out.set(id, hit.value as V | null);
    else toRead.push(id);
  });
  await Promise.all(
    toRead.map(async (id) => {
      const query = model.findById(id);
      // The version field always comes with a projection (the cache is keyed by it).
      const doc = (await (
        select ? query.select({ ...select, [versionField]: 1 }) : query
      ).lean()) as D | null;
      const value = doc ? parse(doc) : null;
      const version = doc ? (doc[versionField] as number) : -1;
      out.set(id, value);
      remember(cacheKey(id), {
        version,
        at: Date.now(),
        doc: null,
        value,
        size: value === null ? 1 : Math.max(1, sizeOf(value)),
      });
      await stamp(model as never, id, version);
    }),
  );
  return out;
}
