/**
 * The workbench inbox and the notifications of the health-check track, against the real database: each
 * state change of a check and of a prescription item puts the record in the inbox of whoever acts next
 * (and out of the others'), notifies them, and the kept documents survive concurrent changes and rebuild.
 */
import { Types } from "mongoose";
import { addDays, todayInShanghai } from "../../app/domain/dates";
import {
  acceptAssessment,
  loadAssessment,
  returnAssessment,
  startAssessments,
  submitAssessment,
} from "../../app/services/health-check/assessments.server";
import { rebuildInboxes, workInbox } from "../../app/services/workbench/inbox.server";
import {
  createPrescriptionDraft,
  issuePrescription,
  prescriptionPage,
} from "../../app/services/prescriptions/drafting.server";
import { actOnItem } from "../../app/services/prescriptions/items.server";
import { ensureDefaultTemplate } from "../../app/services/health-check/templates.server";
import { workbenchFor } from "../../app/services/workbench/workbench.server";
import { Notification } from "../../models/notification";
import { PrescriptionItem } from "../../models/prescription";
import { WorkInbox } from "../../models/work-inbox";
import {
  EnterpriseCaseIndex,
  EnterpriseCaseRow,
  PipelineIndex,
  PipelineRow,
  type CaseRowDoc,
} from "../../models/bargaining-summary";
import type { EnterpriseDoc } from "../../models/enterprise";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";
import { forgetKept } from "../../models/kept-rows";
import { fillRequired } from "../support/fill-check";

let enterprise: EnterpriseDoc;
let streetId: Types.ObjectId;
let hr: Browser;
let chair: Browser;
let rep: Browser;
let instructor: Browser;
let districtInstructor: Browser;
let otherInstructor: Browser;
let assessmentId: string;

const today = () => todayInShanghai(new Date());

beforeAll(async () => {
  await ensureDefaultTemplate();
  const district = await makeOrg();
  const street = await makeOrg({ parent: district });
  streetId = street._id;
  const elsewhere = await makeOrg();
  enterprise = await makeEnterprise(street, { headcount: 120 });
  hr = await signInAs(await makeUser({ role: "hr", enterprise }));
  chair = await signInAs(await makeUser({ role: "chair", enterprise }));
  rep = await signInAs(await makeUser({ role: "rep", enterprise }));
  instructor = await signInAs(await makeUser({ role: "instructor", org: street }));
  districtInstructor = await signInAs(await makeUser({ role: "instructor", org: district }));
  otherInstructor = await signInAs(await makeUser({ role: "instructor", org: elsewhere }));
});

async function tasksOf(browser: Browser, section: string) {
  const inbox = await workInbox(browser.user);
  return inbox.sections.find((s) => s.key === section)?.tasks ?? [];
}

const notices = (browser: Browser, kind: string) =>
  Notification.find({ userId: new Types.ObjectId(browser.user.id), kind }).lean();

const fillAll = () => fillRequired(hr.user, assessmentId);

const version = async () => (await loadAssessment(instructor.user, assessmentId)).assessment.version;

describe("a health check in the inbox", () => {
  it("assigned: in HR's inbox with a link to fill it, notified; the chair reads it, the representative without a link", async () => {
    const { started } = await startAssessments(
      instructor.user,
      [String(enterprise._id)],
      addDays(today(), 20),
    );
    assessmentId = started[0];
    const hrTasks = await tasksOf(hr, "hr");
    expect(hrTasks).toEqual([
      expect.objectContaining({
        key: `check:${assessmentId}`,
        label: "填写法律体检问卷并提交审核",
        link: `/assessments/${assessmentId}`,
        dueOn: addDays(today(), 20),
        enterpriseName: enterprise.name,
      }),
    ]);
    expect(await notices(hr, "assessment.assigned")).toHaveLength(1);
    expect((await notices(hr, "assessment.assigned"))[0].link).toBe(`/assessments/${assessmentId}`);
    // Nothing for the instructor to do yet.
    expect(await tasksOf(instructor, "instructor")).toEqual([]);
    expect((await tasksOf(chair, "enterprise"))[0]).toMatchObject({
      label: "完成法律体检问卷",
      link: `/assessments/${assessmentId}`,
    });
    expect((await tasksOf(rep, "enterprise"))[0]).toMatchObject({ label: "完成法律体检问卷", link: null });
    expect(await tasksOf(hr, "enterprise")).toEqual([]); // HR sees it as their own task, not twice
  });

  it("submitted: leaves HR's inbox, is the instructors' to review (this node and the one above), notified", async () => {
    await fillAll();
    await submitAssessment(hr.user, assessmentId, await version());
    expect(await tasksOf(hr, "hr")).toEqual([]);
    for (const who of [instructor, districtInstructor]) {
      expect(await tasksOf(who, "instructor")).toEqual([
        expect.objectContaining({ label: "审核法律体检", link: `/assessments/${assessmentId}/review` }),
      ]);
    }
    expect(await tasksOf(otherInstructor, "instructor")).toEqual([]);
    expect(await notices(instructor, "assessment.submitted")).toHaveLength(1);
    expect(await notices(districtInstructor, "assessment.submitted")).toHaveLength(1);
    expect(await notices(otherInstructor, "assessment.submitted")).toHaveLength(0);
    expect(await notices(hr, "assessment.submitted")).toHaveLength(0);
  });

  it("returned: back in HR's inbox as returned, notified with the remark; resubmitted; accepted: gone, HR and chair notified", async () => {
    await returnAssessment(instructor.user, assessmentId, await version(), [], "请补充劳动合同台账");
    expect(await tasksOf(instructor, "instructor")).toEqual([]);
    expect(await tasksOf(hr, "hr")).toEqual([
      expect.objectContaining({
        label: "体检被退回：按审核意见修改后重新提交",
        link: `/assessments/${assessmentId}`,
      }),
    ]);
    const returned = await notices(hr, "assessment.returned");
    expect(returned).toHaveLength(1);
    expect(returned[0].body).toContain("请补充劳动合同台账");

    await submitAssessment(hr.user, assessmentId, await version());
    expect(await notices(instructor, "assessment.submitted")).toHaveLength(2); // once per submission
    await acceptAssessment(instructor.user, assessmentId, await version());
    expect(await tasksOf(instructor, "instructor")).toEqual([]);
    expect(await tasksOf(hr, "hr")).toEqual([]);
    expect(await tasksOf(chair, "enterprise")).toEqual([]);
    expect(await notices(hr, "assessment.accepted")).toHaveLength(1);
    expect(await notices(chair, "assessment.accepted")).toHaveLength(1);
    expect(await notices(rep, "assessment.accepted")).toHaveLength(0);
  });
});

describe("prescription items in the inbox", () => {
  let itemIds: string[];

  it("issued: each item is HR's to acknowledge, with counters that open the filtered list", async () => {
    await createPrescriptionDraft(instructor.user, assessmentId);
    const page = await prescriptionPage(instructor.user, assessmentId);
    const issued = await issuePrescription(instructor.user, assessmentId, page.prescription!.version);
    const items = await PrescriptionItem.find({ prescriptionId: issued._id }).sort({ no: 1 }).lean();
    expect(items.length).toBeGreaterThan(1);
    itemIds = items.map((i) => String(i._id));
    const hrTasks = await tasksOf(hr, "hr");
    expect(hrTasks.map((t) => t.key).sort()).toEqual(itemIds.map((id) => `item:${id}`).sort());
    expect(
      hrTasks.every((t) => t.label === "确认整改事项" && t.link === `/prescriptions/items/${t.key.slice(5)}`),
    ).toBe(true);
    const bench = await workbenchFor(hr.user);
    expect(bench.counters).toContainEqual({
      label: "待确认整改事项",
      value: items.length,
      to: "/prescriptions?status=issued",
    });
    // The representative reads them (read-only: they may not open item pages).
    const repTasks = await tasksOf(rep, "enterprise");
    expect(repTasks).toHaveLength(items.length);
    expect(repTasks.every((t) => t.link === null && t.label === "确认并完成整改")).toBe(true);
  });

  it("every move notifies who acts next and moves the item between inboxes; a rejected item says so", async () => {
    const id = itemIds[0];
    const current = async () => (await PrescriptionItem.findById(id).lean())!;
    await actOnItem(hr.user, id, (await current()).version, "acknowledge");
    expect(await notices(instructor, "prescription.acknowledged")).toHaveLength(1);
    expect((await tasksOf(hr, "hr")).find((t) => t.key === `item:${id}`)).toMatchObject({
      label: "完成整改并提交核验",
    });
    await actOnItem(hr.user, id, (await current()).version, "work", { note: "已补签合同" });
    expect(await notices(instructor, "prescription.in_progress")).toHaveLength(1);
    await actOnItem(hr.user, id, (await current()).version, "submit", { note: "已补签合同" });
    expect(await notices(instructor, "prescription.submitted")).toHaveLength(1);
    expect((await tasksOf(hr, "hr")).some((t) => t.key === `item:${id}`)).toBe(false);
    expect((await tasksOf(instructor, "instructor")).find((t) => t.key === `item:${id}`)).toMatchObject({
      label: "核验整改事项",
      link: `/prescriptions/items/${id}`,
    });
    const bench = await workbenchFor(instructor.user);
    expect(bench.counters).toContainEqual({
      label: "待核验整改事项",
      value: 1,
      to: "/prescriptions?status=submitted",
    });

    await actOnItem(instructor.user, id, (await current()).version, "reject", { reason: "缺少签字页" });
    expect(await notices(hr, "prescription.rejected")).toHaveLength(1);
    expect((await tasksOf(hr, "hr")).find((t) => t.key === `item:${id}`)).toMatchObject({
      label: "整改被退回：修改后重新提交核验",
    });
    await actOnItem(hr.user, id, (await current()).version, "submit", { note: "已补充签字页" });
    await actOnItem(instructor.user, id, (await current()).version, "verify");
    expect(await notices(hr, "prescription.verified")).toHaveLength(1);
    for (const who of [hr, instructor]) {
      const all = [...(await tasksOf(who, "hr")), ...(await tasksOf(who, "instructor"))];
      expect(all.some((t) => t.key === `item:${id}`)).toBe(false);
    }
  });

  it("overdue items are the instructor's to chase; the oldest waits first", async () => {
    const [a, b] = itemIds.slice(1, 3);
    await PrescriptionItem.updateOne({ _id: a }, { $set: { dueOn: addDays(today(), -3) } });
    await PrescriptionItem.updateOne({ _id: b }, { $set: { dueOn: addDays(today(), -1) } });
    // Written behind the services' back: the sweep's rebuild brings the inbox in line.
    await rebuildInboxes();
    const tasks = await tasksOf(instructor, "instructor");
    expect(tasks.filter((t) => t.overdue).map((t) => t.key)).toEqual(
      expect.arrayContaining([`item:${a}`, `item:${b}`]),
    );
    expect(tasks.find((t) => t.key === `item:${a}`)?.label).toBe("整改已逾期：督促企业整改");
    const since = (await tasksOf(hr, "hr")).map((t) => t.since);
    expect([...since].sort()).toEqual(since);
  });

  it("concurrent changes to items of one enterprise all reach its inbox document", async () => {
    const rest = itemIds.slice(1, 9);
    const items = await Promise.all(rest.map((id) => PrescriptionItem.findById(id).lean()));
    await Promise.all(
      items.map((item) => actOnItem(hr.user, String(item!._id), item!.version, "acknowledge")),
    );
    const doc = await WorkInbox.findById(`enterprise:${String(enterprise._id)}`).lean();
    for (const id of rest) expect(JSON.parse(doc!.entries[`item:${id}`]).status).toBe("acknowledged");
    // And the rebuild finds nothing to repair.
    const before = await WorkInbox.findById(`enterprise:${String(enterprise._id)}`).lean();
    await rebuildInboxes();
    const after = await WorkInbox.findById(`enterprise:${String(enterprise._id)}`).lean();
    expect(after!.version).toBe(before!.version);
  });
});

describe("bargaining deadlines in the inbox", () => {
  it("the enterprise's people see its open deadlines (linked only for who may open the case); instructors the overdue ones", async () => {
    const caseId = new Types.ObjectId();
    const row = (nextDueOn: string): CaseRowDoc => ({
      caseId: String(caseId),
      title: "2026年度工资集体协商",
      kind: "wage",
      scope: "single",
      status: "offer_sent",
      enterpriseIds: [String(enterprise._id)],
      enterpriseNames: [enterprise.name],
      unionOrgId: String(streetId),
      offerSentOn: addDays(today(), -30),
      nextDueOn,
      nextDueLabel: "书面回应要约",
      expiresOn: null,
      effectiveOn: null,
      termYears: null,
      repUserIds: [],
      campaignId: null,
      renewsCaseId: null,
      renewedByCaseId: null,
      caseVersion: 1,
      updatedAt: new Date(),
    });
    /** The bargaining module's kept row of the case under an owner (enterprise or organisation). */
    const keep = async (
      rows: typeof EnterpriseCaseRow,
      index: typeof EnterpriseCaseIndex,
      ownerId: Types.ObjectId,
      kept: CaseRowDoc,
    ) => {
      await rows.updateOne(
        { _id: `${String(ownerId)}:${kept.caseId}` },
        { $set: { ...kept, ownerId: String(ownerId) } },
        { upsert: true },
      );
      await index.updateOne(
        { _id: ownerId },
        { $set: { caseIds: [kept.caseId], version: 0, updatedAt: new Date() } },
        { upsert: true },
      );
      // Written around the module (whose writers stamp what they write): every process reads them again.
      await forgetKept(rows as never, [`${String(ownerId)}:${kept.caseId}`]);
      await forgetKept(index as never, [String(ownerId)]);
    };
    await keep(EnterpriseCaseRow, EnterpriseCaseIndex, enterprise._id, row(addDays(today(), 5)));
    const chairView = (await workInbox(chair.user)).bargaining;
    expect(chairView).toEqual([
      expect.objectContaining({
        label: "集体协商：书面回应要约",
        link: `/bargaining/cases/${String(caseId)}`,
        overdue: false,
      }),
    ]);
    // A representative not on the case reads the deadline but gets no link.
    expect((await workInbox(rep.user)).bargaining[0]).toMatchObject({ link: null });
    // Not yet overdue: nothing for the instructor; overdue: the instructor's to chase.
    await keep(PipelineRow, PipelineIndex, streetId, row(addDays(today(), 5)));
    expect((await workInbox(instructor.user)).bargaining).toEqual([]);
    await keep(PipelineRow, PipelineIndex, streetId, row(addDays(today(), -2)));
    expect((await workInbox(districtInstructor.user)).bargaining).toEqual([
      expect.objectContaining({
        label: "集体协商逾期：书面回应要约",
        link: `/bargaining/cases/${String(caseId)}`,
      }),
    ]);
    expect((await workInbox(otherInstructor.user)).bargaining).toEqual([]);
  });
});
