/**
 * Batches: the Word reports of every accepted health check of a selection of enterprises, in one action.
 *
 * The click checks the selection (access, accepted checks) and records the assessments to report on; it
 * answers at once, however many enterprises are selected. A worker job (prepareReportBatch) then opens each
 * report and asks for its file; rendering, retries and recovery are the documents queue's, so a batch
 * survives worker restarts and Redis loss like any single render. Preparation is idempotent (reports and
 * renders are found, not made twice), so a preparation cut short is simply run again.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { can, listScope } from "~/domain/policy";
import { Assessment } from "../../../models/assessment";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { renderCounts, settleRenders } from "../../../models/rendered-document";
import { BatchLock, ReportBatch, type BatchStatus, type ReportBatchDoc } from "../../../models/report-batch";
import { UnionOrg } from "../../../models/union-org";
import { updateAtCounter } from "../../../models/write-claim";
import { enqueuePrepareBatch, jobLost, prepareBatchJobState } from "../../../jobs/enqueue";
import { audit } from "../audit/audit.server";
import { actingUser, type CurrentUser } from "../accounts/auth.server";
import { keepOwnRecord, ownRecentRecords } from "../accounts/own-records.server";
import { forbidden, notFound, UserError } from "../../lib/http.server";
import { batchFactsSource, factsKeysOf, requestReportFilesFor } from "./reports.server";

export const BATCH_MAX_ENTERPRISES = 2_000;
/** Preparation records how far it got every this many assessments (the progress bar while preparing). */
const PREPARE_PROGRESS_EVERY = 20;
/** Reports preparation opens side by side (their numbers still follow the batch's order). */
const PREPARE_AT_ONCE = 10;

export interface BatchProgress {
  id: string;
  status: BatchStatus;
  /** Reports the batch covers (accepted checks found at the click, less any preparation had to skip). */
  total: number;
  /** While preparing: how many of the checks have been opened. */
  prepared: number;
  skipped: number;
  done: number;
  failed: number;
  percent: number;
  enterpriseCount: number;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Starts a batch for the selected enterprises, or returns the one already under way for the same
 * selection (a second click starts nothing new). Renders already done are counted as done at once.
 */
export async function startReportBatch(user: CurrentUser, enterpriseIds: string[]) {
  const ids = [...new Set(enterpriseIds)].filter((id) => Types.ObjectId.isValid(id)).sort();
  if (ids.length === 0) throw new UserError("请至少选择一家企业");
  if (ids.length > BATCH_MAX_ENTERPRISES) throw new UserError(`一次最多选择 ${BATCH_MAX_ENTERPRISES} 家企业`);
  await requireReportAccess(user, ids);
  const lockKey = crypto
    .createHash("sha256")
    .update(`${user.id}|${ids.join(",")}`)
    .digest("hex");
  const running = await BatchLock.findById(lockKey).lean();
  if (running) {
    const batch = await ReportBatch.findById(running.batchId).lean();
    if (batch && batch.status !== "done") return { batch: await progressOf(batch), reused: true };
    await BatchLock.deleteOne({ _id: lockKey });
  }
  const batchId = new Types.ObjectId();
  try {
    await BatchLock.create({ _id: lockKey, batchId });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Two clicks at the same moment: the other one won; show its batch.
    const winner = await BatchLock.findById(lockKey).lean();
    const batch = winner ? await ReportBatch.findById(winner.batchId).lean() : null;
    if (batch) return { batch: await progressOf(batch), reused: true };
    throw new UserError("批量任务正在创建，请稍后刷新");
  }
  try {
    const assessments = await Assessment.find({
      enterpriseId: { $in: ids.map((id) => new Types.ObjectId(id)) },
      status: "accepted",
    })
      .select({ _id: 1, enterpriseId: 1, unionOrgId: 1 })
      .lean();
    if (assessments.length === 0) throw new UserError("所选企业没有已通过审核的体检，无法生成报告");
    const keys = factsKeysOf(assessments);
    const batch = await ReportBatch.create({
      _id: batchId,
      lockKey,
      createdBy: new Types.ObjectId(user.id),
      createdByName: user.displayName,
      enterpriseCount: ids.length,
      assessmentIds: keys.assessmentIds,
      factsEnterpriseIds: keys.enterpriseIds,
      factsOrgIds: keys.unionOrgIds,
      prepared: 0,
      skipped: 0,
      renderIds: [],
      status: "preparing",
    });
    await keepOwnRecord("report_batch", batch);
    await enqueuePrepareBatch(String(batch._id));
    await audit(
      { id: user.id, name: user.displayName },
      {
        action: "report.batch",
        resourceType: "report_batch",
        resourceId: String(batch._id),
        after: { enterprises: ids.length, reports: assessments.length },
      },
    );
    return { batch: await progressOf(batch.toObject()), reused: false };
  } catch (error) {
    await BatchLock.deleteOne({ _id: lockKey, batchId });
    throw error;
  }
}

/** Every selected enterprise must exist and be one whose reports the user may generate. */
async function requireReportAccess(user: CurrentUser, ids: string[]) {
  const enterprises = await Enterprise.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })
    .select({ _id: 1, unionOrgId: 1 })
    .lean();
  if (enterprises.length !== ids.length) throw notFound("所选企业中有不存在的企业，请刷新页面后重新选择");
  const orgs = await UnionOrg.find({
    _id: { $in: [...new Set(enterprises.map((e) => String(e.unionOrgId)))] },
  })
    .select({ ancestors: 1 })
    .lean();
  const paths = new Map(orgs.map((o) => [String(o._id), [...o.ancestors.map(String), String(o._id)]]));
  for (const e of enterprises) {
    const resource = {
      type: "enterprise" as const,
      enterpriseId: String(e._id),
      orgPath: paths.get(String(e.unionOrgId)) ?? [],
    };
    if (!can(user, "assessment:view", resource) || !can(user, "report:view", resource))
      throw forbidden("所选企业中有您无权生成报告的企业");
  }
}

/**
 * The worker's half: opens the report of each assessment of the batch and asks for its current file,
 * then lets the batch run. Acts with the rights its creator has now; an assessment they can no longer
 * report on is skipped. A no-op for a batch that is no longer preparing.
 */
export async function prepareReportBatch(batchId: string): Promise<{ skipped: boolean; renders?: number }> {
  if (!Types.ObjectId.isValid(batchId)) return { skipped: true };
  const batch = await ReportBatch.findById(batchId).lean();
  if (!batch || batch.status !== "preparing") return { skipped: true };
  const user = await actingUser(batch.createdBy);
  // What the reports say beyond their own checks, read for the whole batch in a few queries, by the keys
  // the click recorded (a batch from before they were recorded reads them from its checks).
  const facts = batchFactsSource(
    batch.factsOrgIds?.length
      ? {
          assessmentIds: batch.assessmentIds,
          enterpriseIds: batch.factsEnterpriseIds ?? [],
          unionOrgIds: batch.factsOrgIds,
        }
      : factsKeysOf(
          await Assessment.find({ _id: { $in: batch.assessmentIds } })
            .select({ enterpriseId: 1, unionOrgId: 1 })
            .lean(),
        ),
  );
  const renderIds: Types.ObjectId[] = [];
  let skipped = 0;
  const ids = batch.assessmentIds.map(String);
  // The first report alone, so that its file is under way at once; then PREPARE_AT_ONCE at a time.
  for (let start = 0; start < ids.length;) {
    const chunk = ids.slice(start, start + (start === 0 ? 1 : PREPARE_AT_ONCE));
    const results = user
      ? await requestReportFilesFor(user, chunk, facts)
      : chunk.map(() => ({ error: forbidden() }));
    for (const result of results) {
      if ("renderId" in result) {
        renderIds.push(new Types.ObjectId(result.renderId));
        continue;
      }
      const { error } = result;
      const refused = error instanceof UserError || (error instanceof Response && error.status < 500);
      if (!refused) throw error;
      skipped += 1;
    }
    // The renders enqueued so far go on record too, so the page counts the files already generated.
    const done = start + chunk.length;
    if (Math.floor(done / PREPARE_PROGRESS_EVERY) > Math.floor(start / PREPARE_PROGRESS_EVERY))
      await recordPreparation(batch._id, done, { prepared: done, renderIds, skipped });
    start = done;
  }
  const status: BatchStatus = renderIds.length > 0 ? "running" : "done";
  const recorded = await recordPreparation(batch._id, batch.assessmentIds.length, {
    renderIds,
    skipped,
    prepared: batch.assessmentIds.length,
    status,
    ...(status === "done" ? { finishedAt: new Date() } : {}),
  });
  if (!recorded) return { skipped: true };
  if (status === "done") await BatchLock.deleteOne({ _id: batch.lockKey, batchId: batch._id });
  return { skipped: false, renders: renderIds.length };
}

/**
 * Records how far preparation got, unless the batch is past that: no longer preparing, or recorded further
 * by another preparation. Two can run at once (the sweep re-enqueues a preparation whose job Redis lost,
 * while the first still runs in its worker); both find the same reports and renders, and the one behind
 * must neither put back fewer renders nor reopen a batch the other has finished preparing. Each write
 * moves the batch's `rev` on by a claim, so of two writers that read the same state only one writes.
 * False when nothing was written.
 */
async function recordPreparation(
  batchId: Types.ObjectId,
  prepared: number,
  set: Partial<Pick<ReportBatchDoc, "prepared" | "renderIds" | "skipped" | "status" | "finishedAt">>,
): Promise<boolean> {
  for (;;) {
    const current = await ReportBatch.findById(batchId).select({ status: 1, prepared: 1, rev: 1 }).lean();
    if (!current || current.status !== "preparing" || (current.prepared ?? 0) > prepared) return false;
    if (await updateAtCounter(ReportBatch, batchId, "rev", current.rev ?? 0, { $set: set })) return true;
    // Another writer holds this state's claim: its write lands in a moment (or its claim goes stale).
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function progressOf(batch: ReportBatchDoc): Promise<BatchProgress> {
  const base = {
    id: String(batch._id),
    enterpriseCount: batch.enterpriseCount,
    createdAt: batch.createdAt.toISOString(),
    skipped: batch.skipped ?? 0,
  };
  const { done, failed } = await renderCounts(batch.renderIds, batch.status === "done" ? batch : {});
  if (batch.status === "preparing") {
    // Renders start while preparation goes on: the bar counts files generated out of every check.
    const total = Math.max(batch.assessmentIds.length - (batch.skipped ?? 0), 1);
    return {
      ...base,
      status: "preparing",
      total: batch.assessmentIds.length - (batch.skipped ?? 0),
      prepared: batch.prepared ?? 0,
      done,
      failed,
      percent: Math.min(99, Math.floor((done / total) * 100)),
      finishedAt: null,
    };
  }
  const total = batch.renderIds.length;
  let status = batch.status;
  if (status === "running" && done + failed >= total) {
    await finishBatch(batch);
    status = "done";
  }
  return {
    ...base,
    status,
    total,
    prepared: batch.assessmentIds?.length ?? total,
    done,
    failed,
    percent: total ? Math.floor((done / total) * 100) : 100,
    finishedAt: batch.finishedAt
      ? batch.finishedAt.toISOString()
      : status === "done"
        ? new Date().toISOString()
        : null,
  };
}

async function finishBatch(batch: ReportBatchDoc) {
  await ReportBatch.updateOne(
    { _id: batch._id },
    { $set: { status: "done", finishedAt: new Date(), ...(await settleRenders(batch.renderIds)) } },
  );
  await BatchLock.deleteOne({ _id: batch.lockKey, batchId: batch._id });
}

export async function batchProgress(user: CurrentUser, batchId: string): Promise<BatchProgress> {
  if (!Types.ObjectId.isValid(batchId)) throw notFound("批量任务不存在");
  const batch = await ReportBatch.findById(batchId).lean();
  if (!batch) throw notFound("批量任务不存在");
  if (!can(user, "report_batch:view", { type: "job", ownerId: String(batch.createdBy) })) throw forbidden();
  return progressOf(batch);
}

/** The person's newest batches (their list scope is their own), each read by key. */
export async function recentBatches(user: CurrentUser, limit = 5): Promise<BatchProgress[]> {
  const scope = listScope(user, "report_batch");
  if (scope.kind !== "own") return [];
  return Promise.all((await ownRecentRecords("report_batch", scope.userId, limit)).map(progressOf));
}

/**
 * Sweep: re-enqueues the preparation of batches whose job Redis lost (or that ended without finishing,
 * e.g. failed for good on a database outage), and closes batches whose renders have all finished
 * (progress is also settled when anyone looks). Returns how many of each.
 */
export async function sweepReportBatches(
  olderThanMs = 5_000,
): Promise<{ requeued: number; finished: number }> {
  const cutoff = Date.now() - olderThanMs;
  const open = await ReportBatch.find({ status: { $in: ["preparing", "running"] } }).lean();
  let requeued = 0;
  let finished = 0;
  for (const batch of open) {
    if (batch.status === "preparing") {
      if (batch.updatedAt.getTime() >= cutoff) continue;
      const state = await prepareBatchJobState(String(batch._id));
      if (jobLost(state)) {
        await enqueuePrepareBatch(String(batch._id), { replace: state !== "missing" });
        requeued += 1;
      }
      continue;
    }
    if ((await progressOf(batch)).status === "done") finished += 1;
  }
  return { requeued, finished };
}
