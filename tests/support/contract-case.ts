/**
 * A wage case driven through the real services up to the rounds, with the term, the wage system and the
 * yearly raise tentatively agreed and the wage data entered, so that a draft assembled from it passes the
 * checks before the vote. The employee representative list names `rep` (with their account) and the chair
 * as chief; the employer list HR as chief.
 */
import type { CurrentUser } from "~/services/accounts/auth.server";
import { moveTopic, recordResponse, sendOffer } from "~/services/bargaining/cases.server";
import { nameRepresentatives } from "~/services/bargaining/representatives.server";
import { savePreparation, scheduleRound } from "~/services/bargaining/rounds.server";
import { saveWageData } from "~/services/bargaining/wage-data.server";
import { BargainingCase, OpenCaseLock } from "../../models/bargaining-case";
import {
  BargainingRound,
  CaucusNotes,
  RepresentativeList,
  WageData,
  caucusId,
  representativeListId,
  roundId,
} from "../../models/bargaining-parts";
import {
  EnterpriseCaseIndex,
  EnterpriseCaseRow,
  PipelineIndex,
  PipelineRow,
} from "../../models/bargaining-summary";
import {
  ContractDraftVersion,
  ContractSuggestion,
  ReviewReply,
  ReviewThread,
  draftVersionId,
  replyId,
  suggestionId,
  threadId,
} from "../../models/contract-drafts";
import { RenderedDocument } from "../../models/rendered-document";
import { forgetKept } from "../../models/kept-rows";

const member = (name: string, chief = false, userId = "") => ({
  name,
  title: "",
  userId,
  chief,
  outsider: false,
});

export const DRAFT_TOPICS = ["wage_term", "wage_system", "average_wage_adjustment"];

export async function wageCaseInRounds(input: {
  chair: CurrentUser;
  hr: CurrentUser;
  rep: CurrentUser;
  enterpriseId: string;
  kind?: "wage" | "women";
  sentOn?: string;
}): Promise<string> {
  const { chair, hr, rep } = input;
  const version = async () => (await BargainingCase.findById(id).lean())!.version;
  const saved = await sendOffer(chair, input.enterpriseId, {
    side: "employee",
    kind: input.kind ?? "wage",
    topicKeys: input.kind === "women" ? ["women_minors", "contract_term"] : DRAFT_TOPICS,
    findingItemIds: [],
    customTopics: "",
    note: "",
    sentOn: input.sentOn ?? "2026-03-02",
  });
  const id = String(saved._id);
  await recordResponse(hr, id, saved.version, {
    side: "employer",
    decision: "agree",
    reason: "",
    otherTopics: "",
  });
  await nameRepresentatives(chair, id, await version(), {
    side: "employee",
    members: [
      member(chair.displayName, true, chair.id),
      member("王一"),
      member(rep.displayName, false, rep.id),
    ],
    chiefHoldsOffice: true,
    writtenDelegation: false,
    delegation: "",
  });
  await nameRepresentatives(hr, id, await version(), {
    side: "employer",
    members: [member(hr.displayName, true, hr.id), member("钱一"), member("钱二")],
    chiefHoldsOffice: false,
    writtenDelegation: true,
    delegation: "法定代表人书面委托",
  });
  await savePreparation(chair, id, await version(), { side: "employee", recorderName: "孙记录", agenda: "" });
  await scheduleRound(hr, id, await version(), {
    side: "employer",
    heldOn: "2026-03-25",
    place: "企业二楼会议室",
    agenda: "",
    attendees: "",
  });
  for (const t of (await BargainingCase.findById(id).lean())!.topics)
    await moveTopic(hr, id, await version(), { side: "employer", topicKey: t.key, move: "agree", text: "" });
  await saveWageData(chair, id, 0, {
    side: "employee",
    year: "2025",
    averageWage: "96000",
    payroll: "31296000",
    headcount: "326",
    lower: "3",
    baseline: "5",
    upper: "8",
    cpi: "0.8",
    minimumMonthly: "2490",
    minimumHourly: "24",
    productivity: "",
    profit: "",
    proposedRaise: "5",
    lowestStandard: "2600",
  });
  return id;
}

/** Removes a case made by a test and everything kept beside it, so the demo is as it was. */
export async function removeCase(caseId: string) {
  const doc = await BargainingCase.findById(caseId).lean();
  if (!doc) return;
  const n = Array.from({ length: 40 }, (_, i) => i + 1);
  await Promise.all([
    ...n.map((i) => ContractDraftVersion.deleteOne({ _id: draftVersionId(caseId, i) })),
    ...n.map((i) => ReviewThread.deleteOne({ _id: threadId(caseId, i) })),
    ...n.flatMap((i) =>
      n.slice(0, 10).map((m) => ReviewReply.deleteOne({ _id: replyId(threadId(caseId, i), m) })),
    ),
    ...n.map((i) => ContractSuggestion.deleteOne({ _id: suggestionId(caseId, i) })),
    ...n.slice(0, 10).map((i) => BargainingRound.deleteOne({ _id: roundId(caseId, i) })),
    RepresentativeList.deleteOne({ _id: representativeListId(caseId, "employee") }),
    RepresentativeList.deleteOne({ _id: representativeListId(caseId, "employer") }),
    CaucusNotes.deleteOne({ _id: caucusId(caseId, "employee") }),
    CaucusNotes.deleteOne({ _id: caucusId(caseId, "employer") }),
    WageData.deleteOne({ _id: doc._id }),
    RenderedDocument.deleteMany({ sourceId: doc._id }),
    OpenCaseLock.deleteOne({ _id: `${String(doc.leadEnterpriseId)}:${doc.kind}` }),
    // The kept rows of the enterprise tabs and the pipeline, and the case's place in their indexes.
    ...doc.enterpriseIds.flatMap((e) => [
      EnterpriseCaseRow.deleteOne({ _id: `${String(e)}:${caseId}` }),
      EnterpriseCaseIndex.updateOne({ _id: e }, { $pull: { caseIds: caseId } }),
    ]),
    PipelineRow.deleteOne({ _id: `${String(doc.unionOrgId)}:${caseId}` }),
    PipelineIndex.updateOne({ _id: doc.unionOrgId }, { $pull: { caseIds: caseId } }),
  ]);
  // Written around the bargaining module (which stamps what it writes): every process reads them again.
  await forgetKept(EnterpriseCaseIndex as never, doc.enterpriseIds.map(String));
  await forgetKept(PipelineIndex as never, [String(doc.unionOrgId)]);
  await BargainingCase.deleteOne({ _id: doc._id });
}
