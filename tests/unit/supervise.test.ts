/**
 * Issue 13, demo resilience: `npm run demo` starts the worker through supervise() (scripts/run.ts); a worker
 * that dies is started again after a growing delay, and nothing is restarted once everything stops.
 */
import { spawn } from "node:child_process";
import { supervise } from "../../scripts/supervise";

const dying = () => spawn(process.execPath, ["-e", "process.exit(3)"], { stdio: "ignore" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("supervise", () => {
  it("restarts a process that dies, each quick death waiting twice as long", async () => {
    const starts: number[] = [];
    const messages: string[] = [];
    const supervised = supervise(
      "worker",
      () => {
        starts.push(Date.now());
        return dying();
      },
      { initialDelayMs: 100, maxDelayMs: 400, log: (m) => messages.push(m) },
    );
    // Four starts: three deaths and their growing delays (each start is a node process: up to a second or
    // more on loaded cores, so the test waits for the starts, not for a fixed time).
    for (const deadline = Date.now() + 30_000; starts.length < 4 && Date.now() < deadline;) await sleep(20);
    supervised.stop();
    const count = starts.length;
    expect(count).toBeGreaterThanOrEqual(4);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    // 100, 200, 400, 400 … ms plus the time a process takes to start and exit.
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
    expect(messages[0]).toMatch(/^worker 已退出（3），0\.1 秒后重新启动$/);
    await sleep(1_000);
    expect(starts.length).toBe(count);
  }, 45_000);

  it("does not restart while everything is being stopped", async () => {
    let starts = 0;
    let stopping = false;
    supervise(
      "worker",
      () => {
        starts++;
        return dying();
      },
      { initialDelayMs: 50, isStopping: () => stopping },
    );
    stopping = true;
    await sleep(500);
    expect(starts).toBe(1);
  });

  it("keeps a healthy process running and gives the newest one", async () => {
    const supervised = supervise(
      "worker",
      () => spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"], { stdio: "ignore" }),
      { initialDelayMs: 50 },
    );
    const first = supervised.current()!;
    first.kill("SIGKILL");
    await sleep(400);
    const second = supervised.current()!;
    expect(second.pid).not.toBe(first.pid);
    expect(second.exitCode).toBeNull();
    supervised.stop();
    second.kill("SIGKILL");
  });
});
