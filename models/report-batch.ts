import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * A batch of report renders started in one action. Progress is read from the rendered documents it
 * points to, so it survives worker restarts and Redis loss. While it runs, a BatchLock keyed by the
 * selection makes a second click return the running batch instead of starting another.
 */
export interface ReportBatchDoc {
  _id: Types.ObjectId;
  lockKey: string;
  createdBy: Types.ObjectId;
  createdByName: string;
  enterpriseCount: number;
  renderIds: Types.ObjectId[];
  status: "running" | "done";
  finishedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const ReportBatchSchema = new Schema<ReportBatchDoc>(
  {
    lockKey: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    enterpriseCount: { type: Number, required: true },
    renderIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: ["running", "done"], required: true, default: "running" },
    finishedAt: Date,
  },
  { timestamps: true },
);
ReportBatchSchema.index({ createdBy: 1, createdAt: -1 });
ReportBatchSchema.index({ status: 1 });

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
