import mongoose, { Schema, type Model, type Types } from "mongoose";

/** Append-only audit trail: who did what, when, to what, with before/after. Never updated or deleted. */
export interface AuditDoc {
  _id: Types.ObjectId;
  at: Date;
  actorId?: Types.ObjectId;
  actorName: string;
  action: string;
  outcome: "success" | "failure";
  resourceType?: string;
  resourceId?: string;
  resourceName?: string;
  /** The union organisation the resource belongs to: instructors browse their subtree's entries. */
  unionOrgId?: Types.ObjectId;
  enterpriseId?: Types.ObjectId;
  before?: unknown;
  after?: unknown;
  detail?: string;
  ip?: string;
}

const AuditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: "User" },
    actorName: { type: String, required: true },
    action: { type: String, required: true },
    outcome: { type: String, enum: ["success", "failure"], required: true },
    resourceType: String,
    resourceId: String,
    resourceName: String,
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg" },
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise" },
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
    detail: String,
    ip: String,
  },
  { versionKey: false },
);
AuditSchema.index({ at: -1 });
AuditSchema.index({ unionOrgId: 1, at: -1 });
AuditSchema.index({ resourceType: 1, resourceId: 1, at: -1 });

export const AuditEntry =
  (mongoose.models.AuditEntry as Model<AuditDoc> | undefined) ??
  mongoose.model<AuditDoc>("AuditEntry", AuditSchema, "audit_entries");
