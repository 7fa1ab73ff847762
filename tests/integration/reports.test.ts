/**
 * Risk reports and legal prescriptions end to end through the services, against real FerretDB: report
 * numbering and versions, renders that exist once per version, the prescription draft → issue → item
 * tracking → verification cycle, deadline notifications, the list, the export and the headline figures.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { Types } from "mongoose";
import { addDays, todayInShanghai } from "../../app/domain/dates";
import { renderDocument, requestRender } from "../../app/services/documents/documents.server";
import { UserError } from "../../app/lib/http.server";
import {
  exportItems,
  headlineByOrg,
  listItems,
  parseItemFilters,
} from "../../app/services/prescriptions/list.server";
import { rebuildKeptItems } from "../../app/services/prescriptions/kept-items.server";
import { EnterpriseItems, OrgItems } from "../../models/enterprise-items";
import { forgetKeptRows } from "../../models/kept-rows";
import {
  createPrescriptionDraft,
  editPrescriptionDraft,
  issuePrescription,
  prescriptionPage,
} from "../../app/services/prescriptions/drafting.server";
import {
  actOnItem,
  itemEvidenceFile,
  removeItemEvidence,
  itemPage,
  sweepPrescriptionDeadlines,
  uploadItemEvidence,
} from "../../app/services/prescriptions/items.server";
import {
  openReport,
  reportPage,
  requestReportFile,
  requestReportFilesFor,
  saveAnalysis,
} from "../../app/services/reports/reports.server";
import {
  noteChanges,
  recountFromRecords,
  rollupCounters,
} from "../../app/services/dashboards/rollups.server";
import { getBlob } from "../../models/file-blob";
import { Notification } from "../../models/notification";
import { ItemEvidence, Prescription, PrescriptionItem } from "../../models/prescription";
import { RenderedDocument } from "../../models/rendered-document";
import { Report } from "../../models/report";
import { UnionOrg } from "../../models/union-org";
import type { EnterpriseDoc } from "../../models/enterprise";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  rejectionOf,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";
import { makeAcceptedAssessment, poorAnswers } from "../support/reports";
import { latestPublished } from "../../app/services/health-check/templates.server";

let instructor: Browser;
let districtInstructor: Browser;
let otherInstructor: Browser;
let hr: Browser;
let rep: Browser;
let enterprise: EnterpriseDoc;
let peer: EnterpriseDoc;
let assessmentId: string;
let elsewhere: Awaited<ReturnType<typeof makeOrg>>;

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

async function docxText(renderId: string) {
  const bytes = await getBlob(new Types.ObjectId(renderId));
  const zip = await JSZip.loadAsync(bytes!);
  return (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
}

beforeAll(async () => {
  const district = await makeOrg();
  const street = await makeOrg({ parent: district });
  elsewhere = await makeOrg();
  enterprise = await makeEnterprise(street, { headcount: 300, usesDispatch: true });
  peer = await makeEnterprise(street, { headcount: 80 });
  instructor = await signInAs(await makeUser({ role: "instructor", org: street }));
  districtInstructor = await signInAs(await makeUser({ role: "instructor", org: district }));
  otherInstructor = await signInAs(await makeUser({ role: "instructor", org: elsewhere }));
  hr = await signInAs(await makeUser({ role: "hr", enterprise }));
  rep = await signInAs(await makeUser({ role: "rep", enterprise }));
  const a = await makeAcceptedAssessment(enterprise, instructor.user);
  await makeAcceptedAssessment(peer, instructor.user);
  assessmentId = String(a._id);
});

describe("risk report", () => {
  it("is numbered once, shows scores against the organisation's average, and is readable by HR but not by a representative", async () => {
    // Reading the page writes nothing: the report is created by the first action that needs it.
    const unopened = await reportPage(hr.user, assessmentId);
    expect(unopened.report).toMatchObject({ id: null, reportNo: null, version: 1, analysis: "" });
    expect(await Report.countDocuments({ assessmentId })).toBe(0);
    // Two actions at once create one report.
    const [opened, openedAgain] = await Promise.all([
      openReport(instructor.user, assessmentId),
      openReport(instructor.user, assessmentId),
    ]);
    expect(String(openedAgain._id)).toBe(String(opened._id));
    const [page, again] = await Promise.all([
      reportPage(instructor.user, assessmentId),
      reportPage(instructor.user, assessmentId),
    ]);
    // The organisation's default short code (no code set): 测试工会 from "测试工会N".
    expect(page.report.reportNo).toMatch(/^测试工会工体〔\d{4}〕\d+号$/);
    expect(again.report.reportNo).toBe(page.report.reportNo);
    expect(await Report.countDocuments({ assessmentId })).toBe(1);
    expect(page.findings.length).toBeGreaterThan(0);
    expect(page.average.enterprises).toBe(2);
    expect(page.dimensions.length).toBeGreaterThan(5);
    expect(page.canEdit).toBe(true);
    const hrView = await reportPage(hr.user, assessmentId);
    expect(hrView.canEdit).toBe(false);
    expect(await thrownStatus(reportPage(rep.user, assessmentId))).toBe(403);
    expect(await thrownStatus(reportPage(otherInstructor.user, assessmentId))).toBe(403);
  });

  it("saves the problem analysis as a new version; a stale save is refused and changes nothing", async () => {
    const before = await reportPage(instructor.user, assessmentId);
    const saved = await saveAnalysis(
      instructor.user,
      assessmentId,
      before.report.version,
      "## 主要问题\n- 合同签订不及时\n- 加班费基数偏低",
    );
    expect(saved.version).toBe(before.report.version + 1);
    const stale = await thrownStatus(
      saveAnalysis(instructor.user, assessmentId, before.report.version, "覆盖"),
    );
    expect(stale).toBe(409);
    const after = await reportPage(instructor.user, assessmentId);
    expect(after.report.analysis).toContain("合同签订不及时");
    expect(after.report.analysisBlocks[0]).toEqual({ type: "heading", text: "主要问题" });
    const tooLong = await rejectionOf(
      saveAnalysis(instructor.user, assessmentId, after.report.version, "字".repeat(20_001)),
    );
    expect(tooLong).toBeInstanceOf(UserError);
    expect((await reportPage(instructor.user, assessmentId)).report.version).toBe(after.report.version);
    expect(await thrownStatus(saveAnalysis(hr.user, assessmentId, after.report.version, "HR 不能改"))).toBe(
      403,
    );
  });

  it("renders each version exactly once, and the file of a version shows that version's text", async () => {
    const page = await reportPage(instructor.user, assessmentId);
    const v = page.report.version;
    const [first, second] = await Promise.all([
      requestReportFile(instructor.user, assessmentId, v),
      requestReportFile(hr.user, assessmentId, v),
    ]);
    expect(second.id).toBe(first.id);
    expect(first.status).toBe("queued");
    // The analysis moves on before the worker gets to version v.
    await saveAnalysis(instructor.user, assessmentId, v, "第二版分析：已约谈企业负责人");
    expect(await thrownStatus(requestReportFile(instructor.user, assessmentId, v))).toBe(409);
    await renderDocument(first.id);
    await renderDocument(first.id); // a retried job: a no-op
    const text = await docxText(first.id);
    expect(text).toContain(enterprise.name);
    expect(text).toContain("合同签订不及时");
    expect(text).not.toContain("第二版分析");
    for (const d of page.dimensions) expect(text).toContain(d.title);
    const again = await requestReportFile(instructor.user, assessmentId, v + 1);
    await renderDocument(again.id);
    expect(await docxText(again.id)).toContain("第二版分析");
    expect(await RenderedDocument.countDocuments({ kind: "report" })).toBe(2);
    const done = await requestRender({
      kind: "report",
      sourceId: (await Report.findOne({ assessmentId }))!._id,
      version: v,
      enterpriseId: enterprise._id,
      unionOrgId: enterprise.unionOrgId,
      fileName: "x.docx",
      requestedBy: instructor.user.id,
      input: {} as never,
    });
    expect(done.status).toBe("done");
    expect(await RenderedDocument.countDocuments({ kind: "report" })).toBe(2);
  });

  it("reports a batch makes reach the dashboards (told once for the batch, not one turn each)", async () => {
    const org = await makeOrg();
    const teacher = await signInAs(await makeUser({ role: "instructor", org }));
    const checks = await Promise.all(
      [0, 1, 2].map(async () => makeAcceptedAssessment(await makeEnterprise(org), teacher.user)),
    );
    const ids = checks.map((c) => String(c._id));
    // The roll-up as the records stand before any report exists (the factories write around the services).
    await noteChanges(
      "enterprise",
      checks.map((c) => c.enterpriseId),
    );
    await noteChanges("check", ids);
    const id = String(org._id);
    const issued = (counters: unknown) => JSON.stringify(counters);
    const before = (await rollupCounters([id])).get(id);
    const results = await requestReportFilesFor(teacher.user, ids);
    expect(results.every((r) => "renderId" in r)).toBe(true);
    expect(await Report.countDocuments({ _id: { $in: checks.map((c) => c._id) } })).toBe(3);
    const kept = (await rollupCounters([id])).get(id);
    expect(issued(kept)).not.toBe(issued(before)); // the three new reports are counted
    expect(kept).toEqual((await recountFromRecords()).get(id) ?? {});
  });

  it("numbers reports per organisation: another organisation's first report of the year is 1号 too", async () => {
    // Regression: the number was unique across all organisations, so the second organisation to open
    // a report in a year hit the unique index and the report page failed.
    const theirs = await makeEnterprise(elsewhere);
    const a = await makeAcceptedAssessment(theirs, otherInstructor.user);
    await openReport(otherInstructor.user, String(a._id));
    const page = await reportPage(otherInstructor.user, String(a._id));
    const ours = await reportPage(instructor.user, assessmentId);
    expect(page.report.reportNo).toMatch(/^测试工会工体〔\d{4}〕1号$/);
    expect(ours.report.reportNo).toMatch(/^测试工会工体〔\d{4}〕1号$/);
    expect(page.report.id).not.toBe(ours.report.id);
  });
});

describe("legal prescription", () => {
  let itemIds: string[] = [];

  it("is drafted one item per finding; items can be merged, edited and added; bad input changes nothing", async () => {
    expect(await thrownStatus(createPrescriptionDraft(hr.user, assessmentId))).toBe(403);
    const [a, b] = await Promise.all([
      createPrescriptionDraft(instructor.user, assessmentId),
      createPrescriptionDraft(instructor.user, assessmentId),
    ]);
    expect(String(a._id)).toBe(String(b._id));
    const report = await reportPage(instructor.user, assessmentId);
    let page = await prescriptionPage(instructor.user, assessmentId);
    expect(page.draft).toHaveLength(report.findings.length);
    expect(page.draft[0].legalBasis).toBe(report.findings[0].legalBasis);
    // HR does not see a draft.
    expect((await prescriptionPage(hr.user, assessmentId)).prescription).toBeNull();

    const [first, second] = page.draft;
    await editPrescriptionDraft(instructor.user, assessmentId, page.prescription!.version, {
      op: "merge",
      keys: [first.key, second.key],
    });
    page = await prescriptionPage(instructor.user, assessmentId);
    expect(page.draft).toHaveLength(report.findings.length - 1);
    expect(page.draft[0].ruleIds).toEqual([...first.ruleIds, ...second.ruleIds]);
    expect(page.draft[0].dueOn).toBe([first.dueOn, second.dueOn].sort()[0]);

    const bad = await rejectionOf(
      editPrescriptionDraft(instructor.user, assessmentId, page.prescription!.version, {
        op: "edit",
        key: page.draft[0].key,
        input: {
          title: "",
          legalBasis: "",
          action: "x",
          owner: "张三",
          dueOn: "2020-01-01",
          priority: "urgent",
        },
      }),
    );
    expect(bad).toBeInstanceOf(UserError);
    expect(Object.keys((bad as UserError).fieldErrors).sort()).toEqual(["dueOn", "priority", "title"]);
    const unchanged = await prescriptionPage(instructor.user, assessmentId);
    expect(unchanged.prescription!.version).toBe(page.prescription!.version);

    const due = addDays(todayInShanghai(new Date()), 30);
    await editPrescriptionDraft(instructor.user, assessmentId, page.prescription!.version, {
      op: "add",
      input: {
        title: "补充：完善职工代表大会制度",
        legalBasis: "",
        action: "修订职代会实施细则",
        owner: "工会主席",
        dueOn: due,
        priority: "low",
      },
    });
    // A stale version (someone else edited in between) is refused.
    expect(
      await thrownStatus(
        editPrescriptionDraft(instructor.user, assessmentId, page.prescription!.version, {
          op: "remove",
          key: page.draft[0].key,
        }),
      ),
    ).toBe(409);
  });

  it("is issued with a number, frozen items, a Word file and a notification to HR", async () => {
    const page = await prescriptionPage(instructor.user, assessmentId);
    const issued = await issuePrescription(instructor.user, assessmentId, page.prescription!.version);
    expect(issued.prescriptionNo).toMatch(/^测试工会工处〔\d{4}〕\d+号$/);
    expect(await thrownStatus(issuePrescription(instructor.user, assessmentId, issued.version))).toBe(409);
    const items = await PrescriptionItem.find({ prescriptionId: issued._id }).sort({ no: 1 }).lean();
    expect(items).toHaveLength(page.draft.length);
    expect(items[items.length - 1].title).toBe("补充：完善职工代表大会制度");
    itemIds = items.map((i) => String(i._id));
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(hr.user.id),
        kind: "prescription.issued",
      }),
    ).toBe(1);
    const render = await RenderedDocument.findOne({ kind: "prescription", sourceId: issued._id }).lean();
    expect(render).toBeTruthy();
    await renderDocument(String(render!._id));
    const text = await docxText(String(render!._id));
    expect(text).toContain(issued.prescriptionNo!);
    for (const item of items) expect(text).toContain(item.title);
    const hrPage = await prescriptionPage(hr.user, assessmentId);
    expect(hrPage.items).toHaveLength(items.length);
    await expect(Prescription.countDocuments({ assessmentId })).resolves.toBe(1);
  });

  it("an issue that stopped part-way is completed by the next look: a missing item is created, one made but never kept is kept", async () => {
    const issued = (await Prescription.findById(assessmentId).lean())!;
    const before = await PrescriptionItem.find({ prescriptionId: issued._id }).sort({ no: 1 }).lean();
    const [unkept, missing] = before.slice(-2);
    // As if the issue had stopped after creating all but the last item, and before keeping the one before it.
    await PrescriptionItem.deleteOne({ _id: missing._id });
    for (const model of [EnterpriseItems, OrgItems]) {
      const key = String(model === EnterpriseItems ? issued.enterpriseId : issued.unionOrgId);
      await model.updateOne(
        { _id: key },
        {
          $unset: { [`rows.${String(unkept._id)}`]: "", [`rows.${String(missing._id)}`]: "" },
          $inc: { version: 1 },
        },
      );
    }
    forgetKeptRows();
    const page = await prescriptionPage(instructor.user, assessmentId);
    expect(page.items.map((i) => i.no)).toEqual(before.map((i) => i.no));
    expect(page.items.map((i) => i.title)).toEqual(before.map((i) => i.title));
    const recreated = await PrescriptionItem.findOne({ prescriptionId: issued._id, no: missing.no }).lean();
    expect(recreated!.title).toBe(missing.title);
    const keptRows = (await EnterpriseItems.findById(String(issued.enterpriseId)).lean())!.rows;
    expect(Object.keys(keptRows)).toEqual(
      expect.arrayContaining([String(unkept._id), String(recreated!._id)]),
    );
    // The file is found by its derived key.
    expect(page.render?.status).toBe("done");
    // The list's filtered query agrees with the kept rows.
    itemIds = [...itemIds.slice(0, -1), String(recreated!._id)];
    expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(itemIds));
  });

  it("HR acknowledges, uploads evidence and submits; the instructor rejects once with a reason, then verifies", async () => {
    const id = itemIds[0];
    let item = (await itemPage(hr.user, id)).item;
    expect(item.status).toBe("issued");
    expect(await thrownStatus(actOnItem(instructor.user, id, item.version, "acknowledge"))).toBe(403);
    await actOnItem(hr.user, id, item.version, "acknowledge");
    item = (await itemPage(hr.user, id)).item;
    const empty = await rejectionOf(actOnItem(hr.user, id, item.version, "submit", { note: "" }));
    expect(empty).toBeInstanceOf(UserError);
    const fake = await rejectionOf(
      uploadItemEvidence(hr.user, id, "证明.pdf", new Uint8Array(Buffer.from("not a pdf at all"))),
    );
    expect(fake).toBeInstanceOf(UserError);
    expect(await ItemEvidence.countDocuments({ itemId: id })).toBe(0);
    const uploaded = await uploadItemEvidence(hr.user, id, "整改后的合同.png", new Uint8Array(PNG));
    // The bytes live in file_blobs, not in the evidence document, and download unchanged.
    const stored = await ItemEvidence.collection.findOne({ _id: new Types.ObjectId(uploaded.id) });
    expect(stored?.data).toBeUndefined();
    const downloaded = await itemEvidenceFile(instructor.user, id, uploaded.id);
    expect(Buffer.from(downloaded.bytes).equals(PNG)).toBe(true);
    expect(downloaded.contentType).toBe("image/png");
    item = (await itemPage(hr.user, id)).item;
    expect(item.status).toBe("in_progress");
    // Evidence alone is not enough: a submission needs the rectification note, said beside the field.
    const noNote = await rejectionOf(actOnItem(hr.user, id, item.version, "submit", { note: "  " }));
    expect(noNote).toBeInstanceOf(UserError);
    expect((noNote as UserError).message).toBe("提交核验前，请填写整改说明");
    expect((noNote as UserError).fieldErrors.note?.length).toBe(1);
    expect((await itemPage(hr.user, id)).item).toMatchObject({
      status: "in_progress",
      version: item.version,
    });
    await actOnItem(hr.user, id, item.version, "submit", { note: "已补签全部劳动合同" });
    item = (await itemPage(instructor.user, id)).item;
    expect(item.status).toBe("submitted");
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(instructor.user.id),
        kind: "prescription.submitted",
      }),
    ).toBe(1);
    expect(await thrownStatus(actOnItem(hr.user, id, item.version, "verify"))).toBe(403);
    const noReason = await rejectionOf(
      actOnItem(instructor.user, id, item.version, "reject", { reason: " " }),
    );
    expect(noReason).toBeInstanceOf(UserError);
    await actOnItem(instructor.user, id, item.version, "reject", { reason: "缺少职工签字页" });
    item = (await itemPage(hr.user, id)).item;
    expect(item.status).toBe("in_progress");
    expect(item.rejectReason).toBe("缺少职工签字页");
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(hr.user.id),
        kind: "prescription.rejected",
      }),
    ).toBe(1);
    await actOnItem(hr.user, id, item.version, "submit", { note: "已补充签字页" });
    item = (await itemPage(instructor.user, id)).item;
    const [x, y] = await Promise.all([
      actOnItem(instructor.user, id, item.version, "verify").then(
        () => "ok",
        (e: unknown) => e,
      ),
      actOnItem(instructor.user, id, item.version, "verify").then(
        () => "ok",
        (e: unknown) => e,
      ),
    ]);
    expect([x, y].filter((r) => r === "ok")).toHaveLength(1);
    item = (await itemPage(hr.user, id)).item;
    expect(item.status).toBe("closed");
    expect(item.events.map((e) => e.action)).toEqual([
      "issue",
      "acknowledge",
      "work",
      "submit",
      "reject",
      "submit",
      "verify",
    ]);
  });

  it("HR removes and replaces evidence before submitting; every upload and removal is in the history", async () => {
    const id = itemIds[1];
    let item = (await itemPage(hr.user, id)).item;
    await actOnItem(hr.user, id, item.version, "acknowledge");
    const wrong = await uploadItemEvidence(hr.user, id, "错的文件.png", new Uint8Array(PNG));
    const right = await uploadItemEvidence(hr.user, id, "正确的文件.png", new Uint8Array(PNG));
    expect(await thrownStatus(removeItemEvidence(instructor.user, id, wrong.id))).toBe(403);
    await removeItemEvidence(hr.user, id, wrong.id);
    // Gone with its bytes; removing it again is a message, not an error page.
    expect(await ItemEvidence.countDocuments({ itemId: id })).toBe(1);
    expect(await getBlob(new Types.ObjectId(wrong.id))).toBeNull();
    expect(await rejectionOf(removeItemEvidence(hr.user, id, wrong.id))).toBeInstanceOf(UserError);
    const page = await itemPage(hr.user, id);
    expect(page.evidence.map((e) => e.name)).toEqual([right.name]);
    // The page read them from the item's own list (by key), which follows every upload and removal.
    expect((await PrescriptionItem.findById(id).lean())!.evidenceIds!.map(String)).toEqual([right.id]);
    item = page.item;
    expect(item.status).toBe("in_progress");
    expect(item.events.filter((e) => e.action === "work").map((e) => e.note)).toEqual([
      "上传佐证材料：错的文件.png",
      "上传佐证材料：正确的文件.png",
      "删除佐证材料：错的文件.png",
    ]);
  });

  it("lists, filters and exports items within scope, with headline figures per organisation", async () => {
    const all = await listItems(instructor.user, parseItemFilters(new URLSearchParams()));
    expect(all.total).toBe(itemIds.length);
    // Open items first, the closed one last (regression: sorted by deadline alone, items closed long ago
    // filled the first pages and hid what still needs doing).
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.rows.every((r) => r.status !== "closed")).toBe(true);
    const lastPage = await listItems(
      instructor.user,
      parseItemFilters(new URLSearchParams(`page=${all.pages}`)),
    );
    expect(lastPage.rows[lastPage.rows.length - 1].id).toBe(itemIds[0]);
    const closed = await listItems(instructor.user, parseItemFilters(new URLSearchParams("status=closed")));
    expect(closed.rows.map((r) => r.id)).toEqual([itemIds[0]]);
    expect((await listItems(otherInstructor.user, parseItemFilters(new URLSearchParams()))).total).toBe(0);
    expect((await listItems(hr.user, parseItemFilters(new URLSearchParams()))).total).toBe(itemIds.length);
    // Employee representatives do not see prescriptions (policy: HR manager and union chair only).
    expect((await listItems(rep.user, parseItemFilters(new URLSearchParams()))).total).toBe(0);
    expect(await headlineByOrg(rep.user)).toEqual([]);
    const bogus = parseItemFilters(new URLSearchParams("status=deleted&severity=X&enterprise=1&page=-3"));
    expect(bogus).toEqual({ page: 1 });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      new Uint8Array(await exportItems(instructor.user, parseItemFilters(new URLSearchParams()))).buffer,
    );
    const sheet = book.getWorksheet("整改事项")!;
    expect(sheet.rowCount).toBe(itemIds.length + 1);
    expect(String(sheet.getRow(2).getCell(1).value)).toBe(enterprise.name);
    // The enterprise-facing export: organisation, closing date and rectification note as columns, the
    // legal basis as prose, no column repeating another, and the headline figures on a second sheet.
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toEqual([
      "企业",
      "工会组织",
      "处方编号",
      "序号",
      "存在的问题",
      "法律依据",
      "整改要求",
      "责任人",
      "整改期限",
      "优先级",
      "状态",
      "期限提醒",
      "整改说明",
      "销号日期",
    ]);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) =>
      (sheet.getRow(i + 2).values as unknown[]).slice(1).map((v) => (v === undefined ? "" : String(v))),
    );
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)] ?? "");
    for (let a = 0; a < header.length; a++) {
      for (let b = a + 1; b < header.length; b++) {
        const same = rows.every((r) => (r[a] ?? "") === (r[b] ?? ""));
        expect(same ? `${header[a]} = ${header[b]}` : "").toBe("");
      }
    }
    const streetName = (await UnionOrg.findById(enterprise.unionOrgId).lean())!.name;
    expect(new Set(column("工会组织"))).toEqual(new Set([streetName]));
    const closedRow = rows.find((r) => r[header.indexOf("状态")] === "已销号")!;
    expect(closedRow[header.indexOf("整改说明")]).toBe("已补充签字页");
    expect(closedRow[header.indexOf("销号日期")]).toBe(todayInShanghai(new Date()));
    expect(closedRow[header.indexOf("期限提醒")]).toBe("");
    expect(column("法律依据").join("")).not.toMatch(/第\d+条|《《/);
    expect(column("法律依据").join("")).toContain("《中华人民共和国劳动合同法》第十条");

    const summary = book.getWorksheet("按组织汇总")!;
    expect((summary.getRow(1).values as unknown[]).slice(1)).toEqual([
      "工会组织",
      "体检企业数",
      "体检报告数",
      "整改事项数",
      "已销号",
      "已逾期",
      "整改完成率（%）",
      "逾期率（%）",
    ]);
    const expected = await headlineByOrg(instructor.user);
    expected.forEach((f, i) => {
      expect((summary.getRow(i + 2).values as unknown[]).slice(1)).toEqual([
        f.orgName,
        f.enterprisesChecked,
        f.reportsIssued,
        f.itemsIssued,
        f.itemsClosed,
        f.itemsOverdue,
        f.rectifiedPct ?? "—",
        f.overduePct ?? "—",
      ]);
    });
    expect(summary.getRow(expected.length + 1).getCell(1).value).toBe("合计");
    expect(summary.getRow(expected.length + 1).getCell(4).value).toBe(itemIds.length);

    const figures = await headlineByOrg(instructor.user);
    const total = figures.find((f) => f.orgId === null)!;
    expect(total).toMatchObject({
      enterprisesChecked: 2,
      reportsIssued: 1,
      itemsIssued: itemIds.length,
      itemsClosed: 1,
      rectifiedPct: Math.round((1 / itemIds.length) * 1000) / 10,
    });
    expect(await headlineByOrg(otherInstructor.user)).toEqual([
      expect.objectContaining({ orgId: expect.any(String), itemsIssued: 0 }),
      expect.objectContaining({ orgId: null, itemsIssued: 0, rectifiedPct: null }),
    ]);
  });

  it("deadline sweep: due soon notifies HR and the instructor once; overdue also the organisation's instructors", async () => {
    const [soon, late] = itemIds.slice(1, 3);
    const today = todayInShanghai(new Date());
    await PrescriptionItem.updateOne({ _id: soon }, { $set: { dueOn: today } });
    await PrescriptionItem.updateOne({ _id: late }, { $set: { dueOn: addDays(today, -1) } });
    await PrescriptionItem.updateMany(
      { _id: { $nin: [soon, late].map((i) => new Types.ObjectId(i)) } },
      { $set: { dueOn: addDays(today, 60) } },
    );
    // Written around the services: the kept item lists follow as the sweep repairs them.
    await rebuildKeptItems();
    const created = await sweepPrescriptionDeadlines(new Date());
    const count = (user: Browser, kind: string) =>
      Notification.countDocuments({ userId: new Types.ObjectId(user.user.id), kind });
    expect(await count(hr, "prescription.due_soon")).toBe(1);
    expect(await count(instructor, "prescription.due_soon")).toBe(1);
    expect(await count(hr, "prescription.overdue")).toBe(1);
    expect(await count(instructor, "prescription.overdue")).toBe(1);
    expect(await count(districtInstructor, "prescription.overdue")).toBe(1);
    expect(await count(districtInstructor, "prescription.due_soon")).toBe(0);
    expect(await count(otherInstructor, "prescription.overdue")).toBe(0);
    expect(created).toBe(5);
    expect(await sweepPrescriptionDeadlines(new Date())).toBe(0);
    const overdueList = await listItems(
      instructor.user,
      parseItemFilters(new URLSearchParams("due=overdue")),
    );
    expect(overdueList.rows.map((r) => r.id)).toEqual([late]);
    const figures = await headlineByOrg(instructor.user);
    expect(figures.find((f) => f.orgId === null)!.itemsOverdue).toBe(1);
  });

  it("a re-check links to the earlier items and shows which were resolved", async () => {
    const firstItems = await PrescriptionItem.find({ assessmentId }).sort({ no: 1 }).lean();
    const version = (await latestPublished())!;
    // An item answering one yes/no finding that "是" rectifies (drafts are ordered by severity, so which
    // item that is depends on the template, not on a position).
    const target = firstItems.find((item) => {
      const when = version.template.rules.find((r) => r.id === item.ruleIds[0])?.when as
        { op?: string; value?: unknown } | undefined;
      return item.ruleIds.length === 1 && when?.op === "eq" && when.value === false;
    })!;
    const resolvedRule = target.ruleIds[0];
    const rule = version.template.rules.find((r) => r.id === resolvedRule)!;
    // Answer that rule's questions well this time (yes / the first option), everything else as before.
    const answers = poorAnswers(version.template);
    for (const q of rule.questionIds) {
      const question = version.template.questions.find((x) => x.id === q)!;
      answers[q] =
        question.type === "yesno"
          ? true
          : question.type === "single"
            ? question.options![0].value
            : answers[q];
    }
    const recheck = await makeAcceptedAssessment(enterprise, instructor.user, {
      answers,
      acceptedAt: new Date(Date.now() + 1000),
    });
    const page = await reportPage(instructor.user, String(recheck._id));
    expect(page.recheck).toHaveLength(firstItems.length);
    const row = page.recheck.find((r) => r.id === String(target._id))!;
    expect(page.findings.some((f) => f.ruleId === resolvedRule)).toBe(false);
    expect(row.resolved).toBe(true);
    // Items whose findings this check still makes are shown as still there.
    const persisting = page.recheck.filter((r) => r.resolved === false);
    expect(persisting.length).toBeGreaterThan(0);
    expect(page.recheck.find((r) => r.title === "补充：完善职工代表大会制度")!.resolved).toBeNull();
    expect(page.previous?.assessmentId).toBe(assessmentId);
  });
});
