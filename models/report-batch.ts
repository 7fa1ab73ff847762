import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

/**
 * A batch of report renders started in one action. The click records the accepted assessments to report
 * on ("preparing"); a worker job then opens each report and asks for its file, recording the renders it
 * waits for ("running"). Progress is read from those rendered documents, so it survives worker restarts
 * and Redis loss. While it is not done, a BatchLock keyed by the selection makes a second click return
 * this batch instead of starting another.
 */
export const BATCH_STATUSES = ["preparing", "running", "done"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface ReportBatchDoc {
  _id: Types.ObjectId;
  lockKey: string;
  createdBy: Types.ObjectId;
  createdByName: string;
  enterpriseCount: number;
  /** The accepted assessments to report on, fixed at the click. */
  assessmentIds: Types.ObjectId[];
  /**
   * Their enterprises and organisations, each once, also fixed at the click: preparation reads the
   * reports' facts by them (absent on batches from before they were recorded).
   */
  factsEnterpriseIds?: Types.ObjectId[];
  factsOrgIds?: Types.ObjectId[];
  /** How many of them preparation has been through (for the progress bar while preparing). */
  prepared: number;
  /** Assessments preparation could not report on (no longer accepted, or no longer the user's). */
  skipped: number;
  renderIds: Types.ObjectId[];
  status: BatchStatus;
  /**
   * Counts preparation's writes (updateAtCounter): two preparations may run at once (the sweep re-enqueues
   * one whose job Redis lost while it still runs), and the one behind must not write over the other.
   */
  rev?: number;
  finishedAt?: Date;
  /** Kept as it finishes (settleRenders): its done renders' count and its failed renders. */
  doneCount?: number;
  failedRenderIds?: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const ReportBatchSchema = new Schema<ReportBatchDoc>(
  {
    lockKey: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    enterpriseCount: { type: Number, required: true },
    assessmentIds: { type: [Schema.Types.ObjectId], default: [] },
    factsEnterpriseIds: { type: [Schema.Types.ObjectId], default: undefined },
    factsOrgIds: { type: [Schema.Types.ObjectId], default: undefined },
    prepared: { type: Number, default: 0 },
    skipped: { type: Number, default: 0 },
    renderIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: BATCH_STATUSES, required: true, default: "preparing" },
    rev: { type: Number, default: 0 },
    finishedAt: Date,
    doneCount: { type: Number, default: undefined },
    failedRenderIds: { type: [Schema.Types.ObjectId], default: undefined },
  },
  { timestamps: true },
);
ReportBatchSchema.index({ createdBy: 1, createdAt: -1 });
ReportBatchSchema.index({ status: 1 });

ReportBatchSchema.plugin(leanDefaults);
export const ReportBatch =
  (mongoose.models.ReportBatch as Model<ReportBatchDoc> | undefined) ??
  mongoose.model<ReportBatchDoc>("ReportBatch", ReportBatchSchema, "report_batches");

/** One document per running selection (unique _id); removed when its batch finishes. */
const BatchLockSchema = new Schema(
  { _id: { type: String, required: true }, batchId: { type: Schema.Types.ObjectId, required: true } },
  { versionKey: false },
);

export const BatchLock =
  (mongoose.models.BatchLock as Model<{ _id: string; batchId: Types.ObjectId }> | undefined) ??
  mongoose.model<{ _id: string; batchId: Types.ObjectId }>("BatchLock", BatchLockSchema, "batch_locks");
