/**
 * A person's own records kept per person (models/own-records.ts) against the query they replaced: after a
 * seeded random series of report batches and offer campaigns started by three instructors (some at once, some
 * clicks returning the batch already under way), each instructor's "recent" lists equal the query of their
 * records, newest first; read afresh or from the cache. The sweep repairs a record made around the services.
 */
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { ownRecentRecords, rebuildOwnRecords } from "~/services/accounts/own-records.server";
import { recentCampaigns, startCampaign } from "~/services/bargaining/campaigns.server";
import { recentBatches, startReportBatch } from "~/services/reports/report-batches.server";
import { Campaign } from "../../models/bargaining-campaign";
import { forgetKept, forgetKeptRows } from "../../models/kept-rows";
import { OwnRecords } from "../../models/own-records";
import { ReportBatch } from "../../models/report-batch";
import { seededRandom } from "../../scripts/seeded-random";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";
import type { EnterpriseDoc } from "../../models/enterprise";

const SEED = Number(process.env.OWN_RECORDS_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);
const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];

let org: { _id: Types.ObjectId };
let instructors: Browser[];
let enterprises: EnterpriseDoc[];

beforeAll(async () => {
  org = await makeOrg({ name: "个人记录测试区总工会", kind: "district" });
  instructors = [];
  for (let i = 0; i < 3; i++) instructors.push(await signInAs(await makeUser({ role: "instructor", org })));
  enterprises = [];
  for (let i = 0; i < 4; i++) {
    const enterprise = await makeEnterprise(org);
    await makeAcceptedAssessment(enterprise, instructors[0].user);
    enterprises.push(enterprise);
  }
});

/** A random non-empty selection of the enterprises. */
function selection() {
  const ids = enterprises.filter(() => rand() < 0.5).map((e) => String(e._id));
  return ids.length ? ids : [String(pick(enterprises)._id)];
}

async function startBatch(who: Browser) {
  await startReportBatch(who.user, selection());
}

let campaigns = 0;
async function startOne(who: Browser) {
  campaigns += 1;
  await startCampaign(who.user, {
    orgId: String(org._id),
    name: `集中要约${campaigns}`,
    kind: pick(["comprehensive", "wage", "women", "safety"] as const),
    offerText: "",
    sentOn: todayInShanghai(new Date()),
    enterpriseIds: selection(),
  });
}

/** The person's records by the query the lists replaced, newest first. */
async function queried(model: typeof ReportBatch | typeof Campaign, userId: string, limit: number) {
  const docs = await (model as typeof ReportBatch)
    .find({ createdBy: new Types.ObjectId(userId) })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .select({ _id: 1 })
    .lean();
  return docs.map((d) => String(d._id));
}

async function expectAgrees(label: string) {
  for (const who of instructors) {
    const batches = (await recentBatches(who.user)).map((b) => b.id);
    const mine = (await recentCampaigns(who.user)).map((c) => String(c.id));
    expect({ label, seed: SEED, batches, campaigns: mine }).toEqual({
      label,
      seed: SEED,
      batches: await queried(ReportBatch, who.user.id, 5),
      campaigns: await queried(Campaign, who.user.id, 10),
    });
  }
}

describe("a person's own report batches and offer campaigns, kept", () => {
  it("equal the query after a random series of starts, some at once, read afresh or cached", async () => {
    // One instructor's lists are read before anything exists (an empty document is built), the others' not.
    await expectAgrees("before any record");
    for (let i = 0; i < 24; i++) {
      const r = rand();
      if (r < 0.4) await startBatch(pick(instructors));
      else if (r < 0.7) await startOne(pick(instructors));
      else await Promise.all(instructors.map((who) => (rand() < 0.5 ? startBatch(who) : startOne(who))));
      if (rand() < 0.3) forgetKeptRows();
      if (i % 3 === 2) await expectAgrees(`after step ${i}`);
    }
    await expectAgrees("at the end");
    expect(await ReportBatch.countDocuments()).toBeGreaterThan(3);
    expect(await Campaign.countDocuments()).toBeGreaterThan(3);
  });

  it("leaves out a record no longer there, and the sweep repairs one made around the services", async () => {
    const who = instructors[1];
    await startOne(who);
    const newestOf = async () =>
      (await ownRecentRecords("campaign", who.user.id, 1)).map((c) => String(c._id));
    const [newest] = await newestOf();
    // Made directly (as an operator's import would): not in the kept list until the sweep.
    const direct = await Campaign.create({
      ...(await Campaign.findById(newest).lean())!,
      _id: new Types.ObjectId(),
      name: "直接写入的集中要约",
      createdAt: new Date(Date.now() + 1000),
    });
    expect(await newestOf()).toEqual([newest]);
    expect((await rebuildOwnRecords()).written).toBeGreaterThanOrEqual(1);
    await forgetKept(OwnRecords as never, [`campaign:${who.user.id}`]);
    expect(await newestOf()).toEqual([String(direct._id)]);
    await expectAgrees("after the sweep");

    // A record removed around the services is left out of the list (it is read by key), and the sweep drops its row.
    await Campaign.deleteOne({ _id: direct._id });
    expect((await recentCampaigns(who.user)).map((c) => String(c.id))).toEqual(
      await queried(Campaign, who.user.id, 10),
    );
    expect((await rebuildOwnRecords()).written).toBeGreaterThanOrEqual(1);
    const rows = (await OwnRecords.findById(`campaign:${who.user.id}`).lean())?.rows ?? {};
    expect(Object.keys(rows)).not.toContain(String(direct._id));
  });
});
