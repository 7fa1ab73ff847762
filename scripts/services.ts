/**
 * Starts what the product needs to run: a MongoDB-compatible database and Redis.
 *
 * Database: MONGODB_URI wins; otherwise the embedded FerretDB (SQLite backend) built from the Go
 * module proxy by scripts/ferretdb (cached, rebuilt when its sources or go.sum change); on a machine
 * without Go, mongodb-memory-server (downloads a real mongod where the internet is reachable).
 * Redis: REDIS_URL wins; otherwise the server on 127.0.0.1:6379 when it answers; otherwise a
 * redis-server of our own on a free loopback port (installed with apt-get when missing and possible).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const FERRET_SRC = path.join(ROOT, "scripts", "ferretdb");

export interface Started {
  url: string;
  engine: string;
  stop: () => Promise<void>;
}

export function log(message: string) {
  console.log(`[services] ${message}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function canConnect(port: number, host = "127.0.0.1", timeoutMs = 400): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} 启动失败（退出码 ${child.exitCode}）`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} 在 ${timeoutMs / 1000} 秒内没有响应`);
}

function which(command: string): string | undefined {
  const result = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills a launcher left behind by a crashed run that still holds this data directory. */
async function clearStaleLock(pidFile: string) {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  if (pid > 0 && isAlive(pid)) {
    let cmdline = "";
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      // Not Linux or already gone.
    }
    if (cmdline.includes("ferretdb-launcher")) {
      log(`发现上次遗留的 FerretDB 进程（pid ${pid}），正在停止`);
      process.kill(pid, "SIGTERM");
      for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  }
  fs.rmSync(pidFile, { force: true });
}

/** Builds the FerretDB launcher once per version of its sources; returns the binary's path. */
export function buildFerretLauncher(): string {
  const hash = crypto.createHash("sha256");
  for (const file of ["go.mod", "go.sum", "main.go", "idindex.go"])
    hash.update(fs.readFileSync(path.join(FERRET_SRC, file)));
  const dir = path.join(ROOT, ".cache", "ferretdb", hash.digest("hex").slice(0, 16));
  const binary = path.join(dir, "ferretdb-launcher");
  if (fs.existsSync(binary)) return binary;
  log("首次运行：正在从 Go 模块代理构建 FerretDB（约 2–3 分钟，之后会复用缓存）…");
  fs.mkdirSync(dir, { recursive: true });
  const result = spawnSync("go", ["build", "-o", `${binary}.tmp`, "."], {
    cwd: FERRET_SRC,
    stdio: "inherit",
    env: { ...process.env, CGO_ENABLED: "0" },
  });
  if (result.status !== 0) throw new Error("FerretDB 构建失败，请查看上面的 go build 输出");
  fs.renameSync(`${binary}.tmp`, binary);
  return binary;
}

async function startFerret(dataDir: string): Promise<Started> {
  const binary = buildFerretLauncher();
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, "launcher.pid");
  await clearStaleLock(pidFile);
  const port = await freePort();
  // The log goes straight to a file descriptor, not through a pipe this process must drain: while
  // `npm test` waits for jest (spawnSync) nothing here reads, and a full pipe would stall FerretDB.
  const log = fs.openSync(path.join(dataDir, "ferretdb.log"), "a");
  const child = spawn(
    binary,
    ["-listen", `127.0.0.1:${port}`, "-data", dataDir, "-parent-pid", String(process.pid)],
    { stdio: ["ignore", log, log] },
  );
  fs.closeSync(log);
  fs.writeFileSync(pidFile, String(child.pid));
  await waitForPort(port, child, "FerretDB");
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    engine: `FerretDB 1.24（SQLite 后端，嵌入式，数据目录 ${path.relative(ROOT, dataDir) || dataDir}）`,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(pidFile, { force: true });
    },
  };
}

async function startMemoryMongo(dataDir: string): Promise<Started> {
  log("本机没有 Go，改用 mongodb-memory-server（需要联网下载 mongod）");
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath: dataDir, ip: "127.0.0.1" } });
  return {
    url: server.getUri(),
    engine: "MongoDB（mongodb-memory-server）",
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

export async function startDatabase(dataDir: string): Promise<Started> {
  const external = process.env.MONGODB_URI;
  if (external) {
    return { url: external, engine: "外部数据库（MONGODB_URI）", stop: async () => {} };
  }
  if (which("go")) return startFerret(dataDir);
  return startMemoryMongo(dataDir);
}

function redisPing(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    socket.once("error", () => done(false));
  });
}

export async function startRedis(): Promise<Started> {
  const external = process.env.REDIS_URL;
  if (external) return { url: external, engine: "外部 Redis（REDIS_URL）", stop: async () => {} };
  if (await redisPing(6379)) {
    return { url: "redis://127.0.0.1:6379", engine: "本机 Redis（127.0.0.1:6379）", stop: async () => {} };
  }
  let binary = which("redis-server");
  if (!binary && process.getuid?.() === 0 && which("apt-get")) {
    log("未找到 redis-server，正在用 apt-get 安装…");
    spawnSync("apt-get", ["install", "-y", "-qq", "redis-server"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    binary = which("redis-server");
  }
  if (!binary) {
    throw new Error(
      "找不到可用的 Redis：请设置 REDIS_URL，或安装 redis-server（Debian/Ubuntu：sudo apt-get install redis-server）",
    );
  }
  const port = await freePort();
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir()],
    { stdio: "ignore" },
  );
  await waitForPort(port, child, "redis-server");
  return {
    url: `redis://127.0.0.1:${port}`,
    engine: `redis-server（本项目启动，端口 ${port}）`,
    stop: () => stopChild(child),
  };
}

let shuttingDown = false;
export const isShuttingDown = () => shuttingDown;

/** Runs cleanups once, on normal exit and on Ctrl-C / SIGTERM. */
export function onShutdown(cleanup: () => Promise<void>) {
  let done = false;
  const run = async (code: number) => {
    if (done) return;
    done = true;
    shuttingDown = true;
    try {
      await cleanup();
    } finally {
      process.exit(code);
    }
  };
  process.on("SIGINT", () => void run(130));
  process.on("SIGTERM", () => void run(143));
  return run;
}

export function spawnNode(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  output: "inherit" | "file" = "inherit",
): ChildProcess {
  let log: number | undefined;
  if (output === "file") {
    // A file descriptor, not a pipe: nothing drains pipes while `npm test` waits for jest.
    fs.mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    log = fs.openSync(path.join(ROOT, "test-results", `${name}.log`), "w");
  }
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: log === undefined ? "inherit" : ["ignore", log, log],
  });
  if (log !== undefined) fs.closeSync(log);
  return child;
}

export { stopChild };
