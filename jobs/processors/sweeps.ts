import { sweepExpiredSessions } from "../../app/services/accounts/auth.server";
import { rebuildKeptAccounts } from "../../app/services/accounts/kept-accounts.server";
import { rebuildOwnRecords } from "../../app/services/accounts/own-records.server";
import { sweepBargainingDeadlines } from "../../app/services/bargaining/sweep.server";
import { requeueLostRenders } from "../../app/services/documents/documents.server";
import { sweepPrescriptionDeadlines } from "../../app/services/prescriptions/items.server";
import { sweepReportBatches } from "../../app/services/reports/report-batches.server";
import { sweepCampaigns } from "../../app/services/bargaining/campaigns.server";
import { rebuildInboxes } from "../../app/services/workbench/inbox.server";
import { rebuildEnterpriseFigures } from "../../app/services/workbench/figures.server";
import { rebuildKeptItems } from "../../app/services/prescriptions/kept-items.server";
import { rebuildEnterpriseChecks } from "../../app/services/health-check/enterprise-checks.server";
import { rebuildNotificationInboxes } from "../../app/services/notifications/notifications.server";
import { repairTotals } from "../../app/services/dashboards/rollups.server";

/** Repeatable: FerretDB has no TTL indexes, so expired sessions and activation links are removed here. */
export async function processSweepJob() {
  return { removed: await sweepExpiredSessions() };
}

/**
 * Repeatable, every SWEEP_INTERVAL_SECONDS: re-enqueues document renders and batch preparations whose jobs
 * Redis lost, closes finished report batches and offer campaigns, sends deadline notifications for prescription items
 * and bargaining cases (once per event, however often it runs), repairs the workbench inboxes and figures, the
 * notification inboxes and the documents kept per enterprise and organisation (prescription items, checks,
 * accounts) and per person (report batches, offer campaigns), and recomputes the dashboard's subtree totals whose refresh job Redis lost.
 */
export async function processWorkSweep() {
  const requeued = await requeueLostRenders();
  const batches = await sweepReportBatches();
  const notices = await sweepPrescriptionDeadlines(new Date());
  const campaigns = await sweepCampaigns();
  const bargainingNotices = await sweepBargainingDeadlines(new Date());
  const inboxes = await rebuildInboxes();
  const notificationInboxes = await rebuildNotificationInboxes();
  const dashboardTotals = await repairTotals();
  const figures = await rebuildEnterpriseFigures();
  const keptItems = await rebuildKeptItems();
  const enterpriseChecks = await rebuildEnterpriseChecks();
  const keptAccounts = await rebuildKeptAccounts();
  const ownRecords = await rebuildOwnRecords();
  return {
    requeued,
    batchesRequeued: batches.requeued,
    batchesFinished: batches.finished,
    notices,
    campaignsRequeued: campaigns.requeued,
    bargainingNotices,
    inboxesRepaired: inboxes.written,
    notificationInboxesRepaired: notificationInboxes.written,
    dashboardTotalsRepaired: dashboardTotals.written,
    workbenchFiguresRepaired: figures.written,
    keptItemsRepaired: keptItems.written,
    enterpriseChecksRepaired: enterpriseChecks.written,
    keptAccountsRepaired: keptAccounts.written,
    ownRecordsRepaired: ownRecords.written,
  };
}
