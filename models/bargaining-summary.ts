import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * Small documents kept for pages, updated by the bargaining services after each change to a case and
 * rebuilt by the work sweep from the cases (so a write lost to a crash or a race is repaired):
 *  - per enterprise (`_id` = enterprise id): its cases and its contract, for the 集体协商 tab;
 *  - per union organisation (`_id` = org id): the cases of the enterprises directly under it, for the
 *    instructor's pipeline (which reads the docs of the nodes in the subtree, by `_id`).
 * Rows are keyed by case id (`cases.<caseId>`), so writing one case's row never rewrites another's.
 */
export interface CaseRowDoc {
  caseId: string;
  title: string;
  kind: string;
  scope: string;
  status: string;
  enterpriseIds: string[];
  enterpriseNames: string[];
  unionOrgId: string;
  offerSentOn: string | null;
  /** The earliest open deadline and what it is for. */
  nextDueOn: string | null;
  nextDueLabel: string;
  expiresOn: string | null;
  repUserIds: string[];
  campaignId: string | null;
  updatedAt: Date;
}

export interface BargainingSummaryDoc {
  _id: Types.ObjectId;
  cases: Record<string, CaseRowDoc>;
  updatedAt: Date;
}

const SummarySchema = new Schema<BargainingSummaryDoc>(
  { cases: { type: Schema.Types.Mixed, default: {} }, updatedAt: { type: Date, required: true } },
  { versionKey: false, minimize: false },
);

export const EnterpriseBargaining =
  (mongoose.models.EnterpriseBargaining as Model<BargainingSummaryDoc> | undefined) ??
  mongoose.model<BargainingSummaryDoc>("EnterpriseBargaining", SummarySchema, "bargaining_by_enterprise");

export const OrgPipeline =
  (mongoose.models.OrgPipeline as Model<BargainingSummaryDoc> | undefined) ??
  mongoose.model<BargainingSummaryDoc>("OrgPipeline", SummarySchema, "bargaining_by_org");

/**
 * The holiday arrangement of one year (调休), as an admin imported it: the block of the admin's table for
 * that year (parsed by app/domain/bargaining/calendar.ts). `_id` is the year; it replaces the shipped data.
 */
export interface HolidayYearDoc {
  _id: number;
  text: string;
  updatedByName: string;
  updatedAt: Date;
}

const HolidayYearSchema = new Schema<HolidayYearDoc>(
  {
    _id: { type: Number, required: true },
    text: { type: String, required: true },
    updatedByName: { type: String, default: "" },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const HolidayYear =
  (mongoose.models.HolidayYear as Model<HolidayYearDoc> | undefined) ??
  mongoose.model<HolidayYearDoc>("HolidayYear", HolidayYearSchema, "holiday_calendars");
