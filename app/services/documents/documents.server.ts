/**
 * Word documents rendered by the worker: risk reports (体检报告) and legal prescriptions (法律处方).
 *
 * One RenderedDocument per (kind, source, version), created when the render is asked for with a snapshot
 * of the builder's input. Asking again — a second click, a batch, a retried job, the sweep after Redis lost
 * its jobs — finds the same document, so each version exists exactly once and its content never depends
 * on when the worker got to it.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { can } from "~/domain/policy";
import { isDuplicateKeyError } from "../../../models/errors";
import { bytesOf, deleteBlob, getBlob, putBlob } from "../../../models/file-blob";
import {
  BARGAINING_DOCUMENT_KINDS,
  RenderedDocument,
  renderIdFor,
  type DocumentKind,
  type RenderedDocumentDoc,
  type RenderStatus,
} from "../../../models/rendered-document";
import type { CultivationPlanData } from "../../../templates/docx/cultivation-plan";
import type { CultivationSummaryData } from "../../../templates/docx/cultivation-summary";
import type { PrescriptionData } from "../../../templates/docx/prescription";
import type {
  FilingLetterData,
  OfferLetterData,
  ResponseLetterData,
} from "../../../templates/docx/bargaining-letters";
import type { MinutesData } from "../../../templates/docx/bargaining-minutes";
import type { ContractDraftData } from "../../../templates/docx/contract-draft";
import type { ContractRedlineData } from "../../../templates/docx/contract-redline";
import type { SignedContractData, VoteResultData } from "../../../templates/docx/congress";
import { BargainingCase } from "../../../models/bargaining-case";
import { enqueueRender, jobLost, renderJobState } from "../../../jobs/enqueue";
import type { CurrentUser } from "../accounts/auth.server";
import { buildFile, type ReportInput } from "./document-build.server";
import { forbidden, notFound } from "../../lib/http.server";
import { orgPathOf } from "../orgs/orgs.server";

export { buildFile, type ReportInput };

/** Builds a document's bytes from its snapshot: in this thread (buildFile) or in a pool of threads. */
export type FileBuilder = (kind: DocumentKind, input: string) => Promise<Buffer>;

export type RenderRequest = {
  kind: DocumentKind;
  sourceId: Types.ObjectId;
  version: number;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  fileName: string;
  requestedBy: string;
} & (
  | { kind: "report"; input: ReportInput }
  | { kind: "prescription"; input: PrescriptionData }
  | { kind: "bargaining_offer"; input: OfferLetterData }
  | { kind: "bargaining_response"; input: ResponseLetterData }
  | { kind: "bargaining_minutes"; input: MinutesData }
  | { kind: "bargaining_filing"; input: FilingLetterData }
  | { kind: "contract_draft"; input: ContractDraftData }
  | { kind: "contract_redline"; input: ContractRedlineData }
  | { kind: "vote_result"; input: VoteResultData }
  | { kind: "signed_contract"; input: SignedContractData }
  | { kind: "cultivation_plan"; input: CultivationPlanData }
  | { kind: "cultivation_summary"; input: CultivationSummaryData }
);

export const RENDER_STATUS_LABELS: Record<RenderStatus, string> = {
  queued: "排队中",
  rendering: "生成中",
  done: "已生成",
  failed: "生成失败",
};

/** What pages show of a rendered document (never the bytes). */
export interface RenderView {
  id: string;
  kind: DocumentKind;
  version: number;
  status: RenderStatus;
  statusLabel: string;
  progress: number;
  fileName: string;
  size: number | null;
  error: string | null;
  renderedAt: string | null;
}

export function renderView(doc: Omit<RenderedDocumentDoc, "data" | "input">): RenderView {
  return {
    id: String(doc._id),
    kind: doc.kind,
    version: doc.version,
    status: doc.status,
    statusLabel: RENDER_STATUS_LABELS[doc.status],
    progress: doc.status === "done" ? 100 : doc.progress,
    fileName: doc.fileName,
    size: doc.size ?? null,
    error: doc.error ?? null,
    renderedAt: doc.renderedAt ? doc.renderedAt.toISOString() : null,
  };
}

const LIGHT = "-data -input";

/**
 * Finds or creates the document for this version and makes sure a job will render it. Returns the
 * document as it stands (already done when it was rendered before: nothing is rendered twice).
 */
export async function requestRender(request: RenderRequest): Promise<RenderView> {
  const key = { kind: request.kind, sourceId: request.sourceId, version: request.version };
  const _id = renderIdFor(request.kind, request.sourceId, request.version);
  let doc = await RenderedDocument.findById(_id).select(LIGHT).lean();
  if (!doc) {
    // The snapshot first: a document never exists without its input. If this request loses the race for
    // the version, the other request's snapshot is the one kept and this one is removed.
    const inputBlobId = new Types.ObjectId();
    await putBlob(inputBlobId, JSON.stringify(request.input));
    try {
      const created = await RenderedDocument.create({
        _id,
        ...key,
        enterpriseId: request.enterpriseId,
        unionOrgId: request.unionOrgId,
        status: "queued",
        progress: 0,
        inputBlobId,
        fileName: request.fileName,
        attempts: 0,
        requestedBy: new Types.ObjectId(request.requestedBy),
      });
      doc = await RenderedDocument.findById(created._id).select(LIGHT).lean();
    } catch (error) {
      await deleteBlob(inputBlobId);
      if (!isDuplicateKeyError(error)) throw error;
      // Created meanwhile by another request, or a document from before derived ids: the triple finds it.
      doc =
        (await RenderedDocument.findById(_id).select(LIGHT).lean()) ??
        (await RenderedDocument.findOne(key).select(LIGHT).lean());
    }
  }
  if (!doc) throw new Error("文档记录创建失败");
  if (doc.status === "failed") {
    // Asked again after a failure: try again from the same snapshot.
    await RenderedDocument.updateOne(
      { _id: doc._id, status: "failed" },
      { $set: { status: "queued", progress: 0 }, $unset: { error: 1 } },
    );
    doc = { ...doc, status: "queued", progress: 0, error: undefined };
  }
  if (doc.status !== "done") await enqueueRender(String(doc._id));
  return renderView(doc);
}

/**
 * Renders one document; a no-op when it is already done. Called by the documents queue's processor, which
 * passes its pool of render threads as `build` (the build is CPU-bound; this thread only reads and writes).
 */
export async function renderDocument(
  renderId: string,
  build: FileBuilder = buildFile,
): Promise<{ skipped: boolean; size?: number }> {
  if (!Types.ObjectId.isValid(renderId)) return { skipped: true };
  const doc = await RenderedDocument.findById(renderId).select(LIGHT).lean();
  if (!doc) return { skipped: true };
  if (doc.status === "done") return { skipped: true };
  // Writes here filter on _id alone: FerretDB looks those up by key, while any other filter reads the
  // whole collection (a batch of N renders would cost O(N²)). Nothing is lost by it: the document was just
  // read as not done, and should another worker finish it meanwhile (a job retried after a stall), both
  // write the same snapshot's file to the same place and mark it done with the same content; a document
  // left "rendering" by a crash is re-enqueued by the sweep.
  // The status write and the snapshot's read go side by side (a round trip less per job).
  const [, input] = await Promise.all([
    RenderedDocument.updateOne(
      { _id: doc._id },
      { $set: { status: "rendering", progress: 10 }, $inc: { attempts: 1 } },
    ),
    renderInputOf(doc),
  ]);
  const bytes = await build(doc.kind, input);
  await putBlob(doc._id, bytes);
  await RenderedDocument.updateOne(
    { _id: doc._id },
    {
      $set: {
        status: "done",
        progress: 100,
        size: bytes.byteLength,
        sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
        renderedAt: new Date(),
      },
      $unset: { error: 1 },
    },
  );
  return { skipped: false, size: bytes.byteLength };
}

/** The snapshot a render builds from (in file_blobs; inline in documents from before the split). */
export async function renderInputOf(doc: Pick<RenderedDocumentDoc, "_id" | "inputBlobId">): Promise<string> {
  const stored = doc.inputBlobId ? await getBlob(doc.inputBlobId) : null;
  if (stored) return stored.toString("utf8");
  const legacy = await RenderedDocument.findById(doc._id).select({ input: 1 }).lean();
  if (!legacy?.input) throw new Error("文档的输入快照缺失");
  return legacy.input;
}

/** Marks a render failed for good (the queue gave up retrying), with a message for the page. */
export async function markRenderFailed(renderId: string, message: string) {
  await RenderedDocument.updateOne(
    { _id: renderId, status: { $ne: "done" } },
    { $set: { status: "failed", error: `文档生成失败：${message}`.slice(0, 500) } },
  );
}

/** Who may download a document of each kind: those who may read what it belongs to. */
const READ_ACTION = {
  report: "report:view",
  prescription: "prescription:view",
  cultivation_plan: "plan:view",
  cultivation_summary: "plan:view",
} as const;

/**
 * The sweep's half of "exactly once": every render not yet done whose job is no longer in Redis (flushed,
 * evicted, or failed for good before the document was marked) is enqueued again. Renders still in a live
 * job are left alone. Returns how many were re-enqueued.
 */
export async function requeueLostRenders(olderThanMs = 5_000): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const pending = await RenderedDocument.find({
    status: { $in: ["queued", "rendering"] },
    updatedAt: { $lt: cutoff },
  })
    .select({ _id: 1 })
    .limit(5_000)
    .lean();
  let requeued = 0;
  for (const doc of pending) {
    const state = await renderJobState(String(doc._id));
    if (jobLost(state)) {
      await enqueueRender(String(doc._id), { replace: state !== "missing" });
      requeued += 1;
    }
  }
  return requeued;
}

/** A rendered file for download, after checking the person may read what it belongs to. */
export async function downloadDocument(user: CurrentUser, id: string) {
  if (!Types.ObjectId.isValid(id)) throw notFound("文档不存在");
  const doc = await RenderedDocument.findById(id).select(LIGHT).lean();
  if (!doc) throw notFound("文档不存在");
  const orgPath = await orgPathOf(doc.unionOrgId);
  if (BARGAINING_DOCUMENT_KINDS.includes(doc.kind)) {
    // A bargaining document is read by whoever may open its case (caucus notes are never in one).
    const source = await BargainingCase.findById(doc.sourceId)
      .select({ enterpriseIds: 1, repUserIds: 1, unionOrgId: 1 })
      .lean();
    if (!source) throw notFound("文档不存在");
    const resource = {
      type: "bargaining_case" as const,
      enterpriseIds: source.enterpriseIds.map(String),
      orgPath: await orgPathOf(source.unionOrgId),
      repUserIds: source.repUserIds.map(String),
    };
    if (!can(user, "bargaining:view", resource)) throw forbidden();
  } else {
    const enterpriseId = String(doc.enterpriseId);
    const action = READ_ACTION[doc.kind as keyof typeof READ_ACTION];
    const resource =
      action === "plan:view"
        ? { type: "plan" as const, enterpriseId, orgPath }
        : { type: "enterprise" as const, enterpriseId, orgPath };
    if (!can(user, action, resource)) throw forbidden();
  }
  // The file is stored under the document's own id (file_blobs; inline in documents from before the split).
  const bytes = doc.status === "done" ? await bytesOf(RenderedDocument, doc._id) : null;
  if (!bytes) throw notFound("文档尚未生成完成，请稍后再试");
  return { fileName: doc.fileName, bytes: new Uint8Array(bytes) };
}
