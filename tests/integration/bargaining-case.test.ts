/**
 * A collective bargaining case through the services, from the offer to the agreed draft, on the real
 * database: deadlines with their article, representatives refused with the rule and article, a round with
 * minutes signed off by both chiefs, two topics tentatively agreed, caucus notes invisible to the other
 * side (services, page data and Word files), the race of two moves at once, and the instructor's pipeline.
 */
import JSZip from "jszip";
import { renderDocument } from "~/services/documents/documents.server";
import { agreeDraft, moveTopic, recordResponse, sendOffer } from "~/services/bargaining/cases.server";
import { assembleCaseDraft } from "~/services/contracts/drafts.server";
import { addCaucusNote, caucusNotes } from "~/services/bargaining/caucus.server";
import { casePage } from "~/services/bargaining/case-page.server";
import { enterpriseBargaining, pipeline } from "~/services/bargaining/pipeline.server";
import { nameRepresentatives } from "~/services/bargaining/representatives.server";
import {
  recordMinutes,
  savePreparation,
  scheduleRound,
  signOffMinutes,
} from "~/services/bargaining/rounds.server";
import { saveWageData } from "~/services/bargaining/wage-data.server";
import { UserError } from "~/lib/http.server";
import { loader as caseLoader } from "~/routes/bargaining.cases.$id";
import { BargainingCase } from "../../models/bargaining-case";
import { getBlob } from "../../models/file-blob";
import { RenderedDocument } from "../../models/rendered-document";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  pageRequest,
  rejectionOf,
  routeArgs,
  signInAs,
  thrownResponse,
  thrownStatus,
  type Browser,
} from "../support/factories";

let chair: Browser;
let hr: Browser;
let rep: Browser;
let instructor: Browser;
let otherHr: Browser;
let enterpriseId: string;

const CAUCUS = "内部底线：工资增幅不低于4%（仅职工方可见）";

beforeAll(async () => {
  const city = await makeOrg({ name: "协商测试市总工会" });
  const street = await makeOrg({ name: "协商测试街道总工会", parent: city });
  const enterprise = await makeEnterprise(street, {
    name: "协商测试机械有限公司",
    unionEstablishedOn: "2015-01-01",
  });
  const other = await makeEnterprise(street);
  enterpriseId = String(enterprise._id);
  chair = await signInAs(await makeUser({ role: "chair", enterprise, displayName: "李主席" }));
  hr = await signInAs(await makeUser({ role: "hr", enterprise, displayName: "张经理" }));
  rep = await signInAs(await makeUser({ role: "rep", enterprise, displayName: "赵代表" }));
  instructor = await signInAs(await makeUser({ role: "instructor", org: city }));
  otherHr = await signInAs(await makeUser({ role: "hr", enterprise: other }));
});

async function textOf(renderId: unknown) {
  await renderDocument(String(renderId));
  const bytes = await getBlob(RenderedDocument.hydrate({ _id: renderId })._id);
  const zip = await JSZip.loadAsync(bytes!);
  return zip.file("word/document.xml")!.async("string");
}

const current = async (id: string) => (await BargainingCase.findById(id).lean())!;

describe("a wage case from the offer to the agreed draft", () => {
  let caseId: string;

  it("the chair sends the offer: response due in 20 days under 《集体合同规定》第三十二条, shifted off a Sunday", async () => {
    const saved = await sendOffer(chair.user, enterpriseId, {
      side: "employee",
      kind: "wage",
      topicKeys: ["wage_system", "average_wage_adjustment", "wage_payment", "wage_term"],
      findingItemIds: [],
      customTopics: "",
      note: "建议于三月下旬在企业会议室协商。",
      // 2026-03-02 (Monday) + 20 days = Sunday 2026-03-22 → Monday 2026-03-23 (民法典 第203条).
      sentOn: "2026-03-02",
      receivedOn: "2026-03-02",
    });
    caseId = String(saved._id);
    expect(saved.status).toBe("offer_sent");
    const response = saved.deadlines.find((d) => d.key === "response")!;
    expect(response).toMatchObject({
      rawDueOn: "2026-03-22",
      dueOn: "2026-03-23",
      shifted: true,
      ruleSetId: "national",
    });
    expect(response.sourceLabel).toBe("《集体合同规定》第三十二条");
    // A second offer of the same kind is refused, not a second case.
    const again = await rejectionOf(
      sendOffer(hr.user, enterpriseId, { ...offerBase, side: "employer", kind: "wage" }),
    );
    expect(again).toBeInstanceOf(UserError);
    expect(await BargainingCase.countDocuments({ leadEnterpriseId: saved.leadEnterpriseId })).toBe(1);
    // The rep is on no list yet: no access; another enterprise's HR never.
    expect(await thrownStatus(casePage(rep.user, caseId))).toBe(403);
    expect(await thrownStatus(casePage(otherHr.user, caseId))).toBe(403);
    const tab = await enterpriseBargaining(hr.user, enterpriseId);
    expect(tab.cases.map((c) => c.id)).toEqual([caseId]);
    expect(tab.hiddenCases).toBe(0);
    // The rep's tab lists nothing but says a case exists that they are not on (not "no cases").
    const repTab = await enterpriseBargaining(rep.user, enterpriseId);
    expect(repTab.cases).toEqual([]);
    expect(repTab.hiddenCases).toBe(1);
  });

  it("only the responding side responds; HR agrees and the letters are rendered", async () => {
    const v = (await current(caseId)).version;
    expect(
      await thrownStatus(
        recordResponse(chair.user, caseId, v, {
          side: "employer",
          decision: "agree",
          reason: "",
          otherTopics: "",
        }),
      ),
    ).toBe(403);
    const refused = await rejectionOf(
      recordResponse(hr.user, caseId, v, {
        side: "employer",
        decision: "refuse",
        reason: " ",
        otherTopics: "",
      }),
    );
    expect((refused as Error).message).toContain("第三十二条");
    const saved = await recordResponse(hr.user, caseId, v, {
      side: "employer",
      decision: "agree",
      reason: "",
      otherTopics: "",
    });
    expect(saved.status).toBe("accepted");
    expect(saved.deadlines.find((d) => d.key === "response")?.metOn).toBeTruthy();
    const offerXml = await textOf(saved.offerRenderId);
    expect(offerXml).toContain("集体协商要约书");
  });

  it("an invalid list is refused with the rule and its article; valid lists name the representatives", async () => {
    let v = (await current(caseId)).version;
    const two = await rejectionOf(
      nameRepresentatives(chair.user, caseId, v, {
        side: "employee",
        members: [member("李主席", true), member("王一")],
        chiefHoldsOffice: true,
        writtenDelegation: false,
        delegation: "",
      }),
    );
    expect(two).toBeInstanceOf(UserError);
    expect((two as Error).message).toContain("每方协商代表不少于3人");
    expect((two as Error).message).toContain("《集体合同规定》第十九条");
    const outsiderChief = await rejectionOf(
      nameRepresentatives(chair.user, caseId, v, {
        side: "employee",
        members: [{ ...member("外聘律师", true), outsider: true }, member("王一"), member("王二")],
        chiefHoldsOffice: true,
        writtenDelegation: false,
        delegation: "",
      }),
    );
    expect((outsiderChief as Error).message).toContain("第二十三条");
    await nameRepresentatives(chair.user, caseId, v, {
      side: "employee",
      members: [member("李主席", true), member("王一"), { ...member("赵代表"), userId: rep.user.id }],
      chiefHoldsOffice: true,
      writtenDelegation: false,
      delegation: "",
    });
    v = (await current(caseId)).version;
    // Four on the employer side against three: 双方人数对等 (第十九条).
    const unequal = await rejectionOf(
      nameRepresentatives(hr.user, caseId, v, {
        side: "employer",
        members: [member("张经理", true), member("钱一"), member("钱二"), member("钱三")],
        chiefHoldsOffice: false,
        writtenDelegation: true,
        delegation: "法定代表人书面委托张经理",
      }),
    );
    expect((unequal as Error).message).toContain("对等");
    const saved = await nameRepresentatives(hr.user, caseId, v, {
      side: "employer",
      members: [member("张经理", true), member("钱一"), member("钱二")],
      chiefHoldsOffice: false,
      writtenDelegation: true,
      delegation: "法定代表人书面委托张经理",
    });
    expect(saved.status).toBe("representatives_named");
    // The rep is now on the case.
    expect((await casePage(rep.user, caseId)).case.id).toBe(caseId);
    const repTab = await enterpriseBargaining(rep.user, enterpriseId);
    expect([repTab.cases.map((c) => c.id), repTab.hiddenCases]).toEqual([[caseId], 0]);
  });

  it("a round with minutes signed off by both chiefs; two topics reach TA; a caucus note stays with its side", async () => {
    let v = (await current(caseId)).version;
    const refusedRecorder = await rejectionOf(
      savePreparation(chair.user, caseId, v, { side: "employee", recorderName: "王一", agenda: "" }),
    );
    expect((refusedRecorder as Error).message).toContain("第三十三条");
    await savePreparation(chair.user, caseId, v, {
      side: "employee",
      recorderName: "孙记录",
      agenda: "工资调整",
    });
    v = (await current(caseId)).version;
    const opened = await scheduleRound(hr.user, caseId, v, {
      side: "employer",
      heldOn: "2026-03-25",
      place: "企业二楼会议室",
      agenda: "工资分配制度与调整幅度",
      attendees: "双方协商代表",
    });
    expect(opened.status).toBe("in_rounds");

    let doc = await current(caseId);
    const topic = (key: string) => doc.topics.find((t) => t.key === key)!;
    const [first, second, third, fourth] = [
      topic("wage_system"),
      topic("average_wage_adjustment"),
      topic("wage_payment"),
      topic("wage_term"),
    ];
    // The offer tabled them for the employee side: HR agrees to two (TA), counters the third.
    await moveTopic(hr.user, caseId, doc.version, {
      side: "employer",
      topicKey: first.key,
      move: "agree",
      text: "",
    });
    doc = await current(caseId);
    await moveTopic(hr.user, caseId, doc.version, {
      side: "employer",
      topicKey: second.key,
      move: "counter",
      text: "年度平均工资增长3%",
    });
    doc = await current(caseId);
    await moveTopic(chair.user, caseId, doc.version, {
      side: "employee",
      topicKey: second.key,
      move: "agree",
      text: "",
    });
    doc = await current(caseId);
    expect(doc.topics.filter((t) => t.status === "ta").map((t) => t.key)).toEqual([first.key, second.key]);
    expect(doc.topics.find((t) => t.key === second.key)?.agreedText).toBe("年度平均工资增长3%");
    expect(doc.positions.filter((p) => p.topicKey === second.key).map((p) => p.side)).toEqual([
      "employee",
      "employer",
      "employee",
    ]);

    await addCaucusNote(chair.user, caseId, { side: "employee", text: CAUCUS, topicKey: second.key });
    expect((await caucusNotes(chair.user, doc, "employee")).map((n) => n.text)).toEqual([CAUCUS]);
    expect((await caucusNotes(rep.user, doc, "employee")).map((n) => n.text)).toEqual([CAUCUS]);
    expect(await thrownStatus(caucusNotes(hr.user, doc, "employee"))).toBe(403);
    expect(await thrownStatus(caucusNotes(instructor.user, doc, "employee"))).toBe(403);
    expect(
      await thrownStatus(addCaucusNote(hr.user, caseId, { side: "employee", text: "x", topicKey: "" })),
    ).toBe(403);
    // The page data of the other side and of the instructor hold no trace of it.
    for (const who of [hr, instructor]) {
      const page = await caseLoader(
        routeArgs(pageRequest(who, `/bargaining/cases/${caseId}`), { id: caseId }),
      );
      expect(JSON.stringify(page)).not.toContain("内部底线");
      expect(page.caucus.map((c) => c.side)).not.toContain("employee");
    }

    await recordMinutes(chair.user, caseId, 1, 0, {
      side: "employee",
      minutes: "双方就工资分配制度达成一致；年度平均工资增长3%达成暂定一致。",
      attendees: "",
    });
    await signOffMinutes(chair.user, caseId, 1, 1, { side: "employee" });
    const signed = await signOffMinutes(hr.user, caseId, 1, 2, { side: "employer" });
    expect(signed.signOff.employee?.byName).toBe("李主席");
    expect(signed.signOff.employer?.byName).toBe("张经理");
    const page = await casePage(chair.user, caseId);
    const render = page.rounds[0].render!;
    const minutesXml = await textOf(render.id);
    expect(minutesXml).toContain("集体协商会议记录");
    expect(minutesXml).toContain("年度平均工资增长3%");
    expect(minutesXml).not.toContain("内部底线");

    doc = await current(caseId);
    // The term (工资协议的期限) is agreed as the sides wrote it at the table.
    await moveTopic(hr.user, caseId, doc.version, {
      side: "employer",
      topicKey: fourth.key,
      move: "agree",
      text: "",
    });
    doc = await current(caseId);
    const refusedDraft = await rejectionOf(
      agreeDraft(chair.user, caseId, doc.version, { side: "employee", draftVersion: 1 }),
    );
    expect((refusedDraft as Error).message).toContain("尚有1个议题");
    await moveTopic(chair.user, caseId, doc.version, {
      side: "employee",
      topicKey: third.key,
      move: "withdraw",
      text: "",
    });
    doc = await current(caseId);
    // No draft yet: nothing to agree on.
    const noDraft = await rejectionOf(
      agreeDraft(chair.user, caseId, doc.version, { side: "employee", draftVersion: 1 }),
    );
    expect((noDraft as Error).message).toContain("请先生成合同草案");
    const first1 = await assembleCaseDraft(chair.user, caseId, { side: "employee" });
    expect(first1.number).toBe(1);
    // The draft's wage standards cannot be checked without the local minimum wage (劳动合同法 第五十五条).
    const unchecked = await rejectionOf(
      agreeDraft(chair.user, caseId, doc.version, { side: "employee", draftVersion: 1 }),
    );
    expect((unchecked as Error).message).toContain("《劳动合同法》第五十五条");
    expect((await current(caseId)).status).toBe("in_rounds");
    await saveWageData(chair.user, caseId, 0, {
      side: "employee",
      year: "2025",
      averageWage: "96000",
      payroll: "31296000",
      headcount: "326",
      lower: "3",
      baseline: "5",
      upper: "8",
      cpi: "0.8",
      minimumMonthly: "2490",
      minimumHourly: "24",
      productivity: "",
      profit: "",
      proposedRaise: "3",
      lowestStandard: "2600",
    });
    doc = await current(caseId);
    const agreed = await agreeDraft(chair.user, caseId, doc.version, { side: "employee", draftVersion: 1 });
    expect(agreed.status).toBe("draft_agreed");
    expect(agreed.agreedDraftVersion).toBe(1);
  });

  it("the instructor's pipeline shows the case at the agreed-draft step", async () => {
    const list = await pipeline(instructor.user, {});
    const approval = list.stages.find((s) => s.stage === "approval")!;
    expect(approval.rows.map((r) => [r.id, r.status])).toEqual([[caseId, "draft_agreed"]]);
    expect((await pipeline(instructor.user, { stage: "offer" })).total).toBe(0);
    expect(await thrownStatus(pipeline(hr.user, {}))).toBe(403);
  });
});

describe("two people move one case at once", () => {
  it("one wins, the other is told the case was updated", async () => {
    const saved = await sendOffer(chair.user, enterpriseId, {
      ...offerBase,
      side: "employee",
      kind: "safety",
      topicKeys: ["safety_health", "training"],
    });
    const id = String(saved._id);
    await recordResponse(hr.user, id, saved.version, {
      side: "employer",
      decision: "agree",
      reason: "",
      otherTopics: "",
    });
    // The same list saved twice at the same version, as two browsers would: one wins.
    const w = (await current(id)).version;
    const race = await Promise.allSettled([
      nameRepresentatives(chair.user, id, w, {
        side: "employee",
        members: [member("李主席", true), member("王一"), member("王二")],
        chiefHoldsOffice: true,
        writtenDelegation: false,
        delegation: "",
      }),
      nameRepresentatives(chair.user, id, w, {
        side: "employee",
        members: [member("李主席", true), member("王三"), member("王四")],
        chiefHoldsOffice: true,
        writtenDelegation: false,
        delegation: "",
      }),
    ]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = race.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    const { status, message } = await thrownResponse(Promise.reject(loser.reason));
    expect(status).toBe(409);
    expect(message).toBe("该协商已被他人更新，请刷新后重试");
    expect((await current(id)).version).toBe(w + 1);
  });
});

describe("wage data", () => {
  it("a standard below the minimum wage is refused with 劳动合同法 第五十五条; the costing follows the form", async () => {
    const saved = await sendOffer(chair.user, enterpriseId, {
      ...offerBase,
      side: "employee",
      kind: "comprehensive",
      topicKeys: ["remuneration"],
    });
    const id = String(saved._id);
    const form = {
      side: "employee" as const,
      year: "2025",
      averageWage: "96000",
      payroll: "31296000",
      headcount: "326",
      lower: "3",
      baseline: "5",
      upper: "8",
      cpi: "0.8",
      minimumMonthly: "2490",
      minimumHourly: "",
      productivity: "",
      profit: "",
      proposedRaise: "5.5",
      lowestStandard: "2400",
    };
    const refused = await rejectionOf(saveWageData(chair.user, id, 0, form));
    expect((refused as Error).message).toContain("《劳动合同法》第五十五条");
    await saveWageData(chair.user, id, 0, { ...form, lowestStandard: "2600" });
    const page = await casePage(hr.user, id);
    expect(page.wage.assessment?.annualCost).toBe("1,721,280.00元");
    expect(page.wage.chart).toMatchObject({ raise: 5.5, baseline: 5, cpi: 0.8 });
  });
});

const offerBase = {
  topicKeys: ["wage_system"],
  findingItemIds: [],
  customTopics: "",
  note: "",
  sentOn: "2026-03-02",
};

function member(name: string, chief = false) {
  return { name, title: "", userId: "", chief, outsider: false };
}
