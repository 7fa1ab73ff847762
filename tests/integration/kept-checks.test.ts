/**
 * The reports list (acceptedChecks) reads the checks kept in the dashboard's check buckets; here against the
 * database's query of the checks (the list's former query, below). After checks and re-checks (the latest
 * counts), checks accepted on one day, a check returned for rework and an enterprise moved to another
 * organisation, every filter and every page hold the same rows in the same order, for an instructor and an
 * admin; a filter outside the scope is empty.
 */
import { Types } from "mongoose";
import { periodOf } from "~/domain/dashboards/figures";
import { todayInShanghai, toShanghaiDate } from "~/domain/dates";
import { countedSubtreeIds, scopedQuery } from "~/services/access/list-scope.server";
import type { CurrentUser } from "~/services/accounts/auth.server";
import { noteChange, noteChanges } from "~/services/dashboards/rollups.server";
import {
  acceptedChecks,
  ensureReport,
  requestReportFile,
  saveAnalysis,
  type ReportFilters,
} from "~/services/reports/reports.server";
import { Report } from "../../models/report";
import { renderOfVersion } from "../../models/rendered-document";
import { Assessment } from "../../models/assessment";
import { Enterprise } from "../../models/enterprise";
import type { UnionOrgDoc } from "../../models/union-org";
import { seededRandom } from "../../scripts/seeded-random";
import {
  keepEnterprisesWrittenDirectly,
  makeEnterprise,
  makeOrg,
  makeUser,
  signInAs,
  type Browser,
} from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

const SEED = Number(process.env.CHECKS_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);
const DAY = 86_400_000;

let district: UnionOrgDoc;
let street: UnionOrgDoc;
let elsewhere: UnionOrgDoc;
let instructor: Browser;
let admin: Browser;

beforeAll(async () => {
  district = await makeOrg({ name: "报告列表测试区总工会" });
  street = await makeOrg({ name: "报告列表测试街道工会", parent: district });
  elsewhere = await makeOrg({ name: "报告列表测试他区总工会" });
  instructor = await signInAs(await makeUser({ role: "instructor", org: district }));
  admin = await signInAs(await makeUser({ role: "admin" }));
  const industries = ["C", "G", "H"];
  for (let i = 0; i < 9; i++) {
    const org = [district, street, street, elsewhere][i % 4];
    const e = await makeEnterprise(org, {
      name: `报告列表${"甲乙丙丁戊己庚辛壬"[i]}有限公司`,
      industry: industries[i % 3],
    });
    const checks = 1 + Math.floor(rand() * 3);
    const sameDay = new Date(Date.now() - Math.floor(rand() * 400) * DAY);
    for (let c = 0; c < checks; c++) {
      // Some enterprises checked twice on one day (the later acceptance counts), most on different days.
      const acceptedAt =
        c > 0 && rand() < 0.3
          ? new Date(sameDay.getTime() + c * 60_000)
          : new Date(Date.now() - Math.floor(rand() * 400) * DAY);
      await makeAcceptedAssessment(e, instructor.user, {
        answers: rand() < 0.5 ? {} : undefined,
        acceptedAt,
      });
    }
  }
  // A check returned for rework no longer counts; an enterprise moved keeps its checks where they were made.
  const alone = await makeEnterprise(street, { name: "报告列表癸有限公司" });
  const latestOf = async (e: { _id: Types.ObjectId }) =>
    (await Assessment.find({ enterpriseId: e._id }).sort({ acceptedAt: -1 }).lean())[0];
  for (const e of [alone, (await Enterprise.findOne({ unionOrgId: street._id }).lean())!]) {
    if (e === alone) await makeAcceptedAssessment(alone, instructor.user);
    const check = await latestOf(e);
    await Assessment.updateOne({ _id: check._id }, { $set: { status: "returned" } });
    await noteChange("check", check._id);
  }
  // Reports of some checks: numbered; some analysed (a new version), some with a Word file asked for (the
  // list shows the number and the file's state of the current version from the rows).
  for (const a of await Assessment.find({ status: "accepted" }).lean()) {
    if (rand() < 0.25) continue;
    const report = await ensureReport(a, { id: instructor.user.id, name: "测试指导员" });
    let version = report.version;
    if (rand() < 0.4) version = (await saveAnalysis(admin.user, String(a._id), version, "问题分析")).version;
    if (rand() < 0.5) await requestReportFile(admin.user, String(a._id), version);
  }
  const moved = (await Enterprise.findOne({ unionOrgId: elsewhere._id }).lean())!;
  await Enterprise.updateOne({ _id: moved._id }, { $set: { unionOrgId: street._id }, $inc: { version: 1 } });
  await keepEnterprisesWrittenDirectly([moved]);
  await noteChanges("enterprise", [moved._id]);
});

/** The list by the query: the latest accepted check of each enterprise, filtered, by name; its report and file. */
async function queried(user: CurrentUser, filters: ReportFilters) {
  const byOrg = filters.org ? [{ unionOrgId: { $in: await countedSubtreeIds(filters.org) } }] : [];
  const accepted = await Assessment.find(
    await scopedQuery(user, "accepted_check", { status: "accepted" }, ...byOrg),
  )
    .sort({ acceptedAt: -1, _id: -1 })
    .lean();
  const latest = new Map<string, (typeof accepted)[number]>();
  for (const a of accepted) if (!latest.has(String(a.enterpriseId))) latest.set(String(a.enterpriseId), a);
  const from = filters.period ? periodOf(filters.period, todayInShanghai(new Date())).from : null;
  const checks = [...latest.values()].filter(
    (c) =>
      (!filters.risk || c.riskLevel === filters.risk) &&
      (!filters.industry || (c.profile?.industry ?? "") === filters.industry) &&
      (!from || toShanghaiDate(c.acceptedAt ?? new Date(0)) >= from),
  );
  const names = new Map(
    (await Enterprise.find({ _id: { $in: checks.map((c) => c.enterpriseId) } }).lean()).map((e) => [
      String(e._id),
      e.name,
    ]),
  );
  const sorted = checks
    .map((c) => ({ id: String(c._id), name: names.get(String(c.enterpriseId)) ?? "" }))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  const out: string[] = [];
  for (const c of sorted) {
    const report = await Report.findOne({ assessmentId: new Types.ObjectId(c.id) }).lean();
    const render = report ? await renderOfVersion("report", report._id, report.version) : null;
    out.push(`${c.name}:${c.id}:${report?.reportNo ?? "-"}:${render?.status ?? "-"}`);
  }
  return out;
}

/** Every page of the list (three rows a page), as "name:check:report number:Word file state". */
async function kept(user: CurrentUser, filters: ReportFilters) {
  const rows: string[] = [];
  for (let page = 1; ; page++) {
    const list = await acceptedChecks(user, filters, new Date(), page, 3);
    rows.push(
      ...list.rows.map(
        (r) => `${r.enterpriseName}:${r.assessmentId}:${r.reportNo ?? "-"}:${r.fileStatus ?? "-"}`,
      ),
    );
    if (page >= list.pages) return { rows, total: list.total };
  }
}

it(`the reports list from the kept check rows equals the query, every filter and page (seed ${SEED})`, async () => {
  const filters: ReportFilters[] = [
    {},
    { risk: "high" },
    { risk: "low" },
    { industry: "G" },
    { period: "last12" },
    { org: String(street._id) },
    { org: String(street._id), risk: "high" },
    { org: String(elsewhere._id) },
  ];
  for (const who of [instructor, admin])
    for (const f of filters) {
      const expected = await queried(who.user, f);
      const list = await kept(who.user, f);
      expect([f, list.rows]).toEqual([f, expected]);
      expect(list.total).toBe(expected.length);
    }
  // The instructor's list has more than a page, and something in it (the comparison proves nothing otherwise).
  expect((await kept(instructor.user, {})).total).toBeGreaterThan(3);
  // Outside the instructor's scope: nothing.
  expect((await acceptedChecks(instructor.user, { org: String(elsewhere._id) })).total).toBe(0);
  expect((await acceptedChecks(instructor.user, { org: String(new Types.ObjectId()) })).total).toBe(0);
});
