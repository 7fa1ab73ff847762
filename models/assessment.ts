import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

import { ASSESSMENT_STATUSES, type AssessmentStatus } from "../app/domain/health-check/status";
import type { EnterpriseProfile } from "../app/domain/health-check/types";

export { ASSESSMENT_STATUSES, type AssessmentStatus };

export interface ReviewRemark {
  questionId: string;
  text: string;
}

export interface AssessmentEvent {
  action: "start" | "submit" | "return" | "accept";
  by: Types.ObjectId;
  byName: string;
  at: Date;
  note?: string;
}

/** One legal health check of one enterprise, on one frozen template version. */
export interface AssessmentDoc {
  _id: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  templateId: Types.ObjectId;
  templateKey: string;
  templateVersion: number;
  status: AssessmentStatus;
  dueOn: string;
  /** Enterprise facts at the start (visibility depends on them; later profile edits don't move answers). */
  profile: EnterpriseProfile;
  /** Remarks of the latest return, by question; cleared on accept. */
  remarks: ReviewRemark[];
  returnNote?: string;
  events: AssessmentEvent[];
  /** The scoring result (JSON of AssessmentScore) fixed at acceptance. */
  score?: string;
  overall?: number | null;
  riskLevel?: "high" | "medium" | "low";
  acceptedAt?: Date;
  submittedAt?: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const AssessmentSchema = new Schema<AssessmentDoc>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise", required: true },
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg", required: true },
    templateId: { type: Schema.Types.ObjectId, ref: "QuestionnaireTemplate", required: true },
    templateKey: { type: String, required: true },
    templateVersion: { type: Number, required: true },
    status: { type: String, enum: ASSESSMENT_STATUSES, required: true, default: "in_progress" },
    dueOn: { type: String, required: true },
    profile: {
      industry: String,
      headcount: Number,
      womenShare: { type: Number, default: null },
      unionEstablished: Boolean,
      congressEstablished: Boolean,
      usesDispatch: Boolean,
    },
    remarks: {
      type: [new Schema<ReviewRemark>({ questionId: String, text: String }, { _id: false })],
      default: [],
    },
    returnNote: String,
    events: {
      type: [
        new Schema<AssessmentEvent>(
          { action: String, by: Schema.Types.ObjectId, byName: String, at: Date, note: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    score: String,
    overall: { type: Number, default: null },
    riskLevel: String,
    acceptedAt: Date,
    submittedAt: Date,
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
AssessmentSchema.index({ enterpriseId: 1, createdAt: -1 });
AssessmentSchema.index({ unionOrgId: 1, status: 1 });

AssessmentSchema.plugin(leanDefaults);
export const Assessment =
  (mongoose.models.Assessment as Model<AssessmentDoc> | undefined) ??
  mongoose.model<AssessmentDoc>("Assessment", AssessmentSchema);

/**
 * Answers are append-only revisions: saving answer Q at base revision R inserts revision R+1, and the
 * unique index (assessment, question, rev) lets exactly one of two racing writers win — the other is
 * told its copy is stale. Different questions never conflict, and no earlier value is ever lost.
 */
export interface AnswerRevisionDoc {
  _id: Types.ObjectId;
  assessmentId: Types.ObjectId;
  questionId: string;
  rev: number;
  /** JSON of the validated AnswerValue, or "null" for a cleared answer. */
  value: string;
  savedBy: Types.ObjectId;
  savedAt: Date;
}

const AnswerRevisionSchema = new Schema<AnswerRevisionDoc>(
  {
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    questionId: { type: String, required: true },
    rev: { type: Number, required: true },
    value: { type: String, required: true },
    savedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    savedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
AnswerRevisionSchema.index({ assessmentId: 1, questionId: 1, rev: 1 }, { unique: true });

export const AnswerRevision =
  (mongoose.models.AnswerRevision as Model<AnswerRevisionDoc> | undefined) ??
  mongoose.model<AnswerRevisionDoc>("AnswerRevision", AnswerRevisionSchema, "answer_revisions");

/**
 * The answer sheet of an assessment: the newest revision of every answer, in one document keyed by the
 * assessment's _id, so that a page load or an autosave reads one record by key (FerretDB decodes the whole
 * collection for any other filter). FerretDB also applies concurrent updates of one document without
 * isolation (two `$set`s of different answers can lose one), so writers take turns through a write claim on
 * `seq` (models/write-claim.ts) and write the whole list. The revisions above stay the append-only history.
 * Assessments from before the sheet existed get theirs built from their revisions on first read.
 */
export interface SheetEntry {
  questionId: string;
  /** JSON of the AnswerValue, as in AnswerRevisionDoc.value. */
  value: string;
  rev: number;
  savedAt: Date;
  /**
   * The browser window (one id per page load) that saved this revision, and the number of the edit it
   * saved: a window's later edit builds on its own revision even when it was sent before that revision's
   * answer came back, and an edit of it that arrives late or twice changes nothing (saveAnswer).
   */
  writer?: string;
  writerSeq?: number;
}

export interface AnswerSheetDoc {
  /** The assessment's _id. */
  _id: Types.ObjectId;
  /** Bumped by every write; a writer claims "answer_sheets:<id>:<seq>" first. */
  seq: number;
  answers: SheetEntry[];
}

const AnswerSheetSchema = new Schema<AnswerSheetDoc>(
  {
    seq: { type: Number, required: true },
    answers: {
      type: [
        new Schema<SheetEntry>(
          {
            questionId: String,
            value: String,
            rev: Number,
            savedAt: Date,
            writer: String,
            writerSeq: Number,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { versionKey: false },
);

export const AnswerSheet =
  (mongoose.models.AnswerSheet as Model<AnswerSheetDoc> | undefined) ??
  mongoose.model<AnswerSheetDoc>("AnswerSheet", AnswerSheetSchema, "answer_sheets");

/** Evidence files of an assessment; the bytes are in file_blobs under the same _id (file-blob.ts). */
export interface EvidenceFileDoc {
  _id: Types.ObjectId;
  assessmentId: Types.ObjectId;
  questionId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  /** Legacy: the bytes inline, in files uploaded before file_blobs. */
  data?: Buffer;
  uploadedBy: Types.ObjectId;
  uploadedAt: Date;
}

const EvidenceFileSchema = new Schema<EvidenceFileDoc>(
  {
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    questionId: { type: String, required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    data: Buffer,
    uploadedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    uploadedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
EvidenceFileSchema.index({ assessmentId: 1, questionId: 1 });

export const EvidenceFile =
  (mongoose.models.EvidenceFile as Model<EvidenceFileDoc> | undefined) ??
  mongoose.model<EvidenceFileDoc>("EvidenceFile", EvidenceFileSchema, "evidence_files");
