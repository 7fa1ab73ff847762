/**
 * Trainings and quality surveys against the real database: a sign-in through the session's link completes
 * the training milestone of the attendee's enterprise (only that one); feedback once; a survey link answers
 * once even when submitted twice at once; figures only for groups of at least 5.
 */
import { todayInShanghai } from "~/domain/dates";
import { createPlans } from "~/services/cultivation/plans.server";
import { markContractInEffect } from "~/services/cultivation/proofs.server";
import {
  answerSurvey,
  createSurvey,
  enterpriseSurveyFigures,
  publicSurvey,
  surveyFigures,
  surveyPage,
  surveyToken,
} from "~/services/cultivation/surveys.server";
import { loader as publicMaterial } from "~/routes/trainings.sign.$token.materials.$fileId";
import {
  addMaterials,
  createTraining,
  leaveFeedback,
  listTrainings,
  publicTraining,
  selfSignIn,
  signInByInstructor,
  trainingPage,
} from "~/services/cultivation/trainings.server";
import { UserError } from "~/lib/http.server";
import { CultivationPlan, planIdFor } from "../../models/cultivation-plan";
import { Attendance, signInLinkToken, Training } from "../../models/cultivation-training";
import { Survey, SurveyResponse } from "../../models/cultivation-survey";
import type { EnterpriseDoc } from "../../models/enterprise";
import type { UnionOrgDoc } from "../../models/union-org";
import { CultivationRollup, rollupIds } from "../../models/cultivation-rollup";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  rejectionOf,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";

const today = todayInShanghai(new Date());
const year = Number(today.slice(0, 4));
let eA: EnterpriseDoc;
let eB: EnterpriseDoc;
let eOut: EnterpriseDoc;
let inst: Browser;
let outsider: Browser;
let orgId: string;
let cityOrg: UnionOrgDoc;

const trainingDone = async (e: EnterpriseDoc) =>
  (await CultivationPlan.findById(planIdFor(e._id, year)).lean())!.milestones.find(
    (m) => m.kind === "training",
  )!;

beforeAll(async () => {
  const city = await makeOrg({ name: "培训测试市总工会", kind: "city" });
  cityOrg = city;
  const district = await makeOrg({ name: "培训测试区总工会", kind: "district", parent: city });
  const other = await makeOrg({ name: "培训测试另区总工会", kind: "district", parent: city });
  orgId = String(district._id);
  eA = await makeEnterprise(district, { name: "培训甲企业有限公司", headcount: 40 });
  eB = await makeEnterprise(district, { name: "培训乙企业有限公司" });
  eOut = await makeEnterprise(other, { name: "培训外区企业有限公司" });
  inst = await signInAs(await makeUser({ role: "instructor", org: district }));
  outsider = await signInAs(await makeUser({ role: "instructor", org: other }));
  await createPlans(inst.user, {
    enterpriseIds: [String(eA._id), String(eB._id)],
    year,
    startOn: `${year}-01-02`,
  });
});

describe("trainings", () => {
  let trainingId: string;
  let token: string;

  it("an instructor holds a session for enterprises of their subtree only", async () => {
    const input = {
      topic: "劳动合同法实务",
      mode: "onsite" as const,
      date: today,
      place: "区总工会三楼",
      unionOrgId: orgId,
    };
    expect(
      await thrownStatus(createTraining(inst.user, { ...input, enterpriseIds: [String(eOut._id)] })),
    ).toBe(403);
    expect(
      await thrownStatus(createTraining(outsider.user, { ...input, enterpriseIds: [String(eA._id)] })),
    ).toBe(403);
    const noPlace = await rejectionOf(
      createTraining(inst.user, { ...input, place: " ", enterpriseIds: [String(eA._id)] }),
    );
    expect(noPlace).toBeInstanceOf(UserError);
    trainingId = await createTraining(inst.user, {
      ...input,
      enterpriseIds: [String(eA._id), String(eB._id)],
    });
    token = signInLinkToken((await Training.findById(trainingId).lean())!);
    expect((await publicTraining(token)).invited.map((i) => i.name).sort()).toEqual(
      [eA.name, eB.name].sort(),
    );
  });

  it("a self sign-in through the link completes the training milestone of that enterprise only; twice is once", async () => {
    const first = await selfSignIn(token, String(eA._id), " 张 丽 ");
    expect(first).toMatchObject({ fresh: true, name: "张丽" });
    expect(first.feedbackKey).toBeTruthy();
    expect(await trainingDone(eA)).toMatchObject({ doneOn: today, proofType: "training" });
    expect((await trainingDone(eB)).doneOn).toBeNull();
    const again = await selfSignIn(token, String(eA._id), "张丽");
    expect(again).toMatchObject({ fresh: false, feedbackKey: null });
    expect(await Attendance.countDocuments({ trainingId })).toBe(1);

    await leaveFeedback(token, {
      attendanceId: first.attendanceId,
      feedbackKey: first.feedbackKey!,
      satisfaction: 5,
      comment: "很实用",
    });
    expect(
      await rejectionOf(
        leaveFeedback(token, {
          attendanceId: first.attendanceId,
          feedbackKey: first.feedbackKey!,
          satisfaction: 1,
        }),
      ),
    ).toBeInstanceOf(UserError);
    expect(
      await thrownStatus(
        leaveFeedback(token, { attendanceId: first.attendanceId, feedbackKey: "wrong", satisfaction: 1 }),
      ),
    ).toBe(403);
    const page = await trainingPage(inst.user, trainingId, "http://app.test");
    expect(page.feedback).toEqual({ count: 1, average: 5 });
  });

  it("attendees download the materials through the session's link; an altered link or another file is 404", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n% 培训讲义\n");
    await addMaterials(inst.user, trainingId, [{ name: "讲义.pdf", bytes: pdf }]);
    const shown = await publicTraining(token);
    expect(shown.token).toBe(token);
    const fileId = shown.materials[0].id;
    const request = (t: string, f: string) =>
      publicMaterial({
        request: new Request(`http://app.test/trainings/sign/${t}/materials/${f}`),
        params: { token: t, fileId: f },
        context: {},
      });
    const response = await request(token, fileId);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf);
    expect(response.headers.get("Content-Disposition")).toContain(encodeURIComponent("讲义.pdf"));
    expect(await thrownStatus(request(`${trainingId}.notthesecret`, fileId))).toBe(404);
    expect(await thrownStatus(request(token, "0123456789abcdef01234567"))).toBe(404);
  });

  it("an altered link, an enterprise not invited, or a blank name is refused", async () => {
    expect(await thrownStatus(publicTraining(`${trainingId}.notthesecret`))).toBe(404);
    expect(await rejectionOf(selfSignIn(token, String(eOut._id), "王五"))).toBeInstanceOf(UserError);
    expect(await rejectionOf(selfSignIn(token, String(eB._id), " "))).toBeInstanceOf(UserError);
    expect(await thrownStatus(signInByInstructor(outsider.user, trainingId, String(eB._id), "王五"))).toBe(
      403,
    );
    await signInByInstructor(inst.user, trainingId, String(eB._id), "王五");
    expect((await trainingDone(eB)).doneOn).toBe(today);
  });
});

describe("quality surveys", () => {
  let surveyId: string;

  it("a link answers once, even when submitted twice at once", async () => {
    surveyId = await createSurvey(inst.user, String(eA._id), 6);
    const survey = (await Survey.findById(surveyId).lean())!;
    const t1 = surveyToken(survey, 1);
    const answers = {
      audience: "employee" as const,
      participated: true,
      aware: true,
      satisfaction: 4 as const,
    };
    const race = await Promise.allSettled([answerSurvey(t1, answers), answerSurvey(t1, answers)]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const again = await rejectionOf(answerSurvey(t1, answers));
    expect((again as Error).message).toContain("只能提交一次");
    expect(await SurveyResponse.countDocuments({ surveyId })).toBe(1);
    expect((await publicSurvey(t1)).used).toBe(true);
    // Responses keep no link and no time finer than the month.
    const stored = (await SurveyResponse.findOne({ surveyId }).lean())!;
    expect(Object.keys(stored).sort()).not.toContain("token");
    expect(stored.month).toBe(today.slice(0, 7));
  });

  it("a forged link or the employee form on the employer's link is refused", async () => {
    const survey = (await Survey.findById(surveyId).lean())!;
    expect(await thrownStatus(publicSurvey(`${surveyId}.2.forgedmacforgedmacforg`))).toBe(404);
    expect(await thrownStatus(publicSurvey(`${surveyId}.99.${surveyToken(survey, 99).split(".")[2]}`))).toBe(
      404,
    );
    const employer = surveyToken(survey, 0);
    expect(
      await rejectionOf(
        answerSurvey(employer, { audience: "employee", participated: true, aware: true, satisfaction: 5 }),
      ),
    ).toBeInstanceOf(UserError);
    await answerSurvey(employer, { audience: "employer", recognition: "recognise" });
  });

  it("figures appear only once a group has 5 respondents; the employer's single answer never shows per enterprise", async () => {
    const survey = (await Survey.findById(surveyId).lean())!;
    for (const i of [2, 3, 4])
      await answerSurvey(surveyToken(survey, i), {
        audience: "employee",
        participated: i % 2 === 0,
        aware: true,
        satisfaction: 3,
      });
    let page = await surveyPage(inst.user, surveyId, "http://app.test");
    expect(page.responses).toEqual({ employees: 4, employers: 1 });
    expect(page.figures.participation.value).toBeNull();
    await answerSurvey(surveyToken(survey, 5), {
      audience: "employee",
      participated: false,
      aware: false,
      satisfaction: 5,
    });
    page = await surveyPage(inst.user, surveyId, "http://app.test");
    expect(page.figures).toMatchObject({
      participation: { value: 60, n: 5 }, // links 1, 2, 4
      awareness: { value: 80, n: 5 },
      satisfaction: { value: 40, n: 5 }, // 4 and 5 count as satisfied
      recognition: { value: null, n: 1 },
    });
    const figures = await surveyFigures(inst.user);
    expect(figures.enterprises.find((e) => e.name === eA.name)?.figures.participation.value).toBe(60);
    expect(figures.orgs.find((o) => o.id === orgId)?.figures.recognition.value).toBeNull();
    expect((await surveyFigures(outsider.user)).enterprises).toEqual([]);
    expect(await thrownStatus(surveyPage(outsider.user, surveyId, "http://app.test"))).toBe(403);
  });

  it("a contract taking effect opens a survey for the enterprise (once)", async () => {
    await markContractInEffect(eB._id, today, `${year + 3}-06-30`);
    await markContractInEffect(eB._id, today, `${year + 3}-06-30`);
    const surveys = await Survey.find({ enterpriseId: eB._id }).lean();
    expect(surveys).toHaveLength(1);
    expect(surveys[0]).toMatchObject({ trigger: "contract", status: "open" });
  });
});

/**
 * Figures and lists come from kept documents read by key (FerretDB decodes a whole collection for any other
 * filter), written in the same call that stores an answer or a sign-in; writers that arrive together take
 * turns, so none is lost.
 */
describe("kept figures and lists under concurrent writers", () => {
  let district: UnionOrgDoc;
  let e: EnterpriseDoc;
  let head: Browser;

  beforeAll(async () => {
    district = await makeOrg({ name: "并发测试区总工会", kind: "district", parent: cityOrg });
    e = await makeEnterprise(district, { name: "并发测试企业有限公司", headcount: 60 });
    head = await signInAs(await makeUser({ role: "instructor", org: district }));
  });

  afterEach(() => jest.restoreAllMocks());

  it("20 employees and the employer answering at once: the survey's, the enterprise's and the organisation's figures are exact", async () => {
    const surveyId = await createSurvey(head.user, String(e._id), 20);
    const survey = (await Survey.findById(surveyId).lean())!;
    const employees = Array.from({ length: 20 }, (_, k) => k + 1);
    await Promise.all([
      ...employees.map((i) =>
        answerSurvey(surveyToken(survey, i), {
          audience: "employee",
          participated: i % 2 === 0, // 10 of 20
          aware: i % 4 !== 0, // 15
          satisfaction: i % 5 === 0 ? 2 : 4, // 16 satisfied
        }),
      ),
      answerSurvey(surveyToken(survey, 0), { audience: "employer", recognition: "partly" }),
    ]);
    expect(await SurveyResponse.countDocuments({ surveyId })).toBe(21);
    const kept = (await CultivationRollup.findById(rollupIds.survey(surveyId)).lean())!;
    expect(Object.keys(kept.rows)).toHaveLength(21);

    // Page loads read the kept documents only: no filter over the answers or the surveys.
    const aggregate = jest.spyOn(SurveyResponse, "aggregate");
    const findResponses = jest.spyOn(SurveyResponse, "find");
    const findSurveys = jest.spyOn(Survey, "find");
    const page = await surveyPage(head.user, surveyId, "http://app.test");
    expect(page.responses).toEqual({ employees: 20, employers: 1 });
    const expected = {
      participation: { value: 50, n: 20 },
      awareness: { value: 75, n: 20 },
      satisfaction: { value: 80, n: 20 },
      recognition: { value: null, n: 1 },
    };
    expect(page.figures).toEqual(expected);
    const figures = await surveyFigures(head.user, year);
    expect(figures.enterprises).toEqual([
      { id: String(e._id), name: e.name, employees: 20, employers: 1, figures: expected },
    ]);
    expect(figures.orgs.find((o) => o.id === String(district._id))).toMatchObject({
      employees: 20,
      employers: 1,
      figures: expected,
    });
    expect(figures.surveys.map((x) => x.id)).toEqual([surveyId]);
    expect(await enterpriseSurveyFigures(head.user, String(e._id), year)).toEqual({
      year,
      surveys: 1,
      employees: 20,
      employers: 1,
      figures: expected,
    });
    expect(aggregate).not.toHaveBeenCalled();
    expect(findResponses).not.toHaveBeenCalled();
    expect(findSurveys).not.toHaveBeenCalled();
  });

  it("15 attendees signing in at once, then leaving feedback at once: every one is on the training's page", async () => {
    const trainingId = await createTraining(head.user, {
      topic: "并发签到培训",
      mode: "onsite",
      date: today,
      place: "三楼会议室",
      unionOrgId: String(district._id),
      enterpriseIds: [String(e._id)],
    });
    const token = signInLinkToken((await Training.findById(trainingId).lean())!);
    const names = Array.from({ length: 15 }, (_, k) => `职工${"甲乙丙丁戊己庚辛壬癸子丑寅卯辰"[k]}`);
    const signed = await Promise.all(names.map((n) => selfSignIn(token, String(e._id), n)));
    expect(signed.every((r) => r.fresh)).toBe(true);
    await Promise.all(
      signed.map((r, k) =>
        leaveFeedback(token, {
          attendanceId: r.attendanceId,
          feedbackKey: r.feedbackKey!,
          satisfaction: k < 5 ? 3 : 5, // average (5·3 + 10·5) / 15 = 4.3
        }),
      ),
    );
    const findAttendances = jest.spyOn(Attendance, "find");
    const findTrainings = jest.spyOn(Training, "find");
    const page = await trainingPage(head.user, trainingId, "http://app.test");
    expect(page.attendances.map((a) => a.name).sort()).toEqual([...names].sort());
    expect(page.feedback).toEqual({ count: 15, average: 4.3 });
    expect(page.invited).toEqual([{ id: String(e._id), name: e.name, attended: true }]);
    const list = await listTrainings(head.user, year);
    expect(list).toEqual([
      expect.objectContaining({ id: trainingId, topic: "并发签到培训", orgName: district.name, invited: 1 }),
    ]);
    expect(findAttendances).not.toHaveBeenCalled();
    expect(findTrainings).not.toHaveBeenCalled();
  });

  it("a survey and a training from before the kept documents are counted once, when first read", async () => {
    const surveyId = await createSurvey(head.user, String(e._id), 5);
    const survey = (await Survey.findById(surveyId).lean())!;
    for (const i of [1, 2, 3, 4, 5])
      await answerSurvey(surveyToken(survey, i), {
        audience: "employee",
        participated: true,
        aware: i > 1,
        satisfaction: 5,
      });
    await CultivationRollup.deleteMany({
      _id: { $in: [rollupIds.survey(surveyId), rollupIds.orgSurveys(district._id, year)] },
    });
    const page = await surveyPage(head.user, surveyId, "http://app.test");
    expect(page.figures.awareness).toEqual({ value: 80, n: 5 });
    const figures = await surveyFigures(head.user, year);
    expect(figures.surveys).toHaveLength(2);
    expect(figures.enterprises[0].employees).toBe(25);
  });
});
