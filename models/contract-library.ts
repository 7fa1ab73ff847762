import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

/**
 * A version of a clause library of collective contracts (app/domain/contracts/library.ts), versioned like
 * questionnaire templates: an import makes a draft, publishing freezes it and archives the version
 * published before it, and drafts record the library version they were assembled from. The library is
 * stored as JSON text: it is only ever read and written whole.
 */
export interface ContractLibraryDoc {
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
  /** Optimistic-concurrency counter (the library's own version number is `version`). */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

const ContractLibrarySchema = new Schema<ContractLibraryDoc>(
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
ContractLibrarySchema.index({ key: 1, version: 1 }, { unique: true });
ContractLibrarySchema.index({ status: 1, key: 1 });

ContractLibrarySchema.plugin(leanDefaults);
export const ContractLibraryVersion =
  (mongoose.models.ContractLibraryVersion as Model<ContractLibraryDoc> | undefined) ??
  mongoose.model<ContractLibraryDoc>("ContractLibraryVersion", ContractLibrarySchema, "contract_libraries");
