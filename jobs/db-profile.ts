import fs from "node:fs";

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
 * For benchmarks (WORKER_DB_PROFILE=<file>): counts the worker's database commands by collection and
 * command with their total time, and writes the table, costliest first, to `file` every 5 s — where a
 * batch's time goes, without a profiler. The client must be connected with `monitorCommands: true`.
 */
export function profileDatabase(client: CommandEvents, file: string) {
  const pending = new Map<number, string>();
  const totals = new Map<string, { n: number; ms: number }>();
  client.on("commandStarted", (e) => {
    const target = e.command[e.commandName];
    const collection =
      typeof target === "string"
        ? target
        : typeof e.command.collection === "string"
          ? e.command.collection
          : "";
    pending.set(e.requestId, `${collection} ${e.commandName}`);
  });
  const finished = (e: { requestId: number; duration: number }) => {
    const key = pending.get(e.requestId);
    if (!key) return;
    pending.delete(e.requestId);
    const total = totals.get(key) ?? { n: 0, ms: 0 };
    total.n += 1;
    total.ms += e.duration;
    totals.set(key, total);
  };
  client.on("commandSucceeded", finished);
  client.on("commandFailed", finished);
  const write = () => {
    const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const lines = rows.map(
      ([key, t]) => `${key.padEnd(48)} ${String(t.n).padStart(8)} ${t.ms.toFixed(0).padStart(10)} ms`,
    );
    fs.writeFileSync(
      file,
      `${"collection command".padEnd(48)} ${"count".padStart(8)} ${"time".padStart(13)}\n${lines.join("\n")}\n`,
    );
  };
  setInterval(write, 5_000).unref();
}
