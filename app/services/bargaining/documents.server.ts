/**
 * The Word files of a bargaining case, rendered by the worker like the reports (documents.server.ts): the
 * data object of each is assembled here from the case, its representatives and rounds — never from the
 * caucus notes, which no document or export reads.
 */
import {
  CASE_KIND_INFO,
  isCaseKind,
  SIDE_LABELS,
  TOPIC_STATUS_LABELS,
  type TopicStatus,
} from "~/domain/bargaining";
import { toShanghaiDate } from "~/domain/dates";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { RepresentativeList, representativeListId, type RoundDoc } from "../../../models/bargaining-parts";
import type { OfferLetterData, ResponseLetterData } from "../../../templates/docx/bargaining-letters";
import type { MinutesData } from "../../../templates/docx/bargaining-minutes";
import { requestRender, type RenderView } from "../documents/documents.server";
import { rulesOfCase } from "./context.server";

const contractLabel = (doc: Pick<BargainingCaseDoc, "kind">) =>
  CASE_KIND_INFO[isCaseKind(doc.kind) ? doc.kind : "comprehensive"].contractLabel;

const unionName = (enterprise: string) => `${enterprise}工会`;

async function chiefName(
  doc: Pick<BargainingCaseDoc, "_id">,
  side: "employee" | "employer",
  fallback: string,
) {
  const list = await RepresentativeList.findById(representativeListId(doc._id, side)).lean();
  return list?.members.find((m) => m.chief)?.name ?? fallback;
}

/** The parties as the letters name them: the enterprise and its union, or (第53条) the organisation and the employers. */
function partiesOf(doc: BargainingCaseDoc): { employee: string; employer: string } {
  if (doc.partyNames?.employee) return doc.partyNames;
  const enterprise = doc.enterpriseNames[0] ?? "";
  return { employee: unionName(enterprise), employer: enterprise };
}

function offerData(doc: BargainingCaseDoc): OfferLetterData {
  const parties = partiesOf(doc);
  const rules = rulesOfCase(doc);
  const period = rules.rules.response.value;
  const deadline = doc.deadlines.find((d) => d.key === "response");
  const employee = doc.initiatorSide === "employee";
  return {
    contractLabel: contractLabel(doc),
    fromName: employee ? parties.employee : parties.employer,
    toName: employee ? parties.employer : parties.employee,
    sentOn: doc.dates.offerSentOn ?? toShanghaiDate(doc.createdAt),
    topics: doc.topics.filter((t) => t.tabledBy === doc.initiatorSide).map((t) => t.title),
    note: doc.offer.text,
    responsePeriod: period.unit === "days" ? `${period.count}日` : `${period.count}个工作日`,
    responseSource: deadline?.sourceLabel ?? "《集体合同规定》第三十二条",
    chiefName: doc.offer.sentByName,
  };
}

async function responseData(doc: BargainingCaseDoc): Promise<ResponseLetterData> {
  const parties = partiesOf(doc);
  const responding = doc.initiatorSide === "employee" ? "employer" : "employee";
  return {
    contractLabel: contractLabel(doc),
    fromName: responding === "employee" ? parties.employee : parties.employer,
    toName: responding === "employee" ? parties.employer : parties.employee,
    offerSentOn: doc.dates.offerSentOn ?? null,
    offerReceivedOn: doc.dates.offerReceivedOn ?? null,
    respondedOn: doc.dates.respondedOn ?? toShanghaiDate(doc.updatedAt),
    decision: (doc.response.decision ?? "agree") as ResponseLetterData["decision"],
    extraTopics: doc.response.extraTopics.split("\n").filter(Boolean),
    reason: doc.response.reason,
    chiefName: await chiefName(doc, responding, doc.response.byName),
  };
}

/** Asks for the case's offer letter or response letter (one file per case and kind: version 1). */
export async function requestCaseDocument(
  doc: BargainingCaseDoc,
  which: "offer" | "response",
  requestedBy: string,
): Promise<RenderView> {
  const base = {
    sourceId: doc._id,
    version: 1,
    enterpriseId: doc.leadEnterpriseId,
    unionOrgId: doc.unionOrgId,
    requestedBy,
  };
  const enterprise = doc.partyNames?.employer || (doc.enterpriseNames[0] ?? "");
  if (which === "offer")
    return requestRender({
      ...base,
      kind: "bargaining_offer",
      fileName: `集体协商要约书-${enterprise}.docx`,
      input: offerData(doc),
    });
  return requestRender({
    ...base,
    kind: "bargaining_response",
    fileName: `集体协商回应书-${enterprise}.docx`,
    input: await responseData(doc),
  });
}

/** The minutes of a round, once both chiefs signed them off (version = the round number). */
export async function requestMinutesDocument(doc: BargainingCaseDoc, round: RoundDoc, requestedBy: string) {
  const chair = await chiefName(doc, round.chairSide, SIDE_LABELS[round.chairSide]);
  const input: MinutesData = {
    caseTitle: doc.title,
    enterpriseName: doc.enterpriseNames.join("、"),
    roundNo: round.no,
    heldOn: round.heldOn,
    place: round.place,
    chairName: chair,
    chairSideLabel: SIDE_LABELS[round.chairSide],
    attendees: round.attendees,
    recorderName: doc.recorderName,
    agenda: round.agenda,
    minutes: round.minutes,
    topics: doc.topics.map((t) => ({
      title: t.title,
      statusLabel: TOPIC_STATUS_LABELS[t.status as TopicStatus] ?? t.status,
      employee: t.employeePosition,
      employer: t.employerPosition,
      agreed: t.agreedText,
    })),
    suspension: round.suspension
      ? { nextOn: round.suspension.nextOn, place: round.suspension.place, topics: round.suspension.topics }
      : null,
    signOff: {
      employee: round.signOff.employee
        ? { name: round.signOff.employee.byName, on: toShanghaiDate(round.signOff.employee.at) }
        : null,
      employer: round.signOff.employer
        ? { name: round.signOff.employer.byName, on: toShanghaiDate(round.signOff.employer.at) }
        : null,
    },
  };
  return requestRender({
    kind: "bargaining_minutes",
    sourceId: doc._id,
    version: round.no,
    enterpriseId: doc.leadEnterpriseId,
    unionOrgId: doc.unionOrgId,
    requestedBy,
    fileName: `集体协商会议记录-第${round.no}次-${doc.enterpriseNames[0] ?? ""}.docx`,
    input,
  });
}
