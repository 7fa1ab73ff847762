import { getQueue, QUEUES } from "./queues";

/** Enqueue helpers: the only part of jobs/ that app/services may import. Ids only in payloads. */

export async function enqueueSystemProbe(probeId: string) {
  // jobId dedupes: asking twice for the same probe runs it once.
  await getQueue(QUEUES.system).add("probe", { probeId }, { jobId: `probe:${probeId}` });
}
