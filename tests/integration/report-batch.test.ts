import "../support/own-redis-db";
/**
 * Batches of Word reports through the real worker process: stopped hard in the middle and started again,
 * and with Redis flushed in the middle. Either way every report file must exist exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Redis } from "ioredis";
import { Types } from "mongoose";
import { batchProgress, startReportBatch } from "../../app/services/report-batches.server";
import { RenderedDocument } from "../../models/rendered-document";
import { Report } from "../../models/report";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, "../..");
let instructor: Browser;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  // node itself (tsx as a loader, no wrapper process), so that killing it kills the worker.
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      WORKER_CONCURRENCY: "2",
      SWEEP_INTERVAL_SECONDS: "2",
      JOB_LOCK_SECONDS: "3",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => undefined);
  workers.push(child);
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const doneCount = (ids: Types.ObjectId[]) =>
  RenderedDocument.countDocuments({ _id: { $in: ids }, status: "done" });

async function enterprisesWithChecks(n: number) {
  const org = await makeOrg();
  const user = await makeUser({ role: "instructor", org });
  instructor = await signInAs(user);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const enterprise = await makeEnterprise(org);
    await makeAcceptedAssessment(enterprise, instructor.user);
    ids.push(String(enterprise._id));
  }
  return ids;
}

async function expectExactlyOnce(enterpriseIds: string[], renderIds: Types.ObjectId[]) {
  const reports = await Report.find({
    enterpriseId: { $in: enterpriseIds.map((id) => new Types.ObjectId(id)) },
  }).lean();
  expect(reports).toHaveLength(enterpriseIds.length);
  const files = await RenderedDocument.find({ kind: "report", sourceId: { $in: reports.map((r) => r._id) } })
    .select({ sourceId: 1, status: 1, size: 1 })
    .lean();
  expect(files).toHaveLength(enterpriseIds.length);
  expect(new Set(files.map((f) => String(f.sourceId))).size).toBe(enterpriseIds.length);
  expect(files.every((f) => f.status === "done" && (f.size ?? 0) > 10_000)).toBe(true);
  expect(new Set(renderIds.map(String))).toEqual(new Set(files.map((f) => String(f._id))));
}

afterAll(async () => {
  await Promise.all(workers.map((w) => kill(w)));
  const redis = new Redis(process.env.REDIS_URL!);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${process.env.QUEUE_PREFIX}*`, "COUNT", 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  redis.disconnect();
});

it("a worker stopped hard in the middle of a batch of 50 and started again: every report exists exactly once", async () => {
  const ids = await enterprisesWithChecks(50);
  const { batch, reused } = await startReportBatch(instructor.user, ids);
  expect(reused).toBe(false);
  expect(batch.total).toBe(50);
  // A second click while it runs starts nothing new.
  const again = await startReportBatch(instructor.user, [...ids].reverse());
  expect(again.reused).toBe(true);
  expect(again.batch.id).toBe(batch.id);
  expect(await RenderedDocument.countDocuments({ kind: "report" })).toBe(50);

  const renderIds = (await RenderedDocument.find({ kind: "report" }).select({ _id: 1 }).lean()).map(
    (r) => r._id,
  );
  const first = startWorker();
  await waitFor("the first reports", async () => (await doneCount(renderIds)) >= 5);
  await kill(first);
  const doneAtStop = await doneCount(renderIds);
  expect(doneAtStop).toBeLessThan(50);

  startWorker();
  const finished = await waitFor("the batch to finish", async () => {
    const progress = await batchProgress(instructor.user, batch.id);
    return progress.status === "done" ? progress : undefined;
  });
  expect(finished).toMatchObject({ total: 50, done: 50, failed: 0, percent: 100 });
  await expectExactlyOnce(ids, renderIds);
});

it("Redis flushed in the middle of a batch: the sweep re-enqueues what was lost and every report exists exactly once", async () => {
  const ids = await enterprisesWithChecks(50);
  const before = new Set(
    (await RenderedDocument.find({ kind: "report" }).select({ _id: 1 }).lean()).map((r) => String(r._id)),
  );
  const { batch } = await startReportBatch(instructor.user, ids);
  const renderIds = (await RenderedDocument.find({ kind: "report" }).select({ _id: 1 }).lean())
    .map((r) => r._id)
    .filter((id) => !before.has(String(id)));
  expect(renderIds).toHaveLength(50);

  await waitFor("the first reports", async () => (await doneCount(renderIds)) >= 5);
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.flushdb();
  expect(await redis.dbsize()).toBeLessThan(5);
  redis.disconnect();
  expect(await doneCount(renderIds)).toBeLessThan(50);

  const finished = await waitFor("the batch to finish after the flush", async () => {
    const progress = await batchProgress(instructor.user, batch.id);
    return progress.status === "done" ? progress : undefined;
  });
  expect(finished).toMatchObject({ total: 50, done: 50, failed: 0 });
  await expectExactlyOnce(ids, renderIds);
});
