/**
 * Benchmark of the Word reports (not a test): `npm run bench -- --n 1000`.
 *
 * Starts its own FerretDB and Redis the way `npm test` does (or uses MONGODB_URI / REDIS_URL when set, in a
 * database and key prefix of its own that it removes afterwards), builds the app and the worker the way
 * production runs them (into .cache/bench-build-<run>, removed afterwards), seeds N enterprises with
 * accepted health checks, then measures:
 *   (b) a batch through the real pipeline: startReportBatch records the batch (the click), the worker
 *       (build/worker/worker.js, its own process, default settings unless --concurrency/--threads say
 *       otherwise; --workers of them) prepares it (opens each report, enqueues its render) and renders
 *       them; seconds to prepare, to the first report, total seconds and reports per second; meanwhile a
 *       signed-in page of the app is requested every second (p50/p95); the worker's peak RSS when 200
 *       reports are done and at the end;
 *   (a) one report build, buildFile("report", snapshot), for different enterprises: p50 / p95; the batch
 *       against the sum of the builds it contains, and a job against its own build;
 *   (c) buildFile against a bare `docx` document with the same paragraphs and tables as plain text plus
 *       the chart raster alone;
 * and peak RSS of this process.
 *
 * Flags: --n enterprises (1000), --batch renders in (b) (min(n, 1000), at most 1000), --samples for (a) (50),
 * --repeat for (c) (30), --concurrency WORKER_CONCURRENCY and --threads RENDER_THREADS of the worker (their
 * defaults when not given), --workers worker processes (1), --profile: the first worker counts its database
 * commands by collection and command (jobs/db-profile.ts) and the table is printed at the end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ROOT,
  freePort,
  log,
  onShutdown,
  startDatabase,
  startRedis,
  stopChild,
  type Started,
} from "../scripts/services";
import { flag, quantile, ms } from "./lib";

const N = flag("n", 1000);
// At most 1000: progress is counted from bull's completed jobs, and the queue keeps the last 1000.
const BATCH = Math.min(flag("batch", 1000), N, 1000);
const SAMPLES = Math.min(flag("samples", 50), BATCH);
const REPEAT = flag("repeat", 30);
const given = (name: string) => process.argv.includes(`--${name}`);
const WORKERS = flag("workers", 1);
const PROFILE = given("profile");
// The worker's own defaults unless asked otherwise (what a deployment gets without configuring anything).
const workerSettings: Record<string, string> = {
  ...(given("concurrency") ? { WORKER_CONCURRENCY: String(flag("concurrency", 2)) } : {}),
  ...(given("threads")
    ? { RENDER_THREADS: String(Number(process.argv[process.argv.indexOf("--threads") + 1])) }
    : {}),
};

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await run();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process from /proc (kB); null where /proc is not there. */
function rssKb(pid: number): { peak: number; now: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const peak = /VmHWM:\s+(\d+) kB/.exec(status);
    const now = /VmRSS:\s+(\d+) kB/.exec(status);
    return peak && now ? { peak: Number(peak[1]), now: Number(now[1]) } : null;
  } catch {
    return null;
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(" ")} 失败（${code}）`)),
    );
  });
}

async function waitForHealth(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`应用在 ${timeoutMs / 1000} 秒内没有就绪`);
}

async function main() {
  const runId = crypto.randomBytes(4).toString("hex");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ghxs-bench-"));
  const buildDir = path.join(".cache", `bench-build-${runId}`);
  const services: Started[] = [];
  const children: ChildProcess[] = [];
  // What the clean-up must undo, filled in as things start.
  const started: { redisUrl?: string } = {};
  let connected = false;
  const queuePrefix = `bench-${runId}`;

  finish = onShutdown(async () => {
    await Promise.all(children.map((child) => stopChild(child)));
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
    fs.rmSync(path.join(ROOT, buildDir), { recursive: true, force: true });
  });

  const db = await startDatabase(path.join(tmp, "ferretdb"));
  services.push(db);
  const redis = await startRedis();
  services.push(redis);
  started.redisUrl = redis.url;
  // The app reads its configuration once, on first use: set it before any app module runs.
  const sessionSecret = crypto.randomBytes(32).toString("hex");
  Object.assign(process.env, {
    MONGODB_URI: db.url,
    MONGODB_DB: `bench_${runId}`,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    SESSION_SECRET: sessionSecret,
    COOKIE_SECURE: "false",
  });
  log(`数据库：${db.engine}；Redis：${redis.engine}`);

  // The app and the worker as production runs them.
  const [, buildMs] = await timed(async () => {
    const env = { ...process.env, REMIX_BUILD_DIR: buildDir, NODE_ENV: "production" as const };
    await run(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], env);
    await run(process.execPath, ["scripts/build-worker.mjs"], env);
  });
  log(`应用与 worker 已构建（${(buildMs / 1000).toFixed(0)} 秒）`);

  await import("../models/all");
  const { connectDatabase, syncIndexes } = await import("../models/db");
  const { RenderedDocument } = await import("../models/rendered-document");
  const { User } = await import("../models/user");
  const { seedAcceptedAssessments } = await import("../scripts/seed-assessments");
  const { batchProgress, startReportBatch } = await import("../app/services/reports/report-batches.server");
  const { hashPassword, signIn } = await import("../app/services/accounts/auth.server");
  const { buildFile, renderInputOf } = await import("../app/services/documents/documents.server");
  const { renderRadarPng } = await import("../app/services/reports/chart-image.server");
  const { bareDocumentLike } = await import("./bare-document");
  const { getQueue, QUEUES } = await import("../jobs/queues");
  const documents = getQueue(QUEUES.documents);

  await connectDatabase({ uri: db.url, dbName: `bench_${runId}` });
  connected = true;
  await syncIndexes();

  const [seeded, seedMs] = await timed(() => seedAcceptedAssessments({ count: N, label: runId }));
  log(`已生成 ${N} 家企业及其已通过审核的体检（${(seedMs / 1000).toFixed(1)} 秒）`);

  // The app, and a signed-in instructor's page to request while the batch runs.
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const productionEnv = { ...process.env, REMIX_BUILD_DIR: buildDir, NODE_ENV: "production" as const };
  const appLog = fs.openSync(path.join(tmp, "app.log"), "w");
  children.push(
    spawn(process.execPath, ["scripts/server.js"], {
      cwd: ROOT,
      env: { ...productionEnv, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", appLog, appLog],
    }),
  );
  await waitForHealth(appUrl);
  const password = `Bench-${runId}-2026`;
  await User.updateOne(
    { _id: seeded.instructor.id },
    { $set: { passwordHash: await hashPassword(password) } },
  );
  const signedIn = await signIn(
    new Request(`${appUrl}/login`, { method: "POST", headers: { "X-Forwarded-For": "127.0.0.9" } }),
    seeded.instructor.accountName,
    password,
  );
  const cookie = signedIn.setCookie.split(";")[0];
  const pagePath = `/enterprises/${seeded.enterpriseIds[0]}`;
  const requestPage = async () => {
    const [response, took] = await timed(() =>
      fetch(`${appUrl}${pagePath}`, { headers: { Cookie: cookie } }),
    );
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${pagePath} 返回 ${response.status}`);
    return took;
  };
  for (let i = 0; i < 5; i++) await requestPage(); // warm-up
  const idlePage: number[] = [];
  for (let i = 0; i < 20; i++) idlePage.push(await requestPage());

  // (b) The batch: the click, then the worker(s) prepare and render it.
  const [batch, enqueueMs] = await timed(() =>
    startReportBatch(seeded.instructor, seeded.enterpriseIds.slice(0, BATCH)),
  );
  const clickAt = process.hrtime.bigint();
  const sinceClick = () => Number(process.hrtime.bigint() - clickAt) / 1e6;
  const total = batch.batch.total;
  log(`批量任务已创建：${total} 份报告（${(enqueueMs / 1000).toFixed(1)} 秒），启动 ${WORKERS} 个 worker…`);
  const workers: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i++) {
    const workerLog = fs.openSync(path.join(tmp, `worker-${i}.log`), "w");
    const worker = spawn(process.execPath, [path.join(buildDir, "build/worker/worker.js")], {
      cwd: ROOT,
      env: {
        ...productionEnv,
        ...workerSettings,
        ...(PROFILE && i === 0 ? { WORKER_DB_PROFILE: path.join(tmp, "db-profile.txt") } : {}),
      },
      stdio: ["ignore", workerLog, workerLog],
    });
    workers.push(worker);
    children.push(worker);
  }
  // Pages requested one after another while the batch runs.
  const busyPage: number[] = [];
  let batchRunning = true;
  const pages = (async () => {
    while (batchRunning) {
      // A failed request (the app stopping on Ctrl-C) ends the sampling instead of the run.
      const took = await requestPage().catch(() => null);
      if (took === null) break;
      busyPage.push(took);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const workerRss = () => workers.map((w) => rssKb(w.pid!)?.peak ?? 0).reduce((a, b) => Math.max(a, b), 0);
  let peakAt200: number | null = null;
  let firstDoneMs: number | null = null;
  let preparedMs: number | null = null;
  for (;;) {
    const dead = workers.find((w) => w.exitCode !== null);
    if (dead) {
      throw new Error(
        `worker 意外退出（${dead.exitCode}）：\n${fs.readFileSync(path.join(tmp, "worker-0.log"), "utf8")}`,
      );
    }
    // Progress as the page shows it (rendered_documents hold no file bytes, so this is cheap).
    const progress = await batchProgress(seeded.instructor, batch.batch.id);
    if (progress.status !== "preparing" && preparedMs === null) preparedMs = sinceClick();
    if (progress.done > 0 && firstDoneMs === null) firstDoneMs = sinceClick();
    if (progress.done >= Math.min(200, total) && peakAt200 === null) peakAt200 = workerRss();
    if (progress.status === "done") break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const renderMs = sinceClick();
  batchRunning = false;
  await pages;
  const workerPeakKb = workerRss();
  const stored = await RenderedDocument.countDocuments({ kind: "report", status: "done" });
  if (stored !== total) throw new Error(`只有 ${stored}/${total} 份报告生成成功（见 ${tmp}/worker-0.log）`);
  const jobs = (await documents.getCompleted(0, total + 1)).filter(
    (j) => j.name === "render" && j.finishedOn && j.processedOn,
  );
  const jobMs = jobs.map((j) => j.finishedOn! - j.processedOn!);
  const loadDuringBatch = os.loadavg();
  const workerLog = fs.readFileSync(path.join(tmp, "worker-0.log"), "utf8");
  const threads = /渲染线程：(\d+)/.exec(workerLog)?.[1] ?? "?";
  // The profile is written every 5 s: wait for the one after the batch ended.
  if (PROFILE) await new Promise((r) => setTimeout(r, 5_500));
  const profile = PROFILE ? fs.readFileSync(path.join(tmp, "db-profile.txt"), "utf8") : "";
  for (const worker of workers) await stopChild(worker);
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
  const meanBuild = single.reduce((a, b) => a + b, 0) / single.length;
  const sumOfBuilds = meanBuild * total;

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
  const oursP50 = quantile(ours, 0.5);
  const floor = quantile(bare, 0.5) + quantile(chart, 0.5);

  const selfPeakKb = process.resourceUsage().maxRSS;
  const seconds = renderMs / 1000;
  const settings = `${WORKERS} worker${WORKERS > 1 ? "s" : ""}, concurrency ${workerSettings.WORKER_CONCURRENCY ?? "default"}, ${threads} render threads`;
  const rows: [string, string][] = [
    ["enterprises seeded", `${N} (${(seedMs / 1000).toFixed(1)} s)`],
    [
      `(b) batch of ${total}: the click (startReportBatch)`,
      `${(enqueueMs / 1000).toFixed(1)} s (${(total / (enqueueMs / 1000)).toFixed(0)}/s)`,
    ],
    [
      `(b) batch of ${total}: click to all stored (${settings})`,
      `${seconds.toFixed(1)} s, ${(total / seconds).toFixed(1)} reports/s`,
    ],
    [
      "(b) click to batch prepared (all renders enqueued)",
      preparedMs === null ? "-" : `${(preparedMs / 1000).toFixed(1)} s`,
    ],
    ["(b) click to first report stored", firstDoneMs === null ? "-" : `${(firstDoneMs / 1000).toFixed(1)} s`],
    [
      `(b) one render job in the worker (${jobMs.length} jobs)`,
      `p50 ${ms(quantile(jobMs, 0.5))}, p95 ${ms(quantile(jobMs, 0.95))}`,
    ],
    [
      `(b) app page GET ${pagePath.replace(/[0-9a-f]{24}/, ":id")} idle / during the batch`,
      `p50 ${ms(quantile(idlePage, 0.5))} / ${ms(quantile(busyPage, 0.5))}, p95 ${ms(quantile(idlePage, 0.95))} / ${ms(quantile(busyPage, 0.95))} (${busyPage.length} requests)`,
    ],
    [
      `(b) worker peak RSS at ${Math.min(200, total)} reports / at ${total}`,
      `${peakAt200 ? mb(peakAt200) : "n/a"} / ${workerPeakKb ? mb(workerPeakKb) : "n/a"}`,
    ],
    [
      `(a) buildFile("report"), ${single.length} enterprises`,
      `p50 ${ms(quantile(single, 0.5))}, p95 ${ms(quantile(single, 0.95))}, mean ${ms(meanBuild)}`,
    ],
    [
      "(a) ratio batch / sum of its builds (mean build x reports)",
      `${(renderMs / sumOfBuilds).toFixed(2)}x (${seconds.toFixed(1)} s / ${(sumOfBuilds / 1000).toFixed(1)} s)`,
    ],
    ["(a) ratio render job p50 / build p50", `${(quantile(jobMs, 0.5) / quantile(single, 0.5)).toFixed(2)}x`],
    [`(c) buildFile median (x${ours.length}, ${bareBuild.description})`, ms(oursP50)],
    ["(c) radar chart PNG alone median", ms(quantile(chart, 0.5))],
    ["(c) bare docx Document + Packer.toBuffer median", ms(quantile(bare, 0.5))],
    ["(c) ratio buildFile / (bare + chart)", `${(oursP50 / floor).toFixed(2)}x`],
    ["(c) ratio buildFile / bare", `${(oursP50 / quantile(bare, 0.5)).toFixed(2)}x`],
    ["peak RSS, bench process (seed, enqueue, a, c)", mb(selfPeakKb)],
    ["load average (1/5/15 min) at the end of (b)", loadDuringBatch.map((l) => l.toFixed(1)).join(" / ")],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    `\nreports benchmark — ${db.engine.split("（")[0]}, ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  console.log("-".repeat(width + 40));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log("-".repeat(width + 40));
  if (profile) {
    console.log("\nworker database commands during the batch (first worker), costliest first:");
    console.log(profile.split("\n").slice(0, 25).join("\n"));
  }
  await finish(0);
}

let finish: ((code: number) => Promise<void>) | undefined;

main().catch(async (error: unknown) => {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  if (finish) await finish(1);
  process.exit(1);
});
