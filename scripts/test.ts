/**
 * `npm test`: starts a fresh FerretDB (temporary data directory) and connects Redis, builds and starts
 * the app and the worker for the browser tests, runs jest, prints "N passed, N failed", and cleans up
 * (processes stopped, temporary data and this run's Redis keys removed).
 *
 * Extra arguments go to jest, e.g. `npm test -- --selectProjects unit` or `npm test -- tests/unit/x.test.ts`.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ROOT,
  freePort,
  log,
  onShutdown,
  spawnNode,
  startDatabase,
  startRedis,
  stopChild,
  type Started,
} from "./services";

const args = process.argv.slice(2);
const BIN = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const RESULTS = path.join(ROOT, "test-results");
/** Jest workers for the unit and integration files of a whole run (TEST_WORKERS overrides). */
const TEST_WORKERS = Number(process.env.TEST_WORKERS) || Math.min(4, Math.max(2, os.availableParallelism()));

function selectedProjects(): Set<string> {
  const all = new Set(["unit", "integration", "e2e"]);
  const i = args.indexOf("--selectProjects");
  if (i === -1) {
    // A path argument narrows the run: only start what those files need.
    const paths = args.filter((arg) => arg.startsWith("tests/"));
    if (paths.length === 0) return all;
    return new Set(paths.map((p) => p.split("/")[1]).filter((p) => all.has(p)));
  }
  const chosen = new Set<string>();
  for (let j = i + 1; j < args.length && !args[j].startsWith("-"); j++) chosen.add(args[j]);
  return chosen;
}

async function waitForHealth(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`测试用应用在 ${timeoutMs / 1000} 秒内没有就绪（见 test-results/app.log）`);
}

async function main() {
  const projects = selectedProjects();
  const needServices = projects.has("integration") || projects.has("e2e");
  const runId = crypto.randomBytes(4).toString("hex");
  const queuePrefix = `test-${runId}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ghxs-test-"));
  const services: Started[] = [];
  const children: ChildProcess[] = [];
  let redisUrl: string | undefined;
  // Each run builds into its own folder, so two test runs at once never overwrite each other's build.
  const buildDir = path.join(".cache", `test-build-${runId}`);

  const cleanup = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    if (redisUrl)
      await (await import("../jobs/queues")).deleteQueueKeys(redisUrl, queuePrefix).catch(() => undefined);
    for (const service of services.reverse()) await service.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, buildDir), { recursive: true, force: true });
    // The last line CI reads.
    console.log(summary);
  };
  finish = onShutdown(cleanup);

  // Not emptied first: another test run may be writing its screenshots here at the same time.
  fs.mkdirSync(RESULTS, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEST_QUEUE_PREFIX: queuePrefix,
    VITE_CJS_IGNORE_WARNING: "true",
  };

  if (needServices) {
    const db = await startDatabase(path.join(tmp, "ferretdb"));
    services.push(db);
    const redis = await startRedis();
    services.push(redis);
    redisUrl = redis.url;
    env.MONGODB_URI = db.url;
    env.REDIS_URL = redis.url;
    log(`测试数据库：${db.engine}`);
    log(`测试 Redis：${redis.engine}（键前缀 ${queuePrefix}）`);
  }

  if (projects.has("e2e")) {
    log("为浏览器测试构建并启动应用…");
    env.REMIX_BUILD_DIR = buildDir;
    let result = spawnSync(BIN("remix"), ["build"], { cwd: ROOT, stdio: "inherit", env });
    if (result.status === 0) {
      result = spawnSync(process.execPath, ["scripts/build-worker.mjs"], {
        cwd: ROOT,
        stdio: "inherit",
        env,
      });
    }
    if (result.status !== 0) throw new Error("应用构建失败");
    const port = await freePort();
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      MONGODB_DB: "e2e",
      QUEUE_PREFIX: `${queuePrefix}-e2e`,
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      COOKIE_SECURE: "false",
    };
    const seeded = spawnSync(process.execPath, [BIN("tsx"), "scripts/seed.ts"], {
      cwd: ROOT,
      stdio: "inherit",
      env: appEnv,
    });
    if (seeded.status !== 0) throw new Error("演示数据加载失败");
    children.push(spawnNode("app", ["scripts/server.js"], appEnv, "file"));
    children.push(spawnNode("worker", [path.join(buildDir, "build/worker/worker.js")], appEnv, "file"));
    env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
    env.E2E_MONGODB_DB = "e2e";
    await waitForHealth(env.E2E_BASE_URL);
    log(`测试应用：${env.E2E_BASE_URL}`);
  }

  // A whole run goes in two parts: unit and integration files side by side (each integration file has its
  // own database and key prefix, and they wait on FerretDB and Redis as much as on the CPU), then the
  // browser files one after another (they share the one app and its demo data). Narrowed runs go as asked.
  const whole = !args.includes("--selectProjects") && !args.some((a) => a.startsWith("tests/"));
  const sideBySide = [...projects].filter((p) => p !== "e2e");
  const parts: string[][] =
    whole && projects.has("e2e") && sideBySide.length > 0
      ? [
          ["--selectProjects", ...sideBySide, `--maxWorkers=${TEST_WORKERS}`],
          ["--selectProjects", "e2e"],
        ]
      : [whole ? ["--selectProjects", ...projects] : []];

  let passed = 0;
  let failed = 0;
  let status = 0;
  const reports: unknown[] = [];
  for (const part of parts) {
    // Per-run results file (parallel runs), copied to test-results/jest.json at the end.
    const resultsFile = path.join(RESULTS, `jest-${runId}-${reports.length}.json`);
    const jestArgs = [
      path.join(ROOT, "node_modules", "jest", "bin", "jest.js"),
      "--json",
      "--outputFile",
      resultsFile,
      // Every suite closes its connections in afterAll; forceExit only guarantees that CI never hangs on a
      // stray socket of a child process (redis-server, soffice) that Jest cannot attribute.
      "--forceExit",
      ...args,
      ...part,
    ];
    const jest = spawnSync(process.execPath, jestArgs, { cwd: ROOT, stdio: "inherit", env });
    status ||= jest.status ?? 1;
    try {
      const report = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as {
        numPassedTests: number;
        numFailedTests: number;
        numRuntimeErrorTestSuites: number;
      };
      fs.rmSync(resultsFile, { force: true });
      reports.push(report);
      passed += report.numPassedTests;
      failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    } catch {
      failed += 1;
    }
  }
  fs.writeFileSync(
    path.join(RESULTS, "jest.json"),
    JSON.stringify(reports.length === 1 ? reports[0] : { parts: reports }),
  );
  summary = `${passed} passed, ${failed} failed`;
  await finish(status === 0 && failed === 0 ? 0 : 1);
}

let summary = "0 passed, 1 failed";
let finish: ((code: number) => Promise<void>) | undefined;

main().catch(async (error: unknown) => {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  if (finish) await finish(1);
  console.log(summary);
  process.exit(1);
});
