/**
 * The rest of issue 17 through the services: an industry case covering several enterprises (劳动合同法
 * 第53条) with its access and the one-open-case rule; a coordination extension in days (第52条); the
 * organisation's approval rule (过半数) kept on new cases; renewal (第38条) opening a linked case, and the
 * sweep moving the old contract to renewed once the new one is in effect.
 */
import { addDays, todayInShanghai } from "~/domain/dates";
import {
  extendCoordination,
  recordCoordinationAccepted,
  recordResponse,
  requestCoordination,
  sendOffer,
} from "~/services/bargaining/cases.server";
import { casePage } from "~/services/bargaining/case-page.server";
import { deadlinesFor, holidayCalendar, rulesOfCase } from "~/services/bargaining/context.server";
import { openJointCase } from "~/services/bargaining/joint-cases.server";
import { refreshSummaries } from "~/services/bargaining/kept-rows.server";
import { enterpriseBargaining, pipeline } from "~/services/bargaining/pipeline.server";
import { proposeRenewal } from "~/services/bargaining/renewal.server";
import { ruleSetsOf, setOrgApprovalRule } from "~/services/bargaining/rules.server";
import { sweepBargainingDeadlines } from "~/services/bargaining/sweep.server";
import { UserError } from "~/lib/http.server";
import { BargainingCase, OpenCaseLock, type BargainingCaseDoc } from "../../models/bargaining-case";
import { UnionOrg } from "../../models/union-org";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  oid,
  rejectionOf,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";

let instructor: Browser;
let otherInstructor: Browser;
let admin: Browser;
let chair1: Browser;
let hr1: Browser;
let hr2: Browser;
let hrOutside: Browser;
let orgId: string;
const ids: string[] = [];
let outsideId: string;
const today = todayInShanghai(new Date());

const offer = {
  topicKeys: ["wage_system"],
  findingItemIds: [],
  customTopics: "",
  note: "",
};

beforeAll(async () => {
  const district = await makeOrg({ name: "联合协商测试区总工会" });
  const street = await makeOrg({ name: "联合协商测试街道总工会", parent: district });
  const other = await makeOrg({ name: "联合协商测试其他总工会" });
  orgId = String(district._id);
  for (const [i, org] of [district, street, district].entries())
    ids.push(String((await makeEnterprise(org, { name: `联合测试餐饮企业${i + 1}` }))._id));
  const outside = await makeEnterprise(other, { name: "联合测试外区企业" });
  outsideId = String(outside._id);
  instructor = await signInAs(await makeUser({ role: "instructor", org: district }));
  otherInstructor = await signInAs(await makeUser({ role: "instructor", org: other }));
  admin = await signInAs(await makeUser({ role: "admin" }));
  chair1 = await signInAs(await makeUser({ role: "chair", enterprise: { _id: oid(ids[0]) } }));
  hr1 = await signInAs(await makeUser({ role: "hr", enterprise: { _id: oid(ids[0]) } }));
  hr2 = await signInAs(await makeUser({ role: "hr", enterprise: { _id: oid(ids[1]) } }));
  hrOutside = await signInAs(await makeUser({ role: "hr", enterprise: outside }));
}, 60_000);

const joint = (enterpriseIds: string[]) => ({
  orgId,
  scope: "industry",
  coverage: "测试区餐饮业",
  kind: "wage",
  employerParty: "测试区餐饮行业协会（会长 王某）",
  topicKeys: ["wage_system", "average_wage_adjustment"],
  customTopics: "",
  note: "",
  sentOn: "2026-03-02",
  enterpriseIds,
});

describe("an industry case covering several enterprises (劳动合同法 第53条)", () => {
  let caseId: string;

  it("needs two enterprises, all under the organisation, and an employers' representative", async () => {
    expect(await rejectionOf(openJointCase(instructor.user, joint([ids[0]])))).toBeInstanceOf(UserError);
    expect(await thrownStatus(openJointCase(instructor.user, joint([ids[0], outsideId])))).toBe(403);
    expect(await thrownStatus(openJointCase(otherInstructor.user, joint(ids)))).toBe(403);
    expect(await thrownStatus(openJointCase(hr1.user, joint(ids)))).toBe(403);
    const noParty = await rejectionOf(openJointCase(instructor.user, { ...joint(ids), employerParty: " " }));
    expect((noParty as UserError).message).toContain("企业方面代表");
  });

  it("opens one case for all three: on each enterprise's tab, once in the pipeline", async () => {
    const saved = await openJointCase(instructor.user, joint(ids));
    caseId = String(saved._id);
    expect(saved).toMatchObject({
      scope: "industry",
      status: "offer_sent",
      employerParty: "测试区餐饮行业协会（会长 王某）",
    });
    expect(saved.title).toBe("测试区餐饮业行业性工资专项集体合同协商");
    for (const id of ids) {
      const tab = await enterpriseBargaining(admin.user, id);
      expect(tab.cases.map((c) => c.id)).toEqual([caseId]);
      expect(tab.cases[0].joint).toBe(true);
    }
    const rows = (await pipeline(instructor.user, { orgId })).stages.flatMap((s) => s.rows);
    expect(rows.filter((r) => r.id === caseId)).toHaveLength(1);
    // One open case per enterprise and kind: a wage offer of enterprise 2 alone is refused, another kind is not.
    const again = await rejectionOf(
      sendOffer(hr2.user, ids[1], { ...offer, side: "employer", kind: "wage", sentOn: today }),
    );
    expect(again).toBeInstanceOf(UserError);
    // Nor can a second industry case take enterprise 1 (and it leaves no key of enterprise 3 behind).
    const overlap = await rejectionOf(openJointCase(instructor.user, joint([ids[2], ids[0]])));
    expect((overlap as UserError).message).toContain("联合测试餐饮企业");
    expect((await OpenCaseLock.findById(`${ids[2]}:wage`).lean())?.caseId.toString()).toBe(caseId);
  });

  it("the union side is the organisation's instructors; HR of a covered enterprise answers; chairs follow", async () => {
    const instructorPage = await casePage(instructor.user, caseId);
    expect(instructorPage.mySides.map((s) => s.side)).toEqual(["employee"]);
    const chairPage = await casePage(chair1.user, caseId);
    expect(chairPage.mySides).toEqual([]);
    expect(chairPage.case.joint).toBe(true);
    expect((await casePage(hr2.user, caseId)).mySides.map((s) => s.side)).toEqual(["employer"]);
    expect(await thrownStatus(casePage(hrOutside.user, caseId))).toBe(403);
    const v = (await BargainingCase.findById(caseId).lean())!.version;
    expect(
      await thrownStatus(
        recordResponse(chair1.user, caseId, v, {
          side: "employee",
          decision: "agree",
          reason: "",
          otherTopics: "",
        }),
      ),
    ).toBe(403);
    const answered = await recordResponse(hr2.user, caseId, v, {
      side: "employer",
      decision: "agree",
      reason: "",
      otherTopics: "",
    });
    expect(answered.status).toBe("accepted");
  });
});

describe("coordination extended by N days (集体合同规定 第52条)", () => {
  it("refuses more than 15 days with the article, records 10 and shows the extended end", async () => {
    const e = await makeEnterprise(
      await UnionOrg.findById(orgId)
        .lean()
        .then((o) => o!),
      {
        name: "协调延期测试企业",
      },
    );
    const chair = await signInAs(await makeUser({ role: "chair", enterprise: e }));
    let doc: BargainingCaseDoc = await sendOffer(chair.user, String(e._id), {
      ...offer,
      side: "employee",
      kind: "comprehensive",
      topicKeys: ["remuneration"],
      sentOn: "2026-01-05",
    });
    const id = String(doc._id);
    doc = await requestCoordination(chair.user, id, doc.version, { side: "employee", reason: "逾期未回应" });
    doc = await recordCoordinationAccepted(chair.user, id, doc.version, {
      side: "employee",
      acceptedOn: today,
      extensionDays: "",
    });
    const base = doc.deadlines.find((d) => d.key === "coordination")!;
    expect(base.sourceLabel).toBe("《集体合同规定》第五十二条");
    const tooLong = await rejectionOf(
      extendCoordination(chair.user, id, doc.version, { side: "employee", extensionDays: "16" }),
    );
    expect((tooLong as UserError).message).toContain("1至15日");
    expect((tooLong as UserError).message).toContain("第五十二条");
    expect((await BargainingCase.findById(id).lean())!.version).toBe(doc.version);
    doc = await extendCoordination(chair.user, id, doc.version, { side: "employee", extensionDays: "10" });
    expect(doc.coordination.extensionDays).toBe(10);
    const extended = doc.deadlines.find((d) => d.key === "coordination_extended")!;
    expect(extended.rawDueOn >= addDays(base.dueOn, 10)).toBe(true);
    expect(extended.sourceLabel).toBe("《集体合同规定》第五十二条");
  });
});

describe("the organisation's approval rule (bargaining.md, Counting thresholds)", () => {
  it("过半数 needs its basis, is kept on cases opened afterwards and shown with where it comes from", async () => {
    const org = await makeOrg({ name: "过半数测试总工会" });
    const e = await makeEnterprise(org, { name: "过半数测试企业" });
    const chair = await signInAs(await makeUser({ role: "chair", enterprise: e }));
    const v = (await UnionOrg.findById(org._id).lean())!.version;
    expect(
      await rejectionOf(
        setOrgApprovalRule(admin.user, String(org._id), v, { approvalRule: "more_than_half", note: "" }),
      ),
    ).toBeInstanceOf(UserError);
    expect(
      await thrownStatus(
        setOrgApprovalRule(instructor.user, String(org._id), v, {
          approvalRule: "more_than_half",
          note: "x",
        }),
      ),
    ).toBe(403);
    await setOrgApprovalRule(admin.user, String(org._id), v, {
      approvalRule: "more_than_half",
      note: "本市企业民主管理条例规定须过半数通过",
    });
    const shown = (await ruleSetsOf([String(org._id)]))[String(org._id)];
    expect(shown.approvalOwn).toBe("more_than_half");
    expect(shown.thresholds.approval.text).toContain("过半数同意");
    const doc = await sendOffer(chair.user, String(e._id), {
      ...offer,
      side: "employee",
      kind: "comprehensive",
      topicKeys: ["remuneration"],
      sentOn: today,
    });
    expect(rulesOfCase(doc).rules.approval.value).toBe("more_than_half");
    const page = await casePage(chair.user, String(doc._id));
    expect(page.thresholds.approval.text).toContain("过半数");
    expect(page.thresholds.approval.sourceLabel).toContain("本市企业民主管理条例");
    // 浙江's own rule is 过半数: "半数以上" is refused there with the article.
    const zj = await makeOrg({ name: "浙江半数测试总工会" });
    await UnionOrg.updateOne({ _id: zj._id }, { $set: { ruleSet: "zhejiang" } });
    const zv = (await UnionOrg.findById(zj._id).lean())!.version;
    const refused = await rejectionOf(
      setOrgApprovalRule(admin.user, String(zj._id), zv, { approvalRule: "half_or_more", note: "" }),
    );
    expect((refused as UserError).message).toContain("《浙江省集体合同条例》第二十四条");
  });
});

describe("renewal (集体合同规定 第38条)", () => {
  it("提出续签 opens a linked case; the old contract becomes renewed once the new one is in effect", async () => {
    const e = await makeEnterprise(
      await UnionOrg.findById(orgId)
        .lean()
        .then((o) => o!),
      {
        name: "续签测试企业",
      },
    );
    const chair = await signInAs(await makeUser({ role: "chair", enterprise: e }));
    const hr = await signInAs(await makeUser({ role: "hr", enterprise: e }));
    const first = await sendOffer(chair.user, String(e._id), {
      ...offer,
      side: "employee",
      kind: "comprehensive",
      topicKeys: ["remuneration", "working_hours"],
      sentOn: "2024-01-02",
    });
    // The steps of the next issue, recorded directly: in effect for 3 years, expiring within 3 months.
    const effectiveOn = addDays(today, -(3 * 365 - 40));
    const dates = { ...first.dates, effectiveOn };
    const deadlines = deadlinesFor(
      { ...first, dates, termYears: 3 },
      rulesOfCase(first),
      await holidayCalendar(),
    );
    const expiresOn = deadlines.find((d) => d.key === "expiry")!.dueOn;
    const old = (await BargainingCase.findByIdAndUpdate(
      first._id,
      { $set: { status: "in_effect", termYears: 3, dates: { ...dates, expiresOn }, deadlines, version: 5 } },
      { new: true },
    ).lean())!;
    await refreshSummaries(old);
    const oldId = String(old._id);

    expect(await thrownStatus(proposeRenewal(hrOutside.user, oldId, 5, { side: "employer", note: "" }))).toBe(
      403,
    );
    const renewal = await proposeRenewal(hr.user, oldId, 5, { side: "employer", note: "" });
    expect(String(renewal.renewsCaseId)).toBe(oldId);
    expect(renewal).toMatchObject({ kind: "comprehensive", status: "offer_sent", initiatorSide: "employer" });
    const after = (await BargainingCase.findById(oldId).lean())!;
    expect(after.status).toBe("renewal_window");
    expect(String(after.renewedByCaseId)).toBe(String(renewal._id));
    // A second proposal (same version seen) is refused; the open-case key is the renewal's.
    expect(
      await rejectionOf(proposeRenewal(chair.user, oldId, 5, { side: "employee", note: "" })),
    ).toBeTruthy();
    expect(String((await OpenCaseLock.findById(`${String(e._id)}:comprehensive`).lean())!.caseId)).toBe(
      String(renewal._id),
    );
    // The tab shows the contract's term and expiry, and the link to its renewal.
    const tab = await enterpriseBargaining(chair.user, String(e._id));
    const inForce = tab.contract.inForce.find((k) => k.id === oldId)!;
    expect(inForce).toMatchObject({ effectiveOn, termYears: 3, expiresOn });
    expect(inForce.renewal?.id).toBe(String(renewal._id));
    const page = await casePage(chair.user, String(renewal._id));
    expect(page.contract.renews?.id).toBe(oldId);

    // Not renewed yet: the sweep leaves the old contract in force.
    await sweepBargainingDeadlines(new Date());
    expect((await BargainingCase.findById(oldId).lean())!.status).toBe("renewal_window");
    // The renewal's contract takes effect (next issue's step, recorded directly): the sweep renews the old one.
    await BargainingCase.updateOne({ _id: renewal._id }, { $set: { status: "in_effect" } });
    await sweepBargainingDeadlines(new Date());
    expect((await BargainingCase.findById(oldId).lean())!.status).toBe("renewed");
  });
});
