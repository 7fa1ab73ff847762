import crypto from "node:crypto";
import mongoose, { Schema, type Model, type Types } from "mongoose";
import { mapLimit } from "../app/lib/map-limit";
import { AuditEntry } from "./audit";
import { isDuplicateKeyError } from "./errors";
import { readyRedis, recallFixed, rememberFixed } from "./kept-rows";

/**
 * The audit trail's order, kept so that /audit reads by key: every entry gets a number when it is recorded
 * (Redis INCR, so numbers only grow), and a row under that number (`audit_rows`, `_id` the number) names the
 * entry and what the list filters on. A page walks the numbers down from the newest. Rows are read by key in
 * blocks of CHUNK numbers; a block whose numbers are all settled is sealed into one document
 * (`audit_chunks`, `_id` the block) by the first reader that finds it so, and never changes again, so each
 * process keeps it. Entries recorded before these rows existed are numbered below zero, newest first, once
 * (buildOlderRows). On FerretDB any filter but `{ _id }` reads the whole collection: the list used to count
 * and page the entries with a filter, which at a city's size means hundreds of thousands of documents with
 * their before/after on every load.
 */
export interface AuditRow {
  n: number;
  /** The entry's `_id`. */
  id: Types.ObjectId;
  at: Date;
  action: string;
  org?: Types.ObjectId;
  ent?: Types.ObjectId;
}

interface AuditRowDoc extends AuditRow {
  _id: string;
}

interface AuditChunkDoc {
  _id: string;
  rows: AuditRow[];
}

/**
 * `build`: whether the entries from before the rows are numbered (`low` the lowest number given);
 * `epoch`: this database's count in Redis is kept under this name (a database dropped and made again, as
 * every test run does, starts a new count instead of going on from the old one's).
 */
interface AuditLogStateDoc {
  _id: string;
  done?: boolean;
  low?: number;
  claimedAt?: Date;
  epoch?: string;
}

const rowFields = {
  n: { type: Number, required: true },
  id: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
  action: { type: String, required: true },
  org: Schema.Types.ObjectId,
  ent: Schema.Types.ObjectId,
};

const AuditRowSchema = new Schema<AuditRowDoc>(
  { _id: { type: String, required: true }, ...rowFields },
  { versionKey: false },
);

const AuditChunkSchema = new Schema<AuditChunkDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: [new Schema<AuditRow>(rowFields, { _id: false })], default: [] },
  },
  { versionKey: false },
);

AuditRowSchema.index({ n: -1 });

const AuditLogStateSchema = new Schema<AuditLogStateDoc>(
  {
    _id: { type: String, required: true },
    done: Boolean,
    low: Number,
    claimedAt: Date,
    epoch: String,
  },
  { versionKey: false },
);

export const AuditRowModel =
  (mongoose.models.AuditRow as Model<AuditRowDoc> | undefined) ??
  mongoose.model<AuditRowDoc>("AuditRow", AuditRowSchema, "audit_rows");
export const AuditChunk =
  (mongoose.models.AuditChunk as Model<AuditChunkDoc> | undefined) ??
  mongoose.model<AuditChunkDoc>("AuditChunk", AuditChunkSchema, "audit_chunks");
export const AuditLogState =
  (mongoose.models.AuditLogState as Model<AuditLogStateDoc> | undefined) ??
  mongoose.model<AuditLogStateDoc>("AuditLogState", AuditLogStateSchema, "audit_log_state");

/** Numbers per sealed block. */
export const CHUNK = 100;
/**
 * A number taken but not yet written is written within this long (a request's write); a missing number older
 * than that (a row above it was numbered before this) never will be, and its block can be sealed.
 */
export const SETTLE_MS = 5 * 60_000;

const chunkOf = (n: number) => Math.floor(n / CHUNK);

let epochOf: Promise<string> | null = null;
/** The Redis key of this database's count (see AuditLogStateDoc.epoch). */
async function headKey(): Promise<string> {
  epochOf ??= (async () => {
    const made = crypto.randomBytes(6).toString("hex");
    try {
      await AuditLogState.create({ _id: "epoch", epoch: made });
      return made;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await AuditLogState.findById("epoch").lean())?.epoch ?? made;
    }
  })().catch((error: unknown) => {
    epochOf = null;
    throw error;
  });
  return `audit:head:${mongoose.connection.name}:${await epochOf}`;
}

/** The highest number this process took or saw: the floor of the next one, whatever Redis says. */
let seen = 0;

/** The highest number written, read from the rows (a scan: only when Redis has lost the count). */
async function highestWritten(): Promise<number> {
  const top = await AuditRowModel.findOne().sort({ n: -1 }).select({ n: 1 }).lean();
  return Math.max(top?.n ?? 0, 0);
}

/**
 * Takes the next number: Redis INCR, never below what this process has seen. With Redis unreachable the
 * process counts on from what it has seen, and a number another process took meets the row's unique key and
 * is tried one higher.
 */
async function takeNumber(floor: number): Promise<number> {
  try {
    const client = await readyRedis();
    if (client) {
      const n = Number(
        await client.eval(
          "local c = tonumber(redis.call('GET', KEYS[1]) or '0') if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return redis.call('INCR', KEYS[1])",
          1,
          await headKey(),
          String(floor),
        ),
      );
      if (Number.isSafeInteger(n) && n > 0) return n;
    }
  } catch {
    // Redis unreachable: count on here.
  }
  return floor + 1;
}

/**
 * Writes the row of an entry about to be recorded and returns its number and time (the entry's `at`, taken
 * after the number, which sealing relies on). A number already written (Redis lost its count) is followed by
 * a look at the highest row, once, and the next number above it.
 */
export async function appendAuditRow(row: Omit<AuditRow, "n" | "at">): Promise<AuditRow> {
  let floor = seen;
  for (let attempt = 0; attempt < 50; attempt++) {
    const n = await takeNumber(floor);
    const full: AuditRow = { ...row, n, at: new Date() };
    try {
      await AuditRowModel.create({ _id: String(n), ...full });
      seen = Math.max(seen, n);
      return full;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      floor = attempt === 0 ? Math.max(n, await highestWritten()) : n;
      seen = Math.max(seen, floor);
    }
  }
  throw new Error("操作日志编号分配失败，请重试");
}

/**
 * The highest number taken (rows up to it may still be being written): Redis's count, then any rows past it
 * written while Redis could not count, found by key.
 */
export async function auditHead(): Promise<number> {
  let head = seen;
  try {
    const client = await readyRedis();
    const key = await headKey();
    const value = client ? await client.get(key) : null;
    if (value !== null) head = Math.max(head, Number(value) || 0);
    else if (client) {
      head = Math.max(head, await highestWritten());
      await client.eval(
        "local c = tonumber(redis.call('GET', KEYS[1]) or '0') if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 0",
        1,
        key,
        String(head),
      );
    }
  } catch {
    // Redis unreachable: what this process saw, and the rows past it.
  }
  while (await AuditRowModel.exists({ _id: String(head + 1) })) head += 1;
  seen = Math.max(seen, head);
  return head;
}

/** How long a reader waits for another process numbering the older entries. */
const BUILD_WAIT_MS = 60_000;
/** A claim this old belongs to a builder that stopped: another may take over. */
const BUILD_STALE_MS = 10 * 60_000;
let builtLow: number | null = null;

/**
 * The lowest number given (0 when no older entry was numbered), numbering the entries recorded before the
 * rows existed first, once for the database: the first reader claims the work, the others wait for it.
 */
export async function auditLow(): Promise<number> {
  if (builtLow !== null) return builtLow;
  const started = Date.now();
  for (;;) {
    let state = await AuditLogState.findById("build").lean();
    if (!state) {
      try {
        await AuditLogState.create({ _id: "build", done: false, low: 0, claimedAt: new Date() });
        return (builtLow = await buildOlderRows());
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        state = await AuditLogState.findById("build").lean();
      }
    }
    if (state?.done) return (builtLow = state.low ?? 0);
    if (state?.claimedAt && Date.now() - state.claimedAt.getTime() > BUILD_STALE_MS) {
      const taken = await AuditLogState.updateOne(
        { _id: "build", claimedAt: state.claimedAt },
        { $set: { claimedAt: new Date() } },
      );
      if (taken.modifiedCount === 1) return (builtLow = await buildOlderRows());
    }
    if (Date.now() - started > BUILD_WAIT_MS) throw new Error("操作日志正在整理历史记录，请稍后刷新");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Numbers the entries that have no row above zero (recorded before the rows existed), newest first from -1
 * down, straight into sealed blocks. The same entries get the same numbers on every run, so a builder that
 * stopped half way is simply run again.
 */
async function buildOlderRows(): Promise<number> {
  const numbered = new Set(
    (
      await AuditRowModel.find({ n: { $gt: 0 } })
        .select({ id: 1 })
        .lean()
    ).map((r) => String(r.id)),
  );
  const older = AuditEntry.find()
    .sort({ at: -1, _id: -1 })
    .select({ at: 1, action: 1, unionOrgId: 1, enterpriseId: 1 })
    .lean()
    .cursor();
  const seal = async (k: number, rows: AuditRow[]) => {
    try {
      await AuditChunk.create({ _id: String(k), rows });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // an earlier run wrote it, with the same rows
    }
  };
  let n = 0;
  let rows: AuditRow[] = [];
  for await (const e of older) {
    if (numbered.has(String(e._id))) continue;
    n -= 1;
    if (rows.length && chunkOf(n) !== chunkOf(rows[0].n)) {
      await seal(chunkOf(rows[0].n), rows);
      rows = [];
    }
    rows.push({ n, id: e._id, at: e.at, action: e.action, org: e.unionOrgId, ent: e.enterpriseId });
  }
  if (rows.length) await seal(chunkOf(rows[0].n), rows);
  await AuditLogState.updateOne({ _id: "build" }, { $set: { done: true, low: n } });
  return n;
}

/** A block's rows by number. */
type Block = Map<number, AuditRow>;

/**
 * The rows of block `k` (numbers from `low` to `head`): its sealed document, else its rows one by one, and
 * then sealed when every number is written or settled. `above` is the lowest row known above the block.
 */
async function blockRows(k: number, low: number, head: number, above: AuditRow | null): Promise<Block> {
  const id = String(k);
  const fixed = recallFixed<Block>(AuditChunk as never, id);
  if (fixed) return fixed;
  const sealed = await AuditChunk.findById(id).lean();
  if (sealed) return keep(id, sealed.rows);
  // Below zero every block was sealed when it was numbered: none means no entry there.
  if (k < 0) return new Map();
  const numbers: number[] = [];
  for (let n = Math.max(k * CHUNK, low); n <= Math.min(k * CHUNK + CHUNK - 1, head); n++)
    if (n !== 0) numbers.push(n);
  const found = await mapLimit(numbers, 16, async (n) => {
    const cached = recallFixed<AuditRow>(AuditRowModel as never, String(n));
    if (cached) return cached;
    const row = await AuditRowModel.findById(String(n)).select({ _id: 0 }).lean();
    if (row) rememberFixed(AuditRowModel as never, String(n), row, 1);
    return row;
  });
  const rows = found.filter((r): r is AuditRow => r !== null);
  const block: Block = new Map(rows.map((r) => [r.n, r]));
  if (k * CHUNK + CHUNK - 1 <= head && settled(numbers, block, above)) {
    try {
      await AuditChunk.create({ _id: id, rows });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // another reader sealed it, with the same rows
    }
    return keep(id, rows);
  }
  return block;
}

function keep(id: string, rows: AuditRow[]): Block {
  const block: Block = new Map(rows.map((r) => [r.n, r]));
  rememberFixed(AuditChunk as never, id, block, rows.length);
  return block;
}

/**
 * Whether no missing number of a block can still be written: a row numbered above it was recorded more than
 * SETTLE_MS ago (its time is taken after its number, so the missing number was taken before that).
 */
function settled(numbers: number[], block: Block, above: AuditRow | null): boolean {
  const missing = numbers.filter((n) => !block.has(n));
  if (missing.length === 0) return true;
  const top = Math.max(...missing);
  const later = [...block.values()].filter((r) => r.n > top);
  if (above) later.push(above);
  return later.some((r) => Date.now() - r.at.getTime() > SETTLE_MS);
}

export interface AuditWalk {
  rows: AuditRow[];
  /** Where the next page (older) starts: rows numbered below this; null when none is left. */
  next: number | null;
}

/**
 * Up to `want` rows that `accept`s, newest first, numbered below `before` (from the newest when null),
 * looking at no more than `budget` numbers: a filter that matches little stops there, and `next` says where
 * to go on.
 */
export async function walkAuditRows(
  before: number | null,
  accept: (row: AuditRow) => boolean,
  want: number,
  budget: number,
): Promise<AuditWalk> {
  const [head, low] = await Promise.all([auditHead(), auditLow()]);
  const rows: AuditRow[] = [];
  let n = before === null ? head : Math.min(before - 1, head);
  let looked = 0;
  let above: AuditRow | null = null;
  while (n >= low && rows.length < want && looked < budget) {
    const k = chunkOf(n);
    const block = await blockRows(k, low, head, above);
    for (; n >= Math.max(k * CHUNK, low) && rows.length < want; n--) {
      const row = block.get(n);
      looked += 1;
      if (row && accept(row)) rows.push(row);
    }
    const lowest = [...block.values()].reduce<AuditRow | null>((a, r) => (a && a.n < r.n ? a : r), null);
    if (lowest) above = lowest;
    if (n === 0) n = -1;
  }
  return { rows, next: n >= low ? n + 1 : null };
}

/** For tests: forget what this process knows of the numbers (another process that never took one). */
export function forgetAuditNumbers() {
  seen = 0;
  builtLow = null;
  epochOf = null;
}
