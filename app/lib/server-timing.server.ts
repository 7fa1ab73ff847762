/**
 * Server-Timing for every request: how long the database took (and how many commands), and the rest of
 * the time (loaders' own work, rendering), so that a slow page shows why in the browser's devtools and in
 * the benchmarks, which read the header.
 *
 * The HTTP server (scripts/server.js) runs each request inside `timingMiddleware`, which keeps the
 * request's counters in an AsyncLocalStorage and writes the header when the response starts. The MongoDB
 * driver's command events (`instrumentDatabase`) add each command's duration to the counters of the
 * request that sent it. Outside a request (tests calling loaders, the worker) nothing is recorded.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RequestTiming {
  start: number;
  db: number;
  queries: number;
  /** With SERVER_TIMING_COMMANDS=1 (profiling): each command, as "<command> <collection> <by id|filter>". */
  commands?: { what: string; ms: number }[];
  /** What a GET request's loaders share (requestMemo); none for other methods, whose actions change things. */
  memo?: Map<string, Promise<unknown>>;
}

/** Profiling aid: SERVER_TIMING_COMMANDS=1 logs each request's database commands, grouped, when it ends. */
const LOG_COMMANDS = process.env.SERVER_TIMING_COMMANDS === "1";

const storage = new AsyncLocalStorage<RequestTiming>();

/** The Server-Timing header value for a request whose counters are `timing`, at time `now`. */
export function serverTimingHeader(timing: RequestTiming, now = performance.now()): string {
  const total = Math.max(0, now - timing.start);
  const db = Math.min(timing.db, total);
  return [
    `db;dur=${db.toFixed(1)};desc="database, ${timing.queries} commands"`,
    `app;dur=${(total - db).toFixed(1)};desc="loaders and rendering"`,
    `total;dur=${total.toFixed(1)}`,
  ].join(", ");
}

/** Connect-style middleware: counts the request's database time and sets the header on the response. */
export function timingMiddleware(_req: IncomingMessage, res: ServerResponse, next: () => void) {
  const timing: RequestTiming = { start: performance.now(), db: 0, queries: 0 };
  if (_req.method === "GET" || _req.method === "HEAD") timing.memo = new Map();
  if (LOG_COMMANDS) {
    timing.commands = [];
    res.on("finish", () => {
      const counts = new Map<string, { n: number; ms: number }>();
      for (const c of timing.commands ?? []) {
        const seen = counts.get(c.what) ?? { n: 0, ms: 0 };
        counts.set(c.what, { n: seen.n + 1, ms: seen.ms + c.ms });
      }
      const lines = [...counts]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([c, { n, ms }]) => `  ${n} × ${c} (${ms.toFixed(0)} ms)`);
      console.log(`[commands] ${_req.method} ${_req.url} ${timing.queries}\n${lines.join("\n")}`);
    });
  }
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!this.headersSent) this.setHeader("Server-Timing", serverTimingHeader(timing));
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["writeHead"];
  storage.run(timing, next);
}

interface CommandEvents {
  on(
    event: "commandStarted",
    listener: (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => void,
  ): unknown;
  on(
    event: "commandSucceeded" | "commandFailed",
    listener: (e: { requestId: number; duration: number }) => void,
  ): unknown;
}

/**
 * Attributes each database command to the request that sent it. The client must be connected with
 * `monitorCommands: true`. "Started" fires in the caller's async context (so the request is known);
 * "succeeded"/"failed" carry the duration.
 */
export function instrumentDatabase(client: CommandEvents) {
  const pending = new Map<number, { timing: RequestTiming; logged?: { what: string; ms: number } }>();
  client.on("commandStarted", (e) => {
    const timing = storage.getStore();
    if (!timing) return;
    let logged: { what: string; ms: number } | undefined;
    if (timing.commands) {
      const filter = (e.command.filter ?? e.command.query) as Record<string, unknown> | undefined;
      const keys = filter ? Object.keys(filter).join(",") : "";
      logged = {
        what: `${e.commandName} ${String(e.command[e.commandName])} ${keys === "_id" ? "by id" : keys}`,
        ms: 0,
      };
      timing.commands.push(logged);
    }
    pending.set(e.requestId, { timing, logged });
  });
  const finished = (e: { requestId: number; duration: number }) => {
    const started = pending.get(e.requestId);
    if (!started) return;
    pending.delete(e.requestId);
    started.timing.db += e.duration;
    started.timing.queries += 1;
    if (started.logged) started.logged.ms = e.duration;
  };
  client.on("commandSucceeded", finished);
  client.on("commandFailed", finished);
}

/**
 * Computes something once per GET request (the signed-in user, read by the root loader and the page's):
 * later callers in the same request get the first one's promise. Outside a request, or in a request that
 * may change data (an action's), it is computed every time.
 */
export function requestMemo<T>(key: string, compute: () => PromiseLike<T>): Promise<T> {
  const memo = storage.getStore()?.memo;
  if (!memo) return Promise.resolve(compute());
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    // Adopted once: a mongoose query is a thenable that runs again each time it is awaited (and refuses to).
    found = Promise.resolve(compute());
    memo.set(key, found);
  }
  return found;
}
