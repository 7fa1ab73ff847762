/**
 * Renewal of a collective contract (集体合同规定 第38条): within the 3 months before expiry either side may
 * ask to renew. "提出续签" opens a new case of the same kind for the same enterprises, linked both ways
 * (`renewsCaseId` on the new case, `renewedByCaseId` on the old); the old contract stays in force and
 * becomes "renewed" once the new case's contract takes effect (the sweep moves it, settleRenewals), or
 * expires at its end if the renewal has not taken effect by then. The sweep also opens the renewal window
 * on its date.
 */
import { Types } from "mongoose";
import {
  CASE_KIND_INFO,
  isCaseKind,
  isCaseScope,
  topicsForKind,
  transition,
  type CaseCommand,
  type Side,
} from "~/domain/bargaining";
import { BargainingCase, OpenCaseLock, type BargainingCaseDoc } from "../../../models/bargaining-case";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { UserError } from "../../lib/http.server";
import { sendOffer } from "./cases.server";
import {
  auditCase,
  caseLink,
  event,
  instructorIds,
  loadCase,
  notifyNextStep,
  refuse,
  requireSide,
  saveCase,
  sideLabel,
  today,
} from "./context.server";
import { openJointCase } from "./joint-cases.server";
import { refreshSummaries } from "./kept-rows.server";
import { notifyUsers } from "../notifications/notifications.server";

const RENEWABLE = ["in_effect", "renewal_window"];

/** Why the contract cannot be renewed today (Chinese), or null. */
export function renewalProblem(doc: BargainingCaseDoc, todayLocal: string): string | null {
  if (!RENEWABLE.includes(doc.status)) return "只有生效中的集体合同才能提出续签";
  if (doc.renewedByCaseId) return "已提出续签，请在续签协商中继续";
  const window = doc.deadlines.find((d) => d.key === "renewal_window");
  const expiresOn = doc.dates.expiresOn ?? doc.deadlines.find((d) => d.key === "expiry")?.dueOn ?? null;
  if (!window || !expiresOn) return "尚未确定集体合同期满日期，无法提出续签";
  if (todayLocal < window.dueOn)
    return `集体合同期满前3个月内方可提出续签，自${window.dueOn}起（${window.sourceLabel}）`;
  if (todayLocal > expiresOn) return `集体合同已于${expiresOn}期满`;
  return null;
}

/**
 * "提出续签": the side asks to renew; a new case of the same kind opens with its offer, linked to the
 * contract it renews. Two proposals at once: the old case's version lets one win.
 */
export async function proposeRenewal(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; note: string },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  const old = loaded.doc;
  const problem = renewalProblem(old, today());
  if (problem) refuse(problem);
  const joint = isCaseScope(old.scope) && old.scope !== "enterprise";
  if (joint && input.side !== "employee")
    throw new UserError("行业性、区域性集体合同的续签由工会组织提出，企业方可在续签要约中回应");
  const kind = isCaseKind(old.kind) ? old.kind : "comprehensive";
  // The window may have opened since the sweep last ran: the proposal opens it (the rule's own guard).
  if (loaded.status === "in_effect") {
    const window = old.deadlines.find((d) => d.key === "renewal_window")?.dueOn ?? null;
    const opened = transition(loaded.status, { action: "open_renewal_window" }, "system", {
      today: today(),
      offeringSide: old.initiatorSide,
      renewalWindowStartsOn: window,
    });
    if (!opened.ok) refuse(opened.error.message);
  }
  // The enterprises must be free of another running case of the kind (the old one aside).
  for (const [i, enterpriseId] of old.enterpriseIds.entries()) {
    const lock = await OpenCaseLock.findById(`${String(enterpriseId)}:${kind}`).lean();
    if (lock && String(lock.caseId) !== String(old._id))
      throw new UserError(
        `${old.enterpriseNames[i] ?? "该企业"}已有进行中的${CASE_KIND_INFO[kind].label}集体协商，请在原案件中继续`,
      );
  }
  const newId = new Types.ObjectId();
  const note = input.note.trim().slice(0, 2000);
  const claimed = await saveCase(
    loaded,
    version,
    {
      $set: { renewedByCaseId: newId, status: "renewal_window" },
      $push: { events: event(user, "propose_renewal", input.side, note) },
    },
    { status: loaded.status },
  );
  // The old contract gives its open-case key over to the renewal (it is not bargaining any more).
  for (const enterpriseId of old.enterpriseIds)
    await OpenCaseLock.deleteOne({ _id: `${String(enterpriseId)}:${kind}`, caseId: old._id });
  const topicKeys = (() => {
    const offered = topicsForKind(kind);
    const keys = old.topics.map((t) => t.key).filter((k) => offered.topics.some((t) => t.key === k));
    return keys.length ? keys : offered.suggested;
  })();
  const offerNote =
    note || `原${CASE_KIND_INFO[kind].contractLabel}将于${old.dates.expiresOn ?? ""}期满，现提出续订。`;
  let renewal: BargainingCaseDoc;
  try {
    renewal = joint
      ? await openJointCase(
          user,
          {
            orgId: String(old.unionOrgId),
            scope: old.scope,
            coverage: old.coverage || old.title.replace(/(行业性|区域性).*$/, ""),
            kind,
            employerParty: old.employerParty || old.offer.addressee,
            topicKeys,
            customTopics: "",
            note: offerNote,
            sentOn: today(),
            enterpriseIds: old.enterpriseIds.map(String),
          },
          { caseId: newId, renewsCaseId: old._id },
        )
      : await sendOffer(
          user,
          String(old.leadEnterpriseId),
          {
            side: input.side,
            kind,
            topicKeys,
            findingItemIds: [],
            customTopics: "",
            note: offerNote,
            sentOn: today(),
          },
          { caseId: newId, renewsCaseId: old._id },
        );
  } catch (error) {
    // No new case: the old one is as it was (no renewal asked), its key taken back.
    await updateAtVersion(BargainingCase, old._id, claimed.version, {
      $set: { renewedByCaseId: null, status: loaded.status },
    });
    for (const enterpriseId of old.enterpriseIds)
      await OpenCaseLock.create({ _id: `${String(enterpriseId)}:${kind}`, caseId: old._id }).catch(
        () => undefined,
      );
    await refreshSummaries((await BargainingCase.findById(old._id).lean())!);
    throw error;
  }
  await auditCase(user, "bargaining.propose_renewal", claimed, null, {
    side: input.side,
    renewalCaseId: String(newId),
    expiresOn: old.dates.expiresOn ?? null,
  });
  await notifyUsers({
    userIds: await instructorIds(old),
    kind: "bargaining.renewal",
    title: `${old.enterpriseNames.join("、")}：${sideLabel(input.side)}提出续签集体合同`,
    body: `原合同于 ${old.dates.expiresOn ?? ""} 期满。`,
    link: caseLink(renewal),
    dedupeKey: `bargaining:${String(old._id)}:renewal_proposed`,
  });
  return renewal;
}

const system = (action: string, note: string) => ({
  action,
  side: null,
  byName: "系统",
  at: new Date(),
  note,
});

/** A move the dates make (window, expiry, renewed), on the case's version; false when someone moved first. */
async function moveBySystem(doc: BargainingCaseDoc, command: CaseCommand, facts: object, note: string) {
  if (doc.status !== "in_effect" && doc.status !== "renewal_window") return false;
  const result = transition(doc.status, command, "system", {
    today: today(),
    offeringSide: doc.initiatorSide,
    ...facts,
  });
  if (!result.ok) return false;
  const saved = await updateAtVersion(
    BargainingCase,
    doc._id,
    doc.version,
    { $set: { status: result.next }, $push: { events: system(command.action, note) } },
    { status: doc.status },
  );
  if (!saved) return false;
  if (result.next === "expired" || result.next === "renewed")
    for (const enterpriseId of saved.enterpriseIds)
      await OpenCaseLock.deleteOne({ _id: `${String(enterpriseId)}:${saved.kind}`, caseId: saved._id });
  await refreshSummaries(saved);
  if (result.next === "renewal_window")
    await notifyNextStep(
      saved,
      `${saved.enterpriseNames.join("、")}：集体合同进入续签期，可提出续签`,
      `集体合同将于 ${saved.dates.expiresOn ?? ""} 期满（《集体合同规定》第三十八条）。`,
      `bargaining:${String(saved._id)}:renewal_window_opened`,
    );
  return true;
}

/**
 * The sweep's moves of contracts in force: the renewal window opens on its date; a contract whose renewal
 * took effect becomes renewed; one past its expiry (not renewed) expires. Returns how many moved.
 */
export async function settleContractsInForce(cases: BargainingCaseDoc[]): Promise<number> {
  const todayLocal = today();
  let moved = 0;
  for (const doc of cases) {
    const window = doc.deadlines.find((d) => d.key === "renewal_window")?.dueOn ?? null;
    const expiresOn = doc.dates.expiresOn ?? doc.deadlines.find((d) => d.key === "expiry")?.dueOn ?? null;
    if (doc.renewedByCaseId && doc.status === "renewal_window") {
      const renewal = await BargainingCase.findById(doc.renewedByCaseId).select({ status: 1 }).lean();
      if (renewal && RENEWABLE.includes(renewal.status)) {
        if (await moveBySystem(doc, { action: "renew" }, { renewalInEffect: true }, "续订的集体合同已生效"))
          moved++;
        continue;
      }
    }
    if (expiresOn && todayLocal > expiresOn) {
      if (await moveBySystem(doc, { action: "expire" }, { expiresOn }, `集体合同于${expiresOn}期满`)) moved++;
      continue;
    }
    if (doc.status === "in_effect" && window && todayLocal >= window) {
      if (
        await moveBySystem(
          doc,
          { action: "open_renewal_window" },
          { renewalWindowStartsOn: window },
          `自${window}起可提出续签`,
        )
      )
        moved++;
    }
  }
  return moved;
}
