import type { Job } from "bull";
import { FACT_KINDS, type FactKind } from "../../app/domain/dashboards/rows";
import {
  applyChanges,
  rebuildDashboards,
  refreshOneTotal,
} from "../../app/services/dashboards/rollups.server";
import { enqueueTotalsRefresh } from "../enqueue";

/** Applies one record's change to the dashboard roll-ups again (idempotent). */
export async function processDashboardChange(job: Job<{ kind: string; id: string }>) {
  const kind = job.data.kind as FactKind;
  if (!FACT_KINDS.includes(kind)) return { skipped: true };
  // A retry asks for the subtree totals even when the roll-up was already written (the failure may have come
  // after). Asked for directly, not through askForTotals: an enqueue that fails fails this job, which bull
  // retries, instead of leaving the totals to the sweep.
  const orgIds = await applyChanges(kind, [job.data.id], { refreshAll: true });
  await Promise.all(orgIds.map((id) => enqueueTotalsRefresh(id)));
  return { applied: true };
}

/**
 * Recomputes one organisation's subtree total from its roll-up and its children's totals, then asks for its
 * parent's (idempotent: a total is recomputed, never added to, so running twice counts nothing twice).
 */
export async function processDashboardTotals(job: Job<{ orgId: string }>) {
  const parentId = await refreshOneTotal(String(job.data.orgId));
  // Failing here fails the job, which bull retries: the parent is asked for again.
  if (parentId) await enqueueTotalsRefresh(parentId);
  return { parentId };
}

/** Recomputes every roll-up from the records (idempotent: running it twice gives the same roll-ups). */
export async function processDashboardRebuild() {
  return rebuildDashboards();
}
