/**
 * A render thread of the worker (jobs/render-pool.ts): builds Word files from their snapshots, one at a
 * time, off the worker's main thread. It loads the builders and the chart rasteriser only: no database, no
 * queues. Bundled beside the worker as build/worker/render-thread.js (scripts/build-worker.mjs).
 */
import { parentPort } from "node:worker_threads";
import { buildFile } from "../app/services/documents/document-build.server";
import type { DocumentKind } from "../models/rendered-document";

export type BuildTask = { id: number; kind: DocumentKind; input: string };
export type BuildResult = { id: number; bytes: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error("render-thread 只能作为 worker 线程运行");
port.on("message", (task: BuildTask) => {
  buildFile(task.kind, task.input).then(
    (bytes) => {
      // A copy of its own, so the transfer hands over exactly these bytes (a Buffer may share a pool).
      const own = new Uint8Array(bytes);
      port.postMessage({ id: task.id, bytes: own } satisfies BuildResult, [own.buffer]);
    },
    (error: unknown) => {
      port.postMessage({
        id: task.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies BuildResult);
    },
  );
});
