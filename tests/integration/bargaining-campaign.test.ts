import "../support/own-redis-db";
/**
 * An offer campaign (集中要约) of 200 enterprises through the real worker process: the worker is killed
 * while it opens the cases, a new one takes over, and Redis is flushed while the letters render. Every
 * enterprise must end with exactly one case of the campaign and every case with exactly one offer letter.
 */
import { Redis } from "ioredis";
import { deleteQueueKeys } from "../../jobs/queues";
import { todayInShanghai } from "~/domain/dates";
import {
  campaignBoard,
  campaignCaseId,
  campaignProgress,
  startCampaign,
} from "~/services/bargaining/campaigns.server";
import { BargainingCase } from "../../models/bargaining-case";
import { Campaign } from "../../models/bargaining-campaign";
import { RenderedDocument } from "../../models/rendered-document";
import { Enterprise } from "../../models/enterprise";
import {
  keepEnterprisesWrittenDirectly,
  makeOrg,
  makeUser,
  nextCreditCode,
  signInAs,
  thrownStatus,
} from "../support/factories";
import { workerHarness } from "../support/worker-process";

jest.setTimeout(600_000);

const { workers, startWorker, kill, waitFor, workerLog } = workerHarness({
  waitTimeoutMs: 400_000,
  pollMs: 200,
});

afterAll(async () => {
  await Promise.all(workers.map((w) => kill(w)));
  await deleteQueueKeys(process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
});

it("200 offers: a worker killed while opening cases, Redis flushed while the next one opens them and renders — each letter exactly once", async () => {
  const org = await makeOrg({ name: "集中要约测试区总工会", kind: "district" });
  const other = await makeOrg({ name: "集中要约测试外区总工会", kind: "district" });
  const instructor = await signInAs(await makeUser({ role: "instructor", org }));
  const outsider = await signInAs(await makeUser({ role: "instructor", org: other }));
  const docs = Array.from({ length: 200 }, (_, i) => ({
    name: `集中要约测试企业${String(i).padStart(3, "0")}有限公司`,
    creditCode: nextCreditCode(),
    industry: "C",
    headcount: 50 + i,
    unionOrgId: org._id,
  }));
  const enterprises = await Enterprise.insertMany(docs);
  await keepEnterprisesWrittenDirectly(enterprises);
  const ids = enterprises.map((e) => String(e._id));
  const input = {
    orgId: String(org._id),
    name: "春季集中要约",
    kind: "wage",
    offerText: "请按期回应。",
    sentOn: todayInShanghai(new Date()),
    enterpriseIds: ids,
  };
  // Another district's instructor cannot send offers to these enterprises.
  expect(await thrownStatus(startCampaign(outsider.user, { ...input, orgId: String(other._id) }))).toBe(403);

  const campaign = await startCampaign(instructor.user, input);
  const id = String(campaign._id);
  expect(await BargainingCase.countDocuments({ campaignId: campaign._id })).toBe(0);

  // Cases open in the order of the selection, each under an id derived from (campaign, enterprise): probe
  // the n-th by key (a count by campaign would read the whole collection every 200 ms, slowing the worker).
  const opened = async (n: number) =>
    !!(await BargainingCase.exists({ _id: campaignCaseId(campaign._id, ids[n - 1]) }));
  const first = startWorker();
  await waitFor("the first cases", () => opened(10));
  await kill(first);
  const openedAtKill = await BargainingCase.countDocuments({ campaignId: campaign._id });
  expect(openedAtKill).toBeLessThan(200);

  startWorker();
  // Flushed while the new worker prepares: its job and the letters queued so far are gone from Redis.
  await waitFor("preparation to go on", () => opened(openedAtKill + 10));
  expect((await Campaign.findById(id).lean())?.status).toBe("preparing");
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.flushdb();
  expect(await redis.dbsize()).toBeLessThan(5);
  redis.disconnect();
  expect(await RenderedDocument.countDocuments({ kind: "bargaining_offer", status: "done" })).toBeLessThan(
    200,
  );

  const finished = await waitFor("the campaign to finish", async () => {
    const progress = await campaignProgress(instructor.user, id);
    return progress.status === "done" ? progress : undefined;
  }).catch(async (error: Error) => {
    const state = JSON.stringify(await campaignProgress(instructor.user, id));
    const alive = workers.map((w) => (w.exitCode === null && w.signalCode === null ? "running" : "exited"));
    throw new Error(`${error.message}\n进度：${state}\n工作进程：${alive.join("、")}\n${workerLog()}`);
  });
  expect(finished).toMatchObject({ total: 200, done: 200, failed: 0, skipped: 0, percent: 100 });

  const cases = await BargainingCase.find({ campaignId: campaign._id })
    .select({ leadEnterpriseId: 1, status: 1 })
    .lean();
  expect(cases).toHaveLength(200);
  expect(new Set(cases.map((c) => String(c.leadEnterpriseId)))).toEqual(new Set(ids));
  const letters = await RenderedDocument.find({
    kind: "bargaining_offer",
    sourceId: { $in: cases.map((c) => c._id) },
  })
    .select({ sourceId: 1, status: 1, size: 1 })
    .lean();
  expect(letters).toHaveLength(200);
  expect(new Set(letters.map((l) => String(l.sourceId))).size).toBe(200);
  expect(letters.every((l) => l.status === "done" && (l.size ?? 0) > 5_000)).toBe(true);

  const board = await campaignBoard(instructor.user, id);
  expect(board.counts.sent).toBe(200);
  expect(board.counts.responded).toBe(0);
});
