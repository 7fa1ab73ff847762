import crypto from "node:crypto";
import { Types } from "mongoose";
import { addDays, isValidLocalDate, todayInShanghai, toShanghaiMinute } from "~/domain/dates";
import { checkEvidenceFile, EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { missingRequired, validateAnswer, visibleQuestions } from "~/domain/health-check/answers";
import { decideSave, type AnswerEdit } from "~/domain/health-check/autosave";
import { answerTarget, evidenceByQuestion, type EvidenceListFile } from "~/domain/health-check/attachments";
import { compareAssessments, scoreAssessment, type AssessmentScore } from "~/domain/health-check/scoring";
import type { AnswerValue, Answers, EvidenceRef } from "~/domain/health-check/types";
import {
  ASSESSMENT_STATUS_LABELS,
  ASSESSMENT_STATUSES,
  actionRefusal,
  answersEditable,
  editRefusal,
  isOpen,
  nextAssessmentStatus,
  statusesAllowing,
  type AssessmentAction,
} from "~/domain/health-check/status";
import { can, type Action } from "~/domain/policy";
import {
  AnswerRevision,
  AnswerSheet,
  Assessment,
  EvidenceFile,
  type AssessmentDoc,
  type SheetEntry,
} from "../../../models/assessment";
import { bytesOf, createWithBlob } from "../../../models/file-blob";
import { Enterprise, type EnterpriseDoc } from "../../../models/enterprise";
import { User } from "../../../models/user";
import { isDuplicateKeyError } from "../../../models/errors";
import { claimOrRecover, releaseClaim, updateAtVersion } from "../../../models/write-claim";
import { actorOf, audit } from "../audit/audit.server";
import { keepCheckInInbox } from "../workbench/inbox.server";
import { enterpriseCheckRows, keepEnterpriseCheck } from "./enterprise-checks.server";
import { notifyCheckMoved } from "./notices.server";
import { afterAssessmentAccepted } from "../cultivation/proofs.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { orgPathOf } from "../orgs/orgs.server";
import { requestMemo } from "../../lib/server-timing.server";
import { latestPublished, loadTemplateContent } from "./templates.server";
import { formatFileSize } from "~/domain/evidence";
import { noteChange } from "../dashboards/rollups.server";

const OPEN = ASSESSMENT_STATUSES.filter(isOpen);

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

/**
 * An enterprise by key, once per GET request: a page and its layout both read it (the memo hands both the
 * same object; none changes it).
 */
export function enterpriseOnce(enterpriseId: Types.ObjectId | string) {
  return requestMemo(`enterprise:${String(enterpriseId)}`, () => Enterprise.findById(enterpriseId).lean());
}

async function enterpriseResource(enterpriseId: Types.ObjectId | string) {
  const enterprise = await enterpriseOnce(enterpriseId);
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
    // Two people starting at once both find no open check (FerretDB does not isolate find-then-create,
    // README "Race-safe writes"): the unique claim on the enterprise's next check number admits one. The
    // count is read BEFORE the open check: a check created after the count is then seen as open, and one
    // created before it moved the number on, so no second writer can pass both.
    // First from the enterprise's kept checks (one read by key): every check is started under the claim of
    // the number before it, and claims stay, so rows that lag behind a check just started give a number
    // already claimed, never a free one. Where they do not admit the start (an open check, a claim taken),
    // the checks themselves decide, as before the kept rows.
    const kept = await enterpriseCheckRows(String(enterprise._id));
    let key = `assessments:start:${String(enterprise._id)}:${kept.length}`;
    const unchangedAt = (count: number) => async () =>
      (await Assessment.countDocuments({ enterpriseId: enterprise._id })) === count;
    let won =
      !kept.some(([, row]) => OPEN.includes(row.st)) && (await claimOrRecover(key, unchangedAt(kept.length)));
    if (!won) {
      const count = await Assessment.countDocuments({ enterpriseId: enterprise._id });
      const open = await Assessment.findOne({ enterpriseId: enterprise._id, status: { $in: OPEN } }).lean();
      key = `assessments:start:${String(enterprise._id)}:${count}`;
      won = !open && (await claimOrRecover(key, unchangedAt(count)));
    }
    if (!won) {
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
    // Its answer sheet from the start, so that no read ever looks for revisions of an older shape.
    await AnswerSheet.create({ _id: doc._id, seq: 0, answers: [] });
    started.push(String(doc._id));
    await keepEnterpriseCheck(doc);
    await noteChange("check", doc._id);
    await keepCheckInInbox(doc, enterprise.name);
    await notifyCheckMoved(doc, enterprise, "start");
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
  // The layout (assessments.$id) and the page read it: once per GET request.
  const assessment = await requestMemo(`assessment:${id}`, () => Assessment.findById(id).lean());
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

interface Sheet {
  exists: boolean;
  seq: number;
  answers: SheetEntry[];
}

/**
 * The assessment's answer sheet, read by key. An assessment from before sheets existed has its sheet built
 * once from its revisions (the one read that filters answer_revisions) and stored.
 */
function loadSheet(assessmentId: Types.ObjectId): Promise<Sheet> {
  // The layout's progress and the report's evidence both read it: once per GET request.
  return requestMemo(`sheet:${String(assessmentId)}`, () => readSheet(assessmentId));
}

async function readSheet(assessmentId: Types.ObjectId): Promise<Sheet> {
  const doc = await AnswerSheet.findById(assessmentId).lean();
  if (doc) return { exists: true, seq: doc.seq, answers: doc.answers };
  const revisions = await AnswerRevision.find({ assessmentId }).sort({ questionId: 1, rev: -1 }).lean();
  const newest = new Map<string, SheetEntry>();
  for (const r of revisions) {
    if (!newest.has(r.questionId))
      newest.set(r.questionId, { questionId: r.questionId, value: r.value, rev: r.rev, savedAt: r.savedAt });
  }
  const answers = [...newest.values()];
  try {
    // Stored even when empty, so that the revisions are read once per older assessment.
    await AnswerSheet.create({ _id: assessmentId, seq: 0, answers });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const other = await AnswerSheet.findById(assessmentId).lean();
    if (other) return { exists: true, seq: other.seq, answers: other.answers };
  }
  return { exists: true, seq: 0, answers };
}

const toCurrent = (e: SheetEntry): CurrentAnswer => ({
  value: JSON.parse(e.value) as AnswerValue | null,
  rev: e.rev,
  savedAt: new Date(e.savedAt).toISOString(),
});

/** The newest revision of every answer of an assessment (one read by key). */
export async function currentAnswers(assessmentId: Types.ObjectId | string) {
  const sheet = await loadSheet(new Types.ObjectId(String(assessmentId)));
  return new Map(sheet.answers.map((e) => [e.questionId, toCurrent(e)] as const));
}

const SAVE_ATTEMPTS = 25;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes answer `questionId` into the sheet as decideSave (domain/health-check/autosave.ts) says, taking
 * turns with other writers of the same assessment (another question saved at the same moment): the claim
 * on the sheet's seq admits one writer at a time, the others re-read and try again. The revision is
 * appended to the history first; the unique (assessment, question, rev) index still lets only one of two
 * writers of the same answer win.
 */
async function writeAnswer(
  assessmentId: Types.ObjectId,
  questionId: string,
  edit: AnswerEdit,
  savedBy: Types.ObjectId,
): Promise<
  { ok: true; rev: number; value: string } | { ok: false; current: CurrentAnswer } | { ok: false; busy: true }
> {
  const { value, writer } = edit;
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const sheet = await readSheet(assessmentId); // afresh on every attempt
    const entry = sheet.answers.find((e) => e.questionId === questionId);
    const decision = decideSave(entry, edit);
    if (decision.kind === "stale") {
      return { ok: false, current: entry ? toCurrent(entry) : { value: null, rev: 0, savedAt: "" } };
    }
    if (decision.kind === "unchanged") return { ok: true, rev: decision.rev, value: entry?.value ?? "null" };
    const rev = decision.rev;
    const key = `${AnswerSheet.collection.name}:${String(assessmentId)}:${sheet.seq}`;
    const won = await claimOrRecover(
      key,
      async () =>
        ((await AnswerSheet.findById(assessmentId).select({ seq: 1 }).lean())?.seq ?? 0) === sheet.seq,
    );
    if (!won) {
      await pause(10 + Math.random() * 20 * Math.min(attempt + 1, 5));
      continue;
    }
    // Claims stay (a delete by key reads the whole claims collection on FerretDB; an insert does not), so a
    // writer holding the claim of seq is the only one that can move the sheet from it.
    try {
      const now = await AnswerSheet.findById(assessmentId).select({ seq: 1 }).lean();
      if (!!now !== sheet.exists || (now?.seq ?? 0) !== sheet.seq) continue; // moved on since it was read
      const savedAt = new Date();
      let fresh: SheetEntry = {
        questionId,
        value,
        rev,
        savedAt,
        ...(writer ? { writer: writer.id, writerSeq: writer.seq } : {}),
      };
      try {
        await AnswerRevision.create({ assessmentId, questionId, rev, value, savedBy, savedAt });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // A writer stored this revision and died before the sheet: the sheet takes it, this save is stale.
        const stored = (await AnswerRevision.findOne({ assessmentId, questionId, rev }).lean())!;
        fresh = { questionId, value: stored.value, rev: stored.rev, savedAt: stored.savedAt };
      }
      const answers = [...sheet.answers.filter((e) => e.questionId !== questionId), fresh];
      if (sheet.exists) {
        // By key alone: the claim of seq makes this the only writer moving the sheet from it (checked just
        // above), and FerretDB decodes the whole collection for a filter with anything beside the _id.
        const result = await AnswerSheet.updateOne(
          { _id: assessmentId },
          { $set: { answers, seq: sheet.seq + 1 } },
        );
        if (result.matchedCount === 0) continue;
      } else {
        try {
          await AnswerSheet.create({ _id: assessmentId, seq: 1, answers });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          continue;
        }
      }
      if (fresh.value !== value || fresh.rev !== rev) return { ok: false, current: toCurrent(fresh) };
      return { ok: true, rev, value };
    } catch (error) {
      await releaseClaim(key); // nothing moved the sheet: the next writer may take this seq
      throw error;
    }
  }
  return { ok: false, busy: true };
}

export function answersObject(map: Map<string, CurrentAnswer>): Answers {
  const answers: Answers = {};
  for (const [id, a] of map) answers[id] = a.value;
  return answers;
}

/** An autosave that lost to a newer save of the same answer (another tab or person): the answer as it is now. */
export class StaleAnswer extends UserError {
  constructor(readonly current: CurrentAnswer) {
    super("此题已在其他窗口或由他人修改，请确认后再保存");
    this.name = "StaleAnswer";
  }
}

/**
 * Autosave of one answer. `baseRev` is the revision the browser last saw (0 = never answered); `writer`
 * names the browser window and the number of its edit (domain/health-check/autosave.ts). If someone else
 * saved a newer revision first (another tab or person), a StaleAnswer carries the current value; a
 * window's own newer revision is built on, and its late or repeated edits change nothing. Other refusals
 * are UserErrors.
 */
export async function saveAnswer(
  user: CurrentUser,
  assessmentId: string,
  questionId: string,
  raw: unknown,
  baseRev: number,
  writer?: { id: string; seq: number },
): Promise<{ ok: true; rev: number; value: AnswerValue | null }> {
  const { assessment, template } = await loadAssessment(user, assessmentId, "assessment:fill");
  if (!answersEditable(assessment.status)) throw new UserError(editRefusal(assessment.status));
  // A question of the template, or the files attached to one's answer (attachments.ts).
  const question = answerTarget(template.questions, questionId);
  if (!question) throw new UserError("该问题不属于本次体检的问卷版本");
  if (!Number.isInteger(baseRev) || baseRev < 0) throw new UserError("请求有误，请刷新页面后重试");
  const checked = validateAnswer(question, raw);
  if (!checked.ok) throw new UserError(checked.message);
  let value = checked.value;
  if (question.type === "evidence" && Array.isArray(value)) {
    // Each file by key (a filter on assessment and question would read the whole collection on FerretDB).
    const refs = value as EvidenceRef[];
    const files = await Promise.all(
      refs.map((r) =>
        Types.ObjectId.isValid(r.fileId)
          ? EvidenceFile.findById(r.fileId).select({ assessmentId: 1, questionId: 1, name: 1 }).lean()
          : null,
      ),
    );
    const owned = files.every(
      (f) => f && String(f.assessmentId) === String(assessment._id) && f.questionId === questionId,
    );
    if (!owned) throw new UserError("附件不存在或不属于此问题，请重新上传");
    // The label is the stored file's name, whatever the browser sent with the reference.
    value = refs.map((r, i) => ({ fileId: r.fileId, name: files[i]!.name }));
  }
  const written = await writeAnswer(
    assessment._id,
    questionId,
    { baseRev, value: JSON.stringify(value), writer },
    new Types.ObjectId(user.id),
  );
  if ("busy" in written) throw new UserError("保存繁忙，请稍后再试");
  if (!written.ok) throw new StaleAnswer(written.current);
  return { ok: true, rev: written.rev, value: JSON.parse(written.value) as AnswerValue | null };
}

/**
 * Stores an evidence file for a question, or for the attachments of another question's answer (key
 * `<question id>:files`), with type, size and content checked; returns its reference.
 */
export async function uploadEvidence(
  user: CurrentUser,
  assessmentId: string,
  questionId: string,
  name: string,
  bytes: Uint8Array,
): Promise<EvidenceRef> {
  const { assessment, template } = await loadAssessment(user, assessmentId, "assessment:fill");
  if (!answersEditable(assessment.status)) throw new UserError("当前状态不能上传附件");
  // An evidence question's own files, or the files attached to another question's answer.
  const question = answerTarget(template.questions, questionId);
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
    resourceName: file.name,
    enterpriseId: String(assessment.enterpriseId),
    unionOrgId: String(assessment.unionOrgId),
    after: { questionId, name: file.name, size: bytes.byteLength },
  });
  return { fileId: String(file._id), name: file.name };
}

export async function evidenceFile(user: CurrentUser, assessmentId: string, fileId: string) {
  const { assessment } = await loadAssessment(user, assessmentId, "assessment:view");
  if (!Types.ObjectId.isValid(fileId)) throw notFound("附件不存在");
  // By key alone, then checked: a filter on the assessment beside the key would read every file's record.
  const found = await EvidenceFile.findById(fileId).select({ data: 0 }).lean();
  const file = found && String(found.assessmentId) === String(assessment._id) ? found : null;
  const bytes = file ? await bytesOf(EvidenceFile, file._id) : null;
  if (!file || !bytes) throw notFound("附件不存在");
  return { ...file, bytes: new Uint8Array(bytes) };
}

/**
 * The evidence files given with a check's visible answers, per question in template order: an evidence
 * question's files and the files attached to other answers, each with its size, uploader and time (the
 * review, the report page and the report's annex). Every read is by key.
 */
export async function evidenceList(
  assessment: Pick<AssessmentDoc, "_id" | "templateId" | "profile">,
): Promise<{ questionId: string; question: string; dimension: string; files: EvidenceListFile[] }[]> {
  const { template } = await loadTemplateContent(assessment.templateId);
  const answers = answersObject(await currentAnswers(assessment._id));
  const given = evidenceByQuestion(
    visibleQuestions(template.questions, answers, assessment.profile),
    answers,
  );
  if (given.length === 0) return [];
  const refs = given.flatMap((g) => g.files).filter((f) => Types.ObjectId.isValid(f.fileId));
  const stored = await Promise.all(
    refs.map((f) =>
      EvidenceFile.findById(f.fileId).select({ name: 1, size: 1, uploadedBy: 1, uploadedAt: 1 }).lean(),
    ),
  );
  const files = new Map(stored.filter((f) => f !== null).map((f) => [String(f._id), f]));
  const uploaders = [...new Set([...files.values()].map((f) => String(f.uploadedBy)))];
  const names = new Map(
    await Promise.all(
      uploaders.map(
        async (id) =>
          [id, (await User.findById(id).select({ displayName: 1 }).lean())?.displayName ?? "—"] as const,
      ),
    ),
  );
  const dimension = new Map(template.dimensions.map((d) => [d.id, d.title]));
  return given.map(({ question, files: refsOfQuestion }) => ({
    questionId: question.id,
    question: question.text,
    dimension: dimension.get(question.dimensionId) ?? question.dimensionId,
    files: refsOfQuestion.map((ref) => {
      const file = files.get(ref.fileId);
      return {
        fileId: ref.fileId,
        name: file?.name ?? ref.name,
        size: file ? formatFileSize(file.size) : "—",
        uploadedBy: file ? (names.get(String(file.uploadedBy)) ?? "—") : "—",
        uploadedAt: file ? toShanghaiMinute(file.uploadedAt) : "—",
      };
    }),
  }));
}

/** Moves the check on by `event.action` (app/domain/health-check/status.ts), settling races by version. */
async function transition(
  user: CurrentUser,
  assessment: AssessmentDoc,
  version: number,
  extra: Record<string, unknown>,
  event: { action: AssessmentAction; note?: string },
) {
  if (assessment.version !== version) throw conflict("该体检已被他人处理，请刷新后重试");
  const to = nextAssessmentStatus(assessment.status, event.action);
  if (!to) throw conflict(actionRefusal(assessment.status));
  const from = statusesAllowing(event.action);
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
  await keepEnterpriseCheck(saved);
  await noteChange("check", saved._id);
  const enterprise = await Enterprise.findById(saved.enterpriseId).select({ name: 1 }).lean();
  await keepCheckInInbox(saved, enterprise?.name);
  await notifyCheckMoved(saved, { name: enterprise?.name ?? "" }, event.action);
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
  const missing = missingRequired(template.questions, answers, assessment.profile);
  if (missing.length) {
    throw new UserError(
      `还有 ${missing.length} 道必答题未填写：${missing
        .slice(0, 5)
        .map((q) => q.id)
        .join("、")}${missing.length > 5 ? " 等" : ""}`,
    );
  }
  return transition(user, assessment, version, { submittedAt: new Date() }, { action: "submit" });
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
    { remarks: cleaned, returnNote: note.trim().slice(0, 1000) },
    { action: "return", note: note.trim().slice(0, 1000) || `${cleaned.length} 条批注` },
  );
}

/** The instructor accepts; the score is computed once and kept with the assessment. */
export async function acceptAssessment(user: CurrentUser, id: string, version: number) {
  const { assessment, template } = await loadAssessment(user, id, "assessment:review");
  const answers = answersObject(await currentAnswers(assessment._id));
  const score = scoreAssessment(template, answers, assessment.profile);
  const saved = await transition(
    user,
    assessment,
    version,
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
  // The enterprise's kept checks (one read by key), newest first.
  const rows = await enterpriseCheckRows(enterpriseId);
  return {
    canStart: can(user, "assessment:start", resource),
    canFill: can(user, "assessment:fill", resource),
    rows: rows.map(([id, r]) => ({
      id,
      status: r.st,
      statusLabel: ASSESSMENT_STATUS_LABELS[r.st],
      dueOn: r.due,
      startedOn: r.on,
      templateVersion: r.tv,
      overall: r.ov,
      riskLevel: r.lvl,
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
  const profile = loaded.assessment.profile;
  const visible = visibleQuestions(loaded.template.questions, answers, profile);
  const missing = missingRequired(loaded.template.questions, answers, profile);
  // Whether this person answers for the enterprise at all; canFill adds that the status allows it now.
  const fillsForEnterprise = can(user, "assessment:fill", loaded.resource);
  const canFill = fillsForEnterprise && answersEditable(loaded.assessment.status);
  return { ...loaded, map, answers, profile, visible, missing, canFill, fillsForEnterprise };
}
