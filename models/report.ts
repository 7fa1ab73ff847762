import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";
import { keyedOrOlder } from "./derived-ids";

/**
 * The risk report (体检报告) of one accepted assessment. Its content is the assessment's fixed score plus
 * the instructor's problem analysis; `version` counts the analysis edits, so a Word file rendered for
 * version N always shows what the page showed at version N.
 */
export interface ReportDoc {
  _id: Types.ObjectId;
  assessmentId: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  reportNo: string;
  /** The instructor's problem analysis in the light markup of app/domain/reports/analysis.ts. */
  analysis: string;
  analysisBy?: Types.ObjectId;
  analysisByName?: string;
  analysisAt?: Date;
  createdBy: Types.ObjectId;
  createdByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const ReportSchema = new Schema<ReportDoc>(
  {
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise", required: true },
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg", required: true },
    reportNo: { type: String, required: true },
    analysis: { type: String, default: "" },
    analysisBy: Schema.Types.ObjectId,
    analysisByName: String,
    analysisAt: Date,
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    version: { type: Number, required: true, default: 1 },
  },
  { timestamps: true },
);
ReportSchema.index({ assessmentId: 1 }, { unique: true });
// Numbers run per union organisation and year (体检〔2026〕1号 exists once in every organisation), so the
// number is unique within its organisation only.
ReportSchema.index({ unionOrgId: 1, reportNo: 1 }, { unique: true });
ReportSchema.index({ unionOrgId: 1 });
ReportSchema.index({ enterpriseId: 1 });

ReportSchema.plugin(leanDefaults);
export const Report =
  (mongoose.models.Report as Model<ReportDoc> | undefined) ??
  mongoose.model<ReportDoc>("Report", ReportSchema);

/**
 * The report of an assessment, or null: by key (reports are created with _id = the assessment's _id), those
 * from before that through a map read once per process (models/derived-ids.ts).
 */
export const findReportOf = keyedOrOlder(Report, "assessmentId");
