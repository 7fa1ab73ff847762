import mongoose, { Schema, type Model, type Types } from "mongoose";
import { VERSION_STATUSES, type VersionStatus } from "../app/domain/versioning";
import { leanDefaults } from "./lean-defaults";

/**
 * A version of versioned content (questionnaire templates, clause libraries of collective contracts;
 * app/services/versioning): a key's numbered versions, the content stored as JSON text because it is only
 * ever read and written whole (and may nest arrays, which FerretDB 1.x cannot store).
 */
export interface VersionedContentDoc {
  _id: Types.ObjectId;
  key: string;
  version: number;
  status: VersionStatus;
  title: string;
  content: string;
  publishedAt?: Date;
  /** For versions published from the shipped default: a hash of the shipped content they carry. */
  shippedHash?: string;
  createdBy?: Types.ObjectId;
  /** Optimistic-concurrency counter for edits of a draft (the content's own version number is `version`). */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The schema of one collection of versioned content: one version per (key, version). */
function versionedContentSchema(): Schema<VersionedContentDoc> {
  const schema = new Schema<VersionedContentDoc>(
    {
      key: { type: String, required: true },
      version: { type: Number, required: true },
      status: { type: String, enum: VERSION_STATUSES, required: true, default: "draft" },
      title: { type: String, required: true },
      content: { type: String, required: true },
      publishedAt: Date,
      shippedHash: String,
      createdBy: { type: Schema.Types.ObjectId, ref: "User" },
      rev: { type: Number, required: true, default: 0 },
    },
    { timestamps: true },
  );
  schema.index({ key: 1, version: 1 }, { unique: true });
  schema.index({ status: 1, key: 1 });
  schema.plugin(leanDefaults);
  return schema;
}

/** The model of one collection of versioned content (registered once, also when the module is reloaded). */
export function versionedContentModel(name: string, collection: string): Model<VersionedContentDoc> {
  return (
    (mongoose.models[name] as Model<VersionedContentDoc> | undefined) ??
    mongoose.model<VersionedContentDoc>(name, versionedContentSchema(), collection)
  );
}
