import { getQueue, QUEUES } from "./queues";
import { processSweepJob } from "./processors/sweeps";
import { processSystemProbe } from "./processors/system-probe";

/** Attaches every processor to its queue and schedules the repeatable sweeps. The worker calls this. */
export async function registerProcessors(concurrency: number) {
  void getQueue(QUEUES.system).process("probe", concurrency, processSystemProbe);
  void getQueue(QUEUES.sweeps).process("sessions", 1, processSweepJob);
  await getQueue(QUEUES.system).isReady();
  // Bull dedupes repeatable jobs by name + schedule, so every worker may declare it.
  await getQueue(QUEUES.sweeps).add(
    "sessions",
    {},
    { repeat: { every: 15 * 60_000 }, jobId: "sweep:sessions" },
  );
}
