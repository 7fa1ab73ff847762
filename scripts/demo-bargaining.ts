/**
 * Demo collective bargaining: cases in several stages for the demo enterprises, made through the real
 * services (so deadlines, summaries, letters and the audit trail are what the product would make), and
 * contracts in effect. Idempotent: an enterprise that already has a case is left alone.
 *
 * - 滨江湖滨精密机械 (the hr/chair/rep accounts): a comprehensive contract in effect until 2027-06-30 and
 *   nothing running, so the browser tests (and a demo) start a new case there;
 * - 云溪新材料科技: a contract in effect expiring 2026-12-31, in its renewal window;
 * - 湖滨安居建设: a wage offer unanswered past its due date (overdue);
 * - 青石石材加工: an offer sent three days ago;
 * - 长桥顺通物流: representatives named, one round held with minutes signed off, topics on the board;
 * - 云溪精工汽车零部件: a wage draft agreed, its 第2稿 made from a representative's accepted wording;
 * - 滨江湖滨精密机械 again: a 劳动安全卫生 special contract whose 第1稿 the employee representatives are
 *   reviewing, with the demo's own accounts on the lists (chair 李明 leads, rep 赵刚 is a representative and
 *   has commented on a clause), so a demo signed in as `rep` has a draft to read and comment on.
 */
import type { Types } from "mongoose";
import { addDays, todayInShanghai } from "../app/domain/dates";
import { actingUser, type CurrentUser } from "../app/services/accounts/auth.server";
import { agreeDraft, moveTopic, recordResponse, sendOffer } from "../app/services/bargaining/cases.server";
import { deadlinesFor, rulesOfCase, holidayCalendar } from "../app/services/bargaining/context.server";
import { refreshSummaries } from "../app/services/bargaining/kept-rows.server";
import { nameRepresentatives } from "../app/services/bargaining/representatives.server";
import {
  recordMinutes,
  savePreparation,
  scheduleRound,
  signOffMinutes,
} from "../app/services/bargaining/rounds.server";
import { saveWageData } from "../app/services/bargaining/wage-data.server";
import { BargainingCase, OpenCaseLock } from "../models/bargaining-case";
import { EnterpriseCaseIndex, LegacyEnterpriseSummary } from "../models/bargaining-summary";
import { CaucusNotes, caucusId } from "../models/bargaining-parts";
import { nextVersion } from "../app/domain/contracts";
import { assembleCaseDraft, storeNextVersion } from "../app/services/contracts/drafts.server";
import { openThread } from "../app/services/contracts/review.server";
import { ContractSuggestion, ReviewThread, suggestionId, threadId } from "../models/contract-drafts";

type Side = "employee" | "employer";

const member = (name: string, title: string, chief = false) => ({
  name,
  title,
  userId: "",
  chief,
  outsider: false,
});

export async function seedBargaining(
  enterpriseIds: Types.ObjectId[],
  adminId: Types.ObjectId,
  accountIds: { chair: Types.ObjectId; hr: Types.ObjectId; rep: Types.ObjectId },
): Promise<number> {
  const admin = await actingUser(adminId);
  if (!admin) return 0;
  const as = (name: string): CurrentUser => ({ ...admin, displayName: name });
  const today = todayInShanghai(new Date());
  let made = 0;
  const fresh = async (i: number) =>
    !(await EnterpriseCaseIndex.findById(enterpriseIds[i]).select({ _id: 1 }).lean()) &&
    !(await LegacyEnterpriseSummary.findById(enterpriseIds[i]).select({ _id: 1 }).lean());
  const version = async (id: Types.ObjectId) => (await BargainingCase.findById(id).lean())!.version;
  const offer = (i: number, side: Side, kind: string, topicKeys: string[], sentOn: string, by: string) =>
    sendOffer(as(by), String(enterpriseIds[i]), {
      side,
      kind,
      topicKeys,
      findingItemIds: [],
      customTopics: "",
      note: "建议在企业会议室协商，具体时间另行商定。",
      sentOn,
    });
  const lists = async (id: Types.ObjectId, chair: string, hr: string) => {
    await nameRepresentatives(as(chair), String(id), await version(id), {
      side: "employee",
      members: [member(chair, "工会主席", true), member("周敏", "车间主任"), member("郑强", "一线职工")],
      chiefHoldsOffice: true,
      writtenDelegation: false,
      delegation: "",
    });
    await nameRepresentatives(as(hr), String(id), await version(id), {
      side: "employer",
      members: [member(hr, "人力资源经理", true), member("冯涛", "财务经理"), member("韩雪", "生产经理")],
      chiefHoldsOffice: false,
      writtenDelegation: true,
      delegation: "法定代表人书面委托人力资源经理担任首席代表",
    });
  };

  /** A contract in effect: the case made by the services, its later steps (next issue's) recorded. */
  const inEffect = async (i: number, effectiveOn: string, termYears: number, status: string) => {
    const doc = await offer(
      i,
      "employee",
      "comprehensive",
      ["remuneration", "working_hours", "rest_leave"],
      addDays(effectiveOn, -120),
      "工会主席",
    );
    const dates = {
      ...doc.dates,
      respondedOn: addDays(effectiveOn, -110),
      representativesOn: addDays(effectiveOn, -100),
      preparedOn: addDays(effectiveOn, -95),
      firstRoundOn: addDays(effectiveOn, -90),
      agreedDraftOn: addDays(effectiveOn, -60),
      signedOn: addDays(effectiveOn, -40),
      filedOn: addDays(effectiveOn, -35),
      reviewReceivedOn: addDays(effectiveOn, -30),
      effectiveOn,
    };
    const next = { ...doc, dates, termYears, response: { ...doc.response, decision: "agree" } };
    const deadlines = deadlinesFor(next, rulesOfCase(doc), await holidayCalendar()).map((d) => ({
      ...d,
      metOn:
        d.metOn ?? (d.key === "response" ? dates.respondedOn : d.key === "filing" ? dates.filedOn : null),
    }));
    const expiresOn = deadlines.find((d) => d.key === "expiry")?.dueOn ?? null;
    const saved = await BargainingCase.findOneAndUpdate(
      { _id: doc._id },
      {
        $set: {
          status,
          termYears,
          dates: { ...dates, expiresOn },
          response: next.response,
          deadlines,
          topics: doc.topics.map((t) => ({ ...t, status: "ta", agreedText: t.title })),
          version: doc.version + 1,
        },
      },
      { new: true },
    ).lean();
    // The contract is in effect: the enterprise may open its next case (a renewal) of that kind.
    await OpenCaseLock.deleteOne({ _id: `${String(enterpriseIds[i])}:comprehensive` });
    await refreshSummaries(saved!);
  };

  if (await fresh(0)) {
    await inEffect(0, "2024-07-01", 3, "in_effect");
    made++;
  }
  if (await fresh(1)) {
    await inEffect(1, "2024-01-01", 3, "renewal_window");
    made++;
  }
  if (await fresh(2)) {
    await offer(
      2,
      "employee",
      "wage",
      ["wage_system", "average_wage_adjustment"],
      addDays(today, -30),
      "工会主席",
    );
    made++;
  }
  if (await fresh(14)) {
    await offer(14, "employee", "safety", ["safety_health", "training"], addDays(today, -3), "工会主席");
    made++;
  }
  if (await fresh(7)) {
    const doc = await offer(
      7,
      "employee",
      "comprehensive",
      ["remuneration", "working_hours", "insurance_welfare"],
      addDays(today, -20),
      "陈立",
    );
    await recordResponse(as("刘强"), String(doc._id), doc.version, {
      side: "employer",
      decision: "agree",
      reason: "",
      otherTopics: "",
    });
    await lists(doc._id, "陈立", "刘强");
    await savePreparation(as("陈立"), String(doc._id), await version(doc._id), {
      side: "employee",
      recorderName: "许文",
      agenda: "劳动报酬、工作时间、补充保险和福利",
    });
    await scheduleRound(as("刘强"), String(doc._id), await version(doc._id), {
      side: "employer",
      heldOn: addDays(today, -5),
      place: "长桥顺通物流三楼会议室",
      agenda: "第一轮：劳动报酬与工作时间",
      attendees: "双方协商代表、记录员",
    });
    const topics = (await BargainingCase.findById(doc._id).lean())!.topics;
    await moveTopic(as("刘强"), String(doc._id), await version(doc._id), {
      side: "employer",
      topicKey: topics[1].key,
      move: "agree",
      text: "",
    });
    await moveTopic(as("刘强"), String(doc._id), await version(doc._id), {
      side: "employer",
      topicKey: topics[0].key,
      move: "counter",
      text: "月工资总额增长3%，一线岗位另加夜班津贴",
    });
    await recordMinutes(as("陈立"), String(doc._id), 1, 0, {
      side: "employee",
      minutes: "工作时间条款达成暂定一致；劳动报酬由企业方提出增长3%的反提案，职工方将于下次会议回应。",
      attendees: "",
    });
    await signOffMinutes(as("陈立"), String(doc._id), 1, 1, { side: "employee" });
    await signOffMinutes(as("刘强"), String(doc._id), 1, 2, { side: "employer" });
    // The employee side's private note (written straight to its collection: nobody but that side's own
    // people may add one through the service, and the demo acts as an admin).
    await CaucusNotes.updateOne(
      { _id: caucusId(doc._id, "employee") },
      {
        $setOnInsert: { caseId: doc._id, side: "employee", version: 0 },
        $push: {
          notes: {
            text: "职工方内部：增幅可接受4%，夜班津贴须写入合同。",
            topicKey: topics[0].key,
            byName: "陈立",
            at: new Date(),
          },
        },
      },
      { upsert: true },
    );
    made++;
  }
  if (await fresh(22)) {
    const doc = await offer(
      22,
      "employee",
      "wage",
      ["wage_term", "wage_system", "average_wage_adjustment"],
      addDays(today, -45),
      "黄工会",
    );
    const id = String(doc._id);
    await recordResponse(as("郑洁"), id, doc.version, {
      side: "employer",
      decision: "agree",
      reason: "",
      otherTopics: "",
    });
    await lists(doc._id, "黄工会", "郑洁");
    await savePreparation(as("黄工会"), id, await version(doc._id), {
      side: "employee",
      recorderName: "钱程",
      agenda: "年度工资调整",
    });
    await scheduleRound(as("郑洁"), id, await version(doc._id), {
      side: "employer",
      heldOn: addDays(today, -15),
      place: "云溪精工行政楼会议室",
      agenda: "工资分配制度与年度调整幅度",
      attendees: "双方协商代表",
    });
    await saveWageData(as("黄工会"), id, 0, {
      side: "employee",
      year: String(Number(today.slice(0, 4)) - 1),
      averageWage: "98400",
      payroll: "66715200",
      headcount: "678",
      lower: "3",
      baseline: "5.5",
      upper: "8",
      cpi: "0.8",
      minimumMonthly: "2490",
      minimumHourly: "24",
      productivity: "6.2",
      profit: "",
      proposedRaise: "6",
      lowestStandard: "2800",
    });
    for (const t of (await BargainingCase.findById(doc._id).lean())!.topics)
      await moveTopic(as("郑洁"), id, await version(doc._id), {
        side: "employer",
        topicKey: t.key,
        move: "agree",
        text: "",
      });
    const draftVersion = await demoDraft(as("黄工会"), id);
    await agreeDraft(as("黄工会"), id, await version(doc._id), { side: "employee", draftVersion });
    made++;
  }
  if (
    // Not 女职工 or 工资: the browser tests open cases of those kinds at this enterprise.
    !(await OpenCaseLock.findById(`${String(enterpriseIds[0])}:safety`)
      .select({ _id: 1 })
      .lean())
  ) {
    await safetyDraftInReview(String(enterpriseIds[0]), accountIds, addDays(today, -40));
    made++;
  }
  return made;
}

/** The demo accounts' own case in review: every step through the services, as the people who take it. */
async function safetyDraftInReview(
  enterpriseId: string,
  ids: { chair: Types.ObjectId; hr: Types.ObjectId; rep: Types.ObjectId },
  sentOn: string,
) {
  const [chair, hr, rep] = await Promise.all([
    actingUser(ids.chair),
    actingUser(ids.hr),
    actingUser(ids.rep),
  ]);
  if (!chair || !hr || !rep) return;
  const saved = await sendOffer(chair, enterpriseId, {
    side: "employee",
    kind: "safety",
    topicKeys: ["safety_health", "working_hours", "training"],
    findingItemIds: [],
    customTopics: "",
    note: "建议就高温、噪声岗位的劳动防护和职业健康检查专门协商。",
    sentOn,
  });
  const id = String(saved._id);
  const version = async () => (await BargainingCase.findById(id).lean())!.version;
  await recordResponse(hr, id, saved.version, {
    side: "employer",
    decision: "agree",
    reason: "",
    otherTopics: "",
  });
  const person = (name: string, title: string, userId = "", chief = false) => ({
    ...member(name, title, chief),
    userId,
  });
  await nameRepresentatives(chair, id, await version(), {
    side: "employee",
    members: [
      person(chair.displayName, "工会主席", chair.id, true),
      person(rep.displayName, "职工代表", rep.id),
      person("何丽", "安全员"),
    ],
    chiefHoldsOffice: true,
    writtenDelegation: false,
    delegation: "",
  });
  await nameRepresentatives(hr, id, await version(), {
    side: "employer",
    members: [
      person(hr.displayName, "人力资源经理", hr.id, true),
      person("马骏", "生产经理"),
      person("田甜", "行政主管"),
    ],
    chiefHoldsOffice: false,
    writtenDelegation: true,
    delegation: "法定代表人书面委托人力资源经理担任首席代表",
  });
  await savePreparation(chair, id, await version(), {
    side: "employee",
    recorderName: "罗晓",
    agenda: "劳动安全卫生、工作时间和职业技能培训",
  });
  await scheduleRound(hr, id, await version(), {
    side: "employer",
    heldOn: addDays(sentOn, 25),
    place: "滨江湖滨精密机械行政楼二楼会议室",
    agenda: "劳动安全卫生专项集体合同各议题",
    attendees: "双方协商代表、记录员",
  });
  for (const t of (await BargainingCase.findById(id).lean())!.topics)
    await moveTopic(hr, id, await version(), { side: "employer", topicKey: t.key, move: "agree", text: "" });
  const first = await assembleCaseDraft(chair, id, { side: "employee" });
  const clause = first.draft.chapters.flatMap((c) => c.clauses).find((c) => c.topic === "safety_health");
  if (clause)
    await openThread(rep, id, {
      versionNumber: first.number,
      clauseId: clause.id,
      text: "建议写明高温岗位每年的职业健康检查次数，并把防暑降温费标准写进合同。",
    });
}

/**
 * The agreed wage case's draft in two versions: 第1稿 from the clause library, and 第2稿 with one
 * representative's wording accepted by the chief (her comment resolved). The review is written straight to
 * its collections: only the employee side's own people may use the service, and the demo acts as an admin.
 */
async function demoDraft(chief: CurrentUser, caseId: string): Promise<number> {
  const first = await assembleCaseDraft(chief, caseId, { side: "employee" });
  const clause = first.draft.chapters
    .flatMap((c) => c.clauses)
    .find((c) => c.topic === "average_wage_adjustment");
  if (!clause) return first.number;
  const now = new Date();
  await ReviewThread.create({
    _id: threadId(caseId, 1),
    caseId,
    n: 1,
    clauseId: clause.id,
    versionNumber: 1,
    openedBy: first.createdBy,
    openedByName: "周敏",
    text: "建议写明效益增长较快时可以追加调整，否则一线职工担心只按下限执行。",
    resolved: true,
    resolvedByName: "黄工会",
    resolvedAt: now,
    version: 1,
    createdAt: now,
  });
  const change = {
    kind: "wording" as const,
    clauseId: clause.id,
    baseText: clause.text,
    text: `${clause.text}企业当年经济效益增长较快的，双方可协商追加调整。`,
  };
  await ContractSuggestion.create({
    _id: suggestionId(caseId, 1),
    caseId,
    n: 1,
    clauseId: clause.id,
    versionNumber: 1,
    change,
    note: "与意见一致",
    proposedBy: first.createdBy,
    proposedByName: "周敏",
    status: "accepted",
    decidedByName: "黄工会",
    decidedAt: now,
    reason: "",
    acceptedInVersion: 2,
    version: 1,
    createdAt: now,
  });
  const second = await storeNextVersion(chief, caseId, "suggestions", (latest) => {
    const next = nextVersion(latest!.draft, [{ id: suggestionId(caseId, 1), change }]);
    if (!next.ok) throw new Error(next.errors.map((e) => e.message).join("；"));
    return next.draft;
  });
  return second.number;
}
