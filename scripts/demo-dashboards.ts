/**
 * Demo data the dashboard needs beyond the other demo seeds: a policy training of 云溪区总工会 with its
 * sign-ins, and a quality survey of 滨江湖滨精密机械有限公司 answered by six employees and the employer (a
 * group large enough for its rates to show). Keyed by fixed ids, so a second run changes nothing. Then every
 * dashboard roll-up is rebuilt from the records (the other seeds write straight to the collections).
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { addDays, todayInShanghai } from "../app/domain/dates";
import { rebuildDashboards } from "../app/services/dashboards/rollups.server";
import { Survey, SurveyLinkUse, SurveyResponse } from "../models/cultivation-survey";
import { Attendance, attendanceIdFor, Training } from "../models/cultivation-training";
import { Enterprise } from "../models/enterprise";
import { UnionOrg } from "../models/union-org";

const demoId = (key: string) =>
  new Types.ObjectId(crypto.createHash("sha1").update(`demo:${key}`).digest("hex").slice(0, 24));

const ATTENDEES = ["王芳", "陈刚", "李娜", "赵磊", "孙悦"];
const EMPLOYEE_ANSWERS: [participated: number, aware: number, satisfaction: number][] = [
  [1, 1, 5],
  [1, 1, 4],
  [0, 1, 4],
  [1, 0, 3],
  [1, 1, 5],
  [0, 1, 4],
];

export async function seedDashboardDemo(
  enterpriseIds: Types.ObjectId[],
  by: { id: Types.ObjectId; name: string },
) {
  const district = await UnionOrg.findOne({ name: "云溪区总工会" }).lean();
  const today = todayInShanghai(new Date());
  if (district) {
    const trainingId = demoId("training:dashboard");
    const invited = (
      await Promise.all(
        enterpriseIds.slice(0, 6).map((id) => Enterprise.findById(id).select({ name: 1 }).lean()),
      )
    ).filter((e) => !!e);
    if (!(await Training.exists({ _id: trainingId }))) {
      await Training.create({
        _id: trainingId,
        unionOrgId: district._id,
        topic: "工资集体协商实务与《集体合同规定》解读",
        mode: "onsite",
        date: addDays(today, -20),
        time: "14:00",
        place: "云溪区职工服务中心三楼报告厅",
        invited: invited.map((e) => ({ enterpriseId: e._id, name: e.name })),
        materials: [],
        signInToken: crypto.createHash("sha1").update("demo:training:dashboard:token").digest("base64url"),
        createdBy: by.id,
        createdByName: by.name,
      });
    }
    for (const [i, e] of invited.slice(0, 4).entries()) {
      const name = ATTENDEES[i];
      const _id = attendanceIdFor(trainingId, String(e._id), name);
      if (await Attendance.exists({ _id })) continue;
      await Attendance.create({
        _id,
        trainingId,
        enterpriseId: e._id,
        enterpriseName: e.name,
        name,
        by: "instructor",
        at: new Date(Date.now() - 20 * 86_400_000),
        satisfaction: 4 + (i % 2),
      });
    }
  }

  const enterprise = await Enterprise.findById(enterpriseIds[0]).lean();
  if (enterprise) {
    const surveyId = demoId("survey:dashboard");
    if (!(await Survey.exists({ _id: surveyId }))) {
      await Survey.create({
        _id: surveyId,
        enterpriseId: enterprise._id,
        enterpriseName: enterprise.name,
        unionOrgId: enterprise.unionOrgId,
        title: "集体协商质量评价问卷",
        trigger: "manual",
        secret: crypto.createHash("sha1").update("demo:survey:dashboard:secret").digest("hex"),
        employeeLinks: 10,
        status: "open",
        openedOn: addDays(today, -30),
        createdBy: by.id,
        createdByName: by.name,
      });
    }
    const month = addDays(today, -25).slice(0, 7);
    const answers = [
      ...EMPLOYEE_ANSWERS.map(([participated, aware, satisfaction], i) => ({
        link: i + 1,
        audience: "employee" as const,
        participated,
        aware,
        satisfaction,
        satisfied: satisfaction >= 4 ? 1 : 0,
      })),
      { link: 0, audience: "employer" as const, recognition: "recognise", recognised: 1 },
    ];
    for (const a of answers) {
      const _id = demoId(`survey:dashboard:response:${a.link}`);
      if (await SurveyResponse.exists({ _id })) continue;
      await SurveyLinkUse.updateOne({ _id: `${String(surveyId)}:${a.link}` }, {}, { upsert: true });
      const { link: _link, ...fields } = a;
      await SurveyResponse.create({
        _id,
        surveyId,
        enterpriseId: enterprise._id,
        unionOrgId: enterprise.unionOrgId,
        month,
        ...fields,
      });
    }
  }
  return rebuildDashboards();
}
