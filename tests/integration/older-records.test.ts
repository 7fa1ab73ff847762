/**
 * Records written by earlier versions (every optional field missing, inserted through the raw collection:
 * scripts/older-shapes.ts, the same shapes the demo carries) read, list, export and change like new ones,
 * through the services and the route loaders. And reads that used to answer 500: a report or prescription
 * page before the check is accepted, odd tab names and query parameters; a report page writes nothing.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { rebuildDashboards } from "~/services/dashboards/rollups.server";
import { uploadItemEvidence } from "~/services/prescriptions/items.server";
import { scoreAssessment } from "~/domain/health-check/scoring";
import type { EnterpriseProfile } from "~/domain/health-check/types";
import { loader as workbenchLoader } from "~/routes/_index";
import { loader as accountsLoader } from "~/routes/accounts";
import { loader as assessmentLoader } from "~/routes/assessments.$id";
import { loader as prescriptionLoader } from "~/routes/assessments.$id.prescription";
import { loader as reportLoader } from "~/routes/assessments.$id.report";
import { loader as auditLoader } from "~/routes/audit";
import { loader as downloadLoader } from "~/routes/documents.$id.download";
import { loader as enterpriseTabLoader } from "~/routes/enterprises.$id.$tab";
import { loader as bargainingTabLoader } from "~/routes/enterprises.$id.bargaining";
import { loader as editLoader } from "~/routes/enterprises.$id.edit";
import { loader as enterpriseLoader } from "~/routes/enterprises.$id";
import { loader as listLoader } from "~/routes/enterprises._index";
import { loader as enterprisesExport } from "~/routes/enterprises.export[.]xlsx";
import { loader as notificationsLoader } from "~/routes/notifications";
import { loader as orgsLoader } from "~/routes/orgs";
import { loader as prescriptionsLoader } from "~/routes/prescriptions._index";
import { loader as evidenceLoader } from "~/routes/prescriptions.items.$id.evidence.$fileId";
import { loader as itemLoader } from "~/routes/prescriptions.items.$id";
import { loader as reportsLoader } from "~/routes/reports._index";
import { profileOf } from "~/services/health-check/assessments.server";
import { setAccountDisabled } from "~/services/accounts/accounts.server";
import { confirmImport, getImportBatch } from "~/services/enterprises/enterprise-import.server";
import { updateEnterprise } from "~/services/enterprises/enterprises.server";
import { UserError } from "~/lib/http.server";
import { markRead } from "~/services/notifications/notifications.server";
import { renameOrg } from "~/services/orgs/orgs.server";
import { actOnItem } from "~/services/prescriptions/items.server";
import { ensureDefaultTemplate, latestPublished } from "~/services/health-check/templates.server";
import { Assessment } from "../../models/assessment";
import { AuditEntry } from "../../models/audit";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { ImportBatch } from "../../models/import-batch";
import { Notification } from "../../models/notification";
import { ItemEvidence, Prescription, PrescriptionItem } from "../../models/prescription";
import { RenderedDocument } from "../../models/rendered-document";
import { Report } from "../../models/report";
import { ReportBatch } from "../../models/report-batch";
import { UnionOrg } from "../../models/union-org";
import { User } from "../../models/user";
import { insertRaw, olderShape } from "../../scripts/older-shapes";
import {
  enterpriseRaw,
  makeEnterprise,
  makeOrg,
  makeUser,
  nextCreditCode,
  pageRequest,
  rejectionOf,
  routeArgs,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";
import { makeAcceptedAssessment, poorAnswers } from "../support/reports";

const at = new Date("2025-03-01T02:00:00Z");
const id = () => new Types.ObjectId();
let root: { _id: Types.ObjectId };
let old: EnterpriseDoc;
let admin: Browser;
let instructor: Browser;
let hr: Browser;
const ids = {
  root: id(),
  enterprise: id(),
  user: id(),
  accepted: id(),
  open: id(),
  report: id(),
  render: id(),
  prescription: id(),
  item: id(),
  evidence: id(),
  notification: id(),
  batch: id(),
  audit: id(),
  importBatch: id(),
};
const s = (x: Types.ObjectId) => String(x);

beforeAll(async () => {
  await insertRaw(UnionOrg, olderShape.unionOrg({ _id: ids.root, name: "旧版市总工会", kind: "city" }, at));
  root = (await UnionOrg.findById(ids.root).lean())!;
  const street = await makeOrg({ name: "旧版街道总工会", parent: await UnionOrg.findById(ids.root).lean() });
  await insertRaw(
    Enterprise,
    olderShape.enterprise(
      {
        _id: ids.enterprise,
        name: "旧版登记企业有限公司",
        creditCode: nextCreditCode(),
        industry: "C",
        headcount: 88,
        unionOrgId: street._id,
      },
      at,
    ),
  );
  old = (await Enterprise.findById(ids.enterprise).lean())!;
  admin = await signInAs(await makeUser({ role: "admin" }));
  instructor = await signInAs(await makeUser({ role: "instructor", org: street }));
  hr = await signInAs(await makeUser({ role: "hr", enterprise: old }));
  const instructorId = new Types.ObjectId(instructor.user.id);

  await insertRaw(
    User,
    olderShape.user(
      {
        _id: ids.user,
        accountName: "old.account",
        displayName: "旧版账号",
        roles: [{ role: "rep", enterpriseId: old._id }],
      },
      at,
    ),
  );

  await ensureDefaultTemplate();
  const version = (await latestPublished())!;
  const profile = profileOf(old) as EnterpriseProfile;
  const score = scoreAssessment(version.template, poorAnswers(version.template), profile);
  const base = { enterpriseId: old._id, unionOrgId: old.unionOrgId };
  const template = {
    templateId: new Types.ObjectId(version.id),
    templateKey: version.key,
    templateVersion: version.version,
  };
  await insertRaw(
    Assessment,
    olderShape.assessment(
      {
        _id: ids.accepted,
        ...base,
        ...template,
        status: "accepted",
        dueOn: "2025-02-28",
        score: JSON.stringify(score),
      },
      at,
    ),
  );
  await insertRaw(
    Assessment,
    olderShape.assessment(
      { _id: ids.open, ...base, ...template, status: "in_progress", dueOn: "2099-01-01" },
      at,
    ),
  );
  await insertRaw(
    Report,
    olderShape.report(
      {
        _id: ids.report,
        assessmentId: ids.accepted,
        ...base,
        reportNo: "体检〔2025〕9号",
        createdBy: instructorId,
        createdByName: "旧版指导员",
      },
      at,
    ),
  );
  await insertRaw(
    RenderedDocument,
    olderShape.renderedDocument(
      {
        _id: ids.render,
        kind: "report",
        sourceId: ids.report,
        version: 1,
        ...base,
        fileName: "旧版体检报告.docx",
        requestedBy: instructorId,
        input: "{}",
        data: Buffer.from("PK-old-inline-file"),
      },
      at,
    ),
  );
  const draft = olderShape.draftItem({
    key: "k1",
    title: "旧版事项：未按时签订劳动合同",
    action: "补签劳动合同",
    owner: "人力资源部",
    dueOn: "2099-06-30",
    priority: "high",
  });
  await insertRaw(
    Prescription,
    olderShape.prescription(
      {
        _id: ids.prescription,
        assessmentId: ids.accepted,
        ...base,
        status: "issued",
        prescriptionNo: "法处〔2025〕4号",
        issuedBy: instructorId,
        issuedOn: "2025-03-02",
        createdBy: instructorId,
        items: [draft],
      },
      at,
    ),
  );
  await insertRaw(
    PrescriptionItem,
    olderShape.prescriptionItem(
      {
        _id: ids.item,
        prescriptionId: ids.prescription,
        assessmentId: ids.accepted,
        ...base,
        prescriptionNo: "法处〔2025〕4号",
        no: 1,
        title: draft.title,
        action: draft.action,
        owner: draft.owner,
        dueOn: draft.dueOn,
        priority: draft.priority,
        status: "issued",
        instructorId,
        issuedOn: "2025-03-02",
      },
      at,
    ),
  );
  const pdf = Buffer.from("%PDF-1.4 old inline evidence");
  await insertRaw(
    ItemEvidence,
    olderShape.itemEvidence({
      _id: ids.evidence,
      itemId: ids.item,
      name: "旧版佐证.pdf",
      contentType: "application/pdf",
      size: pdf.byteLength,
      sha256: crypto.createHash("sha256").update(pdf).digest("hex"),
      data: pdf,
      uploadedBy: instructorId,
      uploadedByName: "旧版账号",
      uploadedAt: at,
    }),
  );
  await insertRaw(
    Notification,
    olderShape.notification({
      _id: ids.notification,
      userId: new Types.ObjectId(hr.user.id),
      kind: "report.ready",
      title: "旧版通知",
      dedupeKey: "older",
      createdAt: at,
    }),
  );
  await insertRaw(
    ReportBatch,
    olderShape.reportBatch(
      {
        _id: ids.batch,
        lockKey: "older",
        createdBy: instructorId,
        createdByName: "旧版指导员",
        enterpriseCount: 1,
        status: "done",
      },
      at,
    ),
  );
  await insertRaw(
    AuditEntry,
    olderShape.auditEntry({
      _id: ids.audit,
      at,
      actorName: "旧版管理员",
      action: "enterprise.update",
      outcome: "success",
    }),
  );
  await insertRaw(
    ImportBatch,
    olderShape.importBatch(
      { _id: ids.importBatch, uploadedBy: new Types.ObjectId(instructor.user.id), fileName: "旧版导入.xlsx" },
      at,
    ),
  );
  // Records from before the dashboards reach them (and the lists that read their rows) through the rebuild,
  // as on a deployment that gained them (the nightly job).
  await rebuildDashboards();
});

describe("records in the older shapes", () => {
  it("are stored without their optional fields (the test would prove nothing otherwise)", async () => {
    const raw = await Enterprise.collection.findOne({ _id: ids.enterprise });
    for (const field of ["harmoniousDesignations", "contacts", "archived", "contractStatus", "usesDispatch"])
      expect(raw).not.toHaveProperty(field);
    expect(await PrescriptionItem.collection.findOne({ _id: ids.item })).not.toHaveProperty("events");
    expect(await UnionOrg.collection.findOne({ _id: ids.root })).not.toHaveProperty("ancestors");
  });

  it("read with the model's defaults through every lean read", async () => {
    expect(old).toMatchObject({
      harmoniousDesignations: [],
      contacts: [],
      congressEstablished: false,
      openAffairs: false,
      contractStatus: "none",
      usesDispatch: false,
      archived: false,
      womenShare: null,
      unionEstablishedOn: null,
    });
    expect(root).toMatchObject({ parentId: null, ancestors: [], archived: false });
    const item = await PrescriptionItem.findById(ids.item).select({ events: 0 }).lean();
    expect(item).toMatchObject({ ruleIds: [], note: "", legalBasis: "", severity: null, dimensionId: "" });
    expect(item).not.toHaveProperty("events");
    const prescription = await Prescription.findById(ids.prescription).lean();
    expect(prescription!.items[0]).toMatchObject({ ruleIds: "", legalBasis: "", severity: null });
    expect(await ImportBatch.findById(ids.importBatch).lean()).toMatchObject({
      status: "preview",
      rows: [],
      fileErrors: [],
      version: 0,
    });
  });

  it("the enterprise page, its edit page, tabs, the list, the export and the workbench", async () => {
    const eid = s(ids.enterprise);
    const page = await enterpriseLoader(
      routeArgs(pageRequest(instructor, `/enterprises/${eid}`), { id: eid }),
    );
    expect(page.enterprise).toMatchObject({ name: old.name, harmoniousDesignations: [], contacts: [] });
    expect(page.enterprise.orgTrail).toEqual(["旧版市总工会", "旧版街道总工会"]);
    const edit = await editLoader(
      routeArgs(pageRequest(instructor, `/enterprises/${eid}/edit`), { id: eid }),
    );
    expect(edit).toBeTruthy();
    // 集体协商 has a route of its own (enterprises.$id.bargaining.tsx).
    await bargainingTabLoader(routeArgs(pageRequest(hr, `/enterprises/${eid}/bargaining`), { id: eid }));
    for (const tab of ["prescriptions", "cultivation"]) {
      await enterpriseTabLoader(routeArgs(pageRequest(hr, `/enterprises/${eid}/${tab}`), { id: eid, tab }));
    }
    for (const query of ["", "?contract=none", "?union=no", `?org=${s(ids.root)}`]) {
      const list = await listLoader(routeArgs(pageRequest(admin, `/enterprises${query}`)));
      expect(list.rows.map((r) => r.name)).toContain(old.name);
    }
    const file = await enterprisesExport(routeArgs(pageRequest(admin, "/enterprises/export.xlsx")));
    expect(file.status).toBe(200);
    const home = await workbenchLoader(routeArgs(pageRequest(instructor, "/")));
    expect(home.figures.total).toBe(1);
  });

  it("the enterprise is edited at its version 0 (missing in the record)", async () => {
    const saved = await updateEnterprise(
      instructor.user,
      s(ids.enterprise),
      0,
      enterpriseRaw(old, { headcount: 90 }),
    );
    expect(saved).toMatchObject({ version: 1, headcount: 90 });
  });

  it("the organisation tree and a rename of the old root", async () => {
    const tree = await orgsLoader(routeArgs(pageRequest(admin, "/orgs")));
    expect(tree.tree.find((n) => n.name === "旧版市总工会")).toMatchObject({ depth: 0, archived: false });
    await renameOrg(admin.user, s(ids.root), 0, "旧版市总工会（已更名）");
    expect((await UnionOrg.findById(ids.root).lean())!.name).toBe("旧版市总工会（已更名）");
  });

  it("the accepted check's report (under a random id), its inline Word file, its prescription and item", async () => {
    const aid = s(ids.accepted);
    const report = await reportLoader(routeArgs(pageRequest(hr, `/assessments/${aid}/report`), { id: aid }));
    if (report.notYet !== null) throw new Error(report.notYet);
    expect(report.report).toMatchObject({ id: s(ids.report), reportNo: "体检〔2025〕9号", analysis: "" });
    expect(report.currentRender?.status).toBe("done");
    const file = await downloadLoader(
      routeArgs(pageRequest(hr, `/documents/${s(ids.render)}/download`), { id: s(ids.render) }),
    );
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe("PK-old-inline-file");

    const prescription = await prescriptionLoader(
      routeArgs(pageRequest(hr, `/assessments/${aid}/prescription`), { id: aid }),
    );
    if (prescription.notYet !== null) throw new Error(prescription.notYet);
    expect(prescription.items.map((i) => i.title)).toEqual(["旧版事项：未按时签订劳动合同"]);
    const layout = await assessmentLoader(routeArgs(pageRequest(hr, `/assessments/${aid}`), { id: aid }));
    expect(layout.accepted).toBe(true);

    const item = await itemLoader(
      routeArgs(pageRequest(hr, `/prescriptions/items/${s(ids.item)}`), { id: s(ids.item) }),
    );
    expect(item.item).toMatchObject({ events: [], note: "", legalBasis: "" });
    expect(item.evidence.map((e) => e.name)).toEqual(["旧版佐证.pdf"]);
    const evidence = await evidenceLoader(
      routeArgs(pageRequest(hr, `/prescriptions/items/${s(ids.item)}/evidence/${s(ids.evidence)}`), {
        id: s(ids.item),
        fileId: s(ids.evidence),
      }),
    );
    expect(evidence.status).toBe(200);

    for (const who of [hr, instructor, admin]) {
      const list = await prescriptionsLoader(routeArgs(pageRequest(who, "/prescriptions?status=issued")));
      expect(list.rows.map((r) => r.title)).toContain("旧版事项：未按时签订劳动合同");
    }
    // Acting on the item at its version 0 (missing in the record) works.
    await actOnItem(hr.user, s(ids.item), 0, "acknowledge", { reason: "" });
    expect((await PrescriptionItem.findById(ids.item).lean())!.status).toBe("acknowledged");
    // The item kept no list of its files: the next upload writes one, the older file first.
    expect((await PrescriptionItem.collection.findOne({ _id: ids.item }))!.evidenceIds).toBeUndefined();
    const added = await uploadItemEvidence(
      hr.user,
      s(ids.item),
      "新佐证.pdf",
      new Uint8Array(Buffer.from("%PDF-1.4 new")),
    );
    expect((await PrescriptionItem.findById(ids.item).lean())!.evidenceIds!.map(String)).toEqual([
      s(ids.evidence),
      added.id,
    ]);
    const after = await itemLoader(
      routeArgs(pageRequest(hr, `/prescriptions/items/${s(ids.item)}`), { id: s(ids.item) }),
    );
    expect(after.evidence.map((e) => e.name)).toEqual(["旧版佐证.pdf", "新佐证.pdf"]);
  });

  it("the open check's pages; its report and prescription pages say 'not yet' (no 500)", async () => {
    const oid = s(ids.open);
    const layout = await assessmentLoader(
      routeArgs(pageRequest(instructor, `/assessments/${oid}`), { id: oid }),
    );
    expect(layout.accepted).toBe(false);
    const report = await reportLoader(
      routeArgs(pageRequest(instructor, `/assessments/${oid}/report`), { id: oid }),
    );
    expect(report.notYet).toBe("体检通过审核后才能查看体检报告");
    const prescription = await prescriptionLoader(
      routeArgs(pageRequest(hr, `/assessments/${oid}/prescription`), { id: oid }),
    );
    expect(prescription.notYet).toBe("体检通过审核后才能开具法律处方");
  });

  it("the account, the notification, the report batch, the audit entry and the import batch", async () => {
    const accounts = await accountsLoader(routeArgs(pageRequest(admin, "/accounts")));
    expect(accounts.accounts.rows.find((r) => r.accountName === "old.account")).toMatchObject({
      status: "pending",
      // The role names where it is held (the enterprise read by key).
      roles: [expect.stringContaining("·旧版登记企业有限公司")],
    });
    await setAccountDisabled(admin.user, s(ids.user), true);
    expect((await User.findById(ids.user).lean())!.status).toBe("disabled");

    const notes = await notificationsLoader(routeArgs(pageRequest(hr, "/notifications?unread=1")));
    expect(notes.items.map((n) => n.title)).toEqual(["旧版通知"]);
    expect(notes.items[0]).toMatchObject({ body: null, link: null, read: false });
    await markRead(hr.user, s(ids.notification));

    const reports = await reportsLoader(routeArgs(pageRequest(instructor, "/reports")));
    expect(reports.batches.map((b) => b.id)).toEqual([s(ids.batch)]);
    // The accepted check stored without its acceptance date is listed without one, not as 1970-01-01.
    expect(reports.checks.find((c) => c.assessmentId === s(ids.accepted))).toMatchObject({
      acceptedOn: null,
    });

    const audit = await auditLoader(routeArgs(pageRequest(admin, "/audit")));
    expect(audit.entries.map((e) => e.actor)).toContain("旧版管理员");

    const batch = await getImportBatch(instructor.user, s(ids.importBatch));
    expect(batch).toMatchObject({ status: "preview", total: 0, canConfirm: false });
    expect(await rejectionOf(confirmImport(instructor.user, s(ids.importBatch), 0))).toBeInstanceOf(
      UserError,
    );
  });
});

describe("reads that answered 500", () => {
  it("a report page reads and writes nothing; the first action creates the report", async () => {
    const org = await makeOrg();
    const me = await signInAs(await makeUser({ role: "instructor", org }));
    const accepted = await makeAcceptedAssessment(await makeEnterprise(org), me.user);
    const aid = String(accepted._id);
    const before = await Promise.all([Report.countDocuments(), RenderedDocument.countDocuments()]);
    const page = await reportLoader(routeArgs(pageRequest(me, `/assessments/${aid}/report`), { id: aid }));
    if (page.notYet !== null) throw new Error(page.notYet);
    expect(page.report).toMatchObject({ id: null, reportNo: null, version: 1 });
    expect(await Promise.all([Report.countDocuments(), RenderedDocument.countDocuments()])).toEqual(before);
  });

  it("an enterprise tab named __proto__, constructor or anything else is 404", async () => {
    const eid = s(ids.enterprise);
    for (const tab of ["__proto__", "constructor", "toString", "hasOwnProperty", "x"]) {
      expect(
        await thrownStatus(
          enterpriseTabLoader(routeArgs(pageRequest(admin, `/enterprises/${eid}/${tab}`), { id: eid, tab })),
        ),
      ).toBe(404);
    }
  });

  it.each([
    "/audit?page=Infinity",
    "/audit?page=1e308",
    "/audit?page=-1&action=constructor",
    "/audit?before=1e308&page=Infinity",
    "/audit?before=-99999999999999999999",
    "/enterprises?page=1e308&org=__proto__",
    "/prescriptions?page=Infinity&enterprise=%00",
    "/notifications?page=NaN",
    "/accounts?page=99999999999",
    "/reports?batch=constructor",
  ])("%s answers a page", async (path) => {
    const loaders: Record<string, (args: ReturnType<typeof routeArgs>) => Promise<unknown>> = {
      "/audit": auditLoader,
      "/enterprises": listLoader,
      "/prescriptions": prescriptionsLoader,
      "/notifications": notificationsLoader,
      "/accounts": accountsLoader,
      "/reports": reportsLoader,
    };
    const page = (await loaders[path.split("?")[0]](routeArgs(pageRequest(admin, path)))) as {
      page?: number;
      pageCount?: number;
    };
    expect(page).toBeTruthy();
    if (page.page !== undefined && page.pageCount !== undefined)
      expect(page.page).toBeLessThanOrEqual(page.pageCount);
  });
});
