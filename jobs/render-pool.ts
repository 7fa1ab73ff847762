/**
 * A small pool of render threads (node:worker_threads), sized to the cores: rasterising the chart and
 * packing the .docx are CPU-bound and synchronous, so done on the worker's main thread they hold up
 * everything else it does (batch preparation, progress writes, other queues, bull's lock renewals).
 *
 * Each thread builds one file at a time; tasks wait in order for a free thread. A thread that dies fails
 * its task (the job is retried by the queue like any failed render) and is replaced on the next task.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { DocumentKind } from "../models/rendered-document";
import type { BuildResult, BuildTask } from "./render-thread";

type Slot = { thread: Worker; busy: { task: BuildTask; settle: Settle } | null };
type Settle = { resolve: (bytes: Buffer) => void; reject: (error: Error) => void };

/**
 * How to start a thread: the bundled file beside the running script (build/worker/render-thread.js), else
 * the TypeScript source through tsx's loader, registered in the thread itself (a loader given on the command
 * line does not reach a worker thread's entry). The dev worker, the tests and the bench run the source.
 * Found from the script and the working directory: the worker bundle is ESM and the tests CommonJS, so
 * neither import.meta nor __dirname serves both.
 */
function threadEntry(): { file: string; eval: boolean } {
  const script = process.argv[1] ? path.resolve(process.argv[1]) : "";
  const bundled = path.join(path.dirname(script), "render-thread.js");
  if (script.endsWith(".js") && existsSync(bundled)) return { file: bundled, eval: false };
  const source = pathToFileURL(path.join(process.cwd(), "jobs", "render-thread.ts")).href;
  return {
    file: `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`,
    eval: true,
  };
}

export function createRenderPool(size: number) {
  const entry = threadEntry();
  const slots: Slot[] = [];
  const waiting: { task: BuildTask; settle: Settle }[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const thread = new Worker(entry.file, { eval: entry.eval });
    const slot: Slot = { thread, busy: null };
    thread.on("message", (result: BuildResult) => {
      const busy = slot.busy;
      if (!busy || busy.task.id !== result.id) return;
      slot.busy = null;
      if ("error" in result) busy.settle.reject(new Error(result.error));
      else
        busy.settle.resolve(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.length));
      dispatch();
    });
    const gone = (error: Error) => {
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      const busy = slot.busy;
      slot.busy = null;
      busy?.settle.reject(error);
      if (!closed) dispatch();
    };
    thread.on("error", gone);
    thread.on("exit", (code) => gone(new Error(`渲染线程已退出（${code}）`)));
    // An idle pool does not keep the process alive.
    thread.unref();
    return slot;
  };

  const dispatch = () => {
    while (waiting.length > 0) {
      let slot = slots.find((s) => !s.busy);
      if (!slot && slots.length < size) {
        slot = spawn();
        slots.push(slot);
      }
      if (!slot) return;
      const next = waiting.shift()!;
      slot.busy = next;
      slot.thread.postMessage(next.task);
    }
  };

  return {
    size,
    build(kind: DocumentKind, input: string): Promise<Buffer> {
      if (closed) return Promise.reject(new Error("渲染线程池已关闭"));
      return new Promise<Buffer>((resolve, reject) => {
        waiting.push({ task: { id: nextId++, kind, input }, settle: { resolve, reject } });
        dispatch();
      });
    },
    /** Ends every thread now (their builds fail, the queue retries those jobs); new ones start on demand. */
    async terminateThreads() {
      await Promise.all(slots.map((slot) => slot.thread.terminate()));
    },
    async close() {
      closed = true;
      for (const { settle } of waiting.splice(0)) settle.reject(new Error("渲染线程池已关闭"));
      await Promise.all(slots.splice(0).map((slot) => slot.thread.terminate()));
    },
  };
}

export type RenderPool = ReturnType<typeof createRenderPool>;
