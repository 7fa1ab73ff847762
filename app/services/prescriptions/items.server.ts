/**
 * Legal prescriptions (法律处方), item tracking: each issued item is acknowledged, worked on with evidence and
 * submitted by the enterprise, then verified (or sent back) by the instructor; deadlines are swept daily.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { checkEvidenceFile, EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { citationsFromLegalBasis } from "~/domain/health-check/statutes";
import type { Citation } from "~/domain/health-check/types";
import { PRIORITY_LABELS } from "~/domain/prescriptions/items";
import {
  ACTION_REFUSALS,
  DUE_STATE_LABELS,
  ITEM_STATUS_LABELS,
  deadlineNotice,
  itemDueState,
  nextStatus,
  type ItemAction,
} from "~/domain/prescriptions/status";
import { can } from "~/domain/policy";
import { Enterprise } from "../../../models/enterprise";
import { ItemEvidence, PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";
import { bytesOf, createWithBlob, deleteBlob } from "../../../models/file-blob";
import { updateAtVersion } from "../../../models/write-claim";
import { actorOf, audit } from "../audit/audit.server";
import { afterPrescriptionItemVerified } from "../cultivation/proofs.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { orgPathOf } from "../orgs/orgs.server";
import { statuteLibrary } from "../../../templates/statutes";
import { noteChange } from "../dashboards/rollups.server";
import { enterpriseHrIds, orgInstructorIds } from "../health-check/notices.server";
import { keepItemInInbox } from "../workbench/inbox.server";
import { keepItems } from "./kept-items.server";

/** The citations of an item: those kept from its finding, else read from its legal basis (older items). */
export function citationsOf(item: { citations?: Citation[]; legalBasis: string }): Citation[] {
  return item.citations?.length
    ? item.citations.map((c) => ({ statute: c.statute, article: c.article }))
    : citationsFromLegalBasis(item.legalBasis, statuteLibrary);
}

export function itemView(item: PrescriptionItemDoc, now = new Date()) {
  const due = itemDueState(item.status, item.dueOn, todayInShanghai(now));
  return {
    id: String(item._id),
    prescriptionId: String(item.prescriptionId),
    assessmentId: String(item.assessmentId),
    enterpriseId: String(item.enterpriseId),
    prescriptionNo: item.prescriptionNo,
    no: item.no,
    title: item.title,
    legalBasis: item.legalBasis,
    citations: citationsOf(item),
    action: item.action,
    owner: item.owner,
    dueOn: item.dueOn,
    priority: item.priority,
    priorityLabel: PRIORITY_LABELS[item.priority],
    severity: item.severity,
    dimensionId: item.dimensionId,
    status: item.status,
    statusLabel: ITEM_STATUS_LABELS[item.status],
    due,
    dueLabel: DUE_STATE_LABELS[due],
    note: item.note,
    rejectReason: item.rejectReason ?? null,
    version: item.version,
    events: item.events.map((e) => ({ ...e, by: String(e.by), at: e.at.toISOString() })),
  };
}

// ——— Tracking issued items ———

async function loadItem(user: CurrentUser, itemId: string) {
  if (!Types.ObjectId.isValid(itemId)) throw notFound("整改事项不存在");
  const item = await PrescriptionItem.findById(itemId).lean();
  if (!item) throw notFound("整改事项不存在");
  const orgPath = await orgPathOf(item.unionOrgId);
  const resource = { type: "enterprise" as const, enterpriseId: String(item.enterpriseId), orgPath };
  if (!can(user, "prescription:view", resource)) throw forbidden();
  return { item, resource };
}

/** Ids of an item's evidence files: the item's list, or for an item from before it kept one, a query. */
async function evidenceIdsOf(item: Pick<PrescriptionItemDoc, "_id" | "evidenceIds">) {
  if (item.evidenceIds) return item.evidenceIds;
  const found = await ItemEvidence.find({ itemId: item._id })
    .select({ _id: 1 })
    .sort({ uploadedAt: 1 })
    .lean();
  return found.map((f) => f._id);
}

/** An item's evidence files (without their bytes), in upload order, each by key. */
async function evidenceOf(item: Pick<PrescriptionItemDoc, "_id" | "evidenceIds">) {
  const ids = await evidenceIdsOf(item);
  const files = await Promise.all(ids.map((id) => itemFile(item._id, String(id))));
  return files.filter((f) => !!f).sort((a, b) => a.uploadedAt.getTime() - b.uploadedAt.getTime());
}

/** The item page: the item, its history and evidence, and what this person may do with it. */
export async function itemPage(user: CurrentUser, itemId: string) {
  const { item, resource } = await loadItem(user, itemId);
  const [enterprise, evidence] = await Promise.all([
    Enterprise.findById(item.enterpriseId).select({ name: 1 }).lean(),
    evidenceOf(item),
  ]);
  const respond = can(user, "prescription:respond", resource);
  const manage = can(user, "prescription:manage", resource);
  const allowed = (action: ItemAction) =>
    nextStatus(item.status, action) !== null &&
    (action === "verify" || action === "reject" ? manage : respond);
  return {
    item: itemView(item),
    enterpriseName: enterprise?.name ?? "",
    evidence: evidence.map((e) => ({
      id: String(e._id),
      name: e.name,
      size: e.size,
      uploadedByName: e.uploadedByName,
      uploadedAt: e.uploadedAt.toISOString(),
    })),
    can: {
      acknowledge: allowed("acknowledge"),
      work: allowed("work"),
      submit: allowed("submit"),
      verify: allowed("verify"),
      reject: allowed("reject"),
    },
  };
}

const ACTOR_ACTION: Record<ItemAction, "prescription:respond" | "prescription:manage"> = {
  acknowledge: "prescription:respond",
  work: "prescription:respond",
  submit: "prescription:respond",
  verify: "prescription:manage",
  reject: "prescription:manage",
};

/**
 * One step in an item's life (acknowledge, save a note, submit, verify, reject). The status change is
 * settled in the database at the version the person saw: of two people acting at once, one is told to
 * refresh.
 */
export async function actOnItem(
  user: CurrentUser,
  itemId: string,
  version: number,
  action: ItemAction,
  input: { note?: string; reason?: string } = {},
) {
  const { item, resource } = await loadItem(user, itemId);
  if (!can(user, ACTOR_ACTION[action], resource)) throw forbidden();
  if (item.version !== version) throw conflict("该事项已被他人处理，请刷新后重试");
  const next = nextStatus(item.status, action);
  if (!next) throw conflict(ACTION_REFUSALS[action]);
  const set: Record<string, unknown> = { status: next };
  let eventNote: string | undefined;
  if (action === "work") {
    const note = (input.note ?? "").trim();
    if (note.length > 2000) throw new UserError("整改说明最多 2000 字", { note: ["整改说明最多 2000 字"] });
    set.note = note;
    eventNote = note ? "更新整改说明" : undefined;
  }
  if (action === "submit") {
    // The note typed on the page is saved with the submission, so nothing typed is lost.
    const note = input.note === undefined ? item.note : input.note.trim();
    if (note.length > 2000) throw new UserError("整改说明最多 2000 字", { note: ["整改说明最多 2000 字"] });
    set.note = note;
    // The instructor verifies against what was done: files alone do not say it.
    if (!note) {
      throw new UserError("提交核验前，请填写整改说明", {
        note: ["请填写整改说明：已采取的整改措施、完成时间等"],
      });
    }
    set.submittedAt = new Date();
  }
  if (action === "reject") {
    const reason = (input.reason ?? "").trim();
    if (!reason) throw new UserError("退回时请填写理由", { reason: ["退回时请填写理由"] });
    if (reason.length > 1000)
      throw new UserError("退回理由最多 1000 字", { reason: ["退回理由最多 1000 字"] });
    set.rejectReason = reason;
    eventNote = reason;
  }
  if (action === "verify") set.closedAt = new Date();
  const saved = await updateAtVersion(
    PrescriptionItem,
    item._id,
    version,
    {
      $set: set,
      $push: {
        events: {
          action,
          by: new Types.ObjectId(user.id),
          byName: user.displayName,
          at: new Date(),
          note: eventNote,
        },
      },
    },
    { status: item.status },
  );
  if (!saved) throw conflict("该事项已被他人处理，请刷新后重试");
  await noteChange("item", saved._id);
  await audit(actorOf(user), {
    action: `prescription_item.${action}`,
    resourceType: "prescription_item",
    resourceId: String(item._id),
    resourceName: `${item.prescriptionNo} 第${item.no}项`,
    enterpriseId: String(item.enterpriseId),
    unionOrgId: String(item.unionOrgId),
    before: { status: item.status },
    after: { status: next, ...(eventNote ? { note: eventNote } : {}) },
  });
  await keepItemInInbox(saved);
  await keepItems([saved]);
  if (action === "verify") await afterPrescriptionItemVerified(saved); // the plan's rectification milestone
  const link = `/prescriptions/items/${String(item._id)}`;
  const label = `${item.prescriptionNo} 第${item.no}项“${item.title.slice(0, 30)}”`;
  const key = `item:${String(item._id)}:${action}:${saved.version}`;
  if (action === "acknowledge" || (action === "work" && item.status !== next)) {
    await notifyUsers({
      userIds: [item.instructorId],
      kind: action === "acknowledge" ? "prescription.acknowledged" : "prescription.in_progress",
      title: action === "acknowledge" ? `${label}已由企业确认` : `${label}企业已开始整改`,
      link,
      dedupeKey: key,
    });
  } else if (action === "submit") {
    await notifyUsers({
      userIds: [item.instructorId],
      kind: "prescription.submitted",
      title: `${label}已提交核验`,
      link,
      dedupeKey: key,
    });
  } else if (action === "verify" || action === "reject") {
    await notifyUsers({
      userIds: await enterpriseHrIds(item.enterpriseId),
      kind: action === "verify" ? "prescription.verified" : "prescription.rejected",
      title:
        action === "verify"
          ? `${label}已核验销号`
          : `${label}被退回：${(input.reason ?? "").trim().slice(0, 60)}`,
      link,
      dedupeKey: key,
    });
  }
  return saved;
}

/** HR uploads evidence for an item still in their hands (type, size and content checked). */
export async function uploadItemEvidence(user: CurrentUser, itemId: string, name: string, bytes: Uint8Array) {
  const { item, resource } = await loadItem(user, itemId);
  if (!can(user, "prescription:respond", resource)) throw forbidden();
  if (!nextStatus(item.status, "work")) throw new UserError(ACTION_REFUSALS.work);
  if (bytes.byteLength === 0) throw new UserError("请选择要上传的文件");
  if (bytes.byteLength > EVIDENCE_MAX_BYTES)
    throw new UserError(`文件超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后再上传`);
  const checked = checkEvidenceFile(name, bytes);
  if (!checked.ok) throw new UserError(checked.message);
  if ((await evidenceIdsOf(item)).length >= 20) throw new UserError("每项最多上传 20 个佐证材料");
  const file = await createWithBlob(
    ItemEvidence,
    {
      itemId: item._id,
      name: name.slice(0, 200),
      contentType: checked.contentType,
      size: bytes.byteLength,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      uploadedBy: new Types.ObjectId(user.id),
      uploadedByName: user.displayName,
      uploadedAt: new Date(),
    },
    bytes,
  );
  // Uploading evidence is working on the item; every upload is in its history and its list of files.
  if (!(await recordWork(user, item._id, `上传佐证材料：${file.name}`, { add: file._id }))) {
    // Submitted meanwhile (or changed too often): the file is not kept, and nothing else changed.
    await ItemEvidence.deleteOne({ _id: file._id });
    await deleteBlob(file._id);
    throw new UserError(ACTION_REFUSALS.work);
  }
  await audit(actorOf(user), {
    action: "prescription_item.upload_evidence",
    resourceType: "prescription_item",
    resourceId: String(item._id),
    resourceName: file.name,
    enterpriseId: String(item.enterpriseId),
    unionOrgId: String(item.unionOrgId),
    after: { name: file.name, size: file.size },
  });
  return { id: String(file._id), name: file.name };
}

/**
 * A work step in the item's history (an upload, a removal), moving it to 整改中. Written at the version
 * read, re-read on a clash, so two uploads at once both appear.
 */
async function recordWork(
  user: CurrentUser,
  itemId: Types.ObjectId,
  note: string,
  file: { add?: Types.ObjectId; remove?: Types.ObjectId } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await PrescriptionItem.findById(itemId)
      .select({ status: 1, version: 1, evidenceIds: 1 })
      .lean();
    if (!current || !nextStatus(current.status, "work")) return false;
    // The item's list of files with this one added or removed (an older item's list starts from its files).
    const evidenceIds = [...(await evidenceIdsOf(current)), ...(file.add ? [file.add] : [])].filter(
      (id, i, all) => !(file.remove && id.equals(file.remove)) && all.findIndex((o) => o.equals(id)) === i,
    );
    const saved = await updateAtVersion(
      PrescriptionItem,
      itemId,
      current.version,
      {
        $set: { status: "in_progress", evidenceIds },
        $push: {
          events: {
            action: "work",
            by: new Types.ObjectId(user.id),
            byName: user.displayName,
            at: new Date(),
            note,
          },
        },
      },
      { status: current.status },
    );
    if (saved) {
      await keepItemInInbox(saved);
      await keepItems([saved]);
      await noteChange("item", saved._id);
      if (current.status !== "in_progress")
        await notifyUsers({
          userIds: [saved.instructorId],
          kind: "prescription.in_progress",
          title: `${saved.prescriptionNo} 第${saved.no}项“${saved.title.slice(0, 30)}”企业已开始整改`,
          link: `/prescriptions/items/${String(saved._id)}`,
          dedupeKey: `item:${String(saved._id)}:work:${saved.version}`,
        });
      return true;
    }
  }
  return false;
}

/** An item's evidence file, read by key (a filter on the item beside the key would read them all). */
async function itemFile(itemId: Types.ObjectId, fileId: string) {
  const file = await ItemEvidence.findById(fileId).select({ data: 0 }).lean();
  return file && String(file.itemId) === String(itemId) ? file : null;
}

/** HR removes an evidence file while the item is still in their hands (before it is submitted). */
export async function removeItemEvidence(user: CurrentUser, itemId: string, fileId: string) {
  const { item, resource } = await loadItem(user, itemId);
  if (!can(user, "prescription:respond", resource)) throw forbidden();
  if (!nextStatus(item.status, "work")) throw new UserError("已提交核验或已销号，不能再删除佐证材料");
  if (!Types.ObjectId.isValid(fileId)) throw notFound("附件不存在");
  const file = await itemFile(item._id, fileId);
  if (!file) throw new UserError("该佐证材料已被删除，请刷新页面");
  await ItemEvidence.deleteOne({ _id: file._id });
  await deleteBlob(file._id);
  await recordWork(user, item._id, `删除佐证材料：${file.name}`, { remove: file._id });
  await audit(actorOf(user), {
    action: "prescription_item.remove_evidence",
    resourceType: "prescription_item",
    resourceId: String(item._id),
    resourceName: file.name,
    enterpriseId: String(item.enterpriseId),
    unionOrgId: String(item.unionOrgId),
    before: { name: file.name, size: file.size },
  });
  return { name: file.name };
}

export async function itemEvidenceFile(user: CurrentUser, itemId: string, fileId: string) {
  const { item } = await loadItem(user, itemId);
  if (!Types.ObjectId.isValid(fileId)) throw notFound("附件不存在");
  const file = await itemFile(item._id, fileId);
  const bytes = file ? await bytesOf(ItemEvidence, file._id) : null;
  if (!file || !bytes) throw notFound("附件不存在");
  return { name: file.name, contentType: file.contentType, bytes: new Uint8Array(bytes) };
}

// ——— Notifications ———

/**
 * Deadline notices for open items: due soon → HR and the instructor; overdue → HR, the instructor and
 * the instructors of the enterprise's union organisation. Keyed by item, notice and due date, so running
 * it again sends nothing new; moving a deadline would notify again.
 */
export async function sweepPrescriptionDeadlines(now: Date): Promise<number> {
  const todayLocal = todayInShanghai(now);
  const open = await PrescriptionItem.find({ status: { $ne: "closed" } })
    .select({
      status: 1,
      dueOn: 1,
      enterpriseId: 1,
      unionOrgId: 1,
      instructorId: 1,
      prescriptionNo: 1,
      no: 1,
      title: 1,
    })
    .lean();
  const hrCache = new Map<string, Types.ObjectId[]>();
  const orgCache = new Map<string, Types.ObjectId[]>();
  let created = 0;
  for (const item of open) {
    const notice = deadlineNotice(item.status, item.dueOn, todayLocal);
    if (!notice) continue;
    const enterpriseKey = String(item.enterpriseId);
    if (!hrCache.has(enterpriseKey)) hrCache.set(enterpriseKey, await enterpriseHrIds(item.enterpriseId));
    const recipients = [...hrCache.get(enterpriseKey)!, item.instructorId];
    if (notice === "overdue") {
      const orgKey = String(item.unionOrgId);
      if (!orgCache.has(orgKey)) orgCache.set(orgKey, await orgInstructorIds(item.unionOrgId));
      recipients.push(...orgCache.get(orgKey)!);
    }
    const label = `${item.prescriptionNo} 第${item.no}项“${item.title.slice(0, 30)}”`;
    const result = await notifyUsers({
      userIds: recipients,
      kind: `prescription.${notice}`,
      title:
        notice === "overdue" ? `${label}已逾期（期限 ${item.dueOn}）` : `${label}将于 ${item.dueOn} 到期`,
      link: `/prescriptions/items/${String(item._id)}`,
      dedupeKey: `item:${String(item._id)}:${notice}:${item.dueOn}`,
    });
    created += result.created;
  }
  return created;
}
