import mongoose, { Schema, type Model } from "mongoose";

/**
 * Small kept documents that cultivation pages read by `_id` (FerretDB decodes a whole collection for any
 * other filter): one row per item, keyed by the item's id, written by the service that records the item.
 *
 *  - `survey:<surveyId>`: one row per stored answer (its answer combination as a short code), so the
 *    survey's counts are sums of its rows;
 *  - `surveys:<unionOrgId>:<year>`: one row per survey opened that year under that organisation (its
 *    enterprise, status and counts), for the figures per enterprise and per organisation;
 *  - `training:<trainingId>`: one row per attendance (sign-in and feedback);
 *  - `trainings:<unionOrgId>:<year>`: one row per training held that year by that organisation.
 *
 * Writers take turns through a claim on the document's version (models/write-claim.ts), so concurrent
 * answers or sign-ins never lose one another's rows; each writer sets only its own row.
 */
export interface CultivationRollupDoc {
  _id: string;
  /** Row id → JSON (or a short code): one per item. */
  rows: Record<string, string>;
  version: number;
}

const RollupSchema = new Schema<CultivationRollupDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false, minimize: false },
);

export const CultivationRollup =
  (mongoose.models.CultivationRollup as Model<CultivationRollupDoc> | undefined) ??
  mongoose.model<CultivationRollupDoc>("CultivationRollup", RollupSchema, "cultivation_rollups");

export const rollupIds = {
  survey: (surveyId: unknown) => `survey:${String(surveyId)}`,
  orgSurveys: (unionOrgId: unknown, year: number) => `surveys:${String(unionOrgId)}:${year}`,
  training: (trainingId: unknown) => `training:${String(trainingId)}`,
  orgTrainings: (unionOrgId: unknown, year: number) => `trainings:${String(unionOrgId)}:${year}`,
};
