import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

/**
 * An uploaded enterprise spreadsheet awaiting confirmation. Nothing reaches the enterprise registry
 * until the uploader confirms a batch with no errors; rows are kept here meanwhile.
 */
export interface ImportRowDoc {
  rowNumber: number;
  name?: string;
  creditCode?: string;
  /** The validated input as JSON (absent when the row has errors). */
  input?: string;
  errors: string[];
}

export interface ImportBatchDoc {
  _id: Types.ObjectId;
  uploadedBy: Types.ObjectId;
  fileName: string;
  status: "preview" | "imported";
  rows: ImportRowDoc[];
  fileErrors: string[];
  importedCount: number;
  version: number;
  createdAt: Date;
}

const ImportBatchSchema = new Schema<ImportBatchDoc>(
  {
    uploadedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    fileName: { type: String, required: true },
    status: { type: String, enum: ["preview", "imported"], default: "preview" },
    rows: {
      type: [
        new Schema<ImportRowDoc>(
          {
            rowNumber: Number,
            name: String,
            creditCode: String,
            input: String,
            errors: { type: [String], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    fileErrors: { type: [String], default: [] },
    importedCount: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
  },
  { timestamps: true },
);
ImportBatchSchema.index({ uploadedBy: 1, createdAt: -1 });

ImportBatchSchema.plugin(leanDefaults);
export const ImportBatch =
  (mongoose.models.ImportBatch as Model<ImportBatchDoc> | undefined) ??
  mongoose.model<ImportBatchDoc>("ImportBatch", ImportBatchSchema, "import_batches");
