import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * Rows kept for pages, one document per (owner, case), written by the bargaining services after each change
 * to a case and repaired by the work sweep from the cases:
 *  - `bargaining_enterprise_rows` (`_id` = "<enterpriseId>:<caseId>"): the enterprise's 集体协商 tab;
 *  - `bargaining_pipeline_rows` (`_id` = "<orgId>:<caseId>"): the instructor's pipeline, per union
 *    organisation that holds the case.
 * Writing one case's row never touches another case's document: FerretDB 1.x loses fields when concurrent
 * writers `$set` different fields of one document (README, "Race-safe writes").
 *
 * Pages find the rows through a small index per owner (`_id` = enterprise or organisation id) listing its
 * case ids. A case joins an owner's index once, when it is opened there; moving a case never writes the
 * index, so concurrent moves meet only on their own rows. Two cases opened in one owner at once take turns
 * on the index through updateAtVersion (a claim), the loser re-reading and retrying.
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
  effectiveOn: string | null;
  termYears: number | null;
  repUserIds: string[];
  campaignId: string | null;
  /** The case this one renews (第38条), and the case that renews this one. */
  renewsCaseId: string | null;
  renewedByCaseId: string | null;
  /** The case's version the row was written from: an older write never replaces a newer row. */
  caseVersion: number;
  updatedAt: Date;
}

export interface KeptRowDoc extends CaseRowDoc {
  /** "<ownerId>:<caseId>". */
  _id: string;
  ownerId: string;
}

export interface RowIndexDoc {
  _id: Types.ObjectId;
  caseIds: string[];
  version: number;
  updatedAt: Date;
}

const RowSchema = new Schema<KeptRowDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    caseId: { type: String, required: true },
    title: { type: String, default: "" },
    kind: { type: String, default: "" },
    scope: { type: String, default: "enterprise" },
    status: { type: String, default: "" },
    enterpriseIds: { type: [String], default: [] },
    enterpriseNames: { type: [String], default: [] },
    unionOrgId: { type: String, default: "" },
    offerSentOn: { type: String, default: null },
    nextDueOn: { type: String, default: null },
    nextDueLabel: { type: String, default: "" },
    expiresOn: { type: String, default: null },
    effectiveOn: { type: String, default: null },
    termYears: { type: Number, default: null },
    repUserIds: { type: [String], default: [] },
    campaignId: { type: String, default: null },
    renewsCaseId: { type: String, default: null },
    renewedByCaseId: { type: String, default: null },
    caseVersion: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

const IndexSchema = new Schema<RowIndexDoc>(
  {
    caseIds: { type: [String], default: [] },
    version: { type: Number, required: true, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const EnterpriseCaseRow =
  (mongoose.models.EnterpriseCaseRow as Model<KeptRowDoc> | undefined) ??
  mongoose.model<KeptRowDoc>("EnterpriseCaseRow", RowSchema, "bargaining_enterprise_rows");

export const PipelineRow =
  (mongoose.models.PipelineRow as Model<KeptRowDoc> | undefined) ??
  mongoose.model<KeptRowDoc>("PipelineRow", RowSchema, "bargaining_pipeline_rows");

export const EnterpriseCaseIndex =
  (mongoose.models.EnterpriseCaseIndex as Model<RowIndexDoc> | undefined) ??
  mongoose.model<RowIndexDoc>("EnterpriseCaseIndex", IndexSchema, "bargaining_enterprise_index");

export const PipelineIndex =
  (mongoose.models.PipelineIndex as Model<RowIndexDoc> | undefined) ??
  mongoose.model<RowIndexDoc>("PipelineIndex", IndexSchema, "bargaining_pipeline_index");

/**
 * The documents of the first design (one per owner with every row under `cases.<caseId>`), read only to
 * find the cases of an owner whose index does not exist yet; nothing writes them any more.
 */
interface LegacySummaryDoc {
  _id: Types.ObjectId;
  cases?: Record<string, unknown>;
}

const LegacySummarySchema = new Schema<LegacySummaryDoc>(
  { cases: { type: Schema.Types.Mixed, default: {} } },
  { versionKey: false, minimize: false, strict: false },
);

export const LegacyEnterpriseSummary =
  (mongoose.models.EnterpriseBargaining as Model<LegacySummaryDoc> | undefined) ??
  mongoose.model<LegacySummaryDoc>("EnterpriseBargaining", LegacySummarySchema, "bargaining_by_enterprise");

export const LegacyOrgSummary =
  (mongoose.models.OrgPipeline as Model<LegacySummaryDoc> | undefined) ??
  mongoose.model<LegacySummaryDoc>("OrgPipeline", LegacySummarySchema, "bargaining_by_org");

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
