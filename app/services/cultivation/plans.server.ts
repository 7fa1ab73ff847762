/**
 * Cultivation plans (培育助推, 一企一策): what instructors, HR, chairs and organisation heads do with them —
 * make plans for one enterprise or a selection, adjust due dates, add records to manual milestones (with
 * photos and files through the evidence machinery), sign off in two steps, and ask for the Word files.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { addDays, isValidLocalDate, todayInShanghai, type LocalDate } from "~/domain/dates";
import { checkEvidenceFile, EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import {
  dueLabel,
  MAX_FILES_PER_RECORD,
  milestonesFor,
  milestoneStatus,
  MILESTONE_STATUS_LABELS,
  nextAction,
  planStage,
  PLAN_STATUS_LABELS,
  recordShortfall,
  type RecordInput,
} from "~/domain/cultivation/milestones";
import {
  isManualKind,
  MILESTONE_KIND_LABELS,
  STAGE_LABELS,
  type ManualKind,
} from "~/domain/cultivation/plan-template";
import { planIsOpen, signOffRefusal } from "~/domain/cultivation/sign-off";
import { can } from "~/domain/policy";
import { ROLE_LABELS } from "~/domain/roles";
import { Assessment } from "../../../models/assessment";
import {
  CultivationFile,
  CultivationPlan,
  CultivationRecord,
  planIdFor,
  type CultivationPlanDoc,
  type RecordFileRef,
} from "../../../models/cultivation-plan";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { bytesOf, createWithBlob, deleteBlob } from "../../../models/file-blob";
import { updateAtVersion } from "../../../models/write-claim";
import { actorOf, audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { orgPathOf } from "../orgs/orgs.server";
import { refreshBoardRow } from "./board.server";
import { planFiles, requestPlanFile, requestSummaryFile } from "./plan-documents.server";
import { latestPlanTemplate } from "./plan-templates.server";
import { eventOf, findPlanOf, loadPlanFor, planResource, withEvents } from "./plan-store.server";
import { resyncPlan } from "./proofs.server";

function auditPlan(
  user: CurrentUser,
  plan: CultivationPlanDoc,
  action: string,
  after?: unknown,
  before?: unknown,
) {
  return audit(actorOf(user), {
    action,
    resourceType: "cultivation_plan",
    resourceId: String(plan._id),
    resourceName: `${plan.enterpriseName} ${plan.year}年度培育计划`,
    enterpriseId: String(plan.enterpriseId),
    unionOrgId: String(plan.unionOrgId),
    before,
    after,
  });
}

export interface CreatePlansInput {
  enterpriseIds: string[];
  year: number;
  startOn: LocalDate;
  rectifyThreshold?: number;
}

/**
 * Makes a plan per enterprise for the year from the newest template, each with its default due dates, and
 * asks for its 培育方案 file. An enterprise that already has a plan for the year is skipped and named.
 */
export async function createPlans(user: CurrentUser, input: CreatePlansInput) {
  const today = todayInShanghai(new Date());
  if (!isValidLocalDate(input.startOn))
    throw new UserError("请填写有效的开始日期", { startOn: ["请填写有效的开始日期"] });
  if (Number(input.startOn.slice(0, 4)) !== input.year)
    throw new UserError("开始日期须在计划年度内", { startOn: ["开始日期须在计划年度内"] });
  if (input.startOn > addDays(today, 366))
    throw new UserError("开始日期不能晚于一年以后", { startOn: ["开始日期不能晚于一年以后"] });
  const ids = [...new Set(input.enterpriseIds)].filter((id) => Types.ObjectId.isValid(id));
  if (ids.length === 0) throw new UserError("请至少选择一家企业", { enterpriseIds: ["请至少选择一家企业"] });
  if (ids.length > 200) throw new UserError("一次最多为 200 家企业制定计划");
  const template = await latestPlanTemplate();
  const threshold = input.rectifyThreshold ?? template.content.defaultRectifyThreshold;
  const created: string[] = [];
  const skipped: string[] = [];
  for (const id of ids) {
    const enterprise = await Enterprise.findById(id).lean();
    if (!enterprise || enterprise.archived) throw notFound("企业不存在");
    const orgPath = await orgPathOf(enterprise.unionOrgId);
    if (!can(user, "plan:manage", { type: "plan", enterpriseId: id, orgPath }))
      throw forbidden(`您无权为“${enterprise.name}”制定培育计划`);
    const latest = (
      await Assessment.find({ enterpriseId: enterprise._id, status: "accepted" })
        .select({ riskLevel: 1, acceptedAt: 1 })
        .lean()
    ).sort((a, b) => (b.acceptedAt?.getTime() ?? 0) - (a.acceptedAt?.getTime() ?? 0))[0];
    const defs = template.content.milestones;
    const milestones = milestonesFor(defs, input.startOn).map((m, i) => ({
      ...m,
      description: defs[i].description,
      assignees: defs[i].assignees.join(","),
    }));
    let plan: CultivationPlanDoc;
    try {
      const doc = await CultivationPlan.create({
        _id: planIdFor(enterprise._id, input.year),
        enterpriseId: enterprise._id,
        enterpriseName: enterprise.name,
        unionOrgId: enterprise.unionOrgId,
        year: input.year,
        startOn: input.startOn,
        templateKey: template.key,
        templateVersion: template.version,
        templateTitle: template.title,
        rectifyThreshold: threshold,
        milestones,
        records: [],
        events: [eventOf("plan", `${user.displayName}制定${input.year}年度培育计划`, today)],
        status: "active",
        riskLevel: latest?.riskLevel ?? null,
        contractStatus: enterprise.contractStatus,
        contractValidUntil: enterprise.contractValidUntil ?? null,
        planDocVersion: 0,
        createdBy: new Types.ObjectId(user.id),
        createdByName: user.displayName,
        version: 0,
      });
      plan = doc.toObject();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      skipped.push(`${enterprise.name}（已有${input.year}年度培育计划）`);
      continue;
    }
    created.push(String(plan._id));
    await auditPlan(user, plan, "cultivation.plan_create", {
      year: input.year,
      startOn: input.startOn,
      threshold,
    });
    // Proofs that exist already (a check accepted earlier this year, a contract in effect) count at once.
    const synced = (await resyncPlan(plan._id)) ?? plan;
    await refreshBoardRow(synced);
    await requestPlanFile(plan, 0, user.id);
  }
  return { created, skipped };
}

export type RecordFieldsInput = Omit<RecordInput, "fileCount">;

/**
 * Adds a record to a manual milestone (a visit log, consultation, the improved rules, the congress, the
 * evaluation result) with its files. A record that says enough completes its milestone on the record's
 * date; an evaluation with a designation also records it on the enterprise.
 */
export async function addRecord(
  user: CurrentUser,
  planId: string,
  milestoneKey: string,
  fields: RecordFieldsInput,
  files: { name: string; bytes: Uint8Array }[],
) {
  const { plan } = await loadPlanFor(user, planId, "plan:view");
  const milestone = plan.milestones.find((m) => m.key === milestoneKey);
  if (!milestone) throw new UserError("该里程碑不属于此计划");
  if (!isManualKind(milestone.kind)) throw new UserError("该里程碑由系统根据相关记录自动完成，无需登记");
  const resource = await planResource(plan, milestone.assignees.split(",").filter(Boolean));
  if (!can(user, "plan:record", resource)) throw forbidden("您不是该事项的协办人，不能登记记录");
  if (!planIsOpen(plan.status)) throw new UserError("培育计划已签署，不能再登记记录");
  const today = todayInShanghai(new Date());
  if (!isValidLocalDate(fields.date)) throw new UserError("请填写有效的日期", { date: ["请填写有效的日期"] });
  if (fields.date > today) throw new UserError("日期不能晚于今天", { date: ["日期不能晚于今天"] });
  if (files.length > MAX_FILES_PER_RECORD) throw new UserError(`每条记录最多 ${MAX_FILES_PER_RECORD} 个附件`);
  const checked = files.map((f) => {
    if (f.bytes.byteLength > EVIDENCE_MAX_BYTES)
      throw new UserError(`“${f.name}”超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后再上传`);
    const result = checkEvidenceFile(f.name, f.bytes);
    if (!result.ok) throw new UserError(`“${f.name}”：${result.message}`);
    return { ...f, contentType: result.contentType };
  });
  const kind = milestone.kind as ManualKind;
  const shortfall = recordShortfall(kind, { ...fields, fileCount: files.length });
  if (kind === "evaluation" && shortfall) throw new UserError(shortfall);
  const stored: RecordFileRef[] = [];
  try {
    for (const f of checked) {
      const file = await createWithBlob(
        CultivationFile,
        {
          ownerType: "plan",
          ownerId: plan._id,
          name: f.name.slice(0, 200),
          contentType: f.contentType,
          size: f.bytes.byteLength,
          sha256: crypto.createHash("sha256").update(f.bytes).digest("hex"),
          uploadedBy: new Types.ObjectId(user.id),
          uploadedByName: user.displayName,
          uploadedAt: new Date(),
        },
        f.bytes,
      );
      stored.push({ fileId: file._id, name: file.name, contentType: file.contentType, size: file.size });
    }
  } catch (error) {
    await Promise.all(
      stored.map((f) => CultivationFile.deleteOne({ _id: f.fileId }).then(() => deleteBlob(f.fileId))),
    );
    throw error;
  }
  const clean = (s: string | undefined, max: number) => (s ?? "").trim().slice(0, max) || undefined;
  const record = (
    await CultivationRecord.create({
      planId: plan._id,
      enterpriseId: plan.enterpriseId,
      unionOrgId: plan.unionOrgId,
      milestoneKey,
      kind,
      date: fields.date,
      peopleMet: clean(fields.peopleMet, 200),
      findings: clean(fields.findings, 2000),
      nextSteps: clean(fields.nextSteps, 1000),
      ruleName: clean(fields.ruleName, 100),
      minutes: clean(fields.minutes, 4000),
      result: fields.result,
      awardYear: fields.result === "awarded" ? fields.awardYear : undefined,
      awardLevel: fields.result === "awarded" ? fields.awardLevel : undefined,
      awardingOrg: fields.result === "awarded" ? clean(fields.awardingOrg, 60) : undefined,
      files: stored,
      completes: shortfall === null,
      createdBy: new Types.ObjectId(user.id),
      createdByName: user.displayName,
      createdAt: new Date(),
    })
  ).toObject();
  const title =
    kind === "rules"
      ? (record.ruleName ?? "规章制度")
      : kind === "evaluation"
        ? record.result === "awarded"
          ? `${record.awardYear}年度${record.awardLevel}和谐劳动关系企业`
          : "未获评"
        : (record.findings ?? record.minutes ?? MILESTONE_KIND_LABELS[kind]).slice(0, 40);
  // The record is appended to the plan at the version read; a concurrent change is retried (records are
  // independent of one another, so no person's input is lost or needs re-typing).
  let saved: CultivationPlanDoc | null = null;
  for (let attempt = 0; attempt < 8 && !saved; attempt++) {
    const current = attempt === 0 ? plan : await CultivationPlan.findById(plan._id).lean();
    if (!current) throw notFound("培育计划不存在");
    if (!planIsOpen(current.status)) throw conflict("培育计划刚被签署，不能再登记记录");
    const completes = shortfall === null;
    const milestones = current.milestones.map((m) =>
      m.key === milestoneKey && completes && !m.doneOn
        ? {
            ...m,
            doneOn: fields.date,
            doneByName: user.displayName,
            proofType: "record",
            proofId: String(record._id),
            proofLabel: `${MILESTONE_KIND_LABELS[kind]}（${fields.date}）`,
          }
        : m,
    );
    const isVisit = kind === "visit" || kind === "consultation";
    saved = await updateAtVersion(CultivationPlan, current._id, current.version, {
      $set: {
        milestones,
        records: [
          ...current.records,
          { id: record._id, milestoneKey, kind, date: fields.date, title, byName: user.displayName },
        ],
        events: withEvents(
          current,
          eventOf("record", `${user.displayName}登记${MILESTONE_KIND_LABELS[kind]}：${title}`, fields.date),
        ),
        ...(isVisit && (!current.lastVisitOn || fields.date > current.lastVisitOn)
          ? { lastVisitOn: fields.date }
          : {}),
      },
    });
  }
  if (!saved) throw conflict("培育计划正被他人修改，请稍后重试");
  await refreshBoardRow(saved);
  if (kind === "evaluation" && fields.result === "awarded") {
    await recordDesignation(plan, fields.awardYear!, fields.awardLevel!, (fields.awardingOrg ?? "").trim());
  }
  await auditPlan(user, plan, "cultivation.record_add", {
    milestone: milestone.title,
    date: fields.date,
    completes: shortfall === null,
    files: stored.map((f) => f.name),
  });
  return { recordId: String(record._id), completes: shortfall === null, shortfall };
}

/** The designation goes onto the enterprise (year, level and awarding organisation), once per year and level. */
async function recordDesignation(plan: CultivationPlanDoc, year: number, level: string, awardedBy: string) {
  for (let attempt = 0; attempt < 8; attempt++) {
    const enterprise = await Enterprise.findById(plan.enterpriseId).lean();
    if (!enterprise) return;
    if (enterprise.harmoniousDesignations.some((d) => d.year === year && d.level === level)) return;
    const saved = await updateAtVersion(Enterprise, enterprise._id, enterprise.version, {
      $set: { harmoniousDesignations: [...enterprise.harmoniousDesignations, { year, level, awardedBy }] },
    });
    if (saved) return;
  }
  throw conflict("企业信息正被他人修改，评估结果已登记，请稍后在企业信息中核对称号");
}

/** The instructor moves a milestone's due date (open plans only; the version the page showed). */
export async function setDueDate(
  user: CurrentUser,
  planId: string,
  version: number,
  key: string,
  dueOn: string,
) {
  const { plan } = await loadPlanFor(user, planId, "plan:manage");
  if (!planIsOpen(plan.status)) throw new UserError("培育计划已签署，不能再调整");
  if (!isValidLocalDate(dueOn)) throw new UserError("请填写有效的日期", { dueOn: ["请填写有效的日期"] });
  if (dueOn < plan.startOn)
    throw new UserError("完成时限不能早于计划开始日期", { dueOn: ["完成时限不能早于计划开始日期"] });
  if (dueOn > addDays(plan.startOn, 730)) throw new UserError("完成时限不能晚于开始日期两年以后");
  const m = plan.milestones.find((x) => x.key === key);
  if (!m) throw new UserError("该里程碑不属于此计划");
  if (plan.version !== version) throw conflict("培育计划已被他人修改，请刷新后重试");
  const saved = await updateAtVersion(CultivationPlan, plan._id, version, {
    $set: { milestones: plan.milestones.map((x) => (x.key === key ? { ...x, dueOn } : x)) },
  });
  if (!saved) throw conflict("培育计划已被他人修改，请刷新后重试");
  await refreshBoardRow(saved);
  await auditPlan(user, plan, "cultivation.due_date", { milestone: m.title, dueOn }, { dueOn: m.dueOn });
  return saved;
}

/**
 * The instructor signs the plan off with the year's summary. Two instructors signing at once: the
 * versioned write admits one; the other is told it was signed meanwhile.
 */
export async function signAsInstructor(user: CurrentUser, planId: string, version: number, summary: string) {
  const { plan } = await loadPlanFor(user, planId, "plan:manage");
  const refusal = signOffRefusal(plan.status, "instructor", { userId: user.id, instructorSignedBy: null });
  if (refusal) throw conflict(refusal);
  const text = summary.replace(/\r\n?/g, "\n").trim();
  if (text.length < 10)
    throw new UserError("请填写培育工作总结（至少 10 个字）", {
      summary: ["请填写培育工作总结（至少 10 个字）"],
    });
  if (text.length > 4000) throw new UserError("工作总结最多 4000 字", { summary: ["工作总结最多 4000 字"] });
  if (plan.version !== version) throw conflict("培育计划已被他人修改或签署，请刷新后重试");
  const today = todayInShanghai(new Date());
  const saved = await updateAtVersion(
    CultivationPlan,
    plan._id,
    version,
    {
      $set: {
        status: "instructor_signed",
        summary: text,
        instructorSignedBy: new Types.ObjectId(user.id),
        instructorSignedByName: user.displayName,
        instructorSignedAt: new Date(),
        events: withEvents(plan, eventOf("sign", `${user.displayName}签署培育工作总结`, today)),
      },
    },
    { status: "active" },
  );
  if (!saved) throw conflict("培育计划已被他人签署，请刷新后查看");
  await refreshBoardRow(saved);
  await auditPlan(
    user,
    plan,
    "cultivation.sign_instructor",
    { status: saved.status },
    { status: plan.status },
  );
  return saved;
}

/** The head of the organisation countersigns: the plan becomes read-only and its 培育工作总结 is rendered. */
export async function countersign(user: CurrentUser, planId: string, version: number) {
  const { plan, resource } = await loadPlanFor(user, planId, "plan:view");
  if (!can(user, "plan:countersign", resource))
    throw forbidden("只有该工会组织的负责人可以审签（且不能审签自己签署的计划）");
  const refusal = signOffRefusal(plan.status, "head", {
    userId: user.id,
    instructorSignedBy: plan.instructorSignedBy ? String(plan.instructorSignedBy) : null,
  });
  if (refusal) throw conflict(refusal);
  if (plan.version !== version) throw conflict("培育计划已被他人修改或审签，请刷新后重试");
  const today = todayInShanghai(new Date());
  const saved = await updateAtVersion(
    CultivationPlan,
    plan._id,
    version,
    {
      $set: {
        status: "signed_off",
        headSignedBy: new Types.ObjectId(user.id),
        headSignedByName: user.displayName,
        headSignedAt: new Date(),
        summaryDocVersion: version + 1,
        events: withEvents(plan, eventOf("sign", `${user.displayName}审签`, today)),
      },
    },
    { status: "instructor_signed" },
  );
  if (!saved) throw conflict("培育计划已被他人审签，请刷新后查看");
  await refreshBoardRow(saved);
  await auditPlan(user, plan, "cultivation.countersign", { status: saved.status }, { status: plan.status });
  await requestSummaryFile(saved, saved.version, user.id);
  return saved;
}

/** Asks for the 培育方案 file of the plan as it stands now (after due dates moved, records added). */
export async function refreshPlanFile(user: CurrentUser, planId: string) {
  const { plan } = await loadPlanFor(user, planId, "plan:manage");
  if (plan.planDocVersion === plan.version) return requestPlanFile(plan, plan.version, user.id);
  const saved = await updateAtVersion(CultivationPlan, plan._id, plan.version, {
    $set: { planDocVersion: plan.version + 1 },
  });
  if (!saved) throw conflict("培育计划已被他人修改，请刷新后重试");
  await refreshBoardRow(saved);
  return requestPlanFile(saved, saved.version, user.id);
}

/** "重新核对": derives the proved milestones again from the records (after a failed hook). */
export async function resyncPlanFor(user: CurrentUser, planId: string) {
  const { plan } = await loadPlanFor(user, planId, "plan:manage");
  if (!planIsOpen(plan.status)) throw new UserError("培育计划已签署，不能再调整");
  const saved = await resyncPlan(plan._id);
  if (saved) await refreshBoardRow(saved);
  return saved;
}

const ASSIGNEE_LABEL = (a: string) =>
  a
    .split(",")
    .filter(Boolean)
    .map((r) => ROLE_LABELS[r as "hr" | "chair"] ?? r)
    .join("、");

/** Everything the plan page shows. */
export async function planPage(user: CurrentUser, planId: string, now = new Date()) {
  const { plan, resource } = await loadPlanFor(user, planId, "plan:view");
  const today = todayInShanghai(now);
  const records = (
    await Promise.all(plan.records.map((r) => CultivationRecord.findById(r.id).lean()))
  ).filter((r) => r !== null);
  const open = planIsOpen(plan.status);
  const manage = can(user, "plan:manage", resource);
  const files = await planFiles(plan);
  const stage = planStage(plan.milestones, plan.status);
  const next = nextAction(plan.milestones);
  return {
    plan: {
      id: String(plan._id),
      enterpriseId: String(plan.enterpriseId),
      enterpriseName: plan.enterpriseName,
      year: plan.year,
      startOn: plan.startOn,
      version: plan.version,
      status: plan.status,
      statusLabel: PLAN_STATUS_LABELS[plan.status],
      stage,
      stageLabel: STAGE_LABELS[stage],
      next: next && open ? { title: next.title, dueOn: next.dueOn, label: dueLabel(next, today) } : null,
      rectifyThreshold: plan.rectifyThreshold,
      riskLevel: plan.riskLevel ? RISK_LEVEL_LABELS[plan.riskLevel] : null,
      templateTitle: `${plan.templateTitle}（第${plan.templateVersion}版）`,
      createdByName: plan.createdByName,
      summary: plan.summary ?? "",
      instructorSigned: plan.instructorSignedByName
        ? { name: plan.instructorSignedByName, at: plan.instructorSignedAt!.toISOString() }
        : null,
      headSigned: plan.headSignedByName
        ? { name: plan.headSignedByName, at: plan.headSignedAt!.toISOString() }
        : null,
      lastVisitOn: plan.lastVisitOn ?? null,
    },
    milestones: await Promise.all(
      plan.milestones.map(async (m) => {
        const status = milestoneStatus(m, today);
        const assignees = m.assignees.split(",").filter(Boolean);
        const manual = isManualKind(m.kind);
        return {
          key: m.key,
          title: m.title,
          kind: m.kind,
          kindLabel: MILESTONE_KIND_LABELS[m.kind],
          manual,
          stageLabel: STAGE_LABELS[m.stage],
          description: m.description,
          dueOn: m.dueOn,
          doneOn: m.doneOn ?? null,
          status,
          // A signed plan is closed: what is still open stays undone, it is no longer "due".
          statusLabel: !open && !m.doneOn ? "未完成" : MILESTONE_STATUS_LABELS[status],
          dueLabel: !open && !m.doneOn ? "计划已签署" : dueLabel(m, today),
          proofLabel: m.proofLabel ?? null,
          assignees: ASSIGNEE_LABEL(m.assignees),
          canRecord: manual && open && can(user, "plan:record", { ...resource, assignees }),
        };
      }),
    ),
    records: records
      .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.getTime() - a.createdAt.getTime())
      .map((r) => ({
        id: String(r._id),
        milestoneKey: r.milestoneKey,
        milestoneTitle: plan.milestones.find((m) => m.key === r.milestoneKey)?.title ?? "",
        kind: r.kind,
        kindLabel: MILESTONE_KIND_LABELS[r.kind],
        date: r.date,
        peopleMet: r.peopleMet ?? "",
        findings: r.findings ?? "",
        nextSteps: r.nextSteps ?? "",
        ruleName: r.ruleName ?? "",
        minutes: r.minutes ?? "",
        result: r.result ?? null,
        award: r.result === "awarded" ? `${r.awardYear}年度 ${r.awardLevel} · ${r.awardingOrg}` : null,
        files: r.files.map((f) => ({
          id: String(f.fileId),
          name: f.name,
          size: f.size,
          image: f.contentType.startsWith("image/"),
        })),
        completes: r.completes,
        byName: r.createdByName,
      })),
    files,
    can: {
      manage: manage && open,
      signInstructor: manage && plan.status === "active",
      countersign: plan.status === "instructor_signed" && can(user, "plan:countersign", resource),
      refreshFile: manage && open,
    },
    today,
  };
}

/** A file of a plan's record, for someone who may read the plan. */
export async function planRecordFile(user: CurrentUser, planId: string, fileId: string) {
  const { plan } = await loadPlanFor(user, planId, "plan:view");
  if (!Types.ObjectId.isValid(fileId)) throw notFound("附件不存在");
  const file = await CultivationFile.findById(fileId).select({ data: 0 }).lean();
  if (!file || file.ownerType !== "plan" || String(file.ownerId) !== String(plan._id))
    throw notFound("附件不存在");
  const bytes = await bytesOf(CultivationFile, file._id);
  if (!bytes) throw notFound("附件不存在");
  return { name: file.name, contentType: file.contentType, bytes: new Uint8Array(bytes) };
}

/** The enterprise page's 培育 tab: its plans of this and the two previous years, by key. */
export async function enterprisePlans(user: CurrentUser, enterpriseId: string, now = new Date()) {
  const year = Number(todayInShanghai(now).slice(0, 4));
  const plans = (
    await Promise.all([year + 1, year, year - 1, year - 2].map((y) => findPlanOf(enterpriseId, y)))
  ).filter((p) => p !== null);
  const today = todayInShanghai(now);
  const enterprise = await Enterprise.findById(enterpriseId).lean();
  const orgPath = enterprise ? await orgPathOf(enterprise.unionOrgId) : [];
  const resource = { type: "plan" as const, enterpriseId, orgPath };
  const visible = [];
  for (const p of plans) {
    if (!can(user, "plan:view", await planResource(p))) continue;
    const next = nextAction(p.milestones);
    const stage = planStage(p.milestones, p.status);
    visible.push({
      id: String(p._id),
      year: p.year,
      statusLabel: PLAN_STATUS_LABELS[p.status],
      stageLabel: STAGE_LABELS[stage],
      done: p.milestones.filter((m) => m.doneOn).length,
      total: p.milestones.length,
      next: next && planIsOpen(p.status) ? `${next.title}（${dueLabel(next, today)}）` : null,
    });
  }
  return {
    plans: visible,
    canCreate: can(user, "plan:manage", resource) && !plans.some((p) => p.year === year),
    designations: (enterprise?.harmoniousDesignations ?? []).map(
      (d) => `${d.year}年度 ${d.level}${d.awardedBy ? `（${d.awardedBy}）` : ""}`,
    ),
    year,
  };
}
