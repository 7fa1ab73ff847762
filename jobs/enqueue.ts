import { getQueue, QUEUES } from "./queues";

/** Enqueue helpers: the only part of jobs/ that app/services may import. Ids only in payloads. */

export async function enqueueSystemProbe(probeId: string) {
  // jobId dedupes: asking twice for the same probe runs it once.
  await getQueue(QUEUES.system).add("probe", { probeId }, { jobId: `probe:${probeId}` });
}

const renderJobId = (renderId: string) => `render:${renderId}`;

/**
 * Enqueues the render of one document. The jobId dedupes: while a job for it waits or runs, asking again
 * adds nothing. `replace` first removes a finished job of the same id (bull would otherwise ignore the add).
 */
export async function enqueueRender(renderId: string, { replace = false } = {}) {
  const queue = getQueue(QUEUES.documents);
  if (replace) {
    const old = await queue.getJob(renderJobId(renderId));
    const state = old ? await old.getState() : null;
    if (old && (state === "completed" || state === "failed")) await old.remove();
  }
  await queue.add("render", { renderId }, { jobId: renderJobId(renderId) });
}

export type RenderJobState = "missing" | "waiting" | "active" | "delayed" | "completed" | "failed" | "other";

/** Where the render job of a document stands in Redis ("missing" after a flush or eviction). */
export async function renderJobState(renderId: string): Promise<RenderJobState> {
  const job = await getQueue(QUEUES.documents).getJob(renderJobId(renderId));
  if (!job) return "missing";
  const state = await job.getState();
  return state === "waiting" ||
    state === "active" ||
    state === "delayed" ||
    state === "completed" ||
    state === "failed"
    ? state
    : state === "paused"
      ? "waiting"
      : "other";
}
