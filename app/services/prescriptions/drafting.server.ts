/**
 * Legal prescriptions (法律处方), drafting and issuing: drafted from a health check's findings, shaped and issued
 * by the instructor as a numbered Word document. Tracking the issued items is in items.server.ts.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { articleAnnex, citedArticles } from "~/domain/citation-format";
import { citationsFromLegalBasis } from "~/domain/health-check/statutes";
import {
  LIMITS,
  PRIORITY_LABELS,
  draftOrder,
  issueProblems,
  itemProblems,
  mergeItems,
  proposeItems,
  type DraftItem,
  type ItemInput,
  type Priority,
} from "~/domain/prescriptions/items";
import { can } from "~/domain/policy";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import {
  decodeCitations,
  encodeCitations,
  findPrescriptionOf,
  Prescription,
  PrescriptionItem,
  type DraftItemDoc,
  type PrescriptionDoc,
} from "../../../models/prescription";
import { renderOfVersion } from "../../../models/rendered-document";
import { Report } from "../../../models/report";
import { UnionOrg } from "../../../models/union-org";
import { updateAtVersion } from "../../../models/write-claim";
import { loadAssessment, storedScore } from "../health-check/assessments.server";
import { actorOf, audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { renderView, requestRender, type RenderRequest } from "../documents/documents.server";
import { conflict, forbidden, UserError } from "../../lib/http.server";
import { takeDocumentNo } from "../numbering/document-numbers.server";
import { notifyUsers } from "../notifications/notifications.server";
import { ensureReport } from "../reports/reports.server";
import { statuteLibrary } from "../../../templates/statutes";
import { citationsOf, itemView } from "./items.server";
import { enterpriseHrIds } from "../health-check/notices.server";
import { keepItemInInbox } from "../workbench/inbox.server";
import { keepItems, keptItemRows } from "./kept-items.server";
import { itemsOfRows } from "./list.server";
import { noteChanges } from "../dashboards/rollups.server";

const today = () => todayInShanghai(new Date());

const toDraft = (d: DraftItemDoc): DraftItem => ({
  ...d,
  ruleIds: d.ruleIds ? d.ruleIds.split(",").filter(Boolean) : [],
  severity: d.severity ?? null,
  citations: citationsOf({ citations: decodeCitations(d.citations), legalBasis: d.legalBasis }),
});
const toDraftDoc = (d: DraftItem): DraftItemDoc => ({
  ...d,
  ruleIds: d.ruleIds.join(","),
  citations: encodeCitations(d.citations),
});

async function loadContext(
  user: CurrentUser,
  assessmentId: string,
  action: "prescription:view" | "prescription:manage",
) {
  const loaded = await loadAssessment(user, assessmentId, "assessment:view");
  if (!can(user, action, loaded.resource)) throw forbidden();
  const score = storedScore(loaded.assessment);
  if (loaded.assessment.status !== "accepted" || !score)
    throw new UserError("体检通过审核后才能开具法律处方");
  const prescription = await findPrescriptionOf(loaded.assessment._id);
  return { ...loaded, score, prescription };
}

function draftItemView(item: DraftItem, dimensionTitles: Map<string, string>) {
  return {
    ...item,
    dimensionTitle: dimensionTitles.get(item.dimensionId) ?? "",
    priorityLabel: PRIORITY_LABELS[item.priority],
  };
}

/** The prescription page of one accepted assessment: the draft being shaped, or the issued items. */
export async function prescriptionPage(user: CurrentUser, assessmentId: string) {
  const { enterprise, resource, score, prescription } = await loadContext(
    user,
    assessmentId,
    "prescription:view",
  );
  const canManage = can(user, "prescription:manage", resource);
  const dimensionTitles = new Map(score.dimensions.map((d) => [d.id, d.title]));
  const issued = prescription?.status === "issued" ? await ensureIssuedItems(prescription) : [];
  const items = (await itemsOfRows(issued))
    .filter((i) => i.prescriptionId.equals(prescription!._id))
    .map((i) => ({
      ...itemView({ ...i, events: [] }),
      dimensionTitle: dimensionTitles.get(i.dimensionId) ?? "",
    }));
  // An issued prescription's file is version 1 for good (prescriptionRenderRequest).
  const render = prescription ? await renderOfVersion("prescription", prescription._id, 1) : null;
  if (!canManage && prescription?.status !== "issued") {
    // HR and the chair see a prescription only once it is issued.
    return {
      assessmentId,
      enterprise: { id: String(enterprise._id), name: enterprise.name },
      prescription: null,
      draft: [],
      items: [],
      render: null,
      canManage,
      findingsCount: score.findings.length,
      dimensions: score.dimensions.map((d) => ({ id: d.id, title: d.title })),
    };
  }
  return {
    assessmentId,
    enterprise: { id: String(enterprise._id), name: enterprise.name },
    prescription: prescription
      ? {
          id: String(prescription._id),
          status: prescription.status,
          prescriptionNo: prescription.prescriptionNo ?? null,
          issuedOn: prescription.issuedOn ?? null,
          issuedByName: prescription.issuedByName ?? null,
          version: prescription.version,
        }
      : null,
    draft:
      prescription?.status === "draft"
        ? prescription.items.map((i) => draftItemView(toDraft(i), dimensionTitles))
        : [],
    items,
    render: render ? renderView(render) : null,
    canManage,
    findingsCount: score.findings.length,
    dimensions: score.dimensions.map((d) => ({ id: d.id, title: d.title })),
  };
}

/** Proposes the draft: one item per finding. Asking twice gives the same draft. */
export async function createPrescriptionDraft(user: CurrentUser, assessmentId: string) {
  const { assessment, score, prescription } = await loadContext(user, assessmentId, "prescription:manage");
  if (prescription) return prescription;
  const report = await ensureReport(assessment, { id: user.id, name: user.displayName });
  // Most severe first, then by dimension (the template's order).
  const ordered = draftOrder(
    score.findings,
    [...score.dimensions].sort((a, b) => a.order - b.order).map((d) => d.id),
  );
  const items = proposeItems(ordered, today());
  try {
    const created = await Prescription.create({
      // Keyed by its assessment (findPrescriptionOf reads it by key).
      _id: assessment._id,
      assessmentId: assessment._id,
      reportId: report._id,
      enterpriseId: assessment.enterpriseId,
      unionOrgId: assessment.unionOrgId,
      status: "draft",
      items: items.map(toDraftDoc),
      createdBy: new Types.ObjectId(user.id),
      version: 0,
    });
    await audit(actorOf(user), {
      action: "prescription.draft",
      resourceType: "prescription",
      resourceId: String(created._id),
      enterpriseId: String(assessment.enterpriseId),
      unionOrgId: String(assessment.unionOrgId),
      after: { items: items.length },
    });
    return created.toObject();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return (await findPrescriptionOf(assessment._id))!;
  }
}

export type DraftEdit =
  | { op: "edit"; key: string; input: ItemInput }
  | { op: "add"; input: ItemInput }
  | { op: "remove"; key: string }
  | { op: "merge"; keys: string[] }
  | { op: "move"; key: string; direction: "up" | "down" };

function fieldErrors(problems: Partial<Record<keyof ItemInput, string>>) {
  return Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, [v]]));
}

/** One change to the draft's items, at the version the instructor saw. */
export async function editPrescriptionDraft(
  user: CurrentUser,
  assessmentId: string,
  version: number,
  edit: DraftEdit,
) {
  const { prescription } = await loadContext(user, assessmentId, "prescription:manage");
  if (!prescription) throw new UserError("请先生成处方草稿");
  if (prescription.status !== "draft") throw conflict("处方已签发，不能再修改");
  if (prescription.version !== version) throw conflict("处方草稿已被他人修改，请刷新后重试");
  let items = prescription.items.map(toDraft);
  const find = (key: string) => {
    const found = items.find((i) => i.key === key);
    if (!found) throw new UserError("该事项已不在草稿中，请刷新后重试");
    return found;
  };
  const clean = (input: ItemInput) => ({
    title: input.title.trim(),
    legalBasis: input.legalBasis.trim(),
    action: input.action.trim(),
    owner: input.owner.trim(),
    dueOn: input.dueOn.trim(),
    priority: input.priority as Priority,
  });
  switch (edit.op) {
    case "edit": {
      const item = find(edit.key);
      const problems = itemProblems(edit.input, today());
      if (Object.keys(problems).length)
        throw new UserError("事项填写有误，请按提示修改", fieldErrors(problems));
      const cleaned = clean(edit.input);
      // A basis edited by hand cites what it now names; an unchanged one keeps its finding's citations.
      const citations =
        cleaned.legalBasis === item.legalBasis
          ? item.citations
          : citationsFromLegalBasis(cleaned.legalBasis, statuteLibrary);
      items = items.map((i) => (i === item ? { ...i, ...cleaned, citations } : i));
      break;
    }
    case "add": {
      const problems = itemProblems(edit.input, today());
      if (Object.keys(problems).length)
        throw new UserError("事项填写有误，请按提示修改", fieldErrors(problems));
      if (items.length >= LIMITS.items) throw new UserError(`一份处方最多 ${LIMITS.items} 项`);
      items.push({
        key: `h-${crypto.randomBytes(6).toString("hex")}`,
        ruleIds: [],
        dimensionId: "",
        severity: null,
        ...clean(edit.input),
        citations: citationsFromLegalBasis(edit.input.legalBasis.trim(), statuteLibrary),
      });
      break;
    }
    case "remove":
      find(edit.key);
      items = items.filter((i) => i.key !== edit.key);
      break;
    case "merge": {
      const keys = [...new Set(edit.keys)];
      if (keys.length < 2) throw new UserError("请至少勾选两项再合并");
      keys.forEach(find);
      items = mergeItems(items, keys);
      break;
    }
    case "move": {
      const index = items.indexOf(find(edit.key));
      const target = edit.direction === "up" ? index - 1 : index + 1;
      if (target < 0 || target >= items.length) return prescription;
      [items[index], items[target]] = [items[target], items[index]];
      break;
    }
  }
  const saved = await updateAtVersion(
    Prescription,
    prescription._id,
    version,
    { $set: { items: items.map(toDraftDoc) } },
    { status: "draft" },
  );
  if (!saved) throw conflict("处方草稿已被他人修改，请刷新后重试");
  await audit(actorOf(user), {
    action: `prescription.${edit.op}`,
    resourceType: "prescription",
    resourceId: String(prescription._id),
    enterpriseId: String(prescription.enterpriseId),
    unionOrgId: String(prescription.unionOrgId),
    before: { items: prescription.items.length },
    after: { items: items.length, ...(edit.op === "edit" || edit.op === "add" ? { item: edit.input } : {}) },
  });
  return saved;
}

/**
 * Issues the prescription: numbers it, freezes its items into tracked PrescriptionItems, renders the Word
 * file and tells the enterprise's HR managers. Each step is idempotent, so an interrupted issue is
 * completed by the next look at the prescription (ensureIssuedItems) rather than left half done.
 */
export async function issuePrescription(user: CurrentUser, assessmentId: string, version: number) {
  const { prescription, enterprise } = await loadContext(user, assessmentId, "prescription:manage");
  if (!prescription) throw new UserError("请先生成处方草稿");
  if (prescription.status !== "draft") throw conflict("处方已签发");
  if (prescription.version !== version) throw conflict("处方草稿已被他人修改，请刷新后重试");
  const items = prescription.items.map(toDraft);
  const problems = issueProblems(items, today());
  if (problems.length) throw new UserError(`处方还不能签发：${problems.slice(0, 5).join("；")}`);
  const issuedOn = today();
  const year = issuedOn.slice(0, 4);
  const prescriptionNo = await takeDocumentNo("prescription", prescription.unionOrgId, year);
  const saved = await updateAtVersion(
    Prescription,
    prescription._id,
    version,
    {
      $set: {
        status: "issued",
        prescriptionNo,
        issuedBy: new Types.ObjectId(user.id),
        issuedByName: user.displayName,
        issuedAt: new Date(),
        issuedOn,
      },
    },
    { status: "draft" },
  );
  if (!saved) throw conflict("处方草稿已被他人修改，请刷新后重试");
  await ensureIssuedItems(saved);
  await requestPrescriptionRender(saved, user.id);
  await audit(actorOf(user), {
    action: "prescription.issue",
    resourceType: "prescription",
    resourceId: String(saved._id),
    resourceName: saved.prescriptionNo,
    enterpriseId: String(saved.enterpriseId),
    unionOrgId: String(saved.unionOrgId),
    after: { prescriptionNo: saved.prescriptionNo, items: items.length },
  });
  await notifyUsers({
    userIds: await enterpriseHrIds(saved.enterpriseId),
    kind: "prescription.issued",
    title: `${enterprise.name}收到法律处方（${saved.prescriptionNo}），共 ${items.length} 项整改事项`,
    body: "请逐项确认并在期限内完成整改、上传佐证材料后提交核验。",
    link: "/prescriptions",
    dedupeKey: `prescription:${String(saved._id)}:issued`,
  });
  return saved;
}

/**
 * The kept rows of an issued prescription's items, by item number: those of its enterprise's document with
 * its number and organisation (a number is unique within the organisation that issued it).
 */
async function keptRowsOf(prescription: PrescriptionDoc) {
  const rows = await keptItemRows("enterprise", [String(prescription.enterpriseId)]);
  const org = String(prescription.unionOrgId);
  return [...rows]
    .filter(([, r]) => r.pno === prescription.prescriptionNo && r.o === org)
    .sort((a, b) => a[1].no - b[1].no);
}

/**
 * Creates the tracked items of an issued prescription that do not exist yet (unique: prescription + no), and
 * returns their kept rows by item number. When its enterprise's kept rows already hold every item, that is a
 * read by key; otherwise the items are counted, the missing ones created, and those found already there
 * (created by an issue that stopped before keeping them) kept.
 */
export async function ensureIssuedItems(prescription: PrescriptionDoc) {
  if (prescription.status !== "issued" || !prescription.prescriptionNo) return [];
  const rows = await keptRowsOf(prescription);
  if (rows.length >= prescription.items.length) return rows;
  const count = await PrescriptionItem.countDocuments({ prescriptionId: prescription._id });
  if (count >= prescription.items.length) {
    await keepItems(
      await PrescriptionItem.find({ prescriptionId: prescription._id }).select({ events: 0 }).lean(),
    );
    return keptRowsOf(prescription);
  }
  const docs = prescription.items.map((d, index) => {
    const item = toDraft(d);
    return {
      prescriptionId: prescription._id,
      assessmentId: prescription.assessmentId,
      enterpriseId: prescription.enterpriseId,
      unionOrgId: prescription.unionOrgId,
      prescriptionNo: prescription.prescriptionNo!,
      no: index + 1,
      ruleIds: item.ruleIds,
      dimensionId: item.dimensionId,
      severity: item.severity,
      title: item.title,
      legalBasis: item.legalBasis,
      citations: item.citations,
      action: item.action,
      owner: item.owner,
      dueOn: item.dueOn,
      priority: item.priority,
      status: "issued" as const,
      note: "",
      instructorId: prescription.issuedBy!,
      issuedOn: prescription.issuedOn!,
      events: [
        {
          action: "issue" as const,
          by: prescription.issuedBy!,
          byName: prescription.issuedByName ?? "",
          at: prescription.issuedAt ?? new Date(),
        },
      ],
      evidenceIds: [],
      version: 0,
    };
  });
  const name = (await Enterprise.findById(prescription.enterpriseId).select({ name: 1 }).lean())?.name;
  const created = [];
  const kept = [];
  for (const doc of docs) {
    try {
      const item = await PrescriptionItem.create(doc);
      created.push(item._id);
      kept.push(item.toObject());
      await keepItemInInbox(item.toObject(), name);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const found = await PrescriptionItem.findOne({ prescriptionId: doc.prescriptionId, no: doc.no })
        .select({ events: 0 })
        .lean();
      if (found) kept.push(found);
    }
  }
  await keepItems(kept);
  await noteChanges("item", created);
  return keptRowsOf(prescription);
}

/** The Word builder's data for an issued prescription. */
async function prescriptionData(prescription: PrescriptionDoc) {
  const [enterprise, org, report] = await Promise.all([
    Enterprise.findById(prescription.enterpriseId).select({ name: 1 }).lean(),
    UnionOrg.findById(prescription.unionOrgId).select({ name: 1, redHead: 1 }).lean(),
    prescription.reportId ? Report.findById(prescription.reportId).select({ reportNo: 1 }).lean() : null,
  ]);
  return {
    prescriptionNo: prescription.prescriptionNo!,
    enterpriseName: enterprise?.name ?? "",
    unionOrgName: org?.name ?? "",
    issuedOn: prescription.issuedOn!,
    issuer: org?.name ?? "",
    instructorName: prescription.issuedByName ?? "",
    ...(report ? { basedOnReportNo: report.reportNo } : {}),
    ...(org?.redHead ? { redHead: org.redHead } : {}),
    annex: articleAnnex(
      prescription.items.flatMap((d) => {
        const item = toDraft(d);
        return citedArticles(item.legalBasis, item.citations, statuteLibrary);
      }),
    ).map((a) => ({ label: a.label, text: a.text })),
    items: prescription.items.map((d, index) => ({
      no: index + 1,
      title: d.title,
      legalBasis: d.legalBasis,
      action: d.action,
      dueOn: d.dueOn,
      owner: d.owner,
      priority: d.priority,
    })),
  };
}

async function requestPrescriptionRender(prescription: PrescriptionDoc, requestedBy: string) {
  return requestRender(await prescriptionRenderRequest(prescription, requestedBy));
}

/** What to render for an issued prescription (also used by the demo data). */
export async function prescriptionRenderRequest(
  prescription: PrescriptionDoc,
  requestedBy: string,
): Promise<RenderRequest> {
  const data = await prescriptionData(prescription);
  // An issued prescription never changes: its file is version 1 for good.
  return {
    kind: "prescription",
    sourceId: prescription._id,
    version: 1,
    enterpriseId: prescription.enterpriseId,
    unionOrgId: prescription.unionOrgId,
    fileName: `${data.enterpriseName}法律处方（${data.prescriptionNo}）.docx`,
    requestedBy,
    input: data,
  };
}

/** The Word file of an issued prescription (rendered again only if it failed before). */
export async function requestPrescriptionFile(user: CurrentUser, assessmentId: string) {
  const { prescription } = await loadContext(user, assessmentId, "prescription:view");
  if (!prescription || prescription.status !== "issued") throw new UserError("处方签发后才能下载");
  return requestPrescriptionRender(prescription, user.id);
}
