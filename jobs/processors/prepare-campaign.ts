import type { Job } from "bull";
import { prepareCampaign } from "../../app/services/bargaining/campaigns.server";

/**
 * Prepares one offer campaign: opens each enterprise's case and enqueues its offer letter. Safe to run
 * again from the start (after a worker died mid-way, or the sweep re-enqueued it): case ids derive from
 * (campaign, enterprise) and letters from the case, so what it opened before is found, not redone.
 */
export async function processPrepareCampaignJob(job: Job<{ campaignId: string }>) {
  return prepareCampaign(job.data.campaignId);
}
