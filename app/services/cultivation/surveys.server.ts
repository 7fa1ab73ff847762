/**
 * Quality surveys (参与率 / 知晓率 / 满意率 / 认可率): after a contract takes effect (and on demand) an
 * instructor opens a survey for an enterprise; employees answer through links without an account — each link
 * answers once (a unique record per used link) — and the employer answers once through its own link. Answers
 * keep no name, no link and no time finer than the month. Figures are shown only for groups of ≥ 5.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import {
  addTally,
  answerCode,
  emptyTally,
  figuresOf,
  MIN_GROUP,
  SATISFIED_FROM,
  tallyOfCodes,
  type EmployeeAnswers,
  type EmployerAnswers,
  type Tally,
} from "~/domain/cultivation/survey-figures";
import { can } from "~/domain/policy";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { rollupIds } from "../../../models/cultivation-rollup";
import {
  Survey,
  SurveyLinkUse,
  SurveyResponse,
  type SurveyDoc,
  type SurveyResponseDoc,
} from "../../../models/cultivation-survey";
import { updateAtVersion } from "../../../models/write-claim";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { visibleOrgs } from "../access/list-scope.server";
import { orgPathOf } from "../orgs/orgs.server";
import { keepingAfter, keepRows, readRollup, readRollups, rowsOf } from "./rollups.server";
import { noteChange } from "../dashboards/rollups.server";
import { subtreeOf } from "~/domain/org-tree";
import { compareZh } from "~/lib/text";

const mac = (survey: Pick<SurveyDoc, "_id" | "secret">, index: number) =>
  crypto
    .createHmac("sha256", survey.secret)
    .update(`${String(survey._id)}:${index}`)
    .digest("base64url")
    .slice(0, 22);

/** Link number 0 is the employer's; 1…N the employees'. */
export const surveyToken = (survey: Pick<SurveyDoc, "_id" | "secret">, index: number) =>
  `${String(survey._id)}.${index}.${mac(survey, index)}`;

async function surveyOfToken(token: string) {
  const [id, n, given] = token.split(".");
  const index = Number(n);
  if (!id || !given || !Types.ObjectId.isValid(id) || !Number.isInteger(index) || index < 0)
    throw notFound("问卷链接无效");
  const survey = await Survey.findById(id).lean();
  if (!survey || index > survey.employeeLinks) throw notFound("问卷链接无效");
  const expected = Buffer.from(mac(survey, index));
  const got = Buffer.from(given);
  if (expected.length !== got.length || !crypto.timingSafeEqual(expected, got))
    throw notFound("问卷链接无效");
  return { survey, index, audience: index === 0 ? ("employer" as const) : ("employee" as const) };
}

const linkUseId = (surveyId: Types.ObjectId, index: number) => `${String(surveyId)}:${index}`;

async function enterpriseAccess(enterpriseId: string) {
  if (!Types.ObjectId.isValid(enterpriseId)) throw notFound("企业不存在");
  const enterprise = await Enterprise.findById(enterpriseId).lean();
  if (!enterprise) throw notFound("企业不存在");
  const orgPath = await orgPathOf(enterprise.unionOrgId);
  return { enterprise, resource: { type: "enterprise" as const, enterpriseId, orgPath } };
}

/** Opens a survey with `employeeLinks` employee links and one employer link. */
export async function createSurvey(
  user: CurrentUser | null,
  enterpriseId: string,
  employeeLinks: number,
  trigger: "contract" | "manual" = "manual",
) {
  const { enterprise, resource } = await enterpriseAccess(enterpriseId);
  if (user && !can(user, "survey:manage", resource)) throw forbidden();
  if (!Number.isInteger(employeeLinks) || employeeLinks < MIN_GROUP || employeeLinks > 2000)
    throw new UserError(`职工链接数量在 ${MIN_GROUP}–2000 之间`, {
      employeeLinks: [`职工链接数量在 ${MIN_GROUP}–2000 之间`],
    });
  const year = todayInShanghai(new Date()).slice(0, 4);
  const survey = await Survey.create({
    enterpriseId: enterprise._id,
    enterpriseName: enterprise.name,
    unionOrgId: enterprise.unionOrgId,
    title: `${enterprise.name}${year}年集体协商质量调查`,
    trigger,
    secret: crypto.randomBytes(24).toString("base64url"),
    employeeLinks,
    status: "open",
    openedOn: todayInShanghai(new Date()),
    createdBy: user ? new Types.ObjectId(user.id) : undefined,
    createdByName: user?.displayName ?? "系统（集体合同生效）",
  });
  await audit(user ? { id: user.id, name: user.displayName } : { name: "系统" }, {
    action: "cultivation.survey_open",
    resourceType: "survey",
    resourceId: String(survey._id),
    resourceName: survey.title,
    enterpriseId,
    unionOrgId: String(enterprise.unionOrgId),
    after: { employeeLinks, trigger },
  });
  await refreshOrgSurveyRow(survey._id);
  return String(survey._id);
}

/** After a contract takes effect: opens a survey unless one is open already (links for up to 300 staff). */
export async function openSurveyAfterContract(enterpriseId: string) {
  const open = await Survey.findOne({
    enterpriseId: new Types.ObjectId(enterpriseId),
    status: "open",
  }).lean();
  if (open) return String(open._id);
  const enterprise = await Enterprise.findById(enterpriseId).select({ headcount: 1 }).lean();
  if (!enterprise) return null;
  return createSurvey(
    null,
    enterpriseId,
    Math.min(300, Math.max(MIN_GROUP, enterprise.headcount)),
    "contract",
  );
}

export async function surveyPage(user: CurrentUser, id: string, origin: string) {
  if (!Types.ObjectId.isValid(id)) throw notFound("问卷不存在");
  const survey = await Survey.findById(id).lean();
  if (!survey) throw notFound("问卷不存在");
  const { resource } = await enterpriseAccess(String(survey.enterpriseId));
  if (!can(user, "survey:manage", resource)) throw forbidden();
  const tally = await surveyTally(survey._id);
  const url = (i: number) => `${origin}/surveys/answer/${surveyToken(survey, i)}`;
  return {
    survey: {
      id: String(survey._id),
      title: survey.title,
      enterpriseId: String(survey.enterpriseId),
      enterpriseName: survey.enterpriseName,
      status: survey.status,
      openedOn: survey.openedOn,
      trigger: survey.trigger,
      version: survey.version,
      employeeLinks: survey.employeeLinks,
    },
    employerLink: url(0),
    employeeLinks: Array.from({ length: survey.employeeLinks }, (_, i) => url(i + 1)),
    responses: { employees: tally.employees, employers: tally.employers },
    figures: figuresOf(tally),
  };
}

export async function closeSurvey(user: CurrentUser, id: string, version: number) {
  const survey = Types.ObjectId.isValid(id) ? await Survey.findById(id).lean() : null;
  if (!survey) throw notFound("问卷不存在");
  const { resource } = await enterpriseAccess(String(survey.enterpriseId));
  if (!can(user, "survey:manage", resource)) throw forbidden();
  if (survey.status === "closed") return;
  const saved = await updateAtVersion(
    Survey,
    survey._id,
    version,
    { $set: { status: "closed" } },
    { status: "open" },
  );
  if (!saved) throw conflict("问卷已被他人修改，请刷新后重试");
  // The final count: any answer whose row a crashed writer did not keep is counted now.
  await keepRows(
    rollupIds.survey(survey._id),
    () => rowsOfResponses(survey._id),
    async (rows) => {
      const all = await rowsOfResponses(survey._id);
      return Object.fromEntries(Object.entries(all).filter(([id]) => rows[id] !== all[id]));
    },
  );
  await refreshOrgSurveyRow(survey._id);
  await audit(
    { id: user.id, name: user.displayName },
    {
      action: "cultivation.survey_close",
      resourceType: "survey",
      resourceId: id,
      resourceName: survey.title,
      enterpriseId: String(survey.enterpriseId),
      unionOrgId: String(survey.unionOrgId),
    },
  );
}

/** What the public answer page shows for a link (no account). */
export async function publicSurvey(token: string) {
  const { survey, index, audience } = await surveyOfToken(token);
  const used = !!(await SurveyLinkUse.findById(linkUseId(survey._id, index)).lean());
  return {
    title: survey.title,
    enterpriseName: survey.enterpriseName,
    audience,
    used,
    closed: survey.status !== "open",
  };
}

export type SurveyAnswers =
  ({ audience: "employee" } & EmployeeAnswers) | ({ audience: "employer" } & EmployerAnswers);

/**
 * Stores one answer for a link. The used-link record is inserted first (its unique _id lets a link answer
 * once, however many tabs submit at once); the answer itself names neither the link nor the time.
 */
export async function answerSurvey(token: string, answers: SurveyAnswers, comment?: string) {
  const { survey, index, audience } = await surveyOfToken(token);
  if (survey.status !== "open") throw new UserError("问卷已结束，感谢关注");
  if (answers.audience !== audience) throw new UserError("问卷内容与链接不符，请重新打开链接");
  const useId = linkUseId(survey._id, index);
  try {
    await SurveyLinkUse.create({ _id: useId });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new UserError("该链接已提交过问卷，每个链接只能提交一次");
    throw error;
  }
  let response: SurveyResponseDoc;
  try {
    response = await SurveyResponse.create({
      surveyId: survey._id,
      enterpriseId: survey.enterpriseId,
      unionOrgId: survey.unionOrgId,
      audience,
      ...(answers.audience === "employee"
        ? {
            participated: answers.participated ? 1 : 0,
            aware: answers.aware ? 1 : 0,
            satisfaction: answers.satisfaction,
            satisfied: answers.satisfaction >= SATISFIED_FROM ? 1 : 0,
          }
        : { recognition: answers.recognition, recognised: answers.recognition === "not" ? 0 : 1 }),
      comment: comment?.trim().slice(0, 300) || undefined,
      month: todayInShanghai(new Date()).slice(0, 7),
    });
    await noteChange("response", response._id);
  } catch (error) {
    await SurveyLinkUse.deleteOne({ _id: useId }); // the answer was not stored: the link may answer again
    throw error;
  }
  const rowId = String(response._id);
  const code = codeOf(response);
  await keepingAfter("问卷作答", async () => {
    await keepRows(
      rollupIds.survey(survey._id),
      () => rowsOfResponses(survey._id),
      async (rows) => (rows[rowId] === code ? null : { [rowId]: code }),
    );
    await refreshOrgSurveyRow(survey._id);
  });
}

const codeOf = (
  r: Pick<SurveyResponseDoc, "audience" | "participated" | "aware" | "satisfied" | "recognised">,
) =>
  answerCode(
    r.audience === "employee"
      ? { audience: "employee", participated: r.participated, aware: r.aware, satisfied: r.satisfied }
      : { audience: "employer", recognised: r.recognised },
  );

/** A survey's kept rows from its stored answers (a survey from before the kept document; the final count). */
async function rowsOfResponses(surveyId: Types.ObjectId): Promise<Record<string, string>> {
  const responses = await SurveyResponse.find({ surveyId }).lean();
  return Object.fromEntries(responses.map((r) => [String(r._id), codeOf(r)]));
}

/** The counts of one survey, from its kept document (one keyed read). */
async function surveyTally(surveyId: Types.ObjectId): Promise<Tally> {
  const doc = await readRollup(rollupIds.survey(surveyId), () => rowsOfResponses(surveyId));
  return tallyOfCodes(Object.values(doc.rows ?? {}));
}

/** What the organisation's kept document of the year holds of one survey. */
interface SurveyRow {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  title: string;
  status: "open" | "closed";
  openedOn: string;
  trigger: "contract" | "manual";
  tally: Tally;
}

const surveyYear = (s: Pick<SurveyDoc, "openedOn">) => Number(s.openedOn.slice(0, 4));

async function surveyRowOf(survey: SurveyDoc): Promise<string> {
  const row: SurveyRow = {
    id: String(survey._id),
    enterpriseId: String(survey.enterpriseId),
    enterpriseName: survey.enterpriseName,
    title: survey.title,
    status: survey.status,
    openedOn: survey.openedOn,
    trigger: survey.trigger,
    tally: await surveyTally(survey._id),
  };
  return JSON.stringify(row);
}

/** The surveys of an organisation and year, from the surveys themselves (a kept document made for the first time). */
async function rowsOfOrgSurveys(unionOrgId: string, year: number) {
  return (await rowsOfOrgsSurveys([unionOrgId], year)).get(unionOrgId) ?? {};
}

/** The same for several organisations at once: one pass over the surveys. */
async function rowsOfOrgsSurveys(unionOrgIds: string[], year: number) {
  const wanted = new Set(unionOrgIds);
  const surveys = (await Survey.find({}).lean()).filter(
    (s) => wanted.has(String(s.unionOrgId)) && surveyYear(s) === year,
  );
  const byOrg = new Map<string, Record<string, string>>();
  for (const s of surveys) {
    const rows = byOrg.get(String(s.unionOrgId)) ?? {};
    rows[String(s._id)] = await surveyRowOf(s);
    byOrg.set(String(s.unionOrgId), rows);
  }
  return byOrg;
}

/**
 * Writes a survey's row into its organisation's kept document of the year, from the survey and its counts
 * as they are when the writer's turn comes (so a slower writer never puts older counts back).
 */
async function refreshOrgSurveyRow(surveyId: Types.ObjectId) {
  const first = await Survey.findById(surveyId).lean();
  if (!first) return;
  const orgId = String(first.unionOrgId);
  const year = surveyYear(first);
  await keepRows(
    rollupIds.orgSurveys(orgId, year),
    () => rowsOfOrgSurveys(orgId, year),
    async (rows) => {
      const survey = await Survey.findById(surveyId).lean();
      if (!survey) return null;
      const json = await surveyRowOf(survey);
      return rows[String(surveyId)] === json ? null : { [String(surveyId)]: json };
    },
  );
}

/**
 * The figures per organisation (its whole subtree) and per enterprise of one year's surveys, for what the
 * person may see: one kept document per visible organisation, read by key. Only counts leave this
 * function, and each figure is hidden below MIN_GROUP respondents.
 */
export async function surveyFigures(
  user: CurrentUser,
  year = Number(todayInShanghai(new Date()).slice(0, 4)),
  /** Only this organisation and those below it (the dashboard's quality figures link here with it). */
  orgId?: string,
) {
  if (!can(user, "plan:list", { type: "system" })) throw forbidden();
  const visible = await visibleOrgs(user);
  const orgs = orgId ? subtreeOf(visible, [orgId]) : visible;
  const idOf = (orgId: string) => rollupIds.orgSurveys(orgId, year);
  const docs = await readRollups(
    orgs.map((o) => idOf(String(o._id))),
    async (missing) => {
      const missingOrgs = orgs.map((o) => String(o._id)).filter((id) => missing.includes(idOf(id)));
      const byOrg = await rowsOfOrgsSurveys(missingOrgs, year);
      return new Map(missingOrgs.map((id) => [idOf(id), byOrg.get(id) ?? {}]));
    },
  );
  const surveys: (SurveyRow & { orgId: string })[] = docs.flatMap((doc, i) =>
    rowsOf<SurveyRow>(doc).map((r) => ({ ...r, orgId: String(orgs[i]._id) })),
  );
  const byEnterprise = new Map<string, { orgId: string; name: string; tally: Tally }>();
  for (const s of surveys) {
    const entry = byEnterprise.get(s.enterpriseId) ?? {
      orgId: s.orgId,
      name: s.enterpriseName,
      tally: emptyTally(),
    };
    entry.tally = addTally(entry.tally, s.tally);
    byEnterprise.set(s.enterpriseId, entry);
  }
  const ancestorsOf = new Map(orgs.map((o) => [String(o._id), [...o.ancestors.map(String), String(o._id)]]));
  const orgTallies = new Map<string, Tally>();
  for (const { orgId, tally } of byEnterprise.values()) {
    for (const a of ancestorsOf.get(orgId) ?? [orgId]) {
      if (!ancestorsOf.has(a)) continue;
      orgTallies.set(a, addTally(orgTallies.get(a) ?? emptyTally(), tally));
    }
  }
  return {
    year,
    minGroup: MIN_GROUP,
    orgs: orgs
      .filter((o) => orgTallies.has(String(o._id)))
      .sort((a, b) => a.ancestors.length - b.ancestors.length || compareZh(a.name, b.name))
      .map((o) => {
        const t = orgTallies.get(String(o._id))!;
        return {
          id: String(o._id),
          name: o.name,
          employees: t.employees,
          employers: t.employers,
          figures: figuresOf(t),
        };
      }),
    enterprises: [...byEnterprise.entries()]
      .map(([id, { name, tally }]) => ({
        id,
        name,
        employees: tally.employees,
        employers: tally.employers,
        figures: figuresOf(tally),
      }))
      .sort((a, b) => compareZh(a.name, b.name)),
    surveys: surveys
      .sort((a, b) => b.openedOn.localeCompare(a.openedOn) || compareZh(a.title, b.title))
      .slice(0, 200)
      .map((s) => ({
        id: s.id,
        title: s.title,
        enterpriseName: s.enterpriseName,
        status: s.status,
        openedOn: s.openedOn,
        trigger: s.trigger,
      })),
  };
}

/**
 * The enterprise page's figures of one year's surveys, for whom the policy lets see them (instructors of
 * the subtree, the enterprise's HR and chair): counts only, each hidden below MIN_GROUP; null without a
 * survey. One keyed read (the organisation's kept document of the year).
 */
export async function enterpriseSurveyFigures(
  user: CurrentUser,
  enterpriseId: string,
  year = Number(todayInShanghai(new Date()).slice(0, 4)),
) {
  const { enterprise, resource } = await enterpriseAccess(enterpriseId);
  if (!can(user, "survey:figures", resource)) return null;
  const orgId = String(enterprise.unionOrgId);
  const doc = await readRollup(rollupIds.orgSurveys(orgId, year), () => rowsOfOrgSurveys(orgId, year));
  const rows = rowsOf<SurveyRow>(doc).filter((r) => r.enterpriseId === enterpriseId);
  if (!rows.length) return null;
  const tally = rows.map((r) => r.tally).reduce(addTally, emptyTally());
  return {
    year,
    surveys: rows.length,
    employees: tally.employees,
    employers: tally.employers,
    figures: figuresOf(tally),
  };
}
