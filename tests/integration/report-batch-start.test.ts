/**
 * Report batches without a worker: what the click checks and records, what preparation does (called here
 * directly, as the worker's job would), checks that can no longer be reported on, and the sweep that
 * re-enqueues a preparation whose job Redis lost.
 */
import { Types } from "mongoose";
import { UserError } from "../../app/lib/http.server";
import {
  batchProgress,
  prepareReportBatch,
  startReportBatch,
  sweepReportBatches,
} from "../../app/services/reports/report-batches.server";
import { prepareBatchJobState } from "../../jobs/enqueue";
import { getQueue, QUEUES } from "../../jobs/queues";
import { Assessment } from "../../models/assessment";
import { RenderedDocument } from "../../models/rendered-document";
import { Report } from "../../models/report";
import { BatchLock, ReportBatch } from "../../models/report-batch";
import type { EnterpriseDoc } from "../../models/enterprise";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  rejectionOf,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

let instructor: Browser;
let otherInstructor: Browser;
let checked: EnterpriseDoc[];
let unchecked: EnterpriseDoc;
let elsewhere: EnterpriseDoc;

beforeAll(async () => {
  const org = await makeOrg();
  const other = await makeOrg();
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
  otherInstructor = await signInAs(await makeUser({ role: "instructor", org: other }));
  checked = [];
  for (let i = 0; i < 4; i++) {
    const enterprise = await makeEnterprise(org);
    await makeAcceptedAssessment(enterprise, instructor.user);
    checked.push(enterprise);
  }
  unchecked = await makeEnterprise(org);
  elsewhere = await makeEnterprise(other);
  await makeAcceptedAssessment(elsewhere, otherInstructor.user);
});

const idsOf = (list: EnterpriseDoc[]) => list.map((e) => String(e._id));

it("refuses bad selections in Chinese and records nothing", async () => {
  const empty = await rejectionOf(startReportBatch(instructor.user, []));
  expect(empty).toBeInstanceOf(UserError);
  expect((empty as Error).message).toBe("请至少选择一家企业");
  expect((await rejectionOf(startReportBatch(instructor.user, ["不是编号"]))) as Error).toMatchObject({
    message: "请至少选择一家企业",
  });

  const foreign = await rejectionOf(startReportBatch(instructor.user, idsOf([checked[0], elsewhere])));
  expect(foreign).toBeInstanceOf(Response);
  expect((foreign as Response).status).toBe(403);
  expect(await (foreign as Response).text()).toContain("所选企业中有您无权生成报告的企业");

  expect(await thrownStatus(startReportBatch(instructor.user, [String(new Types.ObjectId())]))).toBe(404);

  const none = await rejectionOf(startReportBatch(instructor.user, idsOf([unchecked])));
  expect((none as Error).message).toBe("所选企业没有已通过审核的体检，无法生成报告");

  expect(await ReportBatch.countDocuments()).toBe(0);
  expect(await BatchLock.countDocuments()).toBe(0);
  expect(await RenderedDocument.countDocuments()).toBe(0);
});

it("the click records the checks; preparation opens each report once, skips checks no longer accepted, then runs", async () => {
  const selection = idsOf([...checked.slice(0, 3), unchecked]);
  const { batch } = await startReportBatch(instructor.user, selection);
  expect(batch).toMatchObject({ status: "preparing", total: 3, prepared: 0, enterpriseCount: 4, percent: 0 });
  expect(await prepareBatchJobState(batch.id)).toBe("waiting");
  // The keys preparation reads the reports' facts by: the three checks' enterprises and organisation.
  const stored = (await ReportBatch.findById(batch.id).lean())!;
  expect(stored.assessmentIds).toHaveLength(3);
  expect(stored.factsEnterpriseIds!.map(String).sort()).toEqual(idsOf(checked.slice(0, 3)).sort());
  expect(stored.factsOrgIds!.map(String)).toEqual([String(checked[0].unionOrgId)]);

  // One of the checks is returned for rework before the worker gets to it.
  await Assessment.updateOne({ enterpriseId: checked[2]._id }, { $set: { status: "returned" } });
  expect(await prepareReportBatch(batch.id)).toEqual({ skipped: false, renders: 2 });
  const running = await batchProgress(instructor.user, batch.id);
  expect(running).toMatchObject({ status: "running", total: 2, skipped: 1, prepared: 3, done: 0 });
  expect(await RenderedDocument.countDocuments({ kind: "report" })).toBe(2);

  // Run again (a retried job): nothing new.
  expect(await prepareReportBatch(batch.id)).toEqual({ skipped: true });
  expect(await RenderedDocument.countDocuments({ kind: "report" })).toBe(2);

  // Others may not read the batch.
  expect(await thrownStatus(batchProgress(otherInstructor.user, batch.id))).toBe(403);
  await Assessment.updateOne({ enterpriseId: checked[2]._id }, { $set: { status: "accepted" } });
});

it("a finished batch keeps its counts: only its failed files are read again, and one generated since counts as done", async () => {
  const { batch } = await startReportBatch(instructor.user, idsOf([checked[1], checked[3]]));
  await prepareReportBatch(batch.id);
  const [ok, broken] = (await ReportBatch.findById(batch.id).lean())!.renderIds;
  // The worker's outcome, written as it would be: one file done, one failed.
  await RenderedDocument.updateOne({ _id: ok }, { $set: { status: "done" } });
  await RenderedDocument.updateOne({ _id: broken }, { $set: { status: "failed", error: "测试" } });
  expect(await batchProgress(instructor.user, batch.id)).toMatchObject({
    status: "done",
    done: 1,
    failed: 1,
  });
  const kept = (await ReportBatch.findById(batch.id).lean())!;
  expect([kept.doneCount, kept.failedRenderIds?.map(String)]).toEqual([1, [String(broken)]]);
  // A done file is not read again: with its record gone, the batch still counts it.
  await RenderedDocument.deleteOne({ _id: ok });
  expect(await batchProgress(instructor.user, batch.id)).toMatchObject({
    status: "done",
    done: 1,
    failed: 1,
  });
  // Generated again from the report page: the batch counts it done.
  await RenderedDocument.updateOne({ _id: broken }, { $set: { status: "done" }, $unset: { error: 1 } });
  expect(await batchProgress(instructor.user, batch.id)).toMatchObject({
    status: "done",
    done: 2,
    failed: 0,
    percent: 100,
  });
});

it("a batch recorded before its facts keys were prepares from its checks", async () => {
  const selection = idsOf([checked[0], checked[1]]);
  const { batch } = await startReportBatch(instructor.user, selection);
  await ReportBatch.updateOne({ _id: batch.id }, { $unset: { factsEnterpriseIds: 1, factsOrgIds: 1 } });
  expect((await ReportBatch.findById(batch.id).lean())!.factsOrgIds).toBeUndefined();
  expect(await prepareReportBatch(batch.id)).toEqual({ skipped: false, renders: 2 });
  expect(await batchProgress(instructor.user, batch.id)).toMatchObject({ status: "running", total: 2 });
});

it("a batch with nothing left to report on ends at once and frees its selection", async () => {
  const selection = idsOf([checked[3]]);
  const { batch } = await startReportBatch(instructor.user, selection);
  const again = await startReportBatch(instructor.user, selection);
  expect(again).toMatchObject({ reused: true, batch: { id: batch.id } });

  await Assessment.updateOne({ enterpriseId: checked[3]._id }, { $set: { status: "returned" } });
  await prepareReportBatch(batch.id);
  expect(await batchProgress(instructor.user, batch.id)).toMatchObject({
    status: "done",
    total: 0,
    skipped: 1,
  });
  await Assessment.updateOne({ enterpriseId: checked[3]._id }, { $set: { status: "accepted" } });

  const next = await startReportBatch(instructor.user, selection);
  expect(next.reused).toBe(false);
  expect(next.batch.id).not.toBe(batch.id);
});

it("the sweep re-enqueues a preparation whose job Redis lost, and leaves a live one alone", async () => {
  const fresh = [await makeEnterprise({ _id: checked[0].unionOrgId })];
  await makeAcceptedAssessment(fresh[0], instructor.user);
  const { batch } = await startReportBatch(instructor.user, idsOf(fresh));
  expect((await sweepReportBatches(0)).requeued).toBe(0); // its job is waiting

  await (await getQueue(QUEUES.documents).getJob(`batch:${batch.id}`))!.remove();
  expect(await prepareBatchJobState(batch.id)).toBe("missing");
  expect((await sweepReportBatches(0)).requeued).toBe(1);
  expect(await prepareBatchJobState(batch.id)).toBe("waiting");
});

it("two preparations of one batch at once (the sweep re-enqueued it while the first still ran): the one behind writes nothing over the other", async () => {
  const org = { _id: checked[0].unionOrgId };
  const many: EnterpriseDoc[] = [];
  for (let i = 0; i < 45; i++) {
    const enterprise = await makeEnterprise(org);
    await makeAcceptedAssessment(enterprise, instructor.user);
    many.push(enterprise);
  }
  const { batch } = await startReportBatch(instructor.user, idsOf(many));
  // What anyone reading the batch sees, every few milliseconds while both run.
  const seen: { status: string; renders: number; prepared: number }[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const stored = (await ReportBatch.findById(batch.id).lean())!;
      seen.push({ status: stored.status, renders: stored.renderIds.length, prepared: stored.prepared });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const first = prepareReportBatch(batch.id);
  // The second starts once the first has recorded its first 20: it runs 20 behind all the way.
  for (let i = 0; i < 600 && ((await ReportBatch.findById(batch.id).lean())!.prepared ?? 0) < 20; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  const second = prepareReportBatch(batch.id);
  const results = await Promise.all([first, second]);
  watching = false;
  await watcher;

  // One of the two finished preparing and wrote it (mostly the first; the second may overtake it).
  expect(results).toEqual(expect.arrayContaining([{ skipped: false, renders: 45 }, { skipped: true }]));
  const stored = (await ReportBatch.findById(batch.id).lean())!;
  expect(stored).toMatchObject({ status: "running", prepared: 45 });
  expect(stored.renderIds).toHaveLength(45);
  expect(await batchProgress(instructor.user, batch.id)).toMatchObject({ status: "running", total: 45 });
  // Never fewer renders or less preparation than already seen, and never preparing again once running.
  expect(seen.length).toBeGreaterThan(5);
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i].renders).toBeGreaterThanOrEqual(seen[i - 1].renders);
    expect(seen[i].prepared).toBeGreaterThanOrEqual(seen[i - 1].prepared);
    if (seen[i - 1].status === "running") expect(seen[i]).toMatchObject({ status: "running", renders: 45 });
  }
  // Each report opened and asked for once, for all the two runs: the batch's renders are all there are.
  const reports = await Report.find({ enterpriseId: { $in: many.map((e) => e._id) } })
    .select({ _id: 1 })
    .lean();
  expect(reports).toHaveLength(45);
  const files = await RenderedDocument.find({ kind: "report", sourceId: { $in: reports.map((r) => r._id) } })
    .select({ _id: 1 })
    .lean();
  expect(new Set(files.map((f) => String(f._id)))).toEqual(new Set(stored.renderIds.map(String)));
});
