import { sweepExpiredSessions } from "../../app/services/auth.server";
import { requeueLostRenders } from "../../app/services/documents.server";
import { sweepPrescriptionDeadlines } from "../../app/services/prescriptions.server";
import { sweepReportBatches } from "../../app/services/report-batches.server";

/** Repeatable: FerretDB has no TTL indexes, so expired sessions and activation links are removed here. */
export async function processSweepJob() {
  return { removed: await sweepExpiredSessions() };
}

/**
 * Repeatable, every SWEEP_INTERVAL_SECONDS: re-enqueues document renders and batch preparations whose jobs
 * Redis lost, closes finished report batches, and sends deadline notifications for prescription items (once per item,
 * notice and deadline, however often it runs).
 */
export async function processWorkSweep() {
  const requeued = await requeueLostRenders();
  const batches = await sweepReportBatches();
  const notices = await sweepPrescriptionDeadlines(new Date());
  return { requeued, batchesRequeued: batches.requeued, batchesFinished: batches.finished, notices };
}
