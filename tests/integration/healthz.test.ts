import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { loader } from "../../app/routes/healthz";

/** A Redis of this test's own, so stopping it affects nothing else. */
async function freePort() {
  return new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const tryConnect = () => {
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(child);
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error("redis-server did not start"));
        else setTimeout(tryConnect, 100);
      });
    };
    tryConnect();
  });
}

async function stopRedis(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function health() {
  const response = await loader();
  return { status: response.status, body: (await response.json()) as { ok: boolean; message: string } };
}

async function waitForStatus(status: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await health();
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await health();
  }
  return last;
}

describe("GET /healthz", () => {
  let port: number;
  let redis: ChildProcess | undefined;

  beforeAll(async () => {
    port = await freePort();
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    redis = await startRedis(port);
  });

  afterAll(async () => {
    if (redis && redis.exitCode === null) await stopRedis(redis);
  });

  it("answers 200 when the database and Redis answer, naming the engine", async () => {
    const { status, body } = await waitForStatus(200);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      message: "服务正常",
      database: { ok: true },
      redis: { ok: true },
    });
    expect((body as unknown as { database: { engine: string } }).database.engine).toMatch(/FerretDB|MongoDB/);
  });

  it("answers 503 in Chinese while Redis is down, and 200 again once it is back, without a restart", async () => {
    await stopRedis(redis!);
    const down = await waitForStatus(503);
    expect(down.status).toBe(503);
    expect(down.body.ok).toBe(false);
    expect(down.body.message).toBe("服务暂不可用：Redis 队列服务无法连接，请稍后重试");

    redis = await startRedis(port);
    const back = await waitForStatus(200);
    expect(back.status).toBe(200);
    expect(back.body.ok).toBe(true);
  });
});
