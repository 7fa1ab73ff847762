/**
 * Batches: the Word reports of every accepted health check of a selection of enterprises, in one action.
 * The batch only records which rendered documents it waits for; rendering, retries and recovery are the
 * documents queue's, so a batch survives worker restarts and Redis loss like any single render.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { Assessment } from "../../models/assessment";
import { isDuplicateKeyError } from "../../models/errors";
import { RenderedDocument } from "../../models/rendered-document";
import { BatchLock, ReportBatch, type ReportBatchDoc } from "../../models/report-batch";
import { audit } from "./audit.server";
import type { CurrentUser } from "./auth.server";
import { forbidden, notFound, UserError } from "./http.server";
import { requestReportFileFor } from "./reports.server";

export const BATCH_MAX_ENTERPRISES = 2_000;

export interface BatchProgress {
  id: string;
  status: "running" | "done";
  total: number;
  done: number;
  failed: number;
  percent: number;
  enterpriseCount: number;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Starts a batch for the selected enterprises, or returns the one already running for the same
 * selection (a second click starts nothing new). Renders already done are counted as done at once.
 */
export async function startReportBatch(user: CurrentUser, enterpriseIds: string[]) {
  const ids = [...new Set(enterpriseIds)].filter((id) => Types.ObjectId.isValid(id)).sort();
  if (ids.length === 0) throw new UserError("请至少选择一家企业");
  if (ids.length > BATCH_MAX_ENTERPRISES) throw new UserError(`一次最多选择 ${BATCH_MAX_ENTERPRISES} 家企业`);
  const lockKey = crypto
    .createHash("sha256")
    .update(`${user.id}|${ids.join(",")}`)
    .digest("hex");
  const running = await BatchLock.findById(lockKey).lean();
  if (running) {
    const batch = await ReportBatch.findById(running.batchId).lean();
    if (batch && batch.status === "running")
      return { batch: await progressOf(batch), reused: true, skipped: [] };
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
    if (batch) return { batch: await progressOf(batch), reused: true, skipped: [] };
    throw new UserError("批量任务正在创建，请稍后刷新");
  }
  try {
    const assessments = await Assessment.find({
      enterpriseId: { $in: ids.map((id) => new Types.ObjectId(id)) },
      status: "accepted",
    })
      .select({ _id: 1, enterpriseId: 1 })
      .lean();
    const renderIds: Types.ObjectId[] = [];
    const skipped: string[] = [];
    for (const a of assessments) {
      try {
        const { renderId } = await requestReportFileFor(user, String(a._id));
        renderIds.push(new Types.ObjectId(renderId));
      } catch (error) {
        if (error instanceof Response && error.status === 403)
          throw forbidden("所选企业中有您无权生成报告的企业");
        if (!(error instanceof UserError)) throw error;
        skipped.push(String(a._id));
      }
    }
    if (renderIds.length === 0) {
      await BatchLock.deleteOne({ _id: lockKey });
      throw new UserError("所选企业没有已通过审核的体检，无法生成报告");
    }
    const batch = await ReportBatch.create({
      _id: batchId,
      lockKey,
      createdBy: new Types.ObjectId(user.id),
      createdByName: user.displayName,
      enterpriseCount: ids.length,
      renderIds,
      status: "running",
    });
    await audit(
      { id: user.id, name: user.displayName },
      {
        action: "report.batch",
        resourceType: "report_batch",
        resourceId: String(batch._id),
        after: { enterprises: ids.length, reports: renderIds.length },
      },
    );
    return { batch: await progressOf(batch.toObject()), reused: false, skipped };
  } catch (error) {
    await BatchLock.deleteOne({ _id: lockKey, batchId });
    throw error;
  }
}

async function progressOf(batch: ReportBatchDoc): Promise<BatchProgress> {
  const counts = await RenderedDocument.aggregate<{ _id: string; n: number }>([
    { $match: { _id: { $in: batch.renderIds } } },
    { $group: { _id: "$status", n: { $sum: 1 } } },
  ]);
  const count = (status: string) => counts.find((c) => c._id === status)?.n ?? 0;
  const total = batch.renderIds.length;
  const done = count("done");
  const failed = count("failed");
  let status = batch.status;
  if (status === "running" && done + failed >= total) {
    await finishBatch(batch);
    status = "done";
  }
  return {
    id: String(batch._id),
    status,
    total,
    done,
    failed,
    percent: total ? Math.floor((done / total) * 100) : 100,
    enterpriseCount: batch.enterpriseCount,
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt
      ? batch.finishedAt.toISOString()
      : status === "done"
        ? new Date().toISOString()
        : null,
  };
}

async function finishBatch(batch: ReportBatchDoc) {
  await ReportBatch.updateOne(
    { _id: batch._id, status: "running" },
    { $set: { status: "done", finishedAt: new Date() } },
  );
  await BatchLock.deleteOne({ _id: batch.lockKey, batchId: batch._id });
}

export async function batchProgress(user: CurrentUser, batchId: string): Promise<BatchProgress> {
  if (!Types.ObjectId.isValid(batchId)) throw notFound("批量任务不存在");
  const batch = await ReportBatch.findById(batchId).lean();
  if (!batch) throw notFound("批量任务不存在");
  if (String(batch.createdBy) !== user.id && !user.roles.some((g) => g.role === "admin")) throw forbidden();
  return progressOf(batch);
}

export async function recentBatches(user: CurrentUser, limit = 5): Promise<BatchProgress[]> {
  const batches = await ReportBatch.find({ createdBy: new Types.ObjectId(user.id) })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean();
  return Promise.all(batches.map(progressOf));
}

/** Sweep: closes batches whose renders have all finished (progress is also settled when anyone looks). */
export async function finishReportBatches(): Promise<number> {
  const running = await ReportBatch.find({ status: "running" }).lean();
  let finished = 0;
  for (const batch of running) {
    const progress = await progressOf(batch);
    if (progress.status === "done") finished += 1;
  }
  return finished;
}
