import mongoose, { Schema, type Model } from "mongoose";

/**
 * The dashboard's kept documents (app/services/dashboards, README "Dashboards at a city's scale"):
 *  - a bucket per (organisation, kind[, month]) — `_id` "<orgId>:<part>", e.g. "<orgId>:item:2026-11" —
 *    holding the rows of its records (JSON, keyed by record id) and their summary; writers take turns
 *    through a write claim on `seq` (models/write-claim.ts), so no row is lost to a concurrent writer;
 *  - a roll-up per organisation — `_id` the org id — holding a copy of each of its buckets' summaries with
 *    the bucket's `seq` (a copy older than its bucket is replaced, never a newer one), written through
 *    updateAtVersion; the dashboard reads the roll-ups of an organisation's subtree by `_id`;
 *  - a placement per record that may move organisations — `_id` "<kind>:<recordId>" — naming its bucket,
 *    so a move takes its row out of the old bucket.
 */
export interface DashboardBucketDoc {
  _id: string;
  orgId: string;
  part: string;
  seq: number;
  /** JSON: { [recordId]: row } (app/domain/dashboards/rows.ts). */
  rows: string;
  /** JSON: the rows' summary counters (app/domain/dashboards/summaries.ts). */
  summary: string;
}

export const DashboardBucket =
  (mongoose.models.DashboardBucket as Model<DashboardBucketDoc> | undefined) ??
  mongoose.model<DashboardBucketDoc>(
    "DashboardBucket",
    new Schema<DashboardBucketDoc>(
      {
        _id: { type: String, required: true },
        orgId: { type: String, required: true },
        part: { type: String, required: true },
        seq: { type: Number, required: true },
        rows: { type: String, required: true },
        summary: { type: String, required: true },
      },
      { versionKey: false },
    ),
    "dashboard_buckets",
  );

export interface DashboardRollupDoc {
  /** The organisation's id. */
  _id: string;
  version: number;
  /** JSON: { [part]: { seq, summary } }. */
  parts: string;
  updatedAt: Date;
}

export const DashboardRollup =
  (mongoose.models.DashboardRollup as Model<DashboardRollupDoc> | undefined) ??
  mongoose.model<DashboardRollupDoc>(
    "DashboardRollup",
    new Schema<DashboardRollupDoc>(
      {
        _id: { type: String, required: true },
        version: { type: Number, required: true, default: 0 },
        parts: { type: String, required: true },
        updatedAt: { type: Date, required: true },
      },
      { versionKey: false },
    ),
    "dashboard_rollups",
  );

export interface DashboardPlacementDoc {
  _id: string;
  bucket: string;
}

export const DashboardPlacement =
  (mongoose.models.DashboardPlacement as Model<DashboardPlacementDoc> | undefined) ??
  mongoose.model<DashboardPlacementDoc>(
    "DashboardPlacement",
    new Schema<DashboardPlacementDoc>(
      { _id: { type: String, required: true }, bucket: { type: String, required: true } },
      { versionKey: false },
    ),
    "dashboard_placements",
  );

/**
 * The subtree total of an organisation — `_id` the org id — the sum of the roll-ups of the organisation (unless
 * archived) and of every organisation below it, kept as its own roll-up plus its direct children's totals,
 * recomputed bottom up after a roll-up changed (app/services/dashboards/rollups.server.ts, refreshTotals),
 * written through updateAtVersion. The city's and a district's dashboards read these, a few documents.
 */
export interface DashboardTotalDoc {
  _id: string;
  version: number;
  /** JSON: the summed counters, keys sorted; days of months older than 90 days kept by month (the same figures). */
  counters: string;
  updatedAt: Date;
}

export const DashboardTotal =
  (mongoose.models.DashboardTotal as Model<DashboardTotalDoc> | undefined) ??
  mongoose.model<DashboardTotalDoc>(
    "DashboardTotal",
    new Schema<DashboardTotalDoc>(
      {
        _id: { type: String, required: true },
        version: { type: Number, required: true, default: 0 },
        counters: { type: String, required: true },
        updatedAt: { type: Date, required: true },
      },
      { versionKey: false },
    ),
    "dashboard_totals",
  );
