import mongoose, { type Model } from "mongoose";
import { withTimeout } from "../app/lib/with-timeout";

/**
 * One mongoose connection per process. FerretDB 1.x and MongoDB ≥ 4.2 both work: we use no
 * transactions, no $lookup and no partial/sparse/TTL/text indexes (see DESIGN.md).
 */
mongoose.set("strictQuery", true);

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** Production creates indexes in a deploy step; development and tests let mongoose do it. */
  autoIndex?: boolean;
  /** Emit the driver's command events (the app's Server-Timing header counts database time with them). */
  monitorCommands?: boolean;
}

export async function connectDatabase({
  uri,
  dbName,
  autoIndex = true,
  monitorCommands = false,
}: ConnectOptions) {
  if (mongoose.connection.readyState === 1) return mongoose.connection;
  await mongoose.connect(uri, {
    dbName,
    autoIndex,
    monitorCommands,
    serverSelectionTimeoutMS: 5_000,
    heartbeatFrequencyMS: 2_000,
  });
  return mongoose.connection;
}

export async function disconnectDatabase() {
  await mongoose.disconnect();
}

/**
 * Indexes that models no longer declare, by collection. createIndexes never drops anything, so a database
 * made by an older version keeps enforcing the old rule until syncIndexes removes it.
 */
const RETIRED_INDEXES: Record<string, string[]> = {
  // Report numbers run per organisation: unique with unionOrgId now (models/report.ts), not on their own.
  reports: ["reportNo_1"],
};

/** Creates every registered model's indexes (and drops retired ones); used by the deploy step and by tests. */
export async function syncIndexes() {
  const db = mongoose.connection.db;
  for (const [collection, names] of Object.entries(RETIRED_INDEXES)) {
    // A collection that does not exist yet has no indexes to drop.
    const existing = db
      ? await db
          .collection(collection)
          .indexes()
          .catch(() => [])
      : [];
    for (const name of names) {
      if (existing.some((index) => index.name === name)) await db!.collection(collection).dropIndex(name);
    }
  }
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
}

export interface DatabaseStatus {
  ok: boolean;
  engine?: string;
  error?: string;
}

let engineLabel: string | undefined;

/** Pings the database; names the engine (FerretDB announces itself in buildInfo). */
export async function databaseStatus(timeoutMs = 2_000): Promise<DatabaseStatus> {
  const db = mongoose.connection.db;
  if (!db) return { ok: false, error: "未连接" };
  try {
    await withTimeout(db.admin().ping(), timeoutMs);
    if (!engineLabel) {
      const info = await withTimeout(db.admin().command({ buildInfo: 1 }), timeoutMs);
      // FerretDB answers buildInfo with a ferretdbVersion field ("unknown" when embedded).
      const ferret = info.ferretdbVersion as string | undefined;
      engineLabel =
        ferret === undefined
          ? `MongoDB ${String(info.version)}`
          : `FerretDB${ferret && ferret !== "unknown" ? ` ${ferret}` : ""}（兼容 MongoDB ${String(info.version)}）`;
    }
    return { ok: true, engine: engineLabel };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * How many documents a collection holds, from the collection's own count (`$collStats`): MongoDB keeps it in
 * the collection's metadata and FerretDB (SQLite) counts the table's rows without decoding a document —
 * about 30 ms over 30,000 documents, where `estimatedDocumentCount` decodes them all on FerretDB (1 s).
 * Falls back to estimatedDocumentCount where the stage is refused.
 */
export async function collectionCount(model: Model<never>): Promise<number> {
  try {
    const stats = await model.collection
      .aggregate<{ count?: number }>([{ $collStats: { count: {} } }])
      .toArray();
    return stats.reduce((sum, s) => sum + (s.count ?? 0), 0);
  } catch {
    return model.estimatedDocumentCount();
  }
}
