/**
 * Benchmark of the organisation dashboard (not a test):
 *   npx tsx bench/dashboards.ts [--n 100000] [--orgs 200] [--reads 30]
 *
 * Starts its own FerretDB (or uses MONGODB_URI, in a database of its own that it drops afterwards) and seeds,
 * in bulk straight into the collections, N enterprises under a tree of about ORGS organisations (a city, ten
 * districts, streets under them), 3 health checks per enterprise, 10 prescription items per enterprise and a
 * bargaining case for every fifth enterprise (at the default N: 100,000 / 300,000 / 1,000,000 / 20,000).
 * Then it times the full rebuild of the roll-ups, one change applied through noteChange (in the request: its
 * bucket and roll-up; then, apart, the subtree-totals jobs it asked for, run here), and the dashboard's
 * loader for the city and for a district (p50/p95 of `--reads` loads each), against a bare `{_id}` read on the
 * same database.
 */
import os from "node:os";
import { Types } from "mongoose";
import { log } from "../scripts/services";
import { flag, quantile, ms, runBench } from "./lib";
import { seededRandom } from "../scripts/seeded-random";

const N = flag("n", 100_000);
const ORGS = flag("orgs", 200);
const READS = flag("reads", 30);

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A seeded series (mulberry32), so a failure can be replayed (the seed is printed). */
const random = seededRandom;

runBench("dashboards", async ({ runId, connect }) => {
  const { addDays, todayInShanghai } = await import("../app/domain/dates");
  const { UnionOrg } = await import("../models/union-org");
  const { Enterprise } = await import("../models/enterprise");
  const { Assessment } = await import("../models/assessment");
  const { PrescriptionItem } = await import("../models/prescription");
  const { BargainingCase } = await import("../models/bargaining-case");
  const { rebuildDashboards, noteChange } = await import("../app/services/dashboards/rollups.server");
  const { dashboardData } = await import("../app/services/dashboards/dashboard.server");
  await connect();

  const rand = random(20261201);
  const today = todayInShanghai(new Date());
  const daysAgo = (max: number) => addDays(today, -Math.floor(rand() * max));
  const at = (day: string) => new Date(`${day}T02:00:00Z`);
  const insert = async (collection: string, docs: Record<string, unknown>[]) => {
    const c = (await import("mongoose")).default.connection.collection(collection);
    for (let i = 0; i < docs.length; i += 5000)
      await c.insertMany(docs.slice(i, i + 5000), { ordered: false });
  };

  // The tree: a city, ten districts, the rest streets spread over the districts.
  const seedStart = Date.now();
  const city = {
    _id: new Types.ObjectId(),
    name: "基准市总工会",
    kind: "city",
    parentId: null,
    ancestors: [],
  };
  const districts = Array.from({ length: 10 }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: `基准第${i + 1}区总工会`,
    kind: "district",
    parentId: city._id,
    ancestors: [city._id],
  }));
  const streets = Array.from({ length: Math.max(0, ORGS - 11) }, (_, i) => {
    const d = districts[i % districts.length];
    return {
      _id: new Types.ObjectId(),
      name: `基准第${(i % districts.length) + 1}区第${Math.floor(i / districts.length) + 1}街道总工会`,
      kind: "street",
      parentId: d._id,
      ancestors: [city._id, d._id],
    };
  });
  const orgs = [city, ...districts, ...streets].map((o) => ({
    ...o,
    archived: false,
    version: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
  }));
  await insert(UnionOrg.collection.name, orgs);
  // Around the model's hooks: the cached organisation tree is told here.
  await (await import("../models/org-tree")).orgsChanged();
  const leafOrgs = streets.length ? streets : districts;

  const INDUSTRIES = ["C", "F", "G", "H", "I", "E", "K"];
  const enterprises: { _id: Types.ObjectId; org: Types.ObjectId; industry: string }[] = [];
  const enterpriseDocs = Array.from({ length: N }, (_, i) => {
    const _id = new Types.ObjectId();
    const org = leafOrgs[i % leafOrgs.length]._id;
    const industry = INDUSTRIES[i % INDUSTRIES.length];
    enterprises.push({ _id, org, industry });
    const inEffect = rand() < 0.45;
    return {
      _id,
      name: `基准企业${i}`,
      creditCode: `BENCH${runId}${String(i).padStart(8, "0")}`.toUpperCase(),
      industry,
      headcount: 50 + (i % 900),
      unionOrgId: org,
      contacts: [],
      unionEstablishedOn: rand() < 0.7 ? "2018-03-01" : null,
      congressEstablished: false,
      openAffairs: false,
      contractStatus: inEffect ? "in_effect" : "none",
      contractValidUntil: inEffect ? addDays(today, Math.floor(rand() * 900) - 200) : null,
      harmoniousDesignations: [],
      archived: false,
      version: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
  });
  await insert(Enterprise.collection.name, enterpriseDocs);
  log(`已写入 ${orgs.length} 个工会组织、${N} 家企业`);

  const LEVELS = ["high", "medium", "low"];
  const assessmentDocs = enterprises.flatMap((e) =>
    Array.from({ length: 3 }, () => {
      const accepted = rand() < 0.85;
      const day = daysAgo(700);
      return {
        _id: new Types.ObjectId(),
        enterpriseId: e._id,
        unionOrgId: e.org,
        templateId: new Types.ObjectId(),
        templateKey: "bench",
        templateVersion: 1,
        status: accepted ? "accepted" : "submitted",
        dueOn: day,
        profile: { industry: e.industry, headcount: 100 },
        remarks: [],
        events: [],
        overall: accepted ? Math.round(40 + rand() * 600) / 10 : null,
        riskLevel: accepted ? LEVELS[Math.floor(rand() * 3)] : undefined,
        acceptedAt: accepted ? at(day) : undefined,
        version: 1,
        createdAt: at(day),
        updatedAt: at(day),
      };
    }),
  );
  await insert(Assessment.collection.name, assessmentDocs);
  log(`已写入 ${assessmentDocs.length} 次体检`);

  const DIMENSIONS = ["contract", "wages", "hours", "safety", "union"];
  for (let from = 0; from < enterprises.length; from += 10_000) {
    const itemDocs = enterprises.slice(from, from + 10_000).flatMap((e) =>
      Array.from({ length: 10 }, (_, no) => {
        const issuedOn = daysAgo(700);
        const dueOn = addDays(issuedOn, 30 + Math.floor(rand() * 60));
        const closed = rand() < 0.6;
        const closedOn = closed ? addDays(issuedOn, Math.floor(rand() * 80)) : null;
        return {
          _id: new Types.ObjectId(),
          prescriptionId: new Types.ObjectId(),
          assessmentId: new Types.ObjectId(),
          enterpriseId: e._id,
          unionOrgId: e.org,
          prescriptionNo: "基准",
          no: no + 1,
          ruleIds: [],
          dimensionId: DIMENSIONS[no % DIMENSIONS.length],
          severity: "M",
          title: `基准问题${no % 7}`,
          legalBasis: "",
          action: "整改",
          owner: "人力资源部",
          dueOn,
          priority: "normal",
          status: closed ? "closed" : rand() < 0.5 ? "in_progress" : "issued",
          note: "",
          instructorId: new Types.ObjectId(),
          issuedOn,
          closedAt: closedOn && closedOn <= today ? at(closedOn) : closed ? at(today) : undefined,
          events: [],
          version: 1,
          createdAt: at(issuedOn),
          updatedAt: at(issuedOn),
        };
      }),
    );
    await insert(PrescriptionItem.collection.name, itemDocs);
  }
  log(`已写入 ${N * 10} 项整改事项`);

  const STATUSES = [
    "offer_sent",
    "accepted",
    "in_rounds",
    "approved",
    "filed",
    "in_effect",
    "renewal_window",
  ];
  const caseDocs = enterprises
    .filter((_, i) => i % 5 === 0)
    .map((e) => {
      const status = STATUSES[Math.floor(rand() * STATUSES.length)];
      const offerSentOn = daysAgo(700);
      return {
        _id: new Types.ObjectId(),
        title: "基准协商",
        kind: rand() < 0.5 ? "wage" : "comprehensive",
        scope: "enterprise",
        enterpriseIds: [e._id],
        enterpriseNames: ["基准企业"],
        leadEnterpriseId: e._id,
        unionOrgId: e.org,
        initiatorSide: "employee",
        status,
        ruleSetId: "national",
        ruleSetName: "国家规定",
        topics: [],
        positions: [],
        dates: {
          offerSentOn,
          expiresOn:
            status === "in_effect" || status === "renewal_window"
              ? addDays(today, Math.floor(rand() * 700) - 30)
              : null,
        },
        deadlines:
          status === "offer_sent"
            ? [{ key: "response", label: "书面回应", dueOn: addDays(offerSentOn, 20), metOn: null }]
            : [],
        repUserIds: [],
        employeeRepUserIds: [],
        employerRepUserIds: [],
        roundCount: 0,
        version: 1,
        createdAt: at(offerSentOn),
        updatedAt: at(offerSentOn),
      };
    });
  await insert(BargainingCase.collection.name, caseDocs);
  log(
    `已写入 ${caseDocs.length} 个协商案件（种子数据共 ${((Date.now() - seedStart) / 1000).toFixed(0)} 秒）`,
  );

  let phases = "";
  const rebuildMs = await timed(async () => {
    const result = await rebuildDashboards();
    phases = Object.entries(result.phases)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(", ");
    log(`重算：${result.buckets} 个汇总分组，${result.records} 条记录，写入 ${result.written} 个分组`);
  });
  // A second rebuild over unchanged records writes nothing; its time is the nightly job's usual cost.
  let phases2 = "";
  const rebuild2Ms = await timed(async () => {
    const result = await rebuildDashboards();
    phases2 = Object.entries(result.phases)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(", ");
  });

  const admin = { id: String(new Types.ObjectId()), roles: [{ role: "admin" as const }] };
  const load = (org: Types.ObjectId) => () => dashboardData(admin, { org: String(org), period: "year" });
  await load(city._id)(); // warm-up
  const cityLoads: number[] = [];
  const districtLoads: number[] = [];
  for (let i = 0; i < READS; i++) {
    cityLoads.push(await timed(load(city._id)));
    districtLoads.push(await timed(load(districts[i % districts.length]._id)));
  }
  // What the loader's time is made of: the organisation tree (read whole) and one subtree total by `_id`.
  const { DashboardTotal } = await import("../models/dashboard");
  const treeReads: number[] = [];
  const totalReads: number[] = [];
  for (let i = 0; i < READS; i++) {
    treeReads.push(await timed(() => UnionOrg.find().select({ name: 1, parentId: 1, ancestors: 1 }).lean()));
    totalReads.push(await timed(() => DashboardTotal.findById(String(city._id)).lean()));
  }
  const cityTotal = await DashboardTotal.findById(String(city._id)).lean();
  // The same figures the way the loader read them before subtree totals: every roll-up of the city's
  // subtree by `_id` (about 200), added up — timed in this run, on this database, for a fair ratio.
  const { rollupCounters } = await import("../app/services/dashboards/rollups.server");
  const { addCounters } = await import("../app/domain/dashboards/summaries");
  const allOrgIds = orgs.map((o) => String(o._id));
  const oldWay: number[] = [];
  const childReads: number[] = [];
  const districtIds = districts.map((d) => String(d._id));
  const { subtreeTotals } = await import("../app/services/dashboards/rollups.server");
  for (let i = 0; i < READS; i++) {
    oldWay.push(
      await timed(async () => {
        const counters = await rollupCounters(allOrgIds);
        const sum = {};
        for (const c of counters.values()) addCounters(sum, c);
      }),
    );
    childReads.push(await timed(() => subtreeTotals([String(city._id), ...districtIds])));
  }
  const bareReads: number[] = [];
  for (let i = 0; i < READS * 4; i++) {
    const e = enterprises[Math.floor(rand() * enterprises.length)];
    bareReads.push(await timed(() => Enterprise.findById(e._id).lean()));
  }
  // One change through the services' hook: an item of a busy organisation verified; then the totals jobs it
  // asked for (its organisation's, then each parent's in turn), run here as the worker would.
  const { getQueue, QUEUES } = await import("../jobs/queues");
  const { processDashboardTotals } = await import("../jobs/processors/dashboards");
  const runTotalsJobs = async () => {
    for (let round = 0; round < 20; round++) {
      const jobs = (await getQueue(QUEUES.dashboards).getJobs(["waiting", "delayed"])).filter(
        (j) => j?.name === "totals",
      );
      if (jobs.length === 0) return;
      for (const job of jobs) {
        await processDashboardTotals(job);
        await job.remove();
      }
    }
    throw new Error("totals jobs still coming after 20 rounds");
  };
  const totalsJobs: number[] = [];
  const changes: number[] = [];
  for (let i = 0; i < Math.min(READS, 20); i++) {
    const item = await PrescriptionItem.findOne({ status: { $ne: "closed" } })
      .skip(i)
      .select({ _id: 1 })
      .lean();
    if (!item) break;
    await PrescriptionItem.updateOne({ _id: item._id }, { $set: { status: "closed", closedAt: new Date() } });
    changes.push(await timed(() => noteChange("item", item._id)));
    totalsJobs.push(await timed(runTotalsJobs));
  }

  const line = (label: string, values: number[], floor?: number[]) =>
    console.log(
      `${label.padEnd(44)} p50 ${ms(quantile(values, 0.5)).padStart(10)}  p95 ${ms(quantile(values, 0.95)).padStart(10)}` +
        (floor
          ? `   ratio p50 ${(quantile(values, 0.5) / quantile(floor, 0.5)).toFixed(0)}×, p95 ${(quantile(values, 0.95) / quantile(floor, 0.95)).toFixed(0)}×`
          : ""),
    );
  console.log(
    `\n${N} enterprises, ${orgs.length} organisations, ${assessmentDocs.length} checks, ${N * 10} items, ${caseDocs.length} cases (${process.env.MONGODB_URI!.replace(/\/\/[^@]*@/, "//")})`,
  );
  console.log(
    `load average (1, 5, 15 min): ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  console.log(`full rebuild of the roll-ups: ${(rebuildMs / 1000).toFixed(1)} s (${phases})`);
  console.log(`rebuild again, nothing changed: ${(rebuild2Ms / 1000).toFixed(1)} s (${phases2})`);
  line("bare {_id} read (an enterprise)", bareReads);
  line(`city dashboard loader (${districts.length + 2} documents)`, cityLoads, bareReads);
  line(
    `district dashboard loader (~${2 + Math.round(streets.length / districts.length)} documents)`,
    districtLoads,
    bareReads,
  );
  line("noteChange (one item verified)", changes, bareReads);
  line("  then its totals jobs, up to the city (worker)", totalsJobs, bareReads);
  line("  of which: organisation tree read", treeReads, bareReads);
  line(`  of which: the ${districts.length + 1} subtree totals read`, childReads, bareReads);
  line(`before: the city's ${orgs.length} roll-ups read and added`, oldWay, bareReads);
  line(
    `  of which: the city's total (${Math.round((cityTotal?.counters.length ?? 0) / 1024)} KB) by _id`,
    totalReads,
    bareReads,
  );
});
