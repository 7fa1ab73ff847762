import type { Job } from "bull";
import { prepareReportBatch } from "../../app/services/reports/report-batches.server";

/**
 * Prepares one report batch: opens each report and enqueues its render. Safe to run again from the start
 * (after a worker died mid-way, or the sweep re-enqueued it): what it opened before is found, not redone.
 * A batch whose job fails for good stays "preparing" and the work sweep enqueues it again.
 */
export async function processPrepareBatchJob(job: Job<{ batchId: string }>) {
  return prepareReportBatch(job.data.batchId);
}
