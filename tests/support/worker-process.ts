/**
 * The real worker process (jobs/worker.ts) for the integration tests that stop it hard and start it again
 * (report batches, offer campaigns): start one, kill one, and wait for what it does to show in the database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export interface WorkerHarness {
  /** Every worker started, to kill in afterAll. */
  workers: ChildProcess[];
  startWorker(env?: Record<string, string>): ChildProcess;
  kill(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>;
  /** Polls `probe` until it returns something, or fails naming `what` after `timeoutMs`. */
  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  /** The last few kilobytes the workers wrote to stderr, for a failure message. */
  workerLog(): string;
}

/** A test file's workers: short job locks and sweeps, so that a killed worker's jobs are taken over quickly. */
export function workerHarness({
  waitTimeoutMs,
  pollMs,
}: {
  waitTimeoutMs: number;
  pollMs: number;
}): WorkerHarness {
  const workers: ChildProcess[] = [];
  let stderrTail = "";

  function startWorker(env: Record<string, string> = {}): ChildProcess {
    // node itself (tsx as a loader, no wrapper process), so that killing it kills the worker.
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "test",
        WORKER_CONCURRENCY: "2",
        SWEEP_INTERVAL_SECONDS: "2",
        JOB_LOCK_SECONDS: "3",
        ...env,
      },
      // Piped and drained (a test may read what the worker says, e.g. its number of render threads).
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", () => undefined);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
    });
    workers.push(child);
    return child;
  }

  async function kill(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined | false>,
    timeoutMs = waitTimeoutMs,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`等待超时：${what}`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  return { workers, startWorker, kill, waitFor, workerLog: () => stderrTail };
}
