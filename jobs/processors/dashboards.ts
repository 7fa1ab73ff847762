import type { Job } from "bull";
import { FACT_KINDS, type FactKind } from "../../app/domain/dashboards/rows";
import { applyChanges, rebuildDashboards } from "../../app/services/dashboards/rollups.server";

/** Applies one record's change to the dashboard roll-ups again (idempotent). */
export async function processDashboardChange(job: Job<{ kind: string; id: string }>) {
  const kind = job.data.kind as FactKind;
  if (!FACT_KINDS.includes(kind)) return { skipped: true };
  // A retry refreshes the subtree totals even when the roll-up was already written (the failure may have come after).
  await applyChanges(kind, [job.data.id], { refreshAll: true });
  return { applied: true };
}

/** Recomputes every roll-up from the records (idempotent: running it twice gives the same roll-ups). */
export async function processDashboardRebuild() {
  return rebuildDashboards();
}
