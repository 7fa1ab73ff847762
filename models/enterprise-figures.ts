import mongoose, { Schema, type Model } from "mongoose";

/**
 * The enterprises kept per union organisation (`_id` = its id): one compact row per enterprise directly
 * under it that is not archived — whether it has a union and its contract status (the workbench's figures),
 * and its name, credit code, industry, headcount and contract end (the enterprise list's columns and
 * filters) — so that the figures and the list are a handful of reads by `_id` instead of queries over the
 * enterprises. Rows are JSON strings keyed by enterprise id. `built` is false while the
 * document is a placeholder that its first reader is filling from the records; every write is at the
 * document's version (a claim), so a change that lands while a reader builds makes the reader build again.
 * Rebuildable from the enterprises (rebuildEnterpriseFigures).
 */
export interface EnterpriseFiguresDoc {
  _id: string;
  rows: Record<string, string>;
  built: boolean;
  /** The rows' shape (a document of an older shape is built again from the records on its next read). */
  format?: number;
  version: number;
}

const EnterpriseFiguresSchema = new Schema<EnterpriseFiguresDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: Map, of: String, default: {} },
    built: { type: Boolean, required: true, default: false },
    format: { type: Number, default: 0 },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const EnterpriseFigures =
  (mongoose.models.EnterpriseFigures as Model<EnterpriseFiguresDoc> | undefined) ??
  mongoose.model<EnterpriseFiguresDoc>("EnterpriseFigures", EnterpriseFiguresSchema, "enterprise_figures");
