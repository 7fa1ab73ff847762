import { getQueue, QUEUES } from "./queues";

/** Enqueue helpers: the only part of jobs/ that app/services may import. Ids only in payloads. */

export async function enqueueSystemProbe(probeId: string) {
  // jobId dedupes: asking twice for the same probe runs it once.
  await getQueue(QUEUES.system).add("probe", { probeId }, { jobId: `probe:${probeId}` });
}

const renderJobId = (renderId: string) => `render:${renderId}`;
const prepareBatchJobId = (batchId: string) => `batch:${batchId}`;
const prepareCampaignJobId = (campaignId: string) => `campaign:${campaignId}`;

/**
 * Adds a job under a fixed id. The id dedupes: while a job of that id waits or runs, asking again adds
 * nothing. `replace` first removes a finished job of the same id (bull would otherwise ignore the add).
 */
async function addUnique(name: string, data: Record<string, string>, jobId: string, replace: boolean) {
  const queue = getQueue(QUEUES.documents);
  if (replace) {
    const old = await queue.getJob(jobId);
    const state = old ? await old.getState() : null;
    if (old && (state === "completed" || state === "failed" || state === "stuck")) await old.remove();
  }
  await queue.add(name, data, { jobId });
}

/** Enqueues the render of one document. */
export async function enqueueRender(renderId: string, { replace = false } = {}) {
  await addUnique("render", { renderId }, renderJobId(renderId), replace);
}

/** Enqueues the preparation of a report batch (opening each report and asking for its file). */
export async function enqueuePrepareBatch(batchId: string, { replace = false } = {}) {
  await addUnique("prepare-batch", { batchId }, prepareBatchJobId(batchId), replace);
}

/** Enqueues the preparation of an offer campaign (opening each case and asking for its offer letter). */
export async function enqueuePrepareCampaign(campaignId: string, { replace = false } = {}) {
  await addUnique("prepare-campaign", { campaignId }, prepareCampaignJobId(campaignId), replace);
}

/**
 * Re-applies one record's change to the dashboard roll-ups (the apply is idempotent, so a job id per
 * request is fine: running it twice changes nothing).
 */
export async function enqueueDashboardChange(kind: string, id: string) {
  await getQueue(QUEUES.dashboards).add("change", { kind, id }, { attempts: 10 });
}

/** The length of a totals window: every change of an organisation within one window makes one refresh. */
export const TOTALS_WINDOW_MS = 1_000;
/** How long after its window closes a totals job runs (room for clocks a little apart between processes). */
const TOTALS_MARGIN_MS = 250;

/**
 * Asks for an organisation's subtree total to be recomputed (and then its parent's, and so on up; see
 * jobs/processors/dashboards.ts). The job id is the organisation and the window of time the request falls in,
 * and the job waits until that window has closed: every request of the window finds the job still waiting and
 * adds nothing, so any number of changes make one refresh, and that refresh reads the roll-up after every
 * change that asked for it wrote it. (A plain id per organisation is not enough: bull ignores an add while
 * the job of that id runs, and a change landing after the running job read its roll-up would be lost.)
 * A lost job (a Redis flush) is repaired by the work sweep and the nightly rebuild, which recompute every
 * total from the roll-ups.
 */
export async function enqueueTotalsRefresh(orgId: string, now = Date.now()) {
  const window = Math.floor(now / TOTALS_WINDOW_MS);
  const runAt = (window + 1) * TOTALS_WINDOW_MS + TOTALS_MARGIN_MS;
  await getQueue(QUEUES.dashboards).add(
    "totals",
    { orgId },
    {
      jobId: `totals:${orgId}:${window}`,
      delay: runAt - now,
      attempts: 10,
      removeOnComplete: true,
    },
  );
}

export type JobState = "missing" | "waiting" | "active" | "delayed" | "completed" | "failed" | "stuck";

/**
 * Where a job stands. "stuck": its record exists but it is in no list, so no worker will ever take it and
 * adding it again under its id does nothing — what a Redis flush leaves behind when a job still running
 * writes to its record afterwards (seen: an offer letter's render left so, its campaign never finishing).
 */
async function jobState(jobId: string): Promise<JobState> {
  const job = await getQueue(QUEUES.documents).getJob(jobId);
  if (!job) return "missing";
  const state = await job.getState();
  if (state === "paused") return "waiting";
  return state === "waiting" ||
    state === "active" ||
    state === "delayed" ||
    state === "completed" ||
    state === "failed"
    ? state
    : "stuck";
}

/** A job no worker will run (gone, finished or in no list): its work, if not done, must be enqueued again. */
export const jobLost = (state: JobState) =>
  state === "missing" || state === "failed" || state === "completed" || state === "stuck";

/** Where the render job of a document stands in Redis ("missing" after a flush or eviction). */
export const renderJobState = (renderId: string) => jobState(renderJobId(renderId));

/** Where the preparation job of a batch stands in Redis. */
export const prepareBatchJobState = (batchId: string) => jobState(prepareBatchJobId(batchId));

/** Where the preparation job of an offer campaign stands in Redis. */
export const prepareCampaignJobState = (campaignId: string) => jobState(prepareCampaignJobId(campaignId));
