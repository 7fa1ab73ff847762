/**
 * The Word files of the vote and the contract, rendered by the worker like the other case documents:
 * 表决结果 (version = the vote's number), the signed 集体合同 (version = the draft version signed), and
 * the 集体合同报送审查函 (version = the draft version filed). The data is assembled here; a ballot's choice
 * never appears beside anything but the totals.
 */
import { CASE_KIND_INFO, isCaseKind } from "~/domain/bargaining";
import type { ContractText } from "~/domain/contracts";
import { numberContract, versionLabel } from "~/domain/contracts";
import { toShanghaiDate } from "~/domain/dates";
import { ASSEMBLY_LABELS, formatFingerprint, MEMBER_LABELS, type VoteResult } from "~/domain/votes";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import type { CongressDoc, CongressVoteDoc, ContractRecordDoc } from "../../../models/congress";
import type { FilingLetterData } from "../../../templates/docx/bargaining-letters";
import type { SignedContractData, VoteResultData } from "../../../templates/docx/congress";
import { requestRender } from "../documents/documents.server";
import { rulesOfCase } from "../bargaining/context.server";

const unionName = (doc: Pick<BargainingCaseDoc, "enterpriseNames">) => `${doc.enterpriseNames[0] ?? ""}工会`;

const base = (doc: BargainingCaseDoc, version: number, requestedBy: string) => ({
  sourceId: doc._id,
  version,
  enterpriseId: doc.leadEnterpriseId,
  unionOrgId: doc.unionOrgId,
  requestedBy,
});

export async function requestVoteResultDocument(
  doc: BargainingCaseDoc,
  vote: CongressVoteDoc,
  congress: Pick<CongressDoc, "kind">,
  codes: string[],
  requestedBy: string,
) {
  const result = vote.result as unknown as VoteResult;
  const kind = congress.kind === "assembly" ? "assembly" : "congress";
  const input: VoteResultData = {
    caseTitle: doc.title,
    enterpriseName: doc.enterpriseNames.join("、"),
    assemblyLabel: ASSEMBLY_LABELS[kind],
    memberLabel: MEMBER_LABELS[kind],
    heldOn: vote.day ?? vote.heldOn,
    place: vote.place,
    draftLabel: versionLabel(vote.draftVersion),
    rosterSize: result.rosterSize,
    present: result.present,
    quorumRequired: result.quorum.required,
    approvalRequired: result.approval.required,
    approvalRuleLabel: result.approvalRuleLabel,
    sourceLabel: result.sourceLabel,
    counts: result.counts,
    online: result.online,
    paper: result.paper,
    notCast: result.notCast,
    interrupted: vote.interrupted,
    passed: result.passed,
    codes,
    tellers: vote.tellers.map((t) => t.name),
    unionName: unionName(doc),
  };
  return requestRender({
    ...base(doc, vote.number, requestedBy),
    kind: "vote_result",
    fileName: `表决结果-第${vote.number}次-${doc.enterpriseNames[0] ?? ""}.docx`,
    input,
  });
}

const contractLabel = (doc: Pick<BargainingCaseDoc, "kind">) =>
  CASE_KIND_INFO[isCaseKind(doc.kind) ? doc.kind : "comprehensive"].contractLabel;

export async function requestSignedContractDocument(
  doc: BargainingCaseDoc,
  record: ContractRecordDoc,
  vote: Pick<CongressVoteDoc, "day" | "heldOn" | "result">,
  requestedBy: string,
) {
  const text = record.text as unknown as ContractText;
  const employee = record.signatures.employee!;
  const employer = record.signatures.employer!;
  const input: SignedContractData = {
    title: text.title.replace(/（草案）$/, ""),
    employerName: doc.enterpriseNames[0] ?? "",
    unionName: unionName(doc),
    chapters: numberContract(text).map((c) => ({
      heading: c.heading,
      articles: c.articles.map((a) => ({ label: a.label, title: a.clause.title, text: a.clause.text })),
    })),
    draftLabel: versionLabel(record.draftVersion),
    votedOn: vote.day ?? vote.heldOn,
    voteSummary: (vote.result as { counts?: { approve: number } } | null)?.counts
      ? `同意${(vote.result as unknown as VoteResult).counts.approve}票`
      : "",
    signatures: {
      employee: { chiefName: employee.chiefName || employee.byName, signedOn: toShanghaiDate(employee.at) },
      employer: { chiefName: employer.chiefName || employer.byName, signedOn: toShanghaiDate(employer.at) },
    },
    signedOn: record.signedOn!,
    fingerprint: formatFingerprint(record.hash),
  };
  return requestRender({
    ...base(doc, record.draftVersion, requestedBy),
    kind: "signed_contract",
    fileName: `${contractLabel(doc)}（签订文本）-${doc.enterpriseNames[0] ?? ""}.docx`,
    input,
  });
}

export async function requestFilingLetterDocument(
  doc: BargainingCaseDoc,
  record: ContractRecordDoc,
  requestedBy: string,
) {
  const filing = record.filing!;
  const rules = rulesOfCase(doc);
  const figure = rules.rules.filing;
  const deadline = doc.deadlines.find((d) => d.key === "filing");
  const label = contractLabel(doc);
  const input: FilingLetterData = {
    contractLabel: label,
    enterpriseName: doc.enterpriseNames[0] ?? "",
    authority: filing.authority,
    signedOn: record.signedOn!,
    filedOn: filing.filedOn,
    copies: filing.copies,
    filingSource: deadline?.sourceLabel ?? "《集体合同规定》第四十二条",
    termText: doc.termYears ? `期限${doc.termYears}年` : "期限以合同文本约定为准",
    attachments: [
      `《${label}》文本一式${filing.copies}份（签订文本摘要SHA-256：${formatFingerprint(record.hash)}）`,
      "职工代表大会（职工大会）审议通过集体合同草案的表决结果",
      "双方首席代表签字页及协商代表名单",
      "集体协商会议记录",
      ...(figure.value.trigger === "approval_notice_received" ? ["职工方关于草案通过情况的书面告知"] : []),
    ],
    contactName: filing.contactName,
  };
  return requestRender({
    ...base(doc, record.draftVersion, requestedBy),
    kind: "bargaining_filing",
    fileName: `集体合同报送审查函-${doc.enterpriseNames[0] ?? ""}.docx`,
    input,
  });
}
