/**
 * The dashboard's roll-ups against a full recount, on the real database: a seeded random series of changes
 * through the services (enterprises created, edited, moved and imported; health checks started, submitted,
 * returned and accepted; prescriptions issued, items acknowledged, submitted, verified and rejected;
 * bargaining offers and responses), some of them applied again by the roll-up job (twice, at the same
 * time) and some run concurrently, with the subtree-totals jobs the changes asked for run at random points
 * (some twice at the same time), must leave roll-ups and totals equal to a recount from the records. A
 * change written around the services is caught by the comparison, and the rebuild repairs it (twice =
 * once); a totals job Redis lost is repaired by the work sweep.
 */
import ExcelJS from "exceljs";
import { type Types } from "mongoose";
import { addDays, todayInShanghai } from "~/domain/dates";
import type { FactKind } from "~/domain/dashboards/rows";
import { addCounters, type Counters } from "~/domain/dashboards/summaries";
import {
  acceptAssessment,
  returnAssessment,
  startAssessments,
  submitAssessment,
} from "~/services/health-check/assessments.server";
import { recordResponse, sendOffer } from "~/services/bargaining/cases.server";
import { ENTERPRISE_COLUMNS } from "~/services/enterprises/enterprise-excel.server";
import {
  confirmImport,
  getImportBatch,
  previewImport,
} from "~/services/enterprises/enterprise-import.server";
import {
  createEnterprise,
  listEnterprises,
  updateEnterprise,
} from "~/services/enterprises/enterprises.server";
import { dashboardData } from "~/services/dashboards/dashboard.server";
import { parsePipelineFilters, pipeline } from "~/services/bargaining/pipeline.server";
import { createTraining, listTrainings } from "~/services/cultivation/trainings.server";
import { archiveOrg, createOrg } from "~/services/orgs/orgs.server";
import { compactCounters, PERIODS } from "~/domain/dashboards/figures";
import { createPrescriptionDraft, issuePrescription } from "~/services/prescriptions/drafting.server";
import { actOnItem } from "~/services/prescriptions/items.server";
import { latestPublished, ensureDefaultTemplate } from "~/services/health-check/templates.server";
import {
  recountFromRecords,
  rebuildDashboards,
  rollupCounters,
  subtreeTotals,
} from "~/services/dashboards/rollups.server";
import { processDashboardChange } from "../../jobs/processors/dashboards";
import { processWorkSweep } from "../../jobs/processors/sweeps";
import { enqueueTotalsRefresh, TOTALS_WINDOW_MS } from "../../jobs/enqueue";
import { pendingDashboardJobs, runDashboardJobs } from "../support/dashboard-jobs";
import type { Job } from "bull";
import { Assessment, AnswerSheet } from "../../models/assessment";
import { DashboardRollup } from "../../models/dashboard";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { Prescription, PrescriptionItem } from "../../models/prescription";
import { BargainingCase } from "../../models/bargaining-case";
import { UnionOrg, type UnionOrgDoc } from "../../models/union-org";
import { poorAnswers } from "../support/reports";
import { makeOrg, makeUser, nextCreditCode, signInAs, type Browser } from "../support/factories";
import { seededRandom } from "../../scripts/seeded-random";

/** A seeded series (mulberry32), so a failure can be replayed (the seed is printed). */
const random = seededRandom;

const SEED = Number(process.env.DASHBOARD_SEED ?? Date.now() % 100_000);
const rand = random(SEED);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
const today = todayInShanghai(new Date());

let orgs: UnionOrgDoc[];
let instructor: Browser;
let admin: Browser;
const people = new Map<string, { hr: Browser; chair: Browser }>();

/**
 * Roll-ups and subtree totals, and the same recounted from the records, all without empty organisations, as
 * comparable objects. A subtree total is the recount of every organisation of the subtree that is not
 * archived (what the dashboard showed when it added the roll-ups itself).
 */
async function compare() {
  const recount = await recountFromRecords();
  const ids = [...new Set([...recount.keys(), ...(await DashboardRollup.find().lean()).map((r) => r._id)])];
  const kept = await rollupCounters(ids);
  const tree = await UnionOrg.find().select({ ancestors: 1, archived: 1 }).lean();
  const expected = new Map<string, Counters>();
  for (const org of tree) {
    const id = String(org._id);
    const sum: Counters = {};
    for (const o of tree)
      if (!o.archived && (String(o._id) === id || o.ancestors.some((a) => String(a) === id)))
        addCounters(sum, recount.get(String(o._id)) ?? {});
    // Kept compacted: days of old months by month (the same figures: tests/unit/dashboards/figures.test.ts).
    expected.set(id, compactCounters(sum, today));
  }
  const totals = await subtreeTotals(tree.map((o) => String(o._id)));
  const clean = (m: Map<string, Counters>) =>
    Object.fromEntries(
      [...m.entries()]
        .filter(([, c]) => Object.values(c).some((v) => v !== 0))
        .map(([id, c]) => [
          id,
          Object.fromEntries(
            Object.entries(c)
              .filter(([, v]) => v !== 0)
              .sort(([a], [b]) => (a < b ? -1 : 1)),
          ),
        ])
        .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
  return {
    kept: { rollups: clean(kept), totals: clean(totals) },
    recount: { rollups: clean(recount), totals: clean(expected) },
  };
}

const job = (kind: FactKind, id: unknown) =>
  processDashboardChange({ data: { kind, id: String(id) } } as Job<{ kind: string; id: string }>);

async function withPeople(e: EnterpriseDoc | { _id: Types.ObjectId; name: string }) {
  const enterprise = (await Enterprise.findById(e._id).lean())!;
  people.set(String(enterprise._id), {
    hr: await signInAs(await makeUser({ role: "hr", enterprise })),
    chair: await signInAs(await makeUser({ role: "chair", enterprise })),
  });
}

async function newEnterprise() {
  const org = pick(orgs);
  const inEffect = rand() < 0.4;
  const created = await createEnterprise(instructor.user, {
    name: `看板测试企业${nextCreditCode().slice(-6)}有限公司`,
    creditCode: nextCreditCode(),
    industry: pick(["C", "F", "G", "I"]),
    headcount: 50 + Math.floor(rand() * 500),
    unionOrgId: String(org._id),
    congressEstablished: false,
    openAffairs: false,
    usesDispatch: false,
    unionEstablishedOn: rand() < 0.7 ? "2018-05-01" : "",
    contractStatus: inEffect ? "in_effect" : "none",
    contractValidUntil: inEffect ? addDays(today, Math.floor(rand() * 400) - 100) : "",
  });
  await withPeople(created);
}

async function editEnterprise() {
  const e = pick(await Enterprise.find().lean());
  const inEffect = rand() < 0.5;
  await updateEnterprise(instructor.user, String(e._id), e.version, {
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    headcount: e.headcount,
    // Half the edits move the enterprise to another organisation.
    unionOrgId: String(rand() < 0.5 ? pick(orgs)._id : e.unionOrgId),
    congressEstablished: false,
    openAffairs: false,
    usesDispatch: false,
    unionEstablishedOn: rand() < 0.5 ? "2019-01-01" : "",
    contractStatus: inEffect ? "in_effect" : "none",
    contractValidUntil: inEffect ? addDays(today, Math.floor(rand() * 200)) : "",
  });
}

async function importEnterprises() {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("企业名单");
  sheet.addRow(ENTERPRISE_COLUMNS.map((c) => c.header));
  for (let i = 0; i < 3; i++) {
    const cells: Record<string, ExcelJS.CellValue> = {
      企业名称: `看板导入企业${nextCreditCode().slice(-6)}有限公司`,
      统一社会信用代码: nextCreditCode(),
      行业门类: pick(["C", "F"]),
      职工人数: 80,
      女职工占比: 30,
      所属工会: pick(orgs).name,
      是否建立职代会: "否",
      是否实行厂务公开: "否",
    };
    sheet.addRow(ENTERPRISE_COLUMNS.map((c) => cells[c.label] ?? null));
  }
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  const batchId = await previewImport(admin.user, "看板导入.xlsx", bytes);
  const batch = await getImportBatch(admin.user, batchId);
  await confirmImport(admin.user, batchId, batch.version);
  for (const e of await Enterprise.find().lean()) if (!people.has(String(e._id))) await withPeople(e);
}

async function startCheck() {
  const ids = (await Enterprise.find().select({ _id: 1 }).lean()).map((e) => String(e._id));
  await startAssessments(instructor.user, [pick(ids)], addDays(today, 30));
}

async function submitCheck() {
  const open = await Assessment.find({ status: { $in: ["in_progress", "returned"] } }).lean();
  if (!open.length) return;
  const a = pick(open);
  const version = (await latestPublished())!;
  const answers = poorAnswers(version.template);
  await AnswerSheet.updateOne(
    { _id: a._id },
    {
      $set: {
        seq: 1,
        answers: Object.entries(answers).map(([questionId, value]) => ({
          questionId,
          value: JSON.stringify(value),
          rev: 1,
          savedAt: new Date(),
        })),
      },
    },
  );
  await submitAssessment(people.get(String(a.enterpriseId))!.hr.user, String(a._id), a.version);
}

async function reviewCheck() {
  const submitted = await Assessment.find({ status: "submitted" }).lean();
  if (!submitted.length) return;
  const a = pick(submitted);
  if (rand() < 0.3) {
    await returnAssessment(instructor.user, String(a._id), a.version, [], "请补充佐证材料");
    return;
  }
  await acceptAssessment(instructor.user, String(a._id), a.version);
  if (rand() < 0.8) {
    const draft = await createPrescriptionDraft(instructor.user, String(a._id));
    const fresh = (await Prescription.findById(draft._id).lean())!;
    await issuePrescription(instructor.user, String(a._id), fresh.version);
  }
}

/**
 * A series whose reviews all returned their checks issued no items: then one check is taken through
 * acceptance and its prescription issued, so the comparison always covers prescription items.
 */
async function acceptWithItems() {
  if (await PrescriptionItem.countDocuments()) return;
  if (!(await Assessment.exists({ status: "submitted" }))) {
    if (!(await Assessment.exists({ status: { $in: ["in_progress", "returned"] } }))) await startCheck();
    await submitCheck();
  }
  const a = (await Assessment.findOne({ status: "submitted" }).lean())!;
  await acceptAssessment(instructor.user, String(a._id), a.version);
  const draft = await createPrescriptionDraft(instructor.user, String(a._id));
  const fresh = (await Prescription.findById(draft._id).lean())!;
  await issuePrescription(instructor.user, String(a._id), fresh.version);
}

async function actOnItems() {
  const items = await PrescriptionItem.find({ status: { $ne: "closed" } }).lean();
  if (!items.length) return;
  // Several items at once, one of each stage (their buckets and organisations are written concurrently).
  const groups = [["issued"], ["acknowledged", "in_progress"], ["submitted"]].map((statuses) =>
    items.filter((i) => statuses.includes(i.status)),
  );
  const chosen = groups.filter((g) => g.length).map((g) => pick(g));
  await Promise.all(
    chosen.map(async (item) => {
      const hr = people.get(String(item.enterpriseId))?.hr;
      const id = String(item._id);
      if (!hr) return;
      if (item.status === "issued") await actOnItem(hr.user, id, item.version, "acknowledge");
      else if (item.status === "acknowledged" || item.status === "in_progress")
        await actOnItem(hr.user, id, item.version, "submit", { note: "已整改" });
      else if (item.status === "submitted")
        await actOnItem(instructor.user, id, item.version, rand() < 0.7 ? "verify" : "reject", {
          reason: "材料不全",
        });
    }),
  );
}

async function moveCase() {
  const cases = await BargainingCase.find({ status: "offer_sent" }).lean();
  if (cases.length && rand() < 0.5) {
    const c = pick(cases);
    const hr = people.get(String(c.leadEnterpriseId))?.hr;
    if (hr)
      await recordResponse(hr.user, String(c._id), c.version, {
        side: "employer",
        decision: rand() < 0.7 ? "agree" : "refuse",
        reason: "经营困难",
        otherTopics: "",
      });
    return;
  }
  const candidates = (await Enterprise.find().lean()).filter((e) => people.has(String(e._id)));
  const e = pick(candidates);
  const open = await BargainingCase.findOne({
    leadEnterpriseId: e._id,
    status: { $nin: ["closed", "expired", "renewed"] },
  }).lean();
  if (open) return;
  await sendOffer(people.get(String(e._id))!.chair.user, String(e._id), {
    side: "employee",
    kind: pick(["wage", "comprehensive"]),
    topicKeys: [],
    findingItemIds: [],
    customTopics: "劳动报酬",
    note: "",
    sentOn: addDays(today, -Math.floor(rand() * 40)),
  });
}

/** The roll-up job applied again to a random record, twice at the same time. */
async function jobTwice() {
  const kind = pick<FactKind>(["enterprise", "check", "item", "case"]);
  const model = { enterprise: Enterprise, check: Assessment, item: PrescriptionItem, case: BargainingCase }[
    kind as "enterprise"
  ];
  const docs = await model.find().select({ _id: 1 }).lean();
  if (!docs.length) return;
  const id = pick(docs)._id;
  await Promise.all([job(kind, id), job(kind, id)]);
}

/** Totals jobs run twice (at the same time) so far in the series. */
let doubled = 0;

/** The subtree-totals jobs the changes so far asked for, run now; some twice at the same time. */
async function runTotalsJobs() {
  await runDashboardJobs({
    twice: (j) => {
      const again = j.name === "totals" && (doubled === 0 || rand() < 0.3);
      if (again) doubled += 1;
      return again;
    },
  });
}

beforeAll(async () => {
  console.log(`dashboard roll-up series seed: ${SEED} (DASHBOARD_SEED=${SEED} replays it)`);
  await ensureDefaultTemplate();
  const city = await makeOrg({ name: "看板测试市总工会" });
  const district = await makeOrg({ name: "看板测试区总工会", kind: "district", parent: city });
  const streetA = await makeOrg({ name: "看板测试甲街道总工会", parent: district });
  const streetB = await makeOrg({ name: "看板测试乙街道总工会", parent: district });
  orgs = [city, district, streetA, streetB];
  instructor = await signInAs(await makeUser({ role: "instructor", org: city }));
  admin = await signInAs(await makeUser({ role: "admin" }));
});

it("roll-ups equal a full recount after a random series of changes", async () => {
  for (let i = 0; i < 4; i++) await newEnterprise();
  const steps: [number, () => Promise<void>][] = [
    [2, newEnterprise],
    [2, editEnterprise],
    [1, importEnterprises],
    [3, startCheck],
    [3, submitCheck],
    [3, reviewCheck],
    [5, actOnItems],
    [3, moveCase],
    [2, jobTwice],
    [3, runTotalsJobs],
  ];
  const total = steps.reduce((a, [w]) => a + w, 0);
  const log: string[] = [];
  for (let i = 0; i < 45; i++) {
    let r = rand() * total;
    const [, step] = steps.find(([w]) => (r -= w) < 0) ?? steps[0];
    log.push(step.name);
    await step();
  }
  // Whatever the series reached, every kind of change happened at least once at the end.
  await importEnterprises();
  await acceptWithItems();
  await actOnItems();
  await jobTwice();
  expect((await pendingDashboardJobs()).some((j) => j.name === "totals")).toBe(true);
  await runTotalsJobs();
  expect(doubled).toBeGreaterThan(0);
  expect(await pendingDashboardJobs()).toEqual([]);
  const statuses = async (model: typeof PrescriptionItem | typeof Assessment | typeof BargainingCase) =>
    (await (model as typeof PrescriptionItem).find().select({ status: 1 }).lean())
      .map((d) => d.status)
      .sort()
      .join(",");
  console.log(
    `steps: ${log.join(" ")}\nitems: ${await statuses(PrescriptionItem)}\nchecks: ${await statuses(Assessment)}\ncases: ${await statuses(BargainingCase)}`,
  );
  const { kept, recount } = await compare();
  expect(Object.keys(recount.rollups).length).toBeGreaterThan(0);
  // The city's total holds everything below it.
  expect(Object.keys(recount.totals[String(orgs[0]._id)] ?? {}).length).toBeGreaterThan(0);
  expect(await PrescriptionItem.countDocuments()).toBeGreaterThan(0);
  expect(kept).toEqual(recount);
}, 300_000);

it("a change's subtree totals wait for its job, one per organisation and second; a lost job is repaired by the sweep", async () => {
  await runDashboardJobs();
  const street = orgs[3];
  const addToStreet = () =>
    createEnterprise(instructor.user, {
      name: `看板合计任务企业${nextCreditCode().slice(-6)}有限公司`,
      creditCode: nextCreditCode(),
      industry: "C",
      headcount: 120,
      unionOrgId: String(street._id),
      congressEstablished: false,
      openAffairs: false,
      usesDispatch: false,
      unionEstablishedOn: "2020-01-01",
      contractStatus: "none",
      contractValidUntil: "",
    });
  // A change in a street: its job, and then its district's and its city's, bring every total up to date.
  await addToStreet();
  const before = await compare();
  expect(before.kept.totals).not.toEqual(before.recount.totals);
  expect(await runDashboardJobs()).toBe(3);
  const after = await compare();
  expect(after.kept).toEqual(after.recount);
  // Another: the roll-up is written in the request; the totals of the street and above are not yet.
  await addToStreet();
  const pending = await pendingDashboardJobs();
  expect(pending.map((j) => [j.name, j.data])).toEqual([["totals", { orgId: String(street._id) }]]);
  const early = await compare();
  expect(early.kept.rollups).toEqual(early.recount.rollups);
  expect(early.kept.totals).not.toEqual(early.recount.totals);
  // Redis loses the job (a flush): nothing runs, and the work sweep recomputes the totals.
  for (const j of pending) await j.remove();
  expect((await compare()).kept.totals).not.toEqual(early.recount.totals);
  const swept = await processWorkSweep();
  expect(swept.dashboardTotalsRepaired).toBeGreaterThan(0);
  const repaired = await compare();
  expect(repaired.kept).toEqual(repaired.recount);
  // Many asks within one window make one job, waiting until the window closed; the next window, another.
  const id = String(street._id);
  const start = Math.ceil(Date.now() / TOTALS_WINDOW_MS) * TOTALS_WINDOW_MS + 5 * TOTALS_WINDOW_MS;
  for (const at of [start, start + 1, start + TOTALS_WINDOW_MS - 1, start + TOTALS_WINDOW_MS])
    await enqueueTotalsRefresh(id, at);
  const asked = (await pendingDashboardJobs()).filter((j) => j.name === "totals");
  expect(asked.map((j) => j.id).sort()).toEqual(
    [start, start + TOTALS_WINDOW_MS].map((at) => `totals:${id}:${at / TOTALS_WINDOW_MS}`).sort(),
  );
  // Their run, twice each at the same time and again, leaves the totals as they were.
  await runDashboardJobs({ twice: () => true });
  expect(await compare()).toEqual(repaired);
}, 120_000);

it("a change written around the services is caught, and the rebuild repairs it; twice is once", async () => {
  const e = (await Enterprise.findOne().lean())!;
  await Enterprise.updateOne({ _id: e._id }, { $set: { industry: "Z", unionEstablishedOn: null } });
  const before = await compare();
  expect(before.kept).not.toEqual(before.recount);
  await rebuildDashboards();
  const once = await compare();
  expect(once.kept).toEqual(once.recount);
  await rebuildDashboards();
  const twice = await compare();
  expect(twice.kept).toEqual(once.kept);
}, 300_000);

it("the dashboard's contracts in effect are the enterprise list's, through the expiry day and not after", async () => {
  const city = orgs[0];
  // The boundary: a contract ending today still counts, one that ended yesterday does not.
  for (const until of [today, addDays(today, -1)])
    await createEnterprise(instructor.user, {
      name: `看板合同边界企业${nextCreditCode().slice(-6)}有限公司`,
      creditCode: nextCreditCode(),
      industry: "C",
      headcount: 80,
      unionOrgId: String(orgs[2]._id),
      congressEstablished: false,
      openAffairs: false,
      usesDispatch: false,
      unionEstablishedOn: "",
      contractStatus: "in_effect",
      contractValidUntil: until,
    });
  const expired = await Enterprise.countDocuments({
    contractStatus: "in_effect",
    contractValidUntil: { $lt: today, $gt: "" },
  });
  expect(expired).toBeGreaterThan(0);
  await runDashboardJobs();
  for (const org of orgs) {
    const dashboard = await dashboardData(instructor.user, { org: String(org._id), period: "year" });
    const list = await listEnterprises(instructor.user, { orgId: String(org._id), contract: "in_effect" });
    expect(dashboard.total.coverage.covered).toBe(list.total);
    const lapsed = await listEnterprises(instructor.user, { orgId: String(org._id), contract: "expired" });
    // In effect, expired and the rest add up to every enterprise the dashboard counts.
    const all = await listEnterprises(instructor.user, { orgId: String(org._id) });
    expect(all.total).toBe(dashboard.total.coverage.enterprises);
    expect(list.total + lapsed.total).toBeLessThanOrEqual(all.total);
  }
  const cityDashboard = await dashboardData(instructor.user, { org: String(city._id), period: "year" });
  expect(cityDashboard.total.coverage.covered).toBeGreaterThan(0);
}, 120_000);

it("each funnel bar and the training figures open lists with as many rows as they count", async () => {
  for (
    let i = 0;
    i < 6 && (await BargainingCase.countDocuments({ "dates.offerSentOn": { $ne: null } })) < 2;
    i++
  )
    await moveCase();
  // Trainings hosted by a street and by the district: the street's list holds only its own.
  const invitee = (await Enterprise.findOne().lean())!;
  for (const org of [orgs[2], orgs[1], orgs[1]])
    await createTraining(instructor.user, {
      topic: `看板培训${nextCreditCode().slice(-4)}`,
      mode: "onsite",
      date: today,
      place: "会议室",
      unionOrgId: String(org._id),
      enterpriseIds: [String(invitee._id)],
    });
  await runDashboardJobs();
  const year = Number(today.slice(0, 4));
  let offered = 0;
  for (const org of orgs) {
    const id = String(org._id);
    for (const period of PERIODS) {
      const dashboard = await dashboardData(instructor.user, { org: id, period });
      for (const bar of dashboard.total.bargaining.funnel) {
        const list = await pipeline(instructor.user, { orgId: id, step: bar.step, period });
        expect([bar.step, period, list.total]).toEqual([bar.step, period, bar.count]);
      }
      offered += dashboard.total.bargaining.funnel[0].count;
      if (period === "year")
        expect((await listTrainings(instructor.user, year, id)).length).toBe(
          dashboard.total.cultivation.trainings,
        );
    }
  }
  expect(offered).toBeGreaterThan(0);
  expect((await listTrainings(instructor.user, year, String(orgs[2]._id))).length).toBe(1);
  expect((await listTrainings(instructor.user, year, String(orgs[1]._id))).length).toBe(3);
  // The pipeline's filters name what they could not read, and ignore it.
  expect(parsePipelineFilters(new URLSearchParams("stage=offer&step=signed&period=forever&org=123"))).toEqual(
    {
      filters: expect.objectContaining({
        stage: "offer",
        step: undefined,
        period: undefined,
        orgId: undefined,
      }),
      invalid: ["工会组织", "协商进程", "发出要约期间"],
    },
  );
}, 120_000);

it("filtered by an organisation, the lists leave archived unions out as the dashboard does", async () => {
  const district = orgs[1];
  const street = await createOrg(admin.user, {
    name: `看板归档街道${nextCreditCode().slice(-4)}`,
    kind: "street",
    parentId: String(district._id),
  });
  for (const org of [street, district])
    await createTraining(instructor.user, {
      topic: `归档前培训${nextCreditCode().slice(-4)}`,
      mode: "onsite",
      date: today,
      place: "会议室",
      unionOrgId: String(org._id),
      enterpriseIds: [String((await Enterprise.findOne().lean())!._id)],
    });
  const year = Number(today.slice(0, 4));
  const trainingsOf = async (org: { _id: Types.ObjectId }) =>
    (await listTrainings(instructor.user, year, String(org._id))).length;
  await runDashboardJobs();
  const before = await trainingsOf(district);
  expect(before).toBe(
    (await dashboardData(instructor.user, { org: String(district._id), period: "year" })).total.cultivation
      .trainings,
  );

  // Archived (it has no enterprise of its own): its training leaves the district's figure and list alike.
  await archiveOrg(admin.user, String(street._id), street.version);
  await runDashboardJobs();
  for (const org of [district, orgs[0]]) {
    const dashboard = await dashboardData(instructor.user, { org: String(org._id), period: "year" });
    expect(await trainingsOf(org)).toBe(dashboard.total.cultivation.trainings);
    const enterprises = await listEnterprises(instructor.user, { orgId: String(org._id) });
    expect(enterprises.total).toBe(dashboard.total.coverage.enterprises);
  }
  expect(await trainingsOf(district)).toBe(before - 1);
  // Unfiltered, the list still holds it: nothing is lost by archiving.
  expect((await listTrainings(instructor.user, year)).some((t) => t.orgName === street.name)).toBe(true);
}, 120_000);
