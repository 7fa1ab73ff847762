import type { Job } from "bull";
import { getConfig } from "../app/config.server";
import { createRenderPool, type RenderPool } from "./render-pool";
import { getQueue, QUEUES } from "./queues";
import {
  processDashboardChange,
  processDashboardRebuild,
  processDashboardTotals,
} from "./processors/dashboards";
import { processPrepareBatchJob } from "./processors/prepare-batch";
import { processPrepareCampaignJob } from "./processors/prepare-campaign";
import { processRenderJob } from "./processors/render-document";
import { processSweepJob, processWorkSweep } from "./processors/sweeps";
import { processSystemProbe } from "./processors/system-probe";

let pool: RenderPool | null = null;

/**
 * Attaches every processor to its queue and schedules the repeatable sweeps. The worker calls this.
 * Word files are built in `renderThreads` threads (started on the first render), none: on this thread.
 */
export async function registerProcessors(concurrency: number, renderThreads = 0) {
  pool = renderThreads > 0 ? createRenderPool(renderThreads) : null;
  const build = pool?.build;
  // With threads, a render job's own thread only reads and writes: while some jobs wait for the database,
  // others keep the threads busy.
  const renderConcurrency = pool ? concurrency + renderThreads : concurrency;
  void getQueue(QUEUES.system).process("probe", concurrency, processSystemProbe);
  void getQueue(QUEUES.sweeps).process("sessions", 1, processSweepJob);
  void getQueue(QUEUES.sweeps).process("work", 1, processWorkSweep);
  void getQueue(QUEUES.documents).process("render", renderConcurrency, (job: Job<{ renderId: string }>) =>
    processRenderJob(job, build),
  );
  void getQueue(QUEUES.documents).process("prepare-batch", 1, processPrepareBatchJob);
  void getQueue(QUEUES.documents).process("prepare-campaign", 1, processPrepareCampaignJob);
  void getQueue(QUEUES.dashboards).process("change", concurrency, processDashboardChange);
  void getQueue(QUEUES.dashboards).process("totals", concurrency, processDashboardTotals);
  void getQueue(QUEUES.dashboards).process("rebuild", 1, processDashboardRebuild);
  await getQueue(QUEUES.system).isReady();
  await scheduleSweeps();
}

/**
 * Declares the repeatable sweeps. Bull dedupes repeatable jobs by name + schedule, so every worker may
 * declare them, and declaring them again after Redis lost them (a flush) restores them.
 */
export async function scheduleSweeps() {
  const sweeps = getQueue(QUEUES.sweeps);
  await sweeps.add("sessions", {}, { repeat: { every: 15 * 60_000 }, jobId: "sweep:sessions" });
  await sweeps.add(
    "work",
    {},
    { repeat: { every: getConfig().SWEEP_INTERVAL_SECONDS * 1000 }, jobId: "sweep:work" },
  );
  // Every night the dashboard's roll-ups are recomputed from the records: anything written around the
  // services (a seed, a repair by hand, a rule change) is caught within a day.
  await getQueue(QUEUES.dashboards).add(
    "rebuild",
    {},
    { repeat: { cron: "30 3 * * *", tz: "Asia/Shanghai" }, jobId: "dashboards:rebuild" },
  );
}

/** Stops the render threads (the worker, on its way out, after the queues stopped taking jobs). */
export async function closeRenderPool() {
  await pool?.close();
  pool = null;
}
