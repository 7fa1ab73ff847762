/**
 * npm run dev | demo | seed | db:start — starts the database and Redis (see services.ts), then the
 * app and the worker as two processes, and stops everything cleanly on Ctrl-C.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  buildFerretLauncher,
  isShuttingDown,
  log,
  onShutdown,
  spawnNode,
  startDatabase,
  startRedis,
  stopChild,
  type Started,
} from "./services";
import { supervise, type Supervised } from "./supervise";

const mode = process.argv[2] ?? "demo";
const DATA = path.join(ROOT, "data");
const BIN = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

function sessionSecret() {
  const file = path.join(DATA, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

function runOrDie(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} 失败`);
}

async function waitForHealth(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`应用在 ${timeoutMs / 1000} 秒内没有就绪：${url}/healthz`);
}

async function main() {
  if (mode === "build-db") {
    buildFerretLauncher();
    return;
  }
  const services: Started[] = [];
  const children: ChildProcess[] = [];
  // Set once the services are up; the shutdown may run before that.
  const started: { worker?: Supervised } = {};
  const shutdown = onShutdown(async () => {
    started.worker?.stop();
    const running = [...children, started.worker?.current()].filter((c): c is ChildProcess => !!c);
    await Promise.all(running.map((child) => stopChild(child)));
    for (const service of services.reverse()) await service.stop();
  });

  if (mode === "demo") {
    log("构建应用…");
    runOrDie(BIN("remix"), ["build"], { ...process.env, VITE_CJS_IGNORE_WARNING: "true" });
    runOrDie(process.execPath, ["scripts/build-worker.mjs"], process.env);
  }

  const db = await startDatabase(path.join(DATA, "ferretdb"));
  services.push(db);
  const redis = await startRedis();
  services.push(redis);
  log(`数据库引擎：${db.engine}`);
  log(`Redis：${redis.engine}`);

  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "127.0.0.1";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    MONGODB_URI: db.url,
    MONGODB_DB: process.env.MONGODB_DB ?? "gonghui",
    REDIS_URL: redis.url,
    SESSION_SECRET: process.env.SESSION_SECRET ?? sessionSecret(),
    COOKIE_SECURE: process.env.COOKIE_SECURE ?? "false",
    DB_ENGINE_LABEL: db.engine,
    PORT: port,
    HOST: host,
    VITE_CJS_IGNORE_WARNING: "true",
  };

  if (mode === "services") {
    log(`MONGODB_URI=${db.url}`);
    log(`REDIS_URL=${redis.url}`);
    log("按 Ctrl-C 停止");
    return;
  }

  if (mode === "seed" || mode === "demo") {
    runOrDie(process.execPath, [BIN("tsx"), "scripts/seed.ts"], env);
    if (mode === "seed") return shutdown(0);
  }

  if (mode === "dev") {
    children.push(spawnNode("app", [BIN("remix"), "dev", "--manual", "-c", "node scripts/server.js"], env));
  } else {
    children.push(spawnNode("app", ["scripts/server.js"], env));
  }
  // The app going down ends the demo; a worker going down is started again (with a back-off) while the
  // app keeps serving: jobs wait in Redis and every job can be re-derived from the database.
  for (const child of children) {
    child.once("exit", (code) => {
      if (isShuttingDown()) return;
      log(`应用进程退出（${code ?? "signal"}），正在停止全部服务`);
      void shutdown(code ?? 1);
    });
  }
  const workerArgs = mode === "dev" ? [BIN("tsx"), "watch", "jobs/worker.ts"] : ["build/worker/worker.js"];
  started.worker = supervise("后台任务进程", () => spawnNode("worker", workerArgs, env), {
    log,
    isStopping: isShuttingDown,
  });

  const url = `http://${host}:${port}`;
  await waitForHealth(url);
  log(`工会协商通已启动：${url}（按 Ctrl-C 停止）`);
}

main().catch((error: unknown) => {
  console.error(`[services] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
