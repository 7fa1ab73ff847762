import crypto from "node:crypto";
import mongoose, { Schema, Types, type Model } from "mongoose";
import { leanDefaults } from "./lean-defaults";

export const DOCUMENT_KINDS = [
  "report",
  "prescription",
  // Collective bargaining: 要约书, 回应书, 协商会议记录 (per round), 报送审查函. sourceId is the case.
  "bargaining_offer",
  "bargaining_response",
  "bargaining_minutes",
  "bargaining_filing",
  // Contract drafts of a bargaining case: 集体合同（草案） per version (version = its number) and the redline
  // between two (version = from × 1000 + to; from 0 is the previous contract). sourceId is the case.
  "contract_draft",
  "contract_redline",
  // The congress vote and the contract: 表决结果 (sourceId the case, version the vote), 集体合同 as signed.
  "vote_result",
  "signed_contract",
  // Cultivation plans: 一企一策 培育方案 and 培育工作总结. sourceId is the plan.
  "cultivation_plan",
  "cultivation_summary",
] as const;
/** Kinds whose source is a bargaining case (access by the case, not the enterprise's reports). */
export const BARGAINING_DOCUMENT_KINDS: readonly DocumentKind[] = [
  "bargaining_offer",
  "bargaining_response",
  "bargaining_minutes",
  "bargaining_filing",
  "contract_draft",
  "contract_redline",
  "vote_result",
  "signed_contract",
];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const RENDER_STATUSES = ["queued", "rendering", "done", "failed"] as const;
export type RenderStatus = (typeof RENDER_STATUSES)[number];

/**
 * A Word file rendered by the documents queue. One document per (kind, source, version): the unique index
 * makes "render this version" idempotent however often it is asked for, by a click, a batch, a retried job
 * or the sweep that re-enqueues jobs lost from Redis. `input` is the JSON snapshot of the builder's data
 * taken when the render was requested, so the file shows exactly that version even if the source moves on.
 *
 * The snapshot and the file live in file_blobs (see file-blob.ts: kept out of here so that queries on these
 * documents stay cheap on FerretDB): the snapshot under `inputBlobId`, the file under this document's own _id.
 * Documents written before that split carry them inline, in `input` and `data`; readers fall back to those.
 */
export interface RenderedDocumentDoc {
  _id: Types.ObjectId;
  kind: DocumentKind;
  sourceId: Types.ObjectId;
  version: number;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  status: RenderStatus;
  /** 0–100, for the progress bar. */
  progress: number;
  inputBlobId?: Types.ObjectId;
  fileName: string;
  /** Legacy (before file_blobs): the snapshot and the file inline. */
  input?: string;
  data?: Buffer;
  size?: number;
  sha256?: string;
  error?: string;
  attempts: number;
  requestedBy: Types.ObjectId;
  renderedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const RenderedDocumentSchema = new Schema<RenderedDocumentDoc>(
  {
    kind: { type: String, enum: DOCUMENT_KINDS, required: true },
    sourceId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: RENDER_STATUSES, required: true, default: "queued" },
    progress: { type: Number, required: true, default: 0 },
    inputBlobId: Schema.Types.ObjectId,
    fileName: { type: String, required: true },
    input: String,
    data: Buffer,
    size: Number,
    sha256: String,
    error: String,
    attempts: { type: Number, required: true, default: 0 },
    requestedBy: { type: Schema.Types.ObjectId, required: true },
    renderedAt: Date,
  },
  { timestamps: true },
);
RenderedDocumentSchema.index({ kind: 1, sourceId: 1, version: 1 }, { unique: true });
RenderedDocumentSchema.index({ status: 1, updatedAt: 1 });
RenderedDocumentSchema.index({ unionOrgId: 1, kind: 1, status: 1 });

/**
 * The _id of the document for (kind, source, version), derived from them: finding a version's document is
 * then a lookup by key, which FerretDB answers without reading the collection (documents created before
 * this have random ids; the unique index on the triple still finds them, see requestRender).
 */
export function renderIdFor(kind: DocumentKind, sourceId: Types.ObjectId | string, version: number) {
  const hash = crypto
    .createHash("sha256")
    .update(`${kind}:${String(sourceId)}:${version}`)
    .digest("hex");
  return new Types.ObjectId(hash.slice(0, 24));
}

RenderedDocumentSchema.plugin(leanDefaults);
export const RenderedDocument =
  (mongoose.models.RenderedDocument as Model<RenderedDocumentDoc> | undefined) ??
  mongoose.model<RenderedDocumentDoc>("RenderedDocument", RenderedDocumentSchema, "rendered_documents");
