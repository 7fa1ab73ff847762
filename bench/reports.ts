/**
 * Benchmark of the Word reports (not a test): `npm run bench -- --n 1000`.
 *
 * Starts its own FerretDB and Redis the way `npm test` does (or uses MONGODB_URI / REDIS_URL when set, in a
 * database and key prefix of its own that it removes afterwards), seeds N enterprises with accepted health
 * checks, then measures:
 *   (a) one report build, buildFile("report", snapshot), for different enterprises: p50 / p95;
 *   (b) a batch through the real pipeline: startReportBatch records the batch (the click), the worker
 *       (jobs/worker.ts, its own process, WORKER_CONCURRENCY 2) prepares it (opens each report, enqueues its
 *       render) and renders them; seconds to prepare, total seconds and reports per second;
 *   (c) buildFile against a bare `docx` document with the same paragraphs and tables as plain text;
 * and peak RSS of this process and of the worker.
 *
 * Flags: --n enterprises (1000), --batch renders in (b) (min(n, 1000), at most 1000), --samples for (a) (50),
 * --repeat for (c) (30), --concurrency worker concurrency (2).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ROOT,
  log,
  onShutdown,
  startDatabase,
  startRedis,
  stopChild,
  type Started,
} from "../scripts/services";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} 需要正整数`);
  return value;
}

const N = flag("n", 1000);
// At most 1000: progress is counted from bull's completed jobs, and the queue keeps the last 1000.
const BATCH = Math.min(flag("batch", 1000), N, 1000);
const SAMPLES = Math.min(flag("samples", 50), BATCH);
const REPEAT = flag("repeat", 30);
const CONCURRENCY = flag("concurrency", 2);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await run();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Peak resident set of a live process, from /proc (kB); null where /proc is not there. */
function peakRssKb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function main() {
  const runId = crypto.randomBytes(4).toString("hex");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ghxs-bench-"));
  const services: Started[] = [];
  let worker: ChildProcess | undefined;
  // What the clean-up must undo, filled in as things start.
  const started: { redisUrl?: string } = {};
  let connected = false;
  const queuePrefix = `bench-${runId}`;

  finish = onShutdown(async () => {
    if (worker) await stopChild(worker);
    if (connected) {
      const { default: mongoose } = await import("mongoose");
      await mongoose.connection.dropDatabase().catch(() => undefined);
      const { closeQueues } = await import("../jobs/queues");
      await closeQueues();
      const { disconnectDatabase } = await import("../models/db");
      await disconnectDatabase();
    }
    if (started.redisUrl)
      await (
        await import("../jobs/queues")
      )
        .deleteQueueKeys(started.redisUrl, queuePrefix)
        .catch(() => undefined);
    for (const service of services.reverse()) await service.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const db = await startDatabase(path.join(tmp, "ferretdb"));
  services.push(db);
  const redis = await startRedis();
  services.push(redis);
  started.redisUrl = redis.url;
  // The app reads its configuration once, on first use: set it before any app module runs.
  Object.assign(process.env, {
    MONGODB_URI: db.url,
    MONGODB_DB: `bench_${runId}`,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  log(`数据库：${db.engine}；Redis：${redis.engine}`);

  await import("../models/all");
  const { connectDatabase, syncIndexes } = await import("../models/db");
  const { RenderedDocument } = await import("../models/rendered-document");
  const { seedAcceptedAssessments } = await import("../scripts/seed-assessments");
  const { batchProgress, startReportBatch } = await import("../app/services/report-batches.server");
  const { buildFile, renderInputOf } = await import("../app/services/documents.server");
  const { renderRadarPng } = await import("../app/services/chart-image.server");
  const { bareDocumentLike } = await import("./bare-document");
  const { getQueue, QUEUES } = await import("../jobs/queues");
  const documents = getQueue(QUEUES.documents);

  await connectDatabase({ uri: db.url, dbName: `bench_${runId}` });
  connected = true;
  await syncIndexes();

  const [seeded, seedMs] = await timed(() => seedAcceptedAssessments({ count: N, label: runId }));
  log(`已生成 ${N} 家企业及其已通过审核的体检（${(seedMs / 1000).toFixed(1)} 秒）`);

  // (b) The batch: enqueued with the worker stopped, then rendered by a worker process.
  const [batch, enqueueMs] = await timed(() =>
    startReportBatch(seeded.instructor, seeded.enterpriseIds.slice(0, BATCH)),
  );
  const total = batch.batch.total;
  log(`批量任务已创建：${total} 份报告（${(enqueueMs / 1000).toFixed(1)} 秒），启动 worker 准备并生成…`);
  const workerLog = fs.createWriteStream(path.join(tmp, "worker.log"));
  const renderStart = process.hrtime.bigint();
  worker = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker.stdout?.pipe(workerLog);
  worker.stderr?.pipe(workerLog);
  let workerPeakKb: number | null = null;
  let firstDoneMs: number | null = null;
  let preparedMs: number | null = null;
  for (;;) {
    if (worker.exitCode !== null) {
      throw new Error(
        `worker 意外退出（${worker.exitCode}）：\n${fs.readFileSync(path.join(tmp, "worker.log"), "utf8")}`,
      );
    }
    // Progress as the page shows it (rendered_documents hold no file bytes, so this is cheap).
    const progress = await batchProgress(seeded.instructor, batch.batch.id);
    workerPeakKb = peakRssKb(worker.pid!) ?? workerPeakKb;
    if (progress.status !== "preparing" && preparedMs === null)
      preparedMs = Number(process.hrtime.bigint() - renderStart) / 1e6;
    if (progress.done > 0 && firstDoneMs === null)
      firstDoneMs = Number(process.hrtime.bigint() - renderStart) / 1e6;
    if (progress.status === "done") break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const renderMs = Number(process.hrtime.bigint() - renderStart) / 1e6;
  const stored = await RenderedDocument.countDocuments({ kind: "report", status: "done" });
  if (stored !== total) throw new Error(`只有 ${stored}/${total} 份报告生成成功（见 ${tmp}/worker.log）`);
  const jobs = (await documents.getCompleted(0, total + 1)).filter(
    (j) => j.name === "render" && j.finishedOn && j.processedOn,
  );
  const jobMs = jobs.map((j) => j.finishedOn! - j.processedOn!);
  const loadDuringBatch = os.loadavg()[0];
  await stopChild(worker);
  worker = undefined;
  log(`worker 已生成全部 ${total} 份报告`);

  // (a) One build per enterprise, from the snapshots the batch stored (different enterprises).
  const snapshots = await Promise.all(
    (
      await RenderedDocument.find({ kind: "report" })
        .select({ inputBlobId: 1, size: 1 })
        .limit(SAMPLES)
        .lean()
    ).map(async (doc) => ({ size: doc.size, input: await renderInputOf(doc) })),
  );
  for (const s of snapshots.slice(0, 3)) await buildFile("report", s.input); // warm-up
  const single: number[] = [];
  for (const s of snapshots) single.push((await timed(() => buildFile("report", s.input)))[1]);

  // (c) The median-size snapshot, built REPEAT times, against a bare docx document of the same content.
  const bySize = [...snapshots].sort((a, b) => (a.size ?? 0) - (b.size ?? 0));
  const median = bySize[Math.floor(bySize.length / 2)];
  const ours: number[] = [];
  const chart: number[] = [];
  const bare: number[] = [];
  const input = JSON.parse(median.input) as {
    dimensions: { id: string; title: string; score: number | null }[];
  };
  const bareBuild = await bareDocumentLike(await buildFile("report", median.input));
  for (let i = 0; i < REPEAT + 3; i++) {
    const [, oursMs] = await timed(() => buildFile("report", median.input));
    const [, chartMs] = await timed(async () =>
      renderRadarPng(input.dimensions, { width: 640, height: 480 }),
    );
    const [, bareMs] = await timed(bareBuild.pack);
    if (i < 3) continue; // warm-up
    ours.push(oursMs);
    chart.push(chartMs);
    bare.push(bareMs);
  }

  const selfPeakKb = process.resourceUsage().maxRSS;
  const seconds = renderMs / 1000;
  const rows: [string, string][] = [
    ["enterprises seeded", `${N} (${(seedMs / 1000).toFixed(1)} s)`],
    [
      `(a) buildFile("report"), ${single.length} enterprises`,
      `p50 ${ms(quantile(single, 0.5))}, p95 ${ms(quantile(single, 0.95))}`,
    ],
    [
      `(b) batch of ${total}: the click (startReportBatch)`,
      `${(enqueueMs / 1000).toFixed(1)} s (${(total / (enqueueMs / 1000)).toFixed(0)}/s)`,
    ],
    [
      `(b) batch of ${total}: worker x${CONCURRENCY} until all done`,
      `${seconds.toFixed(1)} s, ${(total / seconds).toFixed(1)} reports/s`,
    ],
    [
      `(b) one render job in the worker (${jobMs.length} jobs)`,
      `p50 ${ms(quantile(jobMs, 0.5))}, p95 ${ms(quantile(jobMs, 0.95))}`,
    ],
    [
      "(b) worker start to batch prepared (all renders enqueued)",
      preparedMs === null ? "-" : `${(preparedMs / 1000).toFixed(1)} s`,
    ],
    [
      "(b) worker start to first report done",
      firstDoneMs === null ? "-" : `${(firstDoneMs / 1000).toFixed(1)} s`,
    ],
    [`(c) buildFile median (x${ours.length}, ${bareBuild.description})`, ms(quantile(ours, 0.5))],
    ["(c)   of which radar chart PNG", ms(quantile(chart, 0.5))],
    ["(c) bare docx Document + Packer.toBuffer median", ms(quantile(bare, 0.5))],
    ["(c) ratio buildFile / bare", `${(quantile(ours, 0.5) / quantile(bare, 0.5)).toFixed(2)}x`],
    [
      "(c) ratio without the chart",
      `${((quantile(ours, 0.5) - quantile(chart, 0.5)) / quantile(bare, 0.5)).toFixed(2)}x`,
    ],
    ["peak RSS, bench process (seed, enqueue, a, c)", mb(selfPeakKb)],
    ["peak RSS, worker process (b)", workerPeakKb === null ? "n/a" : mb(workerPeakKb)],
    [
      "load average (1 min) at the end of (b) / at the end",
      `${loadDuringBatch.toFixed(1)} / ${os.loadavg()[0].toFixed(1)}`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    `\nreports benchmark — ${db.engine.split("（")[0]}, ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  console.log("-".repeat(width + 40));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log("-".repeat(width + 40));
  await finish(0);
}

let finish: ((code: number) => Promise<void>) | undefined;

main().catch(async (error: unknown) => {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  if (finish) await finish(1);
  process.exit(1);
});
