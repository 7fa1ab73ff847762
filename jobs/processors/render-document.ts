import type { Job } from "bull";
import { markRenderFailed, renderDocument } from "../../app/services/documents.server";

/** Renders one Word document; safe to run twice (a finished document is left as it is). */
export async function processRenderJob(job: Job<{ renderId: string }>) {
  try {
    return await renderDocument(job.data.renderId);
  } catch (error) {
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade + 1 >= attempts) {
      await markRenderFailed(job.data.renderId, error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}
