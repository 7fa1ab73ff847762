/**
 * The audit trail as /audit shows it: Chinese action names (health-check actions included, in the filter
 * too), the object named instead of its id, and before/after as the fields that changed, translated.
 */
import { audit } from "~/services/audit/audit.server";
import { listAudit } from "~/services/audit/audit-log.server";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

let admin: Browser;

beforeAll(async () => {
  admin = await signInAs(await makeUser({ role: "admin" }));
});

it("names actions, objects and changes in Chinese", async () => {
  const org = await makeOrg({ name: "日志测试街道总工会" });
  const enterprise = await makeEnterprise(org, { name: "日志测试机械有限公司" });
  const instructor = await signInAs(await makeUser({ role: "instructor", org, displayName: "李指导" }));
  const assessment = await makeAcceptedAssessment(enterprise, instructor.user);
  // An entry recorded without a name (as older entries were): the page names the check from its id.
  await audit(
    { id: instructor.user.id, name: "李指导" },
    {
      action: "assessment.return",
      resourceType: "assessment",
      resourceId: String(assessment._id),
      enterpriseId: String(enterprise._id),
      unionOrgId: String(org._id),
      before: { status: "submitted" },
      after: { status: "returned", note: "请补充劳动合同台账" },
    },
  );
  const page = await listAudit(admin.user, { action: "assessment.return" });
  expect(page.action).toBe("assessment.return");
  const entry = page.entries.find((e) => e.actor === "李指导")!;
  expect(entry).toMatchObject({
    action: "退回体检修改",
    resourceType: "法律体检",
    resource: "日志测试机械有限公司的法律体检（已通过）",
    enterprise: "日志测试机械有限公司",
    changes: [
      { field: "状态", before: "待审核", after: "已退回修改" },
      { field: "说明", before: null, after: "请补充劳动合同台账" },
    ],
  });
  expect(JSON.stringify(page.entries)).not.toContain(String(assessment._id));

  const groups = Object.fromEntries(page.actionGroups.map((g) => [g.label, g.actions.map((a) => a.label)]));
  expect(groups["法律体检"]).toEqual([
    "发起法律体检",
    "上传体检佐证材料",
    "提交体检审核",
    "退回体检修改",
    "体检审核通过",
  ]);
  // An unknown filter value shows everything rather than nothing.
  expect((await listAudit(admin.user, { action: "nonsense" })).action).toBe("");
});
