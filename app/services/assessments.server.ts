import crypto from "node:crypto";
import { Types } from "mongoose";
import { addDays, isValidLocalDate, todayInShanghai } from "~/domain/dates";
import { checkEvidenceFile, EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { missingRequired, validateAnswer, visibleQuestions } from "~/domain/health-check/answers";
import { compareAssessments, scoreAssessment, type AssessmentScore } from "~/domain/health-check/scoring";
import type { AnswerValue, Answers, EnterpriseProfile, EvidenceRef } from "~/domain/health-check/types";
import { can, type Action } from "~/domain/policy";
import {
  AnswerRevision,
  Assessment,
  EvidenceFile,
  type AssessmentDoc,
  type AssessmentStatus,
} from "../../models/assessment";
import { bytesOf, createWithBlob } from "../../models/file-blob";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { isDuplicateKeyError } from "../../models/errors";
import { claimOrRecover, releaseClaim, updateAtVersion } from "../../models/write-claim";
import { audit } from "./audit.server";
import { afterAssessmentAccepted } from "./cultivation/proofs.server";
import type { CurrentUser } from "./auth.server";
import { conflict, forbidden, notFound, UserError } from "./http.server";
import { orgPathOf } from "./orgs.server";
import { latestPublished, loadTemplateContent } from "./templates.server";

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
  in_progress: "填写中",
  submitted: "待审核",
  returned: "已退回修改",
  accepted: "已通过",
};

const OPEN: AssessmentStatus[] = ["in_progress", "submitted", "returned"];
const EDITABLE: AssessmentStatus[] = ["in_progress", "returned"];

export function profileOf(e: EnterpriseDoc): AssessmentDoc["profile"] {
  return {
    industry: e.industry,
    headcount: e.headcount,
    womenShare: e.womenShare ?? null,
    unionEstablished: !!e.unionEstablishedOn,
    congressEstablished: e.congressEstablished,
    usesDispatch: e.usesDispatch ?? false,
  };
}

const actorOf = (user: CurrentUser) => ({ id: user.id, name: user.displayName });

async function enterpriseResource(enterpriseId: Types.ObjectId | string) {
  const enterprise = await Enterprise.findById(enterpriseId).lean();
  if (!enterprise) throw notFound("企业不存在");
  const orgPath = await orgPathOf(enterprise.unionOrgId);
  return {
    enterprise,
    resource: { type: "enterprise" as const, enterpriseId: String(enterprise._id), orgPath },
  };
}

/**
 * Starts a health check for each enterprise on the newest published template version. An enterprise
 * that already has an open check is skipped and reported; nothing else is changed for it.
 */
export async function startAssessments(user: CurrentUser, enterpriseIds: string[], dueOn: string) {
  const today = todayInShanghai(new Date());
  if (!isValidLocalDate(dueOn))
    throw new UserError("请填写有效的截止日期", { dueOn: ["请填写有效的截止日期"] });
  if (dueOn < today) throw new UserError("截止日期不能早于今天", { dueOn: ["截止日期不能早于今天"] });
  if (dueOn > addDays(today, 366))
    throw new UserError("截止日期不能晚于一年以后", { dueOn: ["截止日期不能晚于一年以后"] });
  const ids = [...new Set(enterpriseIds)].filter((id) => Types.ObjectId.isValid(id));
  if (ids.length === 0) throw new UserError("请至少选择一家企业");
  if (ids.length > 500) throw new UserError("一次最多为 500 家企业发起体检");
  const template = await latestPublished();
  if (!template) throw new UserError("尚无已发布的体检问卷模板，请联系平台管理员");
  const started: string[] = [];
  const skipped: string[] = [];
  for (const id of ids) {
    const { enterprise, resource } = await enterpriseResource(id);
    if (!can(user, "assessment:start", resource)) throw forbidden(`您无权为“${enterprise.name}”发起法律体检`);
    const open = await Assessment.findOne({ enterpriseId: enterprise._id, status: { $in: OPEN } }).lean();
    // Two people starting at once both find no open check (FerretDB does not isolate find-then-create,
    // README "Race-safe writes"): the unique claim on the enterprise's next check number admits one.
    const count = await Assessment.countDocuments({ enterpriseId: enterprise._id });
    const key = `assessments:start:${String(enterprise._id)}:${count}`;
    const unchanged = async () =>
      (await Assessment.countDocuments({ enterpriseId: enterprise._id })) === count;
    if (open || !(await claimOrRecover(key, unchanged))) {
      skipped.push(`${enterprise.name}（已有进行中的体检）`);
      continue;
    }
    const doc = await Assessment.create({
      enterpriseId: enterprise._id,
      unionOrgId: enterprise.unionOrgId,
      templateId: new Types.ObjectId(template.id),
      templateKey: template.key,
      templateVersion: template.version,
      status: "in_progress",
      dueOn,
      profile: profileOf(enterprise),
      events: [
        { action: "start", by: new Types.ObjectId(user.id), byName: user.displayName, at: new Date() },
      ],
    }).catch(async (error: unknown) => {
      await releaseClaim(key); // nothing was started: the next attempt may take the number
      throw error;
    });
    started.push(String(doc._id));
    await audit(actorOf(user), {
      action: "assessment.start",
      resourceType: "assessment",
      resourceId: String(doc._id),
      resourceName: `${enterprise.name} 法律体检`,
      unionOrgId: String(enterprise.unionOrgId),
      enterpriseId: String(enterprise._id),
      after: { dueOn, template: `${template.title} 第${template.version}版` },
    });
  }
  return { started, skipped };
}

/** Loads an assessment with its template version and checks the person may do `action` on it. */
export async function loadAssessment(user: CurrentUser, id: string, action: Action = "assessment:view") {
  if (!Types.ObjectId.isValid(id)) throw notFound("体检不存在");
  const assessment = await Assessment.findById(id).lean();
  if (!assessment) throw notFound("体检不存在");
  const { enterprise, resource } = await enterpriseResource(assessment.enterpriseId);
  if (!can(user, action, resource)) throw forbidden();
  const template = await loadTemplateContent(assessment.templateId);
  return { assessment, enterprise, template: template.template, templateTitle: template.title, resource };
}

export interface CurrentAnswer {
  value: AnswerValue | null;
  rev: number;
  savedAt: string;
}

/** The newest revision of every answer of an assessment. */
export async function currentAnswers(assessmentId: Types.ObjectId | string) {
  const revisions = await AnswerRevision.find({ assessmentId: new Types.ObjectId(String(assessmentId)) })
    .sort({ questionId: 1, rev: -1 })
    .lean();
  const map = new Map<string, CurrentAnswer>();
  for (const r of revisions) {
    if (!map.has(r.questionId)) {
      map.set(r.questionId, {
        value: JSON.parse(r.value) as AnswerValue | null,
        rev: r.rev,
        savedAt: r.savedAt.toISOString(),
      });
    }
  }
  return map;
}

export function answersObject(map: Map<string, CurrentAnswer>): Answers {
  const answers: Answers = {};
  for (const [id, a] of map) answers[id] = a.value;
  return answers;
}

export type SaveResult =
  | { ok: true; rev: number; value: AnswerValue | null }
  | { ok: false; stale: true; message: string; current: CurrentAnswer }
  | { ok: false; stale?: false; message: string };

/**
 * Autosave of one answer. `baseRev` is the revision the browser last saw (0 = never answered). The new
 * revision is baseRev + 1; if someone saved that revision first (another tab or person), the unique
 * index refuses this one and the caller is told the answer is stale, with the current value.
 */
export async function saveAnswer(
  user: CurrentUser,
  assessmentId: string,
  questionId: string,
  raw: unknown,
  baseRev: number,
): Promise<SaveResult> {
  const { assessment, template } = await loadAssessment(user, assessmentId, "assessment:fill");
  if (!EDITABLE.includes(assessment.status)) {
    return {
      ok: false,
      message:
        assessment.status === "submitted" ? "已提交，等待指导员审核，暂不能修改" : "该体检已完成，不能再修改",
    };
  }
  const question = template.questions.find((q) => q.id === questionId);
  if (!question) return { ok: false, message: "该问题不属于本次体检的问卷版本" };
  if (!Number.isInteger(baseRev) || baseRev < 0) return { ok: false, message: "请求有误，请刷新页面后重试" };
  const checked = validateAnswer(question, raw);
  if (!checked.ok) return { ok: false, message: checked.message };
  if (question.type === "evidence" && Array.isArray(checked.value)) {
    const refs = checked.value as EvidenceRef[];
    const ids = refs.map((r) => r.fileId).filter((f) => Types.ObjectId.isValid(f));
    const owned = await EvidenceFile.countDocuments({
      _id: { $in: ids },
      assessmentId: assessment._id,
      questionId,
    });
    if (owned !== refs.length) return { ok: false, message: "附件不存在或不属于此问题，请重新上传" };
  }
  const stale = (current: CurrentAnswer): SaveResult => ({
    ok: false,
    stale: true,
    message: "此题已在其他窗口或由他人修改，请确认后再保存",
    current,
  });
  const before = (await currentAnswers(assessment._id)).get(questionId) ?? {
    value: null,
    rev: 0,
    savedAt: "",
  };
  if (before.rev !== baseRev) return stale(before);
  try {
    await AnswerRevision.create({
      assessmentId: assessment._id,
      questionId,
      rev: baseRev + 1,
      value: JSON.stringify(checked.value),
      savedBy: new Types.ObjectId(user.id),
      savedAt: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return stale((await currentAnswers(assessment._id)).get(questionId)!);
  }
  return { ok: true, rev: baseRev + 1, value: checked.value };
}

/** Stores an evidence file for a question (type, size and content checked); returns its reference. */
export async function uploadEvidence(
  user: CurrentUser,
  assessmentId: string,
  questionId: string,
  name: string,
  bytes: Uint8Array,
): Promise<EvidenceRef> {
  const { assessment, template } = await loadAssessment(user, assessmentId, "assessment:fill");
  if (!EDITABLE.includes(assessment.status)) throw new UserError("当前状态不能上传附件");
  const question = template.questions.find((q) => q.id === questionId);
  if (!question || question.type !== "evidence") throw new UserError("该问题不接受附件");
  if (bytes.byteLength > EVIDENCE_MAX_BYTES)
    throw new UserError(`文件超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后再上传`);
  const checked = checkEvidenceFile(name, bytes);
  if (!checked.ok) throw new UserError(checked.message);
  const file = await createWithBlob(
    EvidenceFile,
    {
      assessmentId: assessment._id,
      questionId,
      name: name.slice(0, 200),
      contentType: checked.contentType,
      size: bytes.byteLength,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      uploadedBy: new Types.ObjectId(user.id),
      uploadedAt: new Date(),
    },
    bytes,
  );
  await audit(actorOf(user), {
    action: "assessment.upload_evidence",
    resourceType: "assessment",
    resourceId: assessmentId,
    resourceName: name,
    enterpriseId: String(assessment.enterpriseId),
    unionOrgId: String(assessment.unionOrgId),
    after: { questionId, name, size: bytes.byteLength },
  });
  return { fileId: String(file._id), name: file.name };
}

export async function evidenceFile(user: CurrentUser, assessmentId: string, fileId: string) {
  const { assessment } = await loadAssessment(user, assessmentId, "assessment:view");
  if (!Types.ObjectId.isValid(fileId)) throw notFound("附件不存在");
  const file = await EvidenceFile.findOne({ _id: fileId, assessmentId: assessment._id })
    .select({ data: 0 })
    .lean();
  const bytes = file ? await bytesOf(EvidenceFile, file._id) : null;
  if (!file || !bytes) throw notFound("附件不存在");
  return { ...file, bytes: new Uint8Array(bytes) };
}

async function transition(
  user: CurrentUser,
  assessment: AssessmentDoc,
  version: number,
  from: AssessmentStatus[],
  to: AssessmentStatus,
  extra: Record<string, unknown>,
  event: { action: "submit" | "return" | "accept"; note?: string },
) {
  if (assessment.version !== version) throw conflict("该体检已被他人处理，请刷新后重试");
  if (!from.includes(assessment.status))
    throw conflict(`当前状态为“${STATUS_LABELS[assessment.status]}”，不能执行此操作`);
  const saved = await updateAtVersion(
    Assessment,
    assessment._id,
    version,
    {
      $set: { status: to, ...extra },
      $push: {
        events: { ...event, by: new Types.ObjectId(user.id), byName: user.displayName, at: new Date() },
      },
    },
    { status: { $in: from } },
  );
  if (!saved) throw conflict("该体检已被他人处理，请刷新后重试");
  await audit(actorOf(user), {
    action: `assessment.${event.action}`,
    resourceType: "assessment",
    resourceId: String(assessment._id),
    enterpriseId: String(assessment.enterpriseId),
    unionOrgId: String(assessment.unionOrgId),
    before: { status: assessment.status },
    after: { status: to, ...(event.note ? { note: event.note } : {}) },
  });
  return saved;
}

/** HR submits; refused (with the list) while visible required answers are missing. */
export async function submitAssessment(user: CurrentUser, id: string, version: number) {
  const { assessment, template } = await loadAssessment(user, id, "assessment:fill");
  const answers = answersObject(await currentAnswers(assessment._id));
  const missing = missingRequired(template, answers, assessment.profile as EnterpriseProfile);
  if (missing.length) {
    throw new UserError(
      `还有 ${missing.length} 道必答题未填写：${missing
        .slice(0, 5)
        .map((q) => q.id)
        .join("、")}${missing.length > 5 ? " 等" : ""}`,
    );
  }
  return transition(
    user,
    assessment,
    version,
    EDITABLE,
    "submitted",
    { submittedAt: new Date() },
    { action: "submit" },
  );
}

/** The instructor returns it with remarks on particular questions; HR sees them beside those questions. */
export async function returnAssessment(
  user: CurrentUser,
  id: string,
  version: number,
  remarks: { questionId: string; text: string }[],
  note: string,
) {
  const { assessment, template } = await loadAssessment(user, id, "assessment:review");
  const cleaned = remarks
    .map((r) => ({ questionId: r.questionId, text: r.text.trim().slice(0, 500) }))
    .filter((r) => r.text);
  for (const r of cleaned) {
    if (!template.questions.some((q) => q.id === r.questionId)) throw new UserError("批注的问题不属于该问卷");
  }
  if (cleaned.length === 0 && !note.trim()) throw new UserError("退回时请至少填写一条意见");
  return transition(
    user,
    assessment,
    version,
    ["submitted"],
    "returned",
    { remarks: cleaned, returnNote: note.trim().slice(0, 1000) },
    { action: "return", note: note.trim().slice(0, 1000) || `${cleaned.length} 条批注` },
  );
}

/** The instructor accepts; the score is computed once and kept with the assessment. */
export async function acceptAssessment(user: CurrentUser, id: string, version: number) {
  const { assessment, template } = await loadAssessment(user, id, "assessment:review");
  const answers = answersObject(await currentAnswers(assessment._id));
  const score = scoreAssessment(template, answers, assessment.profile as EnterpriseProfile);
  const saved = await transition(
    user,
    assessment,
    version,
    ["submitted"],
    "accepted",
    {
      acceptedAt: new Date(),
      score: JSON.stringify(score),
      overall: score.overall,
      riskLevel: score.riskLevel,
      remarks: [],
    },
    { action: "accept" },
  );
  await afterAssessmentAccepted(saved); // completes the health-check milestone of that year's plan
  return saved;
}

export function storedScore(assessment: Pick<AssessmentDoc, "score">): AssessmentScore | null {
  return assessment.score ? (JSON.parse(assessment.score) as AssessmentScore) : null;
}

export async function listEnterpriseAssessments(user: CurrentUser, enterpriseId: string) {
  const { resource } = await enterpriseResource(enterpriseId);
  if (!can(user, "assessment:view", resource)) throw forbidden();
  const docs = await Assessment.find({ enterpriseId: new Types.ObjectId(enterpriseId) })
    .sort({ createdAt: -1 })
    .lean();
  return {
    canStart: can(user, "assessment:start", resource),
    canFill: can(user, "assessment:fill", resource),
    rows: docs.map((a) => ({
      id: String(a._id),
      status: a.status,
      statusLabel: STATUS_LABELS[a.status],
      dueOn: a.dueOn,
      startedOn: todayInShanghai(a.createdAt),
      templateVersion: a.templateVersion,
      overall: a.overall ?? null,
      riskLevel: a.riskLevel ?? null,
    })),
  };
}

/** Side-by-side comparison of two accepted checks of the same enterprise (older first). */
export async function compareEnterpriseAssessments(user: CurrentUser, aId: string, bId: string) {
  const [a, b] = await Promise.all([loadAssessment(user, aId), loadAssessment(user, bId)]);
  if (String(a.assessment.enterpriseId) !== String(b.assessment.enterpriseId)) {
    throw new UserError("只能比较同一企业的两次体检");
  }
  const sa = storedScore(a.assessment);
  const sb = storedScore(b.assessment);
  if (!sa || !sb) throw new UserError("只能比较已通过审核的体检");
  const [older, newer, os, ns] =
    a.assessment.createdAt <= b.assessment.createdAt ? [a, b, sa, sb] : [b, a, sb, sa];
  return {
    enterpriseName: a.enterprise.name,
    older: { id: String(older.assessment._id), date: todayInShanghai(older.assessment.createdAt) },
    newer: { id: String(newer.assessment._id), date: todayInShanghai(newer.assessment.createdAt) },
    comparison: compareAssessments(os, ns),
  };
}

/** What the HR page shows: the visible questions per dimension with answers and remarks. */
export async function assessmentForm(user: CurrentUser, id: string) {
  const loaded = await loadAssessment(user, id, "assessment:view");
  const map = await currentAnswers(loaded.assessment._id);
  const answers = answersObject(map);
  const profile = loaded.assessment.profile as EnterpriseProfile;
  const visible = visibleQuestions(loaded.template, answers, profile);
  const missing = missingRequired(loaded.template, answers, profile);
  // Whether this person answers for the enterprise at all; canFill adds that the status allows it now.
  const fillsForEnterprise = can(user, "assessment:fill", loaded.resource);
  const canFill = fillsForEnterprise && EDITABLE.includes(loaded.assessment.status);
  return { ...loaded, map, answers, profile, visible, missing, canFill, fillsForEnterprise };
}
