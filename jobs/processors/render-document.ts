import type { Job } from "bull";
import {
  markRenderFailed,
  renderDocument,
  type FileBuilder,
} from "../../app/services/documents/documents.server";

/**
 * Renders one Word document; safe to run twice (a finished document is left as it is). `build` is the
 * worker's pool of render threads (none: built on this thread).
 */
export async function processRenderJob(job: Job<{ renderId: string }>, build?: FileBuilder) {
  try {
    return await renderDocument(job.data.renderId, build);
  } catch (error) {
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade + 1 >= attempts) {
      await markRenderFailed(job.data.renderId, error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}
