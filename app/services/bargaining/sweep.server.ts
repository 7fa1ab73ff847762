/**
 * The work sweep's part for bargaining (jobs/processors/sweeps.ts, every SWEEP_INTERVAL_SECONDS): reads the
 * deadlines stored on running cases and notifies whoever owes the step — an offer unanswered by its due
 * date (the responding side, the offering side who may now ask for coordination, and the instructors), a
 * coordination period ending, a contract entering its renewal window — once per event (notification dedupe
 * keys), however often it runs. It moves a contract whose review ended without objection into effect
 * (takeEffectIfDue, 第47条) and one whose renewal window opened into 可提出续签 (第38条). It also rewrites
 * each case's row in the kept summary documents, repairing a row lost to a crash or a concurrent write.
 */
import { dueState, todayInShanghai } from "~/domain/dates";
import { isCaseStatus, isResponseOverdue, otherSide } from "~/domain/bargaining";
import type { Types } from "mongoose";
import { BargainingCase, type BargainingCaseDoc } from "../../../models/bargaining-case";
import { notifyUsers } from "../notifications/notifications.server";
import { takeEffectIfDue } from "../votes/contract.server";
import { caseLink, instructorIds, sideLeadIds } from "./context.server";
import { pipelineRowOf, refreshSummaries, rowIsCurrent } from "./kept-rows.server";
import { settleContractsInForce } from "./renewal.server";

const ENDED = ["expired", "renewed", "closed"];

export async function sweepBargainingDeadlines(now: Date): Promise<number> {
  const today = todayInShanghai(now);
  // A background pass over the running cases (never on a page load).
  const cases = await BargainingCase.find({ status: { $nin: ENDED } }).lean();
  // Contracts in force move on their dates (renewal window, renewed, expired) before the reminders.
  await settleContractsInForce(
    cases.filter((c) => c.status === "in_effect" || c.status === "renewal_window"),
  );
  let created = 0;
  const notify = async (input: Parameters<typeof notifyUsers>[0]) => {
    created += (await notifyUsers(input)).created;
  };
  // Look-ups shared by the cases of one enterprise or organisation, once per run.
  const memo = new Map<string, Promise<Types.ObjectId[]>>();
  const once = (key: string, load: () => Promise<Types.ObjectId[]>) => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key)!;
  };
  const leads = (doc: BargainingCaseDoc, side: "employee" | "employer") =>
    once(`${doc.enterpriseIds.join(",")}:${side}`, () => sideLeadIds(doc, side));
  const instructors = (doc: BargainingCaseDoc) =>
    once(`org:${String(doc.unionOrgId)}`, () => instructorIds(doc));
  for (const found of cases) {
    let doc: BargainingCaseDoc = found;
    if (!isCaseStatus(doc.status)) continue;
    if (doc.status === "under_review") doc = (await takeEffectIfDue(doc, today)) ?? doc;
    // A contract in force moves on its dates in settleContractsInForce above (renewal window, expiry).
    // Repair the kept row only where it is missing or behind the case (a lost write).
    if (!rowIsCurrent(await pipelineRowOf(doc), doc)) await refreshSummaries(doc);
    const name = doc.enterpriseNames.join("、");
    const link = caseLink(doc);
    const responding = otherSide(doc.initiatorSide);
    const response = doc.deadlines.find((d) => d.key === "response");
    if (response && doc.status === "offer_sent") {
      if (isResponseOverdue(doc.status, response.dueOn, today)) {
        await notify({
          userIds: [
            ...(await leads(doc, responding)),
            ...(await leads(doc, doc.initiatorSide)),
            ...(await instructors(doc)),
          ],
          kind: "bargaining.overdue",
          title: `${name}：集体协商要约逾期未回应（期限 ${response.dueOn}）`,
          body: `依${response.sourceLabel}，应于收到要约之日起书面回应。要约方可申请劳动行政部门协调处理（《集体合同规定》第四十九条）。`,
          link,
          dedupeKey: `bargaining:${String(doc._id)}:response_overdue:${response.dueOn}`,
        });
      } else if (dueState(response.dueOn, today, 3) === "due_soon") {
        await notify({
          userIds: await leads(doc, responding),
          kind: "bargaining.due_soon",
          title: `${name}：请于 ${response.dueOn} 前书面回应集体协商要约`,
          link,
          dedupeKey: `bargaining:${String(doc._id)}:response_due:${response.dueOn}`,
        });
      }
    }
    if (doc.status === "coordination_offer" || doc.status === "coordination_talks") {
      const end = [...doc.deadlines].reverse().find((d) => d.key.startsWith("coordination") && !d.metOn);
      if (end && end.dueOn <= today) {
        await notify({
          userIds: [
            ...(await leads(doc, "employee")),
            ...(await leads(doc, "employer")),
            ...(await instructors(doc)),
          ],
          kind: "bargaining.coordination_end",
          title: `${name}：劳动行政部门协调处理期限于 ${end.dueOn} 届满`,
          body: `${end.sourceLabel}：协调处理应自受理之日起三十日内结束，延长不超过十五日。请登记协调处理结果。`,
          link,
          dedupeKey: `bargaining:${String(doc._id)}:coordination_end:${end.dueOn}`,
        });
      }
    }
    const window = doc.deadlines.find((d) => d.key === "renewal_window");
    if (
      window &&
      !doc.renewedByCaseId &&
      (doc.status === "in_effect" || doc.status === "renewal_window") &&
      window.dueOn <= today &&
      (!doc.dates.expiresOn || today <= doc.dates.expiresOn)
    ) {
      await notify({
        userIds: [
          ...(await leads(doc, "employee")),
          ...(await leads(doc, "employer")),
          ...(await instructors(doc)),
        ],
        kind: "bargaining.renewal",
        title: `${name}：集体合同将于 ${doc.dates.expiresOn ?? ""} 期满，可提出续签`,
        body: `${window.sourceLabel}：期满前三个月内，任何一方均可提出续订要求。`,
        link,
        dedupeKey: `bargaining:${String(doc._id)}:renewal:${window.dueOn}`,
      });
    }
  }
  return created;
}
