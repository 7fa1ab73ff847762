/**
 * The dashboard's jobs, run here and now: integration tests have no worker, so a test that reads the
 * dashboard after a change first runs, in this process, the jobs the change left in its queue — the real
 * jobs bull holds (waiting or delayed), each through its processor, then removed.
 */
import type { Job } from "bull";
import { getQueue, QUEUES } from "../../jobs/queues";
import { processDashboardChange, processDashboardTotals } from "../../jobs/processors/dashboards";

type DashboardJob = Job<{ kind: string; id: string }> | Job<{ orgId: string }>;

/** The dashboard jobs waiting in this test file's queue. */
export async function pendingDashboardJobs(): Promise<DashboardJob[]> {
  const jobs = await getQueue(QUEUES.dashboards).getJobs(["waiting", "delayed", "paused"]);
  return jobs.filter((j): j is DashboardJob => !!j && (j.name === "totals" || j.name === "change"));
}

/**
 * Runs every waiting dashboard job, round after round (a totals job asks for its parent's, which the next
 * round runs), until none is left; those `twice` picks run twice at the same time. Fails if jobs still come
 * after `maxRounds` (the tree is a few levels deep: a job asking for itself forever would show here).
 */
export async function runDashboardJobs({
  twice = () => false,
  maxRounds = 20,
}: { twice?: (job: DashboardJob) => boolean; maxRounds?: number } = {}) {
  let ran = 0;
  for (let round = 0; round < maxRounds; round++) {
    const jobs = await pendingDashboardJobs();
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      const run = () =>
        job.name === "totals"
          ? processDashboardTotals(job as Job<{ orgId: string }>)
          : processDashboardChange(job as Job<{ kind: string; id: string }>);
      await (twice(job) ? Promise.all([run(), run()]) : run());
      await job.remove();
      ran += 1;
    }
  }
  throw new Error(`看板任务 ${maxRounds} 轮后仍未跑完`);
}
