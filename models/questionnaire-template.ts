import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

/**
 * A questionnaire template version. Publishing freezes it; editing makes a new draft version; an
 * assessment keeps the version it started on. The template itself (dimensions, questions, conditions,
 * rules — see app/domain/health-check/types.ts) is stored as JSON text: its conditions nest arrays,
 * which FerretDB 1.x cannot store, and it is only ever read and written whole.
 */
export interface QuestionnaireTemplateDoc {
  _id: Types.ObjectId;
  key: string;
  version: number;
  status: "draft" | "published" | "archived";
  title: string;
  content: string;
  publishedAt?: Date;
  /** For versions published from the shipped default: a hash of the shipped content they carry. */
  shippedHash?: string;
  createdBy?: Types.ObjectId;
  /** Optimistic-concurrency counter for edits of a draft (the template's own version number is `version`). */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

const QuestionnaireTemplateSchema = new Schema<QuestionnaireTemplateDoc>(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, enum: ["draft", "published", "archived"], required: true, default: "draft" },
    title: { type: String, required: true },
    content: { type: String, required: true },
    publishedAt: Date,
    shippedHash: String,
    createdBy: { type: Schema.Types.ObjectId, ref: "User" },
    rev: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
QuestionnaireTemplateSchema.index({ key: 1, version: 1 }, { unique: true });
QuestionnaireTemplateSchema.index({ status: 1, key: 1 });

QuestionnaireTemplateSchema.plugin(leanDefaults);
export const QuestionnaireTemplate =
  (mongoose.models.QuestionnaireTemplate as Model<QuestionnaireTemplateDoc> | undefined) ??
  mongoose.model<QuestionnaireTemplateDoc>(
    "QuestionnaireTemplate",
    QuestionnaireTemplateSchema,
    "questionnaire_templates",
  );
