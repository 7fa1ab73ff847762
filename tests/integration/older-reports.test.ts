/**
 * Reports are keyed by their assessment's _id (a lookup by key on FerretDB). Reports created before that
 * carry random ids: they must still be found — never numbered or created a second time — in a process
 * that starts with them already in the database, as after an upgrade.
 */
import { Types } from "mongoose";
import { noteChanges } from "../../app/services/dashboards/rollups.server";
import { openReport, reportPage } from "../../app/services/reports/reports.server";
import { Report } from "../../models/report";
import { RenderedDocument, renderIdFor } from "../../models/rendered-document";
import { makeEnterprise, makeOrg, makeUser, signInAs } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

it("finds a report stored under a random id, and keys new reports by their assessment", async () => {
  const org = await makeOrg();
  const instructor = await signInAs(await makeUser({ role: "instructor", org }));
  // The dashboards are told after the older report is in the database: telling them reads the reports, and
  // this process must first meet the older report then (as a process started after an upgrade would).
  const older = await makeAcceptedAssessment(await makeEnterprise(org), instructor.user, {
    dashboards: false,
  });
  const newer = await makeAcceptedAssessment(await makeEnterprise(org), instructor.user, {
    dashboards: false,
  });
  const olderId = new Types.ObjectId();
  await Report.collection.insertOne({
    _id: olderId,
    assessmentId: older._id,
    enterpriseId: older.enterpriseId,
    unionOrgId: older.unionOrgId,
    reportNo: "体检〔2025〕7号",
    analysis: "",
    createdBy: new Types.ObjectId(instructor.user.id),
    createdByName: "旧数据",
    version: 3,
    createdAt: new Date("2025-06-01T00:00:00Z"),
    updatedAt: new Date("2025-06-01T00:00:00Z"),
  });

  // Its Word files: version 2 from before derived ids (a random id), version 3 under its derived id.
  const render = (id: Types.ObjectId, version: number) => ({
    _id: id,
    kind: "report",
    sourceId: olderId,
    version,
    enterpriseId: older.enterpriseId,
    unionOrgId: older.unionOrgId,
    status: "done",
    progress: 100,
    fileName: `体检报告第${version}版.docx`,
    attempts: 1,
    requestedBy: new Types.ObjectId(instructor.user.id),
    createdAt: new Date("2025-06-01T00:00:00Z"),
    updatedAt: new Date("2025-06-01T00:00:00Z"),
  });
  const randomRender = new Types.ObjectId();
  await RenderedDocument.collection.insertMany([
    render(randomRender, 2),
    render(renderIdFor("report", olderId, 3), 3),
  ] as never[]);

  await noteChanges("check", [older._id, newer._id]);

  const page = await reportPage(instructor.user, String(older._id));
  expect(page.report.reportNo).toBe("体检〔2025〕7号");
  expect(page.report.version).toBe(3);
  // Both files are listed, newest first, the older one found though its id is not derived.
  expect(page.renders.map((r) => [r.version, r.id])).toEqual([
    [3, String(renderIdFor("report", olderId, 3))],
    [2, String(randomRender)],
  ]);
  expect(page.currentRender?.version).toBe(3);
  expect(await Report.countDocuments({ assessmentId: older._id })).toBe(1);

  // Reading a page creates nothing; the first action that needs the report creates and numbers it.
  const unopened = await reportPage(instructor.user, String(newer._id));
  expect(unopened.report.reportNo).toBeNull();
  expect(await Report.countDocuments()).toBe(1);
  await openReport(instructor.user, String(newer._id));
  const fresh = await reportPage(instructor.user, String(newer._id));
  expect(fresh.report.reportNo).toMatch(/^测试工会工体〔\d{4}〕1号$/);
  const stored = await Report.findById(newer._id).lean();
  expect(String(stored?.assessmentId)).toBe(String(newer._id));
  expect((await reportPage(instructor.user, String(newer._id))).report.reportNo).toBe(fresh.report.reportNo);
  expect(await Report.countDocuments()).toBe(2);
});
