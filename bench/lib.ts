/** What every benchmark shares: its flags, quantiles, the way it prints times, and its own services. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, onShutdown, startDatabase, startRedis, type Started } from "../scripts/services";

/** `--name N` from the command line (a positive integer), else the fallback. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} 需要正整数`);
  return value;
}

/** The q-quantile (nearest rank) of the values; NaN for none. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** What a benchmark runs on: its own database and queue prefix, set in the environment as well. */
export interface Bench {
  runId: string;
  /** A folder of its own, removed at the end. */
  tmp: string;
  dbName: string;
  /** Loads the models and connects to the bench's database (indexes made). */
  connect(options?: { monitorCommands?: boolean }): Promise<void>;
  /** Something to undo first at the end (a child process to stop, a build folder to remove). */
  atExit(undo: () => Promise<void> | void): void;
}

/**
 * Runs a benchmark on a database of its own (its own FerretDB, or the server in MONGODB_URI) and a queue
 * prefix of its own on Redis (REDIS_URL, the one running on 127.0.0.1:6379, or one it starts), and, at the
 * end, on an error or on Ctrl-C, drops that database, removes its queue keys and stops what it started.
 */
export function runBench(name: string, main: (bench: Bench) => Promise<void>) {
  const runId = crypto.randomBytes(4).toString("hex");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ghxs-bench-${name}-`));
  const dbName = `bench_${name}_${runId}`;
  const queuePrefix = `bench-${name}-${runId}`;
  const services: Started[] = [];
  const undos: (() => Promise<void> | void)[] = [];
  let connected = false;
  const finish = onShutdown(async () => {
    for (const undo of undos.reverse()) await undo();
    if (connected) {
      const { closeQueues, deleteQueueKeys } = await import("../jobs/queues");
      await closeQueues();
      await deleteQueueKeys(process.env.REDIS_URL!, queuePrefix).catch(() => undefined);
      const { default: mongoose } = await import("mongoose");
      await mongoose.connection.dropDatabase().catch(() => undefined);
      const { disconnectDatabase } = await import("../models/db");
      await disconnectDatabase();
    }
    for (const service of services.reverse()) await service.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const start = async () => {
    const db = await startDatabase(path.join(tmp, "ferretdb"));
    services.push(db);
    log(`数据库：${db.engine}`);
    const redis = await startRedis();
    services.push(redis);
    Object.assign(process.env, {
      MONGODB_URI: db.url,
      MONGODB_DB: dbName,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: queuePrefix,
    });
    await main({
      runId,
      tmp,
      dbName,
      async connect(options = {}) {
        await import("../models/all");
        const { connectDatabase, syncIndexes } = await import("../models/db");
        await connectDatabase({ uri: db.url, dbName, ...options });
        connected = true;
        await syncIndexes();
      },
      atExit: (undo) => undos.push(undo),
    });
  };
  start().then(
    () => finish(0),
    async (error: unknown) => {
      console.error(error);
      await finish(1);
    },
  );
}
