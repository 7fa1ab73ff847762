/**
 * Trainings (政策培训 / 云上课堂): sessions an instructor holds for invited enterprises, with materials, sign-in
 * by the instructor or by each attendee through the session's link (no account), and a short feedback
 * form. Attendance completes the training milestone of the attendee's enterprise's plan.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { isValidLocalDate, todayInShanghai } from "~/domain/dates";
import { checkEvidenceFile, EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import {
  attendeeNameProblem,
  averageSatisfaction,
  SATISFACTION_LABELS,
  signInRefusal,
} from "~/domain/cultivation/trainings";
import { can } from "~/domain/policy";
import { CultivationFile } from "../../../models/cultivation-plan";
import { rollupIds } from "../../../models/cultivation-rollup";
import {
  Attendance,
  type AttendanceDoc,
  attendanceIdFor,
  signInLinkToken,
  Training,
  type TrainingDoc,
} from "../../../models/cultivation-training";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { bytesOf, createWithBlob } from "../../../models/file-blob";
import { UnionOrg } from "../../../models/union-org";
import { updateAtVersion } from "../../../models/write-claim";
import { actorOf, audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { visibleOrgs } from "../access/list-scope.server";
import { orgPathOf } from "../orgs/orgs.server";
import { afterTrainingAttended } from "./proofs.server";
import { keepingAfter, keepRows, readRollup, readRollups, rowsOf } from "./rollups.server";
import { noteChange } from "../dashboards/rollups.server";
import { countedSubtreeOf } from "~/domain/org-tree";
import { compareZh } from "~/lib/text";

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

async function loadTraining(user: CurrentUser, id: string) {
  if (!Types.ObjectId.isValid(id)) throw notFound("培训不存在");
  const training = await Training.findById(id).lean();
  if (!training) throw notFound("培训不存在");
  if (!can(user, "training:manage", { type: "org", orgPath: await orgPathOf(training.unionOrgId) }))
    throw forbidden();
  return training;
}

/** What an organisation's kept document of the year holds of one training. */
interface TrainingRow {
  id: string;
  topic: string;
  mode: "onsite" | "online";
  date: string;
  place: string;
  invited: number;
}

const trainingYear = (t: Pick<TrainingDoc, "date">) => Number(t.date.slice(0, 4));

const trainingRowOf = (t: TrainingDoc): string =>
  JSON.stringify({
    id: String(t._id),
    topic: t.topic,
    mode: t.mode,
    date: t.date,
    place: t.mode === "online" ? "线上" : (t.place ?? ""),
    invited: t.invited.length,
  } satisfies TrainingRow);

/** An organisation's trainings of a year, from the trainings themselves (a kept document made for the first time). */
async function rowsOfOrgTrainings(unionOrgId: string, year: number) {
  return (await rowsOfOrgsTrainings([unionOrgId], year)).get(unionOrgId) ?? {};
}

/** The same for several organisations at once: one pass over the trainings. */
async function rowsOfOrgsTrainings(unionOrgIds: string[], year: number) {
  const wanted = new Set(unionOrgIds);
  const byOrg = new Map<string, Record<string, string>>();
  for (const t of await Training.find({}).select({ materials: 0 }).lean()) {
    if (!wanted.has(String(t.unionOrgId)) || trainingYear(t) !== year) continue;
    const rows = byOrg.get(String(t.unionOrgId)) ?? {};
    rows[String(t._id)] = trainingRowOf(t);
    byOrg.set(String(t.unionOrgId), rows);
  }
  return byOrg;
}

/**
 * The trainings of a year held by the organisations the person instructs, newest first: one kept document
 * per visible organisation, read by key.
 */
export async function listTrainings(
  user: CurrentUser,
  year = Number(todayInShanghai(new Date()).slice(0, 4)),
  /** Only the trainings hosted by this organisation and those below it (the dashboard links here with it). */
  orgId?: string,
) {
  if (!can(user, "plan:list", { type: "system" })) throw forbidden();
  const visible = await visibleOrgs(user);
  // Filtered by an organisation, the list holds what the dashboard counts: archived hosts are left out.
  const orgs = orgId ? countedSubtreeOf(visible, orgId) : visible;
  const idOf = (orgId: string) => rollupIds.orgTrainings(orgId, year);
  const docs = await readRollups(
    orgs.map((o) => idOf(String(o._id))),
    async (missing) => {
      const missingOrgs = orgs.map((o) => String(o._id)).filter((id) => missing.includes(idOf(id)));
      const byOrg = await rowsOfOrgsTrainings(missingOrgs, year);
      return new Map(missingOrgs.map((id) => [idOf(id), byOrg.get(id) ?? {}]));
    },
  );
  return docs
    .flatMap((doc, i) => rowsOf<TrainingRow>(doc).map((r) => ({ ...r, orgName: orgs[i].name })))
    .sort((a, b) => b.date.localeCompare(a.date) || compareZh(a.topic, b.topic));
}

export interface TrainingInput {
  topic: string;
  mode: "onsite" | "online";
  date: string;
  time?: string;
  place?: string;
  onlineLink?: string;
  unionOrgId: string;
  enterpriseIds: string[];
}

export async function createTraining(user: CurrentUser, input: TrainingInput) {
  if (!Types.ObjectId.isValid(input.unionOrgId))
    throw new UserError("请选择主办工会", { unionOrgId: ["请选择主办工会"] });
  const org = await UnionOrg.findById(input.unionOrgId).lean();
  if (!org || org.archived) throw new UserError("主办工会不存在或已归档");
  if (!can(user, "training:manage", { type: "org", orgPath: await orgPathOf(org._id) }))
    throw forbidden("您无权以该工会组织名义举办培训");
  if (!isValidLocalDate(input.date))
    throw new UserError("请填写有效的培训日期", { date: ["请填写有效的培训日期"] });
  if (input.mode === "onsite" && !input.place?.trim())
    throw new UserError("请填写培训地点", { place: ["请填写培训地点"] });
  if (input.mode === "online") {
    const link = input.onlineLink?.trim() ?? "";
    if (!/^https:\/\/[^\s]+$/.test(link))
      throw new UserError("请填写以 https:// 开头的线上课堂链接", {
        onlineLink: ["请填写以 https:// 开头的线上课堂链接"],
      });
  }
  const ids = [...new Set(input.enterpriseIds)].filter((id) => Types.ObjectId.isValid(id));
  if (ids.length === 0) throw new UserError("请至少邀请一家企业", { enterpriseIds: ["请至少邀请一家企业"] });
  const invited = [];
  for (const id of ids) {
    const enterprise = await Enterprise.findById(id).select({ name: 1, unionOrgId: 1 }).lean();
    if (!enterprise) throw notFound("企业不存在");
    const orgPath = await orgPathOf(enterprise.unionOrgId);
    if (!can(user, "enterprise:view", { type: "enterprise", enterpriseId: id, orgPath }))
      throw forbidden(`您无权邀请“${enterprise.name}”`);
    invited.push({ enterpriseId: enterprise._id, name: enterprise.name });
  }
  const training = await Training.create({
    unionOrgId: org._id,
    topic: input.topic.trim(),
    mode: input.mode,
    date: input.date,
    time: input.time?.trim() || undefined,
    place: input.mode === "onsite" ? input.place?.trim() : undefined,
    onlineLink: input.mode === "online" ? input.onlineLink?.trim() : undefined,
    invited,
    materials: [],
    signInToken: crypto.randomBytes(18).toString("base64url"),
    createdBy: new Types.ObjectId(user.id),
    createdByName: user.displayName,
  });
  await audit(actorOf(user), {
    action: "cultivation.training_create",
    resourceType: "training",
    resourceId: String(training._id),
    resourceName: training.topic,
    unionOrgId: String(org._id),
    after: { date: input.date, invited: invited.map((i) => i.name) },
  });
  const saved = training.toObject();
  await readRollup(rollupIds.training(saved._id), async () => ({}));
  await keepRows(
    rollupIds.orgTrainings(org._id, trainingYear(saved)),
    () => rowsOfOrgTrainings(String(org._id), trainingYear(saved)),
    async (rows) => {
      const json = trainingRowOf(saved);
      return rows[String(saved._id)] === json ? null : { [String(saved._id)]: json };
    },
  );
  await noteChange("training", training._id);
  return String(training._id);
}

/** What a training's kept document holds of one attendance (never the feedback key). */
interface AttendanceRow {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  name: string;
  by: "self" | "instructor";
  at: string;
  satisfaction: number | null;
  comment: string;
}

const attendanceRowOf = (a: AttendanceDoc): string =>
  JSON.stringify({
    id: String(a._id),
    enterpriseId: String(a.enterpriseId),
    enterpriseName: a.enterpriseName,
    name: a.name,
    by: a.by,
    at: a.at.toISOString(),
    satisfaction: a.satisfaction ?? null,
    comment: a.comment ?? "",
  } satisfies AttendanceRow);

/** A training's kept rows from its attendances (a training from before the kept document). */
async function rowsOfAttendances(trainingId: Types.ObjectId) {
  const attendances = await Attendance.find({ trainingId }).lean();
  return Object.fromEntries(attendances.map((a) => [String(a._id), attendanceRowOf(a)]));
}

/** Writes one attendance's row (after a sign-in or feedback) as the attendance is when the writer's turn comes. */
async function keepAttendanceRow(trainingId: Types.ObjectId, attendanceId: Types.ObjectId) {
  await keepRows(
    rollupIds.training(trainingId),
    () => rowsOfAttendances(trainingId),
    async (rows) => {
      const attendance = await Attendance.findById(attendanceId).lean();
      if (!attendance) return null;
      const json = attendanceRowOf(attendance);
      return rows[String(attendanceId)] === json ? null : { [String(attendanceId)]: json };
    },
  );
}

function attendanceView(a: AttendanceRow) {
  return {
    id: a.id,
    enterpriseName: a.enterpriseName,
    name: a.name,
    by: a.by === "self" ? "本人扫码签到" : "指导员代签",
    at: a.at,
    satisfaction: a.satisfaction,
    satisfactionLabel: a.satisfaction ? SATISFACTION_LABELS[a.satisfaction] : null,
    comment: a.comment,
  };
}

export async function trainingPage(user: CurrentUser, id: string, origin: string) {
  const training = await loadTraining(user, id);
  const attendances = rowsOf<AttendanceRow>(
    await readRollup(rollupIds.training(training._id), () => rowsOfAttendances(training._id)),
  ).sort((a, b) => a.at.localeCompare(b.at) || compareZh(a.name, b.name));
  const attendedEnterprises = new Set(attendances.map((a) => a.enterpriseId));
  return {
    training: {
      id: String(training._id),
      topic: training.topic,
      mode: training.mode,
      date: training.date,
      time: training.time ?? "",
      place: training.place ?? "",
      onlineLink: training.onlineLink ?? "",
      version: training.version,
      createdByName: training.createdByName,
    },
    signInUrl: `${origin}/trainings/sign/${signInLinkToken(training)}`,
    invited: training.invited.map((i) => ({
      id: String(i.enterpriseId),
      name: i.name,
      attended: attendedEnterprises.has(String(i.enterpriseId)),
    })),
    materials: training.materials.map((m) => ({ id: String(m.fileId), name: m.name, size: m.size })),
    attendances: attendances.map(attendanceView),
    feedback: {
      count: attendances.filter((a) => a.satisfaction).length,
      average: averageSatisfaction(attendances.map((a) => a.satisfaction ?? 0)),
    },
    signInRefusal: signInRefusal(training.date, todayInShanghai(new Date())),
  };
}

/** Adds materials (files) to a training. */
export async function addMaterials(
  user: CurrentUser,
  id: string,
  files: { name: string; bytes: Uint8Array }[],
) {
  const training = await loadTraining(user, id);
  if (!files.length) throw new UserError("请选择要上传的文件");
  if (training.materials.length + files.length > 20) throw new UserError("每次培训最多 20 份资料");
  const refs = [];
  for (const f of files) {
    if (f.bytes.byteLength > EVIDENCE_MAX_BYTES) throw new UserError(`“${f.name}”超过 10 MB`);
    const checked = checkEvidenceFile(f.name, f.bytes);
    if (!checked.ok) throw new UserError(`“${f.name}”：${checked.message}`);
    const file = await createWithBlob(
      CultivationFile,
      {
        ownerType: "training",
        ownerId: training._id,
        name: f.name.slice(0, 200),
        contentType: checked.contentType,
        size: f.bytes.byteLength,
        sha256: crypto.createHash("sha256").update(f.bytes).digest("hex"),
        uploadedBy: new Types.ObjectId(user.id),
        uploadedByName: user.displayName,
        uploadedAt: new Date(),
      },
      f.bytes,
    );
    refs.push({ fileId: file._id, name: file.name, contentType: file.contentType, size: file.size });
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = attempt === 0 ? training : await Training.findById(training._id).lean();
    if (!current) throw notFound("培训不存在");
    const saved = await updateAtVersion(Training, current._id, current.version, {
      $set: { materials: [...current.materials, ...refs] },
    });
    if (saved) {
      await audit(actorOf(user), {
        action: "cultivation.training_materials",
        resourceType: "training",
        resourceId: id,
        resourceName: training.topic,
        unionOrgId: String(training.unionOrgId),
        after: { files: refs.map((r) => r.name) },
      });
      return;
    }
  }
  throw conflict("培训资料正被他人修改，请稍后重试");
}

/**
 * One attendee signs in (or is signed in): one row per (training, enterprise, name) — signing in twice is
 * one attendance. The enterprise must have been invited. The training milestone of that enterprise's plan
 * of the session's year completes.
 */
async function recordAttendance(
  training: TrainingDoc,
  enterpriseId: string,
  rawName: string,
  by: "self" | "instructor",
) {
  const problem = attendeeNameProblem(rawName);
  if (problem) throw new UserError(problem, { name: [problem] });
  const name = rawName.replace(/\s+/g, "");
  const invited = training.invited.find((i) => String(i.enterpriseId) === enterpriseId);
  if (!invited) throw new UserError("请选择受邀企业", { enterpriseId: ["请选择受邀企业"] });
  const refusal = signInRefusal(training.date, todayInShanghai(new Date()));
  if (refusal) throw new UserError(refusal);
  const feedbackKey = crypto.randomBytes(16).toString("base64url");
  const _id = attendanceIdFor(training._id, enterpriseId, name);
  let fresh = true;
  try {
    await Attendance.create({
      _id,
      trainingId: training._id,
      enterpriseId: invited.enterpriseId,
      enterpriseName: invited.name,
      name,
      by,
      at: new Date(),
      feedbackKeyHash: by === "self" ? sha256(feedbackKey) : undefined,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    fresh = false;
  }
  await keepingAfter("培训签到", () => keepAttendanceRow(training._id, _id));
  await noteChange("attendance", _id);
  await afterTrainingAttended({
    enterpriseId: invited.enterpriseId,
    trainingId: training._id,
    topic: training.topic,
    date: training.date,
    attendee: `${invited.name}${name}`,
  });
  return {
    attendanceId: String(_id),
    feedbackKey: fresh && by === "self" ? feedbackKey : null,
    fresh,
    enterpriseName: invited.name,
    name,
  };
}

export async function signInByInstructor(user: CurrentUser, id: string, enterpriseId: string, name: string) {
  const training = await loadTraining(user, id);
  const result = await recordAttendance(training, enterpriseId, name, "instructor");
  await audit(actorOf(user), {
    action: "cultivation.training_sign_in",
    resourceType: "training",
    resourceId: id,
    resourceName: training.topic,
    unionOrgId: String(training.unionOrgId),
    enterpriseId,
    after: { name: result.name },
  });
  return result;
}

/** The training a sign-in link names, or 404 (a wrong or altered link). */
async function trainingOfToken(token: string) {
  const [id, secret] = token.split(".");
  if (!id || !secret || !Types.ObjectId.isValid(id)) throw notFound("签到链接无效");
  const training = await Training.findById(id).lean();
  const a = Buffer.from(secret);
  const b = Buffer.from(training?.signInToken ?? "");
  if (!training || a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw notFound("签到链接无效");
  return training;
}

/** What the public sign-in page shows (no account): the session and the invited enterprises. */
export async function publicTraining(token: string) {
  const training = await trainingOfToken(token);
  return {
    token: signInLinkToken(training),
    topic: training.topic,
    mode: training.mode,
    date: training.date,
    time: training.time ?? "",
    place: training.place ?? "",
    onlineLink: training.onlineLink ?? "",
    invited: training.invited.map((i) => ({ id: String(i.enterpriseId), name: i.name })),
    materials: training.materials.map((m) => ({ id: String(m.fileId), name: m.name, size: m.size })),
    refusal: signInRefusal(training.date, todayInShanghai(new Date())),
  };
}

export async function selfSignIn(token: string, enterpriseId: string, name: string) {
  const training = await trainingOfToken(token);
  const result = await recordAttendance(training, enterpriseId, name, "self");
  await audit(
    { name: `${result.enterpriseName} ${result.name}（签到链接）` },
    {
      action: "cultivation.training_sign_in",
      resourceType: "training",
      resourceId: String(training._id),
      resourceName: training.topic,
      unionOrgId: String(training.unionOrgId),
      enterpriseId,
      after: { name: result.name, by: "self" },
    },
  );
  return result;
}

/** The attendee who signed in leaves feedback once (the key shown at sign-in proves it is them). */
export async function leaveFeedback(
  token: string,
  input: { attendanceId: string; feedbackKey: string; satisfaction: number; comment?: string },
) {
  const training = await trainingOfToken(token);
  if (!Types.ObjectId.isValid(input.attendanceId)) throw notFound("签到记录不存在");
  const attendance = await Attendance.findById(input.attendanceId).lean();
  if (
    !attendance ||
    String(attendance.trainingId) !== String(training._id) ||
    attendance.feedbackKeyHash !== sha256(input.feedbackKey)
  )
    throw forbidden("只能由签到本人填写反馈");
  if (attendance.satisfaction) throw new UserError("已提交过反馈，谢谢");
  if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5)
    throw new UserError("请选择满意度", { satisfaction: ["请选择满意度"] });
  const updated = await Attendance.findOneAndUpdate(
    { _id: attendance._id },
    {
      $set: {
        satisfaction: input.satisfaction,
        comment: (input.comment ?? "").trim().slice(0, 500) || undefined,
      },
    },
  );
  if (!updated) throw notFound("签到记录不存在");
  await keepingAfter("培训反馈", () => keepAttendanceRow(training._id, attendance._id));
}

/** A training material, for its instructor or for anyone holding the session's link. */
export async function trainingMaterial(
  who: { user: CurrentUser } | { token: string },
  trainingId: string,
  fileId: string,
) {
  const training =
    "token" in who ? await trainingOfToken(who.token) : await loadTraining(who.user, trainingId);
  if (!Types.ObjectId.isValid(fileId) || !training.materials.some((m) => String(m.fileId) === fileId))
    throw notFound("资料不存在");
  const file = await CultivationFile.findById(fileId).select({ data: 0 }).lean();
  const bytes = file ? await bytesOf(CultivationFile, file._id) : null;
  if (!file || !bytes) throw notFound("资料不存在");
  return { name: file.name, contentType: file.contentType, bytes: new Uint8Array(bytes) };
}
