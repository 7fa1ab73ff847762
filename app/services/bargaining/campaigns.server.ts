/**
 * Offer campaigns (集中要约行动, the spring offer season): an instructor sends offers to a selection of
 * enterprises at once. Like report batches, the click checks access and records the selection; a worker
 * job opens one case per enterprise and asks for its offer letter. Case ids derive from (campaign,
 * enterprise) and letters from the case (renderIdFor), so a preparation cut short — a worker killed, Redis
 * flushed — is simply run again (the work sweep re-enqueues it) and every letter exists exactly once.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import {
  CASE_KIND_INFO,
  isCaseKind,
  isResponseOverdue,
  topicsForKind,
  type CaseStatus,
} from "~/domain/bargaining";
import { todayInShanghai } from "~/domain/dates";
import { can } from "~/domain/policy";
import { enqueuePrepareCampaign, jobLost, prepareCampaignJobState } from "../../../jobs/enqueue";
import { BargainingCase } from "../../../models/bargaining-case";
import { Campaign, type CampaignDoc } from "../../../models/bargaining-campaign";
import { Enterprise } from "../../../models/enterprise";
import { renderCounts, settleRenders } from "../../../models/rendered-document";
import { UnionOrg } from "../../../models/union-org";
import { audit } from "../audit/audit.server";
import { actingUser, type CurrentUser } from "../accounts/auth.server";
import { keepOwnRecord, ownRecentRecords } from "../accounts/own-records.server";
import { forbidden, notFound, UserError } from "../../lib/http.server";
import { orgPathOf } from "../orgs/orgs.server";
import { sendOffer } from "./cases.server";
import { actorOf, today } from "./context.server";
import { requestCaseDocument } from "./documents.server";

export const CAMPAIGN_MAX_ENTERPRISES = 2_000;
const PROGRESS_EVERY = 20;
const PREPARE_LANES = 4;

/** Runs `work` over `items`, at most `lanes` at once; results in the items' order, the first error thrown. */
async function inLanes<T, R>(items: T[], lanes: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return results;
}

/** The case a campaign opens for an enterprise: its id derives from both, so it is made once. */
export function campaignCaseId(campaignId: Types.ObjectId | string, enterpriseId: Types.ObjectId | string) {
  const hash = crypto
    .createHash("sha256")
    .update(`campaign:${String(campaignId)}:${String(enterpriseId)}`)
    .digest("hex");
  return new Types.ObjectId(hash.slice(0, 24));
}

export interface CampaignInput {
  orgId: string;
  name: string;
  kind: string;
  offerText: string;
  sentOn: string;
  enterpriseIds: string[];
}

/** The click: checks the selection and records it; the worker does the rest. */
export async function startCampaign(user: CurrentUser, input: CampaignInput) {
  if (!Types.ObjectId.isValid(input.orgId))
    throw new UserError("请选择发起要约的工会组织", { orgId: ["请选择工会组织"] });
  const org = await UnionOrg.findById(input.orgId).lean();
  if (!org || org.archived) throw notFound("工会组织不存在");
  const orgPath = await orgPathOf(org._id);
  if (!can(user, "bargaining:campaign", { type: "org", orgPath }))
    throw forbidden("您无权以该工会组织名义发起集中要约");
  if (!isCaseKind(input.kind)) throw new UserError("请选择协商类型", { kind: ["请选择协商类型"] });
  const name = input.name.trim().slice(0, 60);
  if (!name) throw new UserError("请填写行动名称", { name: ["请填写行动名称"] });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.sentOn) || input.sentOn > today())
    throw new UserError("发出日期无效或晚于今天", { sentOn: ["发出日期无效或晚于今天"] });
  const ids = [...new Set(input.enterpriseIds)].filter((id) => Types.ObjectId.isValid(id));
  if (ids.length === 0) throw new UserError("请至少选择一家企业", { enterpriseIds: ["请至少选择一家企业"] });
  if (ids.length > CAMPAIGN_MAX_ENTERPRISES)
    throw new UserError(`一次最多选择 ${CAMPAIGN_MAX_ENTERPRISES} 家企业`);
  const enterprises = await Enterprise.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })
    .select({ unionOrgId: 1 })
    .lean();
  if (enterprises.length !== ids.length) throw notFound("所选企业中有不存在的企业，请刷新后重新选择");
  const paths = new Map<string, string[]>();
  for (const e of enterprises) {
    const key = String(e.unionOrgId);
    if (!paths.has(key)) paths.set(key, await orgPathOf(e.unionOrgId));
    if (!paths.get(key)!.includes(String(org._id))) throw forbidden("所选企业须在发起要约的工会组织之下");
    if (
      !can(user, "bargaining:campaign", {
        type: "enterprise",
        enterpriseId: String(e._id),
        orgPath: paths.get(key)!,
      })
    )
      throw forbidden("所选企业中有您无权发出要约的企业");
  }
  const campaign = await Campaign.create({
    name,
    kind: input.kind,
    unionOrgId: org._id,
    unionOrgName: org.name,
    offerText: input.offerText.trim().slice(0, 2000),
    sentOn: input.sentOn,
    createdBy: new Types.ObjectId(user.id),
    createdByName: user.displayName,
    enterpriseIds: ids.map((id) => new Types.ObjectId(id)),
    status: "preparing",
  });
  await keepOwnRecord("campaign", campaign);
  await enqueuePrepareCampaign(String(campaign._id));
  await audit(actorOf(user), {
    action: "bargaining.campaign",
    resourceType: "bargaining_campaign",
    resourceId: String(campaign._id),
    resourceName: name,
    unionOrgId: String(org._id),
    after: { enterprises: ids.length, kind: input.kind },
  });
  return campaign.toObject();
}

/**
 * The worker's half: opens each enterprise's case (or finds it) and asks for its offer letter, recording
 * progress every few enterprises. Acts with the rights its creator has now; an enterprise that cannot
 * get an offer (a case of that kind already running) is skipped with the reason.
 */
export async function prepareCampaign(campaignId: string): Promise<{ skipped: boolean; letters?: number }> {
  if (!Types.ObjectId.isValid(campaignId)) return { skipped: true };
  const campaign = await Campaign.findById(campaignId).lean();
  if (!campaign || campaign.status !== "preparing") return { skipped: true };
  const user = await actingUser(campaign.createdBy);
  const kind = isCaseKind(campaign.kind) ? campaign.kind : "comprehensive";
  const caseIds: Types.ObjectId[] = [];
  const renderIds: Types.ObjectId[] = [];
  const skipped: CampaignDoc["skipped"] = [];
  type Prepared = { caseId: Types.ObjectId; renderId: Types.ObjectId } | CampaignDoc["skipped"][number];
  const prepareOne = async (enterpriseId: Types.ObjectId): Promise<Prepared> => {
    try {
      if (!user) throw forbidden();
      const doc = await sendOffer(
        user,
        String(enterpriseId),
        {
          side: "employee",
          kind,
          topicKeys: topicsForKind(kind).suggested,
          findingItemIds: [],
          customTopics: "",
          note: campaign.offerText,
          sentOn: campaign.sentOn,
        },
        { campaignId: campaign._id, caseId: campaignCaseId(campaign._id, enterpriseId) },
      );
      const render = await requestCaseDocument(doc, "offer", String(campaign.createdBy));
      if (!doc.offerRenderId)
        await BargainingCase.updateOne(
          { _id: doc._id },
          { $set: { offerRenderId: new Types.ObjectId(render.id) } },
        );
      return { caseId: new Types.ObjectId(String(doc._id)), renderId: new Types.ObjectId(render.id) };
    } catch (error) {
      const refused = error instanceof UserError || (error instanceof Response && error.status < 500);
      if (!refused) throw error;
      return { enterpriseId, reason: error instanceof UserError ? error.message : "无权发出要约" };
    }
  };
  // A few enterprises at a time (each offer waits on the database, not the CPU), in chunks that end with
  // the progress record, so the record only ever moves forward and lists cases in the selection's order.
  const ids = campaign.enterpriseIds;
  for (let start = 0; start < ids.length; start += PROGRESS_EVERY) {
    const chunk = ids.slice(start, start + PROGRESS_EVERY);
    const results = await inLanes(chunk, PREPARE_LANES, prepareOne);
    for (const result of results) {
      if ("caseId" in result) {
        caseIds.push(result.caseId);
        renderIds.push(result.renderId);
      } else skipped.push(result);
    }
    if (start + chunk.length < ids.length)
      await Campaign.updateOne(
        { _id: campaign._id },
        { $set: { prepared: start + chunk.length, caseIds, renderIds, skipped } },
      );
  }
  await Campaign.updateOne(
    { _id: campaign._id },
    {
      $set: {
        prepared: campaign.enterpriseIds.length,
        caseIds,
        renderIds,
        skipped,
        status: renderIds.length ? "running" : "done",
        ...(renderIds.length ? {} : { finishedAt: new Date() }),
      },
    },
  );
  return { skipped: false, letters: renderIds.length };
}

export interface CampaignProgress {
  id: string;
  name: string;
  kindLabel: string;
  unionOrgName: string;
  sentOn: string;
  status: CampaignDoc["status"];
  total: number;
  prepared: number;
  done: number;
  failed: number;
  skipped: number;
  percent: number;
  createdAt: string;
}

async function progressOf(campaign: CampaignDoc): Promise<CampaignProgress> {
  const { done, failed } = await renderCounts(campaign.renderIds, campaign.status === "done" ? campaign : {});
  const total = campaign.enterpriseIds.length - campaign.skipped.length;
  let status = campaign.status;
  if (status === "running" && done + failed >= campaign.renderIds.length) {
    await Campaign.updateOne(
      { _id: campaign._id },
      { $set: { status: "done", finishedAt: new Date(), ...(await settleRenders(campaign.renderIds)) } },
    );
    status = "done";
  }
  return {
    id: String(campaign._id),
    name: campaign.name,
    kindLabel: isCaseKind(campaign.kind) ? CASE_KIND_INFO[campaign.kind].label : campaign.kind,
    unionOrgName: campaign.unionOrgName,
    sentOn: campaign.sentOn,
    status,
    total,
    prepared: campaign.prepared,
    done,
    failed,
    skipped: campaign.skipped.length,
    percent: status === "done" ? 100 : Math.min(99, Math.floor((done / Math.max(total, 1)) * 100)),
    createdAt: campaign.createdAt.toISOString(),
  };
}

async function loadCampaign(user: CurrentUser, campaignId: string) {
  if (!Types.ObjectId.isValid(campaignId)) throw notFound("集中要约行动不存在");
  const campaign = await Campaign.findById(campaignId).lean();
  if (!campaign) throw notFound("集中要约行动不存在");
  if (!can(user, "bargaining:campaign", { type: "org", orgPath: await orgPathOf(campaign.unionOrgId) }))
    throw forbidden();
  return campaign;
}

export async function campaignProgress(user: CurrentUser, campaignId: string) {
  return progressOf(await loadCampaign(user, campaignId));
}

/** The campaign board: each enterprise's offer as sent / responded / overdue (cases read by `_id`). */
export async function campaignBoard(user: CurrentUser, campaignId: string) {
  const campaign = await loadCampaign(user, campaignId);
  const progress = await progressOf(campaign);
  const todayLocal = todayInShanghai(new Date());
  const cases = await Promise.all(
    campaign.enterpriseIds.map((e) =>
      BargainingCase.findById(campaignCaseId(campaign._id, e))
        .select({ enterpriseNames: 1, status: 1, deadlines: 1, dates: 1 })
        .lean(),
    ),
  );
  const rows = cases.flatMap((c) => {
    if (!c) return [];
    const due = c.deadlines.find((d) => d.key === "response")?.dueOn ?? null;
    const overdue = isResponseOverdue(c.status as CaseStatus, due, todayLocal);
    const state = overdue ? "overdue" : c.status === "offer_sent" ? "sent" : "responded";
    return [
      {
        id: String(c._id),
        enterpriseName: c.enterpriseNames[0] ?? "",
        state,
        dueOn: due,
        respondedOn: c.dates.respondedOn ?? null,
      },
    ];
  });
  const names = new Map(
    (
      await Enterprise.find({ _id: { $in: campaign.skipped.map((s) => s.enterpriseId) } })
        .select({ name: 1 })
        .lean()
    ).map((e) => [String(e._id), e.name]),
  );
  return {
    progress,
    offerText: campaign.offerText,
    counts: {
      sent: rows.filter((r) => r.state === "sent").length,
      responded: rows.filter((r) => r.state === "responded").length,
      overdue: rows.filter((r) => r.state === "overdue").length,
    },
    rows,
    skipped: campaign.skipped.map((s) => ({
      name: names.get(String(s.enterpriseId)) ?? "",
      reason: s.reason,
    })),
  };
}

/** The person's newest campaigns, each read by key. */
export async function recentCampaigns(user: CurrentUser, limit = 10) {
  return Promise.all((await ownRecentRecords("campaign", user.id, limit)).map(progressOf));
}

/** Sweep: re-enqueues preparations whose job Redis lost, closes campaigns whose letters are all done. */
export async function sweepCampaigns(olderThanMs = 5_000): Promise<{ requeued: number; finished: number }> {
  const cutoff = Date.now() - olderThanMs;
  const open = await Campaign.find({ status: { $in: ["preparing", "running"] } }).lean();
  let requeued = 0;
  let finished = 0;
  for (const campaign of open) {
    if (campaign.status === "preparing") {
      if (campaign.updatedAt.getTime() >= cutoff) continue;
      const state = await prepareCampaignJobState(String(campaign._id));
      if (jobLost(state)) {
        await enqueuePrepareCampaign(String(campaign._id), { replace: state !== "missing" });
        requeued += 1;
      }
      continue;
    }
    if ((await progressOf(campaign)).status === "done") finished += 1;
  }
  return { requeued, finished };
}
