import type { Job } from "bull";
import { completeSystemProbe } from "../../app/services/system/system.server";

export async function processSystemProbe(job: Job<{ probeId: string }>) {
  await completeSystemProbe(job.data.probeId, process.pid);
}
