/**
 * Cultivation plans against the real database: a health check accepted completes the health-check milestone
 * of that enterprise's plan of that year and no other; records complete manual milestones (a visit with a
 * photo); two instructors signing at once give one sign-off; the head countersigns and the plan is
 * read-only; the bargaining module's markContractInEffect completes the contract milestone.
 */
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { acceptAssessment } from "~/services/health-check/assessments.server";
import { cohortFor } from "~/services/cultivation/board.server";
import { markContractInEffect } from "~/services/cultivation/proofs.server";
import {
  addRecord,
  countersign,
  createPlans,
  planPage,
  signAsInstructor,
} from "~/services/cultivation/plans.server";
import { ensureDefaultTemplate, latestPublished } from "~/services/health-check/templates.server";
import { acceptedAssessmentRecord } from "../../scripts/seed-assessments";
import { Assessment } from "../../models/assessment";
import { AuditEntry } from "../../models/audit";
import { EnterpriseCaseIndex, EnterpriseCaseRow } from "../../models/bargaining-summary";
import { CultivationPlan, planIdFor } from "../../models/cultivation-plan";
import type { EnterpriseDoc } from "../../models/enterprise";
import { RenderedDocument, renderIdFor } from "../../models/rendered-document";
import { User } from "../../models/user";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  rejectionOf,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";
import { forgetKeptRows } from "../../models/kept-rows";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const today = todayInShanghai(new Date());
const year = Number(today.slice(0, 4));

let e1: EnterpriseDoc;
let e2: EnterpriseDoc;
let inst: Browser;
let inst2: Browser;
let head: Browser;
let hr1: Browser;
let outsider: Browser;

async function submittedCheck(enterprise: EnterpriseDoc) {
  await ensureDefaultTemplate();
  const version = (await latestPublished())!;
  const record = acceptedAssessmentRecord({
    enterprise,
    version,
    answers: {},
    acceptedAt: new Date(),
    by: { id: new Types.ObjectId(inst.user.id), name: "测试指导员" },
  });
  const created = await Assessment.create({
    ...record,
    status: "submitted",
    score: undefined,
    overall: undefined,
    riskLevel: undefined,
    acceptedAt: undefined,
    events: [],
    version: 3,
  });
  return created.toObject();
}

const planOf = async (e: EnterpriseDoc, y = year) =>
  (await CultivationPlan.findById(planIdFor(e._id, y)).lean())!;
const milestone = (plan: Awaited<ReturnType<typeof planOf>>, kind: string) =>
  plan.milestones.find((m) => m.kind === kind)!;

beforeAll(async () => {
  const city = await makeOrg({ name: "培育测试市总工会", kind: "city" });
  const district = await makeOrg({ name: "培育测试区总工会", kind: "district", parent: city });
  const other = await makeOrg({ name: "培育测试另区总工会", kind: "district", parent: city });
  e1 = await makeEnterprise(district, { name: "培育一号机械有限公司" });
  e2 = await makeEnterprise(district, { name: "培育二号物流有限公司" });
  inst = await signInAs(await makeUser({ role: "instructor", org: district, displayName: "王指导" }));
  inst2 = await signInAs(await makeUser({ role: "instructor", org: district, displayName: "李指导" }));
  const headUser = await makeUser({ role: "instructor", org: district, displayName: "刘主席" });
  await User.updateOne({ _id: headUser.id }, { $set: { "roles.0.head": true } });
  head = await signInAs(headUser);
  hr1 = await signInAs(await makeUser({ role: "hr", enterprise: e1 }));
  outsider = await signInAs(await makeUser({ role: "instructor", org: other }));
  const made = await createPlans(inst.user, {
    enterpriseIds: [String(e1._id), String(e2._id)],
    year,
    startOn: `${year}-01-05`,
  });
  expect(made.created).toHaveLength(2);
  const next = await createPlans(inst.user, {
    enterpriseIds: [String(e1._id)],
    year: year + 1,
    startOn: `${year + 1}-01-05`,
  });
  expect(next.created).toHaveLength(1);
});

describe("making plans", () => {
  it("one plan per enterprise and year: asking again skips it, and nothing outside the subtree", async () => {
    const again = await createPlans(inst.user, {
      enterpriseIds: [String(e1._id)],
      year,
      startOn: `${year}-02-01`,
    });
    expect(again).toEqual({ created: [], skipped: [expect.stringContaining("已有")] });
    expect((await planOf(e1)).startOn).toBe(`${year}-01-05`);
    expect(
      await thrownStatus(
        createPlans(outsider.user, {
          enterpriseIds: [String(e2._id)],
          year: year + 1,
          startOn: `${year + 1}-01-05`,
        }),
      ),
    ).toBe(403);
    expect(
      await thrownStatus(
        createPlans(hr1.user, {
          enterpriseIds: [String(e1._id)],
          year: year + 1,
          startOn: `${year + 1}-01-05`,
        }),
      ),
    ).toBe(403);
  });

  it("due dates come from the template's offsets and the 培育方案 is asked for", async () => {
    const plan = await planOf(e1);
    expect(milestone(plan, "visit").dueOn).toBe(`${year}-01-19`);
    expect(milestone(plan, "health_check").dueOn).toBe(`${year}-02-19`);
    const doc = await RenderedDocument.findById(renderIdFor("cultivation_plan", plan._id, 0)).lean();
    expect(doc).toMatchObject({ kind: "cultivation_plan", enterpriseId: e1._id });
  });
});

describe("a health check accepted", () => {
  it("completes the health-check milestone of that enterprise's plan of that year, and only that one", async () => {
    const check = await submittedCheck(e1);
    await acceptAssessment(inst.user, String(check._id), check.version);
    const p1 = await planOf(e1);
    expect(milestone(p1, "health_check")).toMatchObject({
      doneOn: today,
      proofType: "assessment",
      proofId: String(check._id),
    });
    expect(String(p1.assessmentId)).toBe(String(check._id));
    expect(p1.riskLevel).toBeTruthy();
    // The other enterprise's plan of the same year and the same enterprise's plan of next year: untouched.
    expect(milestone(await planOf(e2), "health_check").doneOn).toBeNull();
    expect(milestone(await planOf(e1, year + 1), "health_check").doneOn).toBeNull();
    // The workbench's kept row moved with it.
    const cohort = await cohortFor(inst.user, { year });
    const row = cohort.rows.find((r) => r.enterpriseName === e1.name)!;
    expect(row.done).toBe(1);
    expect(row.changes.join("")).toContain("法律体检通过审核");
  });
});

describe("records of manual milestones", () => {
  it("a visit log with a photo completes the first visit; HR may not log visits but may add the rules assigned to HR", async () => {
    const plan = await planOf(e1);
    const visit = plan.milestones.find((m) => m.kind === "visit")!;
    const saved = await addRecord(
      inst.user,
      String(plan._id),
      visit.key,
      { date: today, peopleMet: "人力资源经理张丽", findings: "考勤制度未经民主程序", nextSteps: "下月修订" },
      [{ name: "走访照片.png", bytes: PNG }],
    );
    expect(saved.completes).toBe(true);
    const after = await planOf(e1);
    expect(milestone(after, "visit")).toMatchObject({ doneOn: today, proofType: "record" });
    expect(after.lastVisitOn).toBe(today);
    const page = await planPage(inst.user, String(plan._id));
    expect(page.records[0].files[0]).toMatchObject({ name: "走访照片.png", image: true });

    expect(await thrownStatus(addRecord(hr1.user, String(plan._id), visit.key, { date: today }, []))).toBe(
      403,
    );
    const rules = plan.milestones.find((m) => m.kind === "rules")!;
    const byHr = await addRecord(
      hr1.user,
      String(plan._id),
      rules.key,
      { date: today, ruleName: "考勤管理办法" },
      [],
    );
    expect(byHr).toMatchObject({ completes: false, shortfall: "请上传完善后的规章制度文件" });
    expect(milestone(await planOf(e1), "rules").doneOn).toBeNull();
  });

  it("refuses a wrong file type and a date in the future, writing nothing", async () => {
    const plan = await planOf(e2);
    const before = plan.records.length;
    const error = await rejectionOf(
      addRecord(inst.user, String(plan._id), "first_visit", { date: today, peopleMet: "a", findings: "b" }, [
        { name: "假照片.png", bytes: new Uint8Array([1, 2, 3]) },
      ]),
    );
    expect((error as Error).message).toContain("不符");
    const future = await rejectionOf(
      addRecord(
        inst.user,
        String(plan._id),
        "first_visit",
        { date: `${year + 1}-12-31`, peopleMet: "a", findings: "b" },
        [],
      ),
    );
    expect((future as Error).message).toContain("不能晚于今天");
    expect((await planOf(e2)).records).toHaveLength(before);
  });
});

describe("the contract in effect (the bargaining module's call)", () => {
  it("completes the contract milestone of that year's plan and keeps the contract's dates", async () => {
    await markContractInEffect(e2._id, today, `${year + 2}-12-31`);
    const plan = await planOf(e2);
    expect(milestone(plan, "contract")).toMatchObject({ doneOn: today, proofType: "contract" });
    expect(plan).toMatchObject({ contractStatus: "in_effect", contractValidUntil: `${year + 2}-12-31` });
    expect(milestone(await planOf(e1), "contract").doneOn).toBeNull();
  });
});

describe("the workbench's bargaining status", () => {
  it("comes from the bargaining module's kept summary of the enterprise: its latest case and next deadline", async () => {
    const rowOf = async (e: EnterpriseDoc) =>
      (await cohortFor(inst.user, { year })).rows.find((r) => r.enterpriseId === String(e._id))!;
    expect((await rowOf(e1)).bargaining).toBeNull();
    const caseRow = (id: string, status: string, offerSentOn: string, nextDueOn: string | null) => ({
      caseId: id,
      title: "工资专项集体协商",
      kind: "wage",
      scope: "enterprise",
      status,
      enterpriseIds: [String(e1._id)],
      enterpriseNames: [e1.name],
      unionOrgId: String(e1.unionOrgId),
      offerSentOn,
      nextDueOn,
      nextDueLabel: "对方书面回应期限",
      expiresOn: null,
      repUserIds: [],
      campaignId: null,
      updatedAt: new Date(),
    });
    // The bargaining module's kept rows of the enterprise: one per case, and the index of its cases.
    const rows = [
      caseRow("old", "closed", `${year - 1}-03-01`, null),
      caseRow("now", "offer_sent", today, `${year + 1}-01-05`),
    ];
    await EnterpriseCaseRow.insertMany(
      rows.map((r) => ({ ...r, _id: `${String(e1._id)}:${r.caseId}`, ownerId: String(e1._id) })),
    );
    await EnterpriseCaseIndex.create({
      _id: e1._id,
      caseIds: ["old", "now"],
      version: 0,
      updatedAt: new Date(),
    });
    // Written around the module (which stamps what it writes): this process forgets what it cached, as one
    // that never read them.
    forgetKeptRows();
    try {
      expect((await rowOf(e1)).bargaining).toBe(`已发出要约，待回应（对方书面回应期限 ${year + 1}-01-05）`);
    } finally {
      await EnterpriseCaseIndex.deleteOne({ _id: e1._id });
      for (const r of rows) await EnterpriseCaseRow.deleteOne({ _id: `${String(e1._id)}:${r.caseId}` });
      forgetKeptRows();
    }
  });
});

describe("sign-off in two steps", () => {
  it("two instructors signing off at once → one sign-off", async () => {
    const plan = await planOf(e2);
    const results = await Promise.allSettled([
      signAsInstructor(
        inst.user,
        String(plan._id),
        plan.version,
        "本年度完成走访和体检，下一步推进集体协商。",
      ),
      signAsInstructor(
        inst2.user,
        String(plan._id),
        plan.version,
        "本年度完成走访和体检，下一步推进职代会建设。",
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(Response);
    expect((failed.reason as Response).status).toBe(409);
    const after = await planOf(e2);
    expect(after.status).toBe("instructor_signed");
    expect(
      await AuditEntry.countDocuments({
        action: "cultivation.sign_instructor",
        resourceId: String(plan._id),
      }),
    ).toBe(1);
  });

  it("only a head other than the signer countersigns; then the plan is read-only and the summary is rendered", async () => {
    const plan = await planOf(e2);
    expect(await thrownStatus(countersign(inst2.user, String(plan._id), plan.version))).toBe(403);
    expect(await thrownStatus(countersign(outsider.user, String(plan._id), plan.version))).toBe(403);
    await countersign(head.user, String(plan._id), plan.version);
    const after = await planOf(e2);
    expect(after).toMatchObject({ status: "signed_off", headSignedByName: "刘主席" });
    const doc = await RenderedDocument.findById(
      renderIdFor("cultivation_summary", after._id, after.version),
    ).lean();
    expect(doc).toMatchObject({ kind: "cultivation_summary" });
    const refused = await rejectionOf(
      addRecord(inst.user, String(plan._id), "guidance", { date: today, peopleMet: "a", findings: "b" }, []),
    );
    expect((refused as Error).message).toContain("已签署");
    expect(await thrownStatus(countersign(head.user, String(plan._id), after.version))).toBe(409);
    const page = await planPage(head.user, String(plan._id));
    expect(page.can).toMatchObject({ manage: false, signInstructor: false, countersign: false });
  });

  it("a head who signed as instructor may not countersign their own plan", async () => {
    const plan = await planOf(e1, year + 1);
    await signAsInstructor(head.user, String(plan._id), plan.version, "由负责人本人作为指导员签署的计划。");
    const signed = await planOf(e1, year + 1);
    expect(await thrownStatus(countersign(head.user, String(plan._id), signed.version))).toBe(403);
  });
});
