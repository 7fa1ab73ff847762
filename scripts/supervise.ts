import type { ChildProcess } from "node:child_process";

export interface SuperviseOptions {
  /** The first restart's delay; each quick death doubles it. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A process that stayed up this long counts as healthy again: the next restart is quick. */
  stableMs?: number;
  log?: (message: string) => void;
  /** Whether everything is being stopped (then an exit is expected, not restarted). */
  isStopping?: () => boolean;
}

export interface Supervised {
  /** The running process (the newest one). */
  current(): ChildProcess | undefined;
  /** No more restarts; the running process is left to the caller to stop. */
  stop(): void;
}

/**
 * Keeps a process running: when it exits other than while stopping, it is started again after a back-off
 * (1 s, 2 s, 4 s … at most 30 s by default), so a worker that dies does not take the demo down and one that
 * dies at once does not spin. The app keeps serving meanwhile: queued jobs wait in Redis for the new worker.
 */
export function supervise(
  name: string,
  start: () => ChildProcess,
  options: SuperviseOptions = {},
): Supervised {
  const { initialDelayMs = 1_000, maxDelayMs = 30_000, stableMs = 60_000 } = options;
  const log = options.log ?? (() => undefined);
  let child: ChildProcess | undefined;
  let delay = initialDelayMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const launch = () => {
    const startedAt = Date.now();
    child = start();
    child.once("exit", (code, signal) => {
      if (stopped || options.isStopping?.()) return;
      if (Date.now() - startedAt >= stableMs) delay = initialDelayMs;
      log(`${name} 已退出（${code ?? signal}），${Math.round(delay / 100) / 10} 秒后重新启动`);
      timer = setTimeout(launch, delay);
      delay = Math.min(delay * 2, maxDelayMs);
    });
  };
  launch();
  return {
    current: () => child,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
