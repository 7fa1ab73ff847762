import crypto from "node:crypto";
import mongoose, { Schema, Types, type Model } from "mongoose";
import type { MilestoneKind, Stage } from "../app/domain/cultivation/plan-template";
import type { PlanStatus, RiskLevel } from "../app/domain/cultivation/milestones";

/**
 * Cultivation plans (培育助推, 一企一策) and what hangs on them. Keyed for FerretDB (README "Queries FerretDB
 * answers by key"): a plan's _id is derived from (enterprise, year), so "this enterprise's plan of that
 * year" is a lookup by key; the plan keeps small references to its records, so its page reads records by
 * _id; the workbench reads one board document per (organisation, year).
 */

/** A plan template version (admin-editable like questionnaire templates; the newest published is used). */
export interface PlanTemplateDoc {
  _id: Types.ObjectId;
  key: string;
  version: number;
  title: string;
  /** JSON of PlanTemplateContent (milestones hold arrays: kept as one string, no arrays in arrays). */
  content: string;
  publishedAt: Date;
  publishedBy?: Types.ObjectId;
  publishedByName: string;
}

const PlanTemplateSchema = new Schema<PlanTemplateDoc>(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    content: { type: String, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: Schema.Types.ObjectId,
    publishedByName: { type: String, required: true },
  },
  { versionKey: false },
);
PlanTemplateSchema.index({ key: 1, version: 1 }, { unique: true });

export const PlanTemplate =
  (mongoose.models.PlanTemplate as Model<PlanTemplateDoc> | undefined) ??
  mongoose.model<PlanTemplateDoc>("PlanTemplate", PlanTemplateSchema, "cultivation_plan_templates");

export interface PlanMilestoneDoc {
  key: string;
  title: string;
  kind: MilestoneKind;
  stage: Stage;
  description: string;
  /** Enterprise roles that may add records, comma-joined (no arrays inside arrays on FerretDB 1.x). */
  assignees: string;
  dueOn: string;
  doneOn: string | null;
  doneByName?: string;
  /** What proved it: "assessment", "report", "prescription", "training", "contract" or "record". */
  proofType?: string;
  proofId?: string;
  proofLabel?: string;
}

/** A small reference to one record, so the plan page reads each record by _id. */
export interface PlanRecordRef {
  id: Types.ObjectId;
  milestoneKey: string;
  kind: MilestoneKind;
  date: string;
  title: string;
  byName: string;
}

/** What happened to the plan, for "changed since my last visit" (newest last, capped). */
export interface PlanEventDoc {
  on: string;
  kind: "finding" | "milestone" | "contract" | "record" | "sign" | "plan";
  text: string;
}

export interface CultivationPlanDoc {
  _id: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  enterpriseName: string;
  unionOrgId: Types.ObjectId;
  year: number;
  startOn: string;
  templateKey: string;
  templateVersion: number;
  templateTitle: string;
  /** Percent of prescription items that must be verified for the rectification milestone. */
  rectifyThreshold: number;
  milestones: PlanMilestoneDoc[];
  records: PlanRecordRef[];
  events: PlanEventDoc[];
  status: PlanStatus;
  summary?: string;
  instructorSignedBy?: Types.ObjectId;
  instructorSignedByName?: string;
  instructorSignedAt?: Date;
  headSignedBy?: Types.ObjectId;
  headSignedByName?: string;
  headSignedAt?: Date;
  /** The health check that proved the plan's check (its report and prescription prove the next two). */
  assessmentId?: Types.ObjectId;
  riskLevel?: RiskLevel | null;
  contractStatus: string;
  contractValidUntil?: string | null;
  lastVisitOn?: string | null;
  /** Plan versions whose Word files were asked for (培育方案, 培育工作总结). */
  planDocVersion?: number;
  summaryDocVersion?: number;
  createdBy: Types.ObjectId;
  createdByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const MilestoneSchema = new Schema<PlanMilestoneDoc>(
  {
    key: { type: String, required: true },
    title: { type: String, required: true },
    kind: { type: String, required: true },
    stage: { type: String, required: true },
    description: { type: String, default: "" },
    assignees: { type: String, default: "" },
    dueOn: { type: String, required: true },
    doneOn: { type: String, default: null },
    doneByName: String,
    proofType: String,
    proofId: String,
    proofLabel: String,
  },
  { _id: false },
);

const PlanSchema = new Schema<CultivationPlanDoc>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise", required: true },
    enterpriseName: { type: String, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg", required: true },
    year: { type: Number, required: true },
    startOn: { type: String, required: true },
    templateKey: { type: String, required: true },
    templateVersion: { type: Number, required: true },
    templateTitle: { type: String, required: true },
    rectifyThreshold: { type: Number, required: true },
    milestones: { type: [MilestoneSchema], default: [] },
    records: {
      type: [
        new Schema<PlanRecordRef>(
          {
            id: { type: Schema.Types.ObjectId, required: true },
            milestoneKey: String,
            kind: String,
            date: String,
            title: String,
            byName: String,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    events: {
      type: [new Schema<PlanEventDoc>({ on: String, kind: String, text: String }, { _id: false })],
      default: [],
    },
    status: { type: String, enum: ["active", "instructor_signed", "signed_off"], default: "active" },
    summary: String,
    instructorSignedBy: Schema.Types.ObjectId,
    instructorSignedByName: String,
    instructorSignedAt: Date,
    headSignedBy: Schema.Types.ObjectId,
    headSignedByName: String,
    headSignedAt: Date,
    assessmentId: Schema.Types.ObjectId,
    riskLevel: { type: String, default: null },
    contractStatus: { type: String, default: "none" },
    contractValidUntil: { type: String, default: null },
    lastVisitOn: { type: String, default: null },
    planDocVersion: Number,
    summaryDocVersion: Number,
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
// One plan per enterprise and year (the _id is derived from the pair; the index says so for MongoDB too).
PlanSchema.index({ enterpriseId: 1, year: 1 }, { unique: true });
PlanSchema.index({ unionOrgId: 1, year: 1 });

export const CultivationPlan =
  (mongoose.models.CultivationPlan as Model<CultivationPlanDoc> | undefined) ??
  mongoose.model<CultivationPlanDoc>("CultivationPlan", PlanSchema, "cultivation_plans");

/** The _id of an enterprise's plan of a year. */
export function planIdFor(enterpriseId: Types.ObjectId | string, year: number): Types.ObjectId {
  const hash = crypto
    .createHash("sha256")
    .update(`cultivation-plan:${String(enterpriseId)}:${year}`)
    .digest("hex");
  return new Types.ObjectId(hash.slice(0, 24));
}

export interface RecordFileRef {
  fileId: Types.ObjectId;
  name: string;
  contentType: string;
  size: number;
}

/** A record of a manual milestone: a visit or consultation log, improved rules, the congress, the result. */
export interface CultivationRecordDoc {
  _id: Types.ObjectId;
  planId: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  milestoneKey: string;
  kind: MilestoneKind;
  date: string;
  peopleMet?: string;
  findings?: string;
  nextSteps?: string;
  ruleName?: string;
  minutes?: string;
  result?: "awarded" | "not_awarded";
  awardYear?: number;
  awardLevel?: string;
  awardingOrg?: string;
  files: RecordFileRef[];
  /** Whether this record completed its milestone (a record that says too little is kept, completing nothing). */
  completes: boolean;
  createdBy: Types.ObjectId;
  createdByName: string;
  createdAt: Date;
}

const FileRefSchema = new Schema<RecordFileRef>(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    name: String,
    contentType: String,
    size: Number,
  },
  { _id: false },
);

const RecordSchema = new Schema<CultivationRecordDoc>(
  {
    planId: { type: Schema.Types.ObjectId, required: true },
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    milestoneKey: { type: String, required: true },
    kind: { type: String, required: true },
    date: { type: String, required: true },
    peopleMet: String,
    findings: String,
    nextSteps: String,
    ruleName: String,
    minutes: String,
    result: String,
    awardYear: Number,
    awardLevel: String,
    awardingOrg: String,
    files: { type: [FileRefSchema], default: [] },
    completes: { type: Boolean, default: false },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
RecordSchema.index({ planId: 1 });

export const CultivationRecord =
  (mongoose.models.CultivationRecord as Model<CultivationRecordDoc> | undefined) ??
  mongoose.model<CultivationRecordDoc>("CultivationRecord", RecordSchema, "cultivation_records");

/** A file of a plan record or a training's materials; the bytes are in file_blobs under the same _id. */
export interface CultivationFileDoc {
  _id: Types.ObjectId;
  ownerType: "plan" | "training";
  ownerId: Types.ObjectId;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  data?: Buffer;
  uploadedBy?: Types.ObjectId;
  uploadedByName: string;
  uploadedAt: Date;
}

const FileSchema = new Schema<CultivationFileDoc>(
  {
    ownerType: { type: String, enum: ["plan", "training"], required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    data: Buffer,
    uploadedBy: Schema.Types.ObjectId,
    uploadedByName: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const CultivationFile =
  (mongoose.models.CultivationFile as Model<CultivationFileDoc> | undefined) ??
  mongoose.model<CultivationFileDoc>("CultivationFile", FileSchema, "cultivation_files");

/**
 * The workbench's kept document: one per (union organisation, year), a compact row per plan of the
 * enterprises directly under that organisation (JSON strings keyed by plan id). Rebuildable from the plans.
 */
export interface CultivationBoardDoc {
  _id: string;
  unionOrgId: Types.ObjectId;
  year: number;
  rows: Record<string, string>;
  version: number;
}

const BoardSchema = new Schema<CultivationBoardDoc>(
  {
    _id: { type: String, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    year: { type: Number, required: true },
    rows: { type: Map, of: String, default: {} },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const CultivationBoard =
  (mongoose.models.CultivationBoard as Model<CultivationBoardDoc> | undefined) ??
  mongoose.model<CultivationBoardDoc>("CultivationBoard", BoardSchema, "cultivation_boards");

export const boardIdFor = (unionOrgId: Types.ObjectId | string, year: number) =>
  `${String(unionOrgId)}:${year}`;
