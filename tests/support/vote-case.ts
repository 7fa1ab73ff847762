/**
 * A bargaining case at the agreed-draft step, made directly in the database for the vote's tests: the case
 * (its representatives' chiefs named), 第1稿 assembled from the default clause library and stored through
 * the drafts model (models/contract-drafts.ts) as the drafts part writes it, and `agreedDraftVersion` set
 * on the case.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { isRuleSetId, RULE_SETS } from "~/domain/bargaining";
import { assembleDraft, bargainedTopics, canonicalText } from "~/domain/contracts";
import { BargainingCase } from "../../models/bargaining-case";
import { RepresentativeList, representativeListId } from "../../models/bargaining-parts";
import { ContractDraftVersion, draftVersionId } from "../../models/contract-drafts";
import { DEFAULT_CONTRACT_LIBRARY } from "../../templates/contracts";

export async function makeAgreedCase(input: {
  enterprise: { _id: Types.ObjectId; name: string; unionOrgId: Types.ObjectId };
  createdBy: string;
  ruleSetId?: string;
  /** false: the case has no agreed version (submitting it is refused). */
  withDraft?: boolean;
  chiefs?: { employee: string; employer: string };
}) {
  const { enterprise } = input;
  const caseId = new Types.ObjectId();
  await BargainingCase.create({
    _id: caseId,
    title: `${enterprise.name}集体合同协商`,
    kind: "comprehensive",
    scope: "enterprise",
    enterpriseIds: [enterprise._id],
    enterpriseNames: [enterprise.name],
    leadEnterpriseId: enterprise._id,
    unionOrgId: enterprise.unionOrgId,
    initiatorSide: "employee",
    status: "draft_agreed",
    ruleSetId: input.ruleSetId ?? "national",
    ruleSetName: RULE_SETS[isRuleSetId(input.ruleSetId) ? input.ruleSetId : "national"].name,
    topics: [],
    positions: [],
    dates: { offerSentOn: "2026-01-05", offerReceivedOn: "2026-01-05", agreedDraftOn: "2026-02-10" },
    deadlines: [],
    offer: { text: "", sentByName: "", addressee: "" },
    response: { decision: "agree", reason: "", extraTopics: "", byName: "" },
    coordination: {},
    createdBy: new Types.ObjectId(input.createdBy),
    version: 0,
  });
  for (const side of ["employee", "employer"] as const) {
    const chief = input.chiefs?.[side] ?? (side === "employee" ? "李主席" : "张经理");
    await RepresentativeList.create({
      _id: representativeListId(caseId, side),
      caseId,
      side,
      members: [chief, `${side}代表二`, `${side}代表三`].map((name, i) => ({
        name,
        title: "",
        userId: null,
        chief: i === 0,
        outsider: false,
        holdsOffice: i === 0,
        writtenDelegation: false,
      })),
      version: 0,
    });
  }
  if (input.withDraft !== false) {
    const assembled = assembleDraft({
      kind: "comprehensive",
      library: DEFAULT_CONTRACT_LIBRARY,
      parties: { employerName: enterprise.name, unionName: `${enterprise.name}工会` },
      agreed: bargainedTopics("comprehensive").map((t) => ({ topic: t.key, clauses: [] })),
    });
    if (!assembled.ok) throw new Error(JSON.stringify(assembled.errors));
    const draft = assembled.draft;
    await ContractDraftVersion.create({
      _id: draftVersionId(caseId, 1),
      caseId: String(caseId),
      number: 1,
      draft,
      textHash: crypto.createHash("sha256").update(canonicalText(draft)).digest("hex"),
      createdAt: new Date(),
      createdBy: new Types.ObjectId(input.createdBy),
      createdByName: "",
      basis: "assembled",
    });
    await BargainingCase.updateOne({ _id: caseId }, { $set: { agreedDraftVersion: 1 } });
  }
  return String(caseId);
}
