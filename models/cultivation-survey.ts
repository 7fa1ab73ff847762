import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * Quality surveys (参与率 / 知晓率 / 满意率 / 认可率) of one enterprise. Links carry a token derived from the
 * survey's secret and a link number (0 = the employer, 1…N = employees), so no token list is stored and
 * the instructor can print the links again. A response keeps no token, no name and no time finer than
 * the month: the used-link record and the answer are separate documents.
 */
export interface SurveyDoc {
  _id: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  enterpriseName: string;
  unionOrgId: Types.ObjectId;
  title: string;
  trigger: "contract" | "manual";
  secret: string;
  employeeLinks: number;
  status: "open" | "closed";
  openedOn: string;
  createdBy?: Types.ObjectId;
  createdByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const SurveySchema = new Schema<SurveyDoc>(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    enterpriseName: { type: String, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    trigger: { type: String, enum: ["contract", "manual"], required: true },
    secret: { type: String, required: true },
    employeeLinks: { type: Number, required: true },
    status: { type: String, enum: ["open", "closed"], default: "open" },
    openedOn: { type: String, required: true },
    createdBy: Schema.Types.ObjectId,
    createdByName: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
SurveySchema.index({ enterpriseId: 1 });
SurveySchema.index({ unionOrgId: 1 });

export const Survey =
  (mongoose.models.Survey as Model<SurveyDoc> | undefined) ??
  mongoose.model<SurveyDoc>("Survey", SurveySchema, "quality_surveys");

/** "<surveyId>:<link number>": one per used link; the unique _id lets a link answer once. */
export interface SurveyLinkUseDoc {
  _id: string;
}

export const SurveyLinkUse =
  (mongoose.models.SurveyLinkUse as Model<SurveyLinkUseDoc> | undefined) ??
  mongoose.model<SurveyLinkUseDoc>(
    "SurveyLinkUse",
    new Schema<SurveyLinkUseDoc>({ _id: { type: String, required: true } }, { versionKey: false }),
    "quality_survey_link_uses",
  );

/** One anonymous answer: counts as 0/1 so that figures are sums. */
export interface SurveyResponseDoc {
  _id: Types.ObjectId;
  surveyId: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  audience: "employee" | "employer";
  participated: number;
  aware: number;
  satisfaction: number;
  satisfied: number;
  recognition?: string;
  recognised: number;
  comment?: string;
  /** "2026-12": no finer time, so an answer cannot be matched to when a link was used. */
  month: string;
}

const ResponseSchema = new Schema<SurveyResponseDoc>(
  {
    surveyId: { type: Schema.Types.ObjectId, required: true },
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    audience: { type: String, enum: ["employee", "employer"], required: true },
    participated: { type: Number, default: 0 },
    aware: { type: Number, default: 0 },
    satisfaction: { type: Number, default: 0 },
    satisfied: { type: Number, default: 0 },
    recognition: String,
    recognised: { type: Number, default: 0 },
    comment: String,
    month: { type: String, required: true },
  },
  { versionKey: false },
);
ResponseSchema.index({ unionOrgId: 1 });
ResponseSchema.index({ surveyId: 1 });

export const SurveyResponse =
  (mongoose.models.SurveyResponse as Model<SurveyResponseDoc> | undefined) ??
  mongoose.model<SurveyResponseDoc>("SurveyResponse", ResponseSchema, "quality_survey_responses");
