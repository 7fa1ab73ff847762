/**
 * Records as earlier versions of the app wrote them: only the fields their model requires, every optional
 * field missing, written through the raw collection so that mongoose fills in no defaults (and, where an
 * earlier version stored things differently, that layout: reports under random ids, Word files and
 * evidence bytes inline). The demo data carries one of each, reachable from the pages, so the browser crawl
 * (tests/e2e/crawl.test.ts) reads them as each role does; tests/integration/older-records.test.ts reads the
 * same shapes through the services and routes.
 *
 * One builder per model: the argument names what the model requires; whatever the builder does not write
 * is what an old record lacks.
 */
import type { Model, Types } from "mongoose";
import type { AssessmentDoc } from "../models/assessment";
import type { AuditDoc } from "../models/audit";
import type { EnterpriseDoc } from "../models/enterprise";
import type { ImportBatchDoc } from "../models/import-batch";
import type { NotificationDoc } from "../models/notification";
import type {
  DraftItemDoc,
  ItemEvidenceDoc,
  PrescriptionDoc,
  PrescriptionItemDoc,
} from "../models/prescription";
import type { RenderedDocumentDoc } from "../models/rendered-document";
import type { ReportBatchDoc } from "../models/report-batch";
import type { ReportDoc } from "../models/report";
import type { UnionOrgDoc } from "../models/union-org";
import type { UserDoc } from "../models/user";
import { orgsChanged } from "../models/org-tree";

type Raw = { _id: Types.ObjectId } & Record<string, unknown>;
type OlderDraftItem = Pick<DraftItemDoc, "key" | "title" | "action" | "owner" | "dueOn" | "priority">;
const stamped = (at: Date) => ({ createdAt: at, updatedAt: at });

export const olderShape = {
  /** A root node: no parentId, ancestors, archived or ruleSet. */
  unionOrg: (o: Pick<UnionOrgDoc, "_id" | "name" | "kind">, at: Date): Raw => ({
    _id: o._id,
    name: o.name,
    kind: o.kind,
    version: 0,
    ...stamped(at),
  }),
  /** No womenShare, address, contacts, union/congress/open-affairs facts, contract, designations, dispatch, archived. */
  enterprise: (
    e: Pick<EnterpriseDoc, "_id" | "name" | "creditCode" | "industry" | "headcount" | "unionOrgId">,
    at: Date,
  ): Raw => ({
    _id: e._id,
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    headcount: e.headcount,
    unionOrgId: e.unionOrgId,
    version: 0,
    ...stamped(at),
  }),
  /** An account never activated: no mobile, password, mustChangePassword, passwordChangedAt, createdBy. */
  user: (u: Pick<UserDoc, "_id" | "accountName" | "displayName" | "roles">, at: Date): Raw => ({
    _id: u._id,
    accountName: u.accountName,
    displayName: u.displayName,
    status: "pending",
    roles: u.roles,
    version: 0,
    ...stamped(at),
  }),
  /**
   * No profile, remarks, returnNote, events, overall, riskLevel, acceptedAt, submittedAt (an accepted one
   * keeps its score: that is what acceptance fixed).
   */
  assessment: (
    a: Pick<
      AssessmentDoc,
      | "_id"
      | "enterpriseId"
      | "unionOrgId"
      | "templateId"
      | "templateKey"
      | "templateVersion"
      | "status"
      | "dueOn"
    > & { score?: string },
    at: Date,
  ): Raw => ({
    _id: a._id,
    enterpriseId: a.enterpriseId,
    unionOrgId: a.unionOrgId,
    templateId: a.templateId,
    templateKey: a.templateKey,
    templateVersion: a.templateVersion,
    status: a.status,
    dueOn: a.dueOn,
    ...(a.score ? { score: a.score } : {}),
    version: 0,
    ...stamped(at),
  }),
  /** Under a random id (before reports were keyed by their assessment); no analysis or its author. */
  report: (
    r: Pick<
      ReportDoc,
      "_id" | "assessmentId" | "enterpriseId" | "unionOrgId" | "reportNo" | "createdBy" | "createdByName"
    >,
    at: Date,
  ): Raw => ({
    _id: r._id,
    assessmentId: r.assessmentId,
    enterpriseId: r.enterpriseId,
    unionOrgId: r.unionOrgId,
    reportNo: r.reportNo,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    version: 1,
    ...stamped(at),
  }),
  /** A done Word file from before file_blobs: snapshot and bytes inline; no inputBlobId, size, sha256, renderedAt. */
  renderedDocument: (
    d: Pick<
      RenderedDocumentDoc,
      "_id" | "kind" | "sourceId" | "version" | "enterpriseId" | "unionOrgId" | "fileName" | "requestedBy"
    > & { input: string; data: Buffer },
    at: Date,
  ): Raw => ({
    _id: d._id,
    kind: d.kind,
    sourceId: d.sourceId,
    version: d.version,
    enterpriseId: d.enterpriseId,
    unionOrgId: d.unionOrgId,
    status: "done",
    progress: 100,
    fileName: d.fileName,
    input: d.input,
    data: d.data,
    attempts: 1,
    requestedBy: d.requestedBy,
    ...stamped(at),
  }),
  /** A draft item: no ruleIds, dimensionId, severity or legalBasis. */
  draftItem: (i: OlderDraftItem): OlderDraftItem => ({
    key: i.key,
    title: i.title,
    action: i.action,
    owner: i.owner,
    dueOn: i.dueOn,
    priority: i.priority,
  }),
  /** No reportId, issuedByName or issuedAt (an issued one keeps its number, issuer and date). */
  prescription: (
    p: Pick<
      PrescriptionDoc,
      "_id" | "assessmentId" | "enterpriseId" | "unionOrgId" | "status" | "createdBy"
    > &
      Partial<Pick<PrescriptionDoc, "prescriptionNo" | "issuedBy" | "issuedOn">> & {
        items: OlderDraftItem[];
      },
    at: Date,
  ): Raw => ({
    _id: p._id,
    assessmentId: p.assessmentId,
    enterpriseId: p.enterpriseId,
    unionOrgId: p.unionOrgId,
    status: p.status,
    ...(p.prescriptionNo
      ? { prescriptionNo: p.prescriptionNo, issuedBy: p.issuedBy, issuedOn: p.issuedOn }
      : {}),
    items: p.items,
    createdBy: p.createdBy,
    version: 1,
    ...stamped(at),
  }),
  /** No ruleIds, dimensionId, severity, legalBasis, note, rejectReason, submittedAt, closedAt or events. */
  prescriptionItem: (
    i: Pick<
      PrescriptionItemDoc,
      | "_id"
      | "prescriptionId"
      | "assessmentId"
      | "enterpriseId"
      | "unionOrgId"
      | "prescriptionNo"
      | "no"
      | "title"
      | "action"
      | "owner"
      | "dueOn"
      | "priority"
      | "status"
      | "instructorId"
      | "issuedOn"
    >,
    at: Date,
  ): Raw => ({
    _id: i._id,
    prescriptionId: i.prescriptionId,
    assessmentId: i.assessmentId,
    enterpriseId: i.enterpriseId,
    unionOrgId: i.unionOrgId,
    prescriptionNo: i.prescriptionNo,
    no: i.no,
    title: i.title,
    action: i.action,
    owner: i.owner,
    dueOn: i.dueOn,
    priority: i.priority,
    status: i.status,
    instructorId: i.instructorId,
    issuedOn: i.issuedOn,
    version: 0,
    ...stamped(at),
  }),
  /** Evidence from before file_blobs: the bytes inline. */
  itemEvidence: (
    e: Pick<
      ItemEvidenceDoc,
      | "_id"
      | "itemId"
      | "name"
      | "contentType"
      | "size"
      | "sha256"
      | "uploadedBy"
      | "uploadedByName"
      | "uploadedAt"
    > & { data: Buffer },
  ): Raw => ({ ...e }),
  /** No body, link or readAt. */
  notification: (
    n: Pick<NotificationDoc, "_id" | "userId" | "kind" | "title" | "dedupeKey" | "createdAt">,
  ): Raw => ({
    ...n,
  }),
  /** No assessmentIds, prepared, skipped, renderIds or finishedAt. */
  reportBatch: (
    b: Pick<ReportBatchDoc, "_id" | "lockKey" | "createdBy" | "createdByName" | "enterpriseCount" | "status">,
    at: Date,
  ): Raw => ({ ...b, ...stamped(at) }),
  /** No actor id, resource, organisation, enterprise, before/after, detail or address. */
  auditEntry: (
    a: Pick<AuditDoc, "at" | "actorName" | "action" | "outcome"> & { _id: Types.ObjectId },
  ): Raw => ({
    ...a,
  }),
  /** No status, rows, fileErrors, importedCount or version. */
  importBatch: (b: Pick<ImportBatchDoc, "_id" | "uploadedBy" | "fileName">, at: Date): Raw => ({
    ...b,
    ...stamped(at),
  }),
};

/** Writes a record exactly as given, once: a second run finds it by _id and changes nothing. */
export async function insertRaw<T>(model: Model<T>, doc: Raw): Promise<void> {
  const { _id, ...fields } = doc;
  await model.collection.updateOne({ _id } as never, { $setOnInsert: fields }, { upsert: true });
  // Around the model's hooks: the cached organisation tree is told here (models/org-tree.ts).
  if (model.modelName === "UnionOrg") await orgsChanged();
}
