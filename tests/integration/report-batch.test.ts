import "../support/own-redis-db";
/**
 * Batches of Word reports through the real worker process: stopped hard in the middle (while preparing and
 * while rendering) and started again, and with Redis flushed in the middle. Either way every report file
 * must exist exactly once.
 */
import { Redis } from "ioredis";
import { deleteQueueKeys } from "../../jobs/queues";
import { Types } from "mongoose";
import { batchProgress, startReportBatch } from "../../app/services/reports/report-batches.server";
import { RenderedDocument } from "../../models/rendered-document";
import { ReportBatch } from "../../models/report-batch";
import { Report } from "../../models/report";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";
import { workerHarness } from "../support/worker-process";

jest.setTimeout(240_000);

let instructor: Browser;
const { workers, startWorker, kill, waitFor } = workerHarness({ waitTimeoutMs: 180_000, pollMs: 100 });

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
  await deleteQueueKeys(process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
});

/** The batch as stored (its renders are known once preparation is through). */
const storedBatch = async (id: string) => (await ReportBatch.findById(id).lean())!;

const reportDocuments = () => RenderedDocument.countDocuments({ kind: "report" });
const storedReports = () => RenderedDocument.countDocuments({ kind: "report", status: "done" });

it("a worker stopped hard while preparing a batch of 50, and again while rendering it: every report exists exactly once", async () => {
  const ids = await enterprisesWithChecks(50);
  const { batch, reused } = await startReportBatch(instructor.user, ids);
  expect(reused).toBe(false);
  expect(batch).toMatchObject({ status: "preparing", total: 50, prepared: 0 });
  // The click records the work and answers; the worker opens the reports.
  expect(await reportDocuments()).toBe(0);
  // A second click while it is under way starts nothing new.
  const again = await startReportBatch(instructor.user, [...ids].reverse());
  expect(again.reused).toBe(true);
  expect(again.batch.id).toBe(batch.id);

  const first = startWorker();
  await waitFor("preparation to begin", async () => (await reportDocuments()) >= 1, 60_000);
  await kill(first);
  const preparedAtStop = await reportDocuments();

  // Stopped again once a few files are stored: renders start while preparation goes on, and keep pace with
  // it, so this is as soon as five are done (waiting for preparation to finish first would find the batch
  // all but rendered). Only this batch's reports are in the database yet.
  const second = startWorker();
  await waitFor("the first reports", async () => (await storedReports()) >= 5);
  await kill(second);
  const doneAtStop = await storedReports();
  expect(doneAtStop).toBeLessThan(50);

  startWorker();
  const finished = await waitFor("the batch to finish", async () => {
    const progress = await batchProgress(instructor.user, batch.id);
    return progress.status === "done" ? progress : undefined;
  });
  expect(finished).toMatchObject({ total: 50, done: 50, failed: 0, percent: 100, skipped: 0 });
  expect(preparedAtStop).toBeLessThanOrEqual(50);
  const stored = await storedBatch(batch.id);
  expect(stored.renderIds).toHaveLength(50);
  expect(await reportDocuments()).toBe(50);
  await expectExactlyOnce(ids, stored.renderIds);
});

it("Redis flushed in the middle of a batch: the sweep re-enqueues what was lost and every report exists exactly once", async () => {
  const ids = await enterprisesWithChecks(50);
  const before = await reportDocuments();
  const { batch } = await startReportBatch(instructor.user, ids);

  // Flushed once preparation has begun: its job, and the render jobs queued so far, are gone.
  await waitFor("preparation to begin", async () => (await reportDocuments()) > before);
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.flushdb();
  expect(await redis.dbsize()).toBeLessThan(5);
  redis.disconnect();
  expect(await RenderedDocument.countDocuments({ kind: "report", status: "done" })).toBeLessThan(before + 50);

  const finished = await waitFor("the batch to finish after the flush", async () => {
    const progress = await batchProgress(instructor.user, batch.id);
    return progress.status === "done" ? progress : undefined;
  });
  expect(finished).toMatchObject({ total: 50, done: 50, failed: 0 });
  const stored = await storedBatch(batch.id);
  expect(await reportDocuments()).toBe(before + 50);
  await expectExactlyOnce(ids, stored.renderIds);
});

it("a worker stopped hard while its render threads are building files: every report exists exactly once", async () => {
  const ids = await enterprisesWithChecks(20);
  // Only this test's worker takes the renders: one left running by the tests above (no threads) would
  // finish them too fast for any to be seen in a thread.
  await Promise.all(workers.map((w) => kill(w)));
  // Every report file of the tests above is stored; this batch's are the ones beyond.
  const storedBefore = await storedReports();
  const ownStored = async () => (await storedReports()) - storedBefore;
  const { batch } = await startReportBatch(instructor.user, ids);

  const first = startWorker({ RENDER_THREADS: "2" });
  let output = "";
  first.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // The worker's start line crosses a pipe, which Node writes asynchronously: wait for it to arrive.
  await waitFor("the worker's start line", async () => output.includes("渲染线程："));
  expect(output).toContain("渲染线程：2");
  // A file is being built once its render is marked "rendering": the job hands the snapshot to a thread.
  // Looked for while preparation goes on (renders keep pace with it; only this batch's are not done).
  await waitFor("a file being built in a thread", async () => {
    const building = await RenderedDocument.countDocuments({ kind: "report", status: "rendering" });
    return building > 0 && (await ownStored()) < 20;
  });
  await kill(first);
  expect(await ownStored()).toBeLessThan(20);

  startWorker({ RENDER_THREADS: "2" });
  const finished = await waitFor("the batch to finish", async () => {
    const progress = await batchProgress(instructor.user, batch.id);
    return progress.status === "done" ? progress : undefined;
  });
  expect(finished).toMatchObject({ total: 20, done: 20, failed: 0, percent: 100, skipped: 0 });
  const stored = await storedBatch(batch.id);
  expect(stored.renderIds).toHaveLength(20);
  expect(await ownStored()).toBe(20);
  await expectExactlyOnce(ids, stored.renderIds);
});
