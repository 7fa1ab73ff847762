import mongoose, { Schema, type Model } from "mongoose";

/**
 * The prescription items kept per enterprise (`_id` = its id): one compact row per item — status, severity,
 * dimension, deadline, prescription number and item number, and the item's version — so that a list of an
 * enterprise's items (what HR, the chair and a representative see) is a read by `_id`, then the shown items
 * by `_id`. Rows are JSON strings keyed by item id. `built` is false while the document is a placeholder its
 * first reader is filling from the items; every write is at the document's version (a claim). Rebuildable
 * from the items (rebuildEnterpriseItems).
 */
export interface EnterpriseItemsDoc {
  _id: string;
  rows: Record<string, string>;
  built: boolean;
  version: number;
}

const EnterpriseItemsSchema = new Schema<EnterpriseItemsDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: Map, of: String, default: {} },
    built: { type: Boolean, required: true, default: false },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const EnterpriseItems =
  (mongoose.models.EnterpriseItems as Model<EnterpriseItemsDoc> | undefined) ??
  mongoose.model<EnterpriseItemsDoc>("EnterpriseItems", EnterpriseItemsSchema, "enterprise_items");
