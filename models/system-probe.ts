import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { leanDefaults } from "./lean-defaults";

/** A self-check: the app enqueues it, the worker marks it processed. Proves the app ↔ queue ↔ worker wiring. */
const SystemProbeSchema = new Schema(
  {
    status: { type: String, enum: ["queued", "done"], required: true, default: "queued" },
    requestedBy: { type: String },
    processedAt: { type: Date },
    workerPid: { type: Number },
    attempts: { type: Number, default: 0 },
  },
  { timestamps: true },
);
SystemProbeSchema.index({ createdAt: -1 });

export type SystemProbeDoc = InferSchemaType<typeof SystemProbeSchema> & { _id: mongoose.Types.ObjectId };

SystemProbeSchema.plugin(leanDefaults);
export const SystemProbe =
  (mongoose.models.SystemProbe as mongoose.Model<SystemProbeDoc> | undefined) ??
  mongoose.model<SystemProbeDoc>("SystemProbe", SystemProbeSchema);
