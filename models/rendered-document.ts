import crypto from "node:crypto";
import mongoose, { Schema, Types, type Model } from "mongoose";
import { leanDefaults } from "./lean-defaults";
import { recallFixed, rememberFixed } from "./kept-rows";

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

/*
 * Documents from before derived ids carry random ids. requestRender creates none any more, so the set is
 * fixed: it is read once per process (one pass over the collection) into a map from "<kind>:<source>" to
 * their ids, and a source's documents are then read by key (see rendersOf).
 */
let olderRenders: Promise<Map<string, Types.ObjectId[]>> | null = null;

function olderRenderIds(): Promise<Map<string, Types.ObjectId[]>> {
  olderRenders ??= RenderedDocument.find()
    .select({ _id: 1, kind: 1, sourceId: 1, version: 1 })
    .lean()
    .then((all) => {
      const map = new Map<string, Types.ObjectId[]>();
      for (const d of all) {
        if (d._id.equals(renderIdFor(d.kind, d.sourceId, d.version))) continue;
        const key = `${d.kind}:${String(d.sourceId)}`;
        map.set(key, [...(map.get(key) ?? []), d._id]);
      }
      return map;
    })
    .catch((error: unknown) => {
      olderRenders = null;
      throw error;
    });
  return olderRenders;
}

/** What a batch of renders keeps as it finishes: how many were done, and which had failed. */
export interface SettledRenders {
  doneCount?: number;
  failedRenderIds?: Types.ObjectId[];
}

/** What a batch keeps as it finishes (one read over its renders: once per batch). */
export async function settleRenders(ids: Types.ObjectId[]): Promise<Required<SettledRenders>> {
  const docs = ids.length
    ? await RenderedDocument.find({ _id: { $in: ids } })
        .select({ status: 1 })
        .lean()
    : [];
  return {
    doneCount: docs.filter((d) => d.status === "done").length,
    failedRenderIds: docs.filter((d) => d.status === "failed").map((d) => d._id),
  };
}

/**
 * How many of these renders are done and failed. A finished batch passes what it kept (`settled`): then
 * only its failed renders are read again, by key (one generated again since counts as done); otherwise one
 * read over the renders (a running batch's progress).
 */
export async function renderCounts(
  ids: Types.ObjectId[],
  settled: SettledRenders = {},
): Promise<{ done: number; failed: number }> {
  if (settled.doneCount !== undefined && settled.failedRenderIds) {
    const now = await Promise.all(
      settled.failedRenderIds.map((id) => RenderedDocument.findById(id).select({ status: 1 }).lean()),
    );
    return {
      done: settled.doneCount + now.filter((d) => d?.status === "done").length,
      failed: now.filter((d) => d?.status === "failed").length,
    };
  }
  const counts = ids.length
    ? await RenderedDocument.aggregate<{ _id: string; n: number }>([
        { $match: { _id: { $in: ids } } },
        { $group: { _id: "$status", n: { $sum: 1 } } },
      ])
    : [];
  const count = (s: string) => counts.find((c) => c._id === s)?.n ?? 0;
  return { done: count("done"), failed: count("failed") };
}

/**
 * A document by key, without `data` and `input`. One that is done never changes again (a render of a done
 * document is skipped, a failure never marks one, none is deleted), so each process keeps those it read: the
 * reports list shows fifty a page.
 */
async function lightRender(id: Types.ObjectId | string) {
  const kept = recallFixed<LightRender>(RenderedDocument as never, String(id));
  if (kept) return kept;
  const doc: LightRender | null = await RenderedDocument.findById(id).select("-data -input").lean();
  if (doc?.status === "done") rememberFixed(RenderedDocument as never, String(id), doc, 1);
  return doc;
}
type LightRender = Omit<RenderedDocumentDoc, "data" | "input">;

/** The document of one version of a source, without `data` and `input` (by key; null when there is none). */
export async function renderOfVersion(kind: DocumentKind, sourceId: Types.ObjectId, version: number) {
  const older = (await olderRenderIds()).get(`${kind}:${String(sourceId)}`) ?? [];
  const docs = await Promise.all([renderIdFor(kind, sourceId, version), ...older].map(lightRender));
  return docs.find((d) => d && d.version === version) ?? null;
}

/**
 * The documents of a source for versions 1..`upTo`, newest version first, without `data` and `input`:
 * each version read by its derived key, plus any from before derived ids (by key too).
 */
export async function rendersOf(kind: DocumentKind, sourceId: Types.ObjectId, upTo: number) {
  const versions = Array.from({ length: Math.max(0, upTo) }, (_, i) => i + 1);
  const older = (await olderRenderIds()).get(`${kind}:${String(sourceId)}`) ?? [];
  const ids = [...versions.map((v) => renderIdFor(kind, sourceId, v)), ...older];
  const docs = await Promise.all(ids.map(lightRender));
  const byVersion = new Map<number, NonNullable<(typeof docs)[number]>>();
  for (const d of docs) if (d && !byVersion.has(d.version)) byVersion.set(d.version, d);
  return [...byVersion.values()].sort((a, b) => b.version - a.version);
}
