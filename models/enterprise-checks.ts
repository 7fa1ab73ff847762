import mongoose, { Schema, type Model } from "mongoose";

/**
 * The health checks kept per enterprise (`enterprise_checks`, `_id` = its id): one compact row per check —
 * its status, deadline, start date, template version, score and level, and the version it was kept at — so
 * that an enterprise's check history is one read by `_id` instead of a query over every check. Rows are JSON
 * strings keyed by check id. `built` is false while the document is a placeholder its first reader is filling
 * from the checks; every write is at the document's version (a claim). Rebuildable from the checks
 * (rebuildEnterpriseChecks).
 */
export interface EnterpriseChecksDoc {
  _id: string;
  rows: Record<string, string>;
  built: boolean;
  version: number;
}

const EnterpriseChecksSchema = new Schema<EnterpriseChecksDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: Map, of: String, default: {} },
    built: { type: Boolean, required: true, default: false },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const EnterpriseChecks =
  (mongoose.models.EnterpriseChecks as Model<EnterpriseChecksDoc> | undefined) ??
  mongoose.model<EnterpriseChecksDoc>("EnterpriseChecks", EnterpriseChecksSchema, "enterprise_checks");
