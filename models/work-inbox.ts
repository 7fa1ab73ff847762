import mongoose, { Schema, type Model } from "mongoose";

/**
 * The workbench inbox's kept documents: the open health-check work (checks not yet accepted, prescription
 * items not yet closed) of one enterprise (`_id` = `enterprise:<id>`, read by its HR, chair and
 * representatives) or of the enterprises directly under one union organisation (`_id` = `org:<id>`, read by
 * the instructors of that node and those above it). One entry per record, a JSON string keyed by
 * `check:<id>` / `item:<id>`; written at the document's version (a claim), so concurrent changes to two
 * records of one enterprise both land. Rebuildable from the records (rebuildInboxes).
 */
export interface WorkInboxDoc {
  _id: string;
  entries: Record<string, string>;
  version: number;
}

const WorkInboxSchema = new Schema<WorkInboxDoc>(
  {
    _id: { type: String, required: true },
    entries: { type: Map, of: String, default: {} },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const WorkInbox =
  (mongoose.models.WorkInbox as Model<WorkInboxDoc> | undefined) ??
  mongoose.model<WorkInboxDoc>("WorkInbox", WorkInboxSchema, "work_inboxes");
