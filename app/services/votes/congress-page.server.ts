/**
 * What the congress pages show, as plain view objects: the chair's page (roster with its composition
 * warnings, accounts to link, the meeting, check-in, the quorum as it stands, paper slips, the count),
 * the tellers' part, the result with its rule and article and the published codes (everyone who sees the
 * case, every voter); and the voter's phone page (the draft to read, the three options, whether they have
 * voted — their own marker, read by key — never what).
 */
import { CASE_STATUS_LABELS, isCaseStatus } from "~/domain/bargaining";
import { numberContract, versionLabel } from "~/domain/contracts";
import { can } from "~/domain/policy";
import {
  ASSEMBLY_LABELS,
  compositionWarnings,
  MEMBER_LABELS,
  openVoteCheck,
  VOTE_CHOICE_LABELS,
  VOTE_STATUS_LABELS,
  type VoteResult,
  type VoteStatus,
} from "~/domain/votes";
import { RenderedDocument } from "../../../models/rendered-document";
import { VotedMarker } from "../../../models/congress";
import type { CurrentUser } from "../accounts/auth.server";
import { renderView } from "../documents/documents.server";
import { forbidden } from "../../lib/http.server";
import { rulesOfCase } from "../bargaining/context.server";
import { linkableAccounts } from "../bargaining/representatives.server";
import {
  hasVoted,
  linkedNames,
  loadCongress,
  paperSlipCodes,
  publishedList,
  tellerView,
  type CongressContext,
} from "./congress.server";
import { getAgreedDraft, getDraftVersion } from "./draft-source.server";

function caseView(ctx: CongressContext) {
  const { doc } = ctx;
  return {
    id: String(doc._id),
    title: doc.title,
    status: doc.status,
    statusLabel: isCaseStatus(doc.status) ? CASE_STATUS_LABELS[doc.status] : doc.status,
    version: doc.version,
    enterpriseName: doc.enterpriseNames.join("、"),
    ruleSetName: doc.ruleSetName,
  };
}

function voteView(ctx: CongressContext) {
  const vote = ctx.vote;
  if (!vote) return null;
  const kind = ctx.congress?.kind === "assembly" ? "assembly" : "congress";
  const quorum = openVoteCheck(vote.presentIds.length, vote.rosterSize, rulesOfCase(ctx.doc), kind);
  return {
    id: vote._id,
    number: vote.number,
    status: vote.status,
    statusLabel: VOTE_STATUS_LABELS[vote.status as VoteStatus],
    heldOn: vote.heldOn,
    place: vote.place,
    draftLabel: versionLabel(vote.draftVersion),
    rosterSize: vote.rosterSize,
    present: vote.presentIds.length,
    quorum: { met: quorum.met, required: quorum.required, message: quorum.message },
    tellers: vote.tellers.map((t) => t.name),
    paperSlips: vote.paperSlips,
    interrupted: vote.interrupted,
  };
}

function resultView(ctx: CongressContext) {
  const result = ctx.vote?.result as unknown as VoteResult | null;
  if (!result) return null;
  return {
    passed: result.passed,
    summary: result.summary,
    counts: result.counts,
    online: result.online,
    paper: result.paper,
    notCast: result.notCast,
    approvalRuleLabel: result.approvalRuleLabel,
    approvalRequired: result.approval.required,
    quorumRequired: result.quorum.required,
    sourceLabel: result.sourceLabel,
  };
}

export async function congressPage(user: CurrentUser, caseId: string) {
  const ctx = await loadCongress(caseId);
  if (!can(user, "congress:view", ctx.resource)) throw forbidden();
  const manage = can(user, "congress:manage", ctx.resource);
  const count = can(user, "congress:count", ctx.resource) && ctx.vote?.status === "counting";
  const congress = ctx.congress;
  const kind = congress?.kind === "assembly" ? "assembly" : "congress";
  const vote = ctx.vote;
  const present = new Set(vote?.presentIds ?? []);
  const members = congress?.members ?? [];
  const [names, voted, agreed, accounts, slips, published, teller, render] = await Promise.all([
    manage ? linkedNames(members) : Promise.resolve(new Map<string, string>()),
    // Whether each member voted (the markers; never what): the chair hands out paper slips by it.
    manage && vote && vote.status !== "preparing"
      ? VotedMarker.find({ voteId: vote._id }).lean()
      : Promise.resolve([]),
    getAgreedDraft(ctx.doc),
    manage ? linkableAccounts(ctx.doc) : Promise.resolve([]),
    manage && vote && (vote.status === "preparing" || vote.status === "open")
      ? paperSlipCodes(user, caseId)
      : Promise.resolve([]),
    vote?.status === "closed" ? publishedList(vote._id) : Promise.resolve(null),
    count ? tellerView(user, caseId) : Promise.resolve(null),
    vote?.resultRenderId
      ? RenderedDocument.findById(vote.resultRenderId).select("-data -input").lean()
      : Promise.resolve(null),
  ]);
  const votedIds = new Set(voted.map((m) => m.memberId));
  const me = members.find((m) => m.userId && String(m.userId) === user.id);
  return {
    case: caseView(ctx),
    manage,
    count,
    amVoter: !!me,
    kind,
    kindLabel: ASSEMBLY_LABELS[kind],
    memberLabel: MEMBER_LABELS[kind],
    congressVersion: congress?.version ?? 0,
    workforce: congress?.workforce ?? null,
    warnings: congress ? compositionWarnings(members, kind, congress.workforce ?? null) : [],
    roster: members.map((m) => ({
      id: m.id,
      name: m.name,
      employeeNo: m.employeeNo,
      gender: m.gender === "female" ? "女" : "男",
      frontLine: m.frontLine,
      unit: m.unit ?? "",
      userId: manage && m.userId ? String(m.userId) : "",
      linkedName: manage && m.userId ? (names.get(String(m.userId)) ?? "") : "",
      present: present.has(m.id),
      voted: votedIds.has(m.id),
    })),
    accounts,
    agreedDraft: agreed ? { label: versionLabel(agreed.number), title: agreed.draft.title } : null,
    vote: voteView(ctx),
    slips,
    teller,
    result: resultView(ctx),
    published,
    resultDocument: render ? renderView(render) : null,
  };
}

/** The voter's page: the draft voted on, the options, whether they have voted (never what). */
export async function votePage(user: CurrentUser, caseId: string, options: { draft?: boolean } = {}) {
  const ctx = await loadCongress(caseId);
  if (!can(user, "congress:vote", ctx.resource)) throw forbidden("您不在本次会议的名单中");
  const member = ctx.congress!.members.find((m) => m.userId && String(m.userId) === user.id)!;
  const vote = ctx.vote;
  const kind = ctx.congress?.kind === "assembly" ? "assembly" : "congress";
  const draft = vote && options.draft !== false ? await getDraftVersion(caseId, vote.draftVersion) : null;
  const published = vote?.status === "closed" ? await publishedList(vote._id) : null;
  return {
    case: caseView(ctx),
    kindLabel: ASSEMBLY_LABELS[kind],
    memberName: member.name,
    vote: voteView(ctx),
    present: !!vote && vote.presentIds.includes(member.id),
    voted: vote ? await hasVoted(vote._id, member.id) : false,
    choices: (Object.keys(VOTE_CHOICE_LABELS) as (keyof typeof VOTE_CHOICE_LABELS)[]).map((key) => ({
      key,
      label: VOTE_CHOICE_LABELS[key],
    })),
    draft: draft
      ? {
          label: versionLabel(draft.number),
          title: draft.draft.title,
          chapters: numberContract(draft.draft).map((c) => ({
            heading: c.heading,
            articles: c.articles.map((a) => ({ label: a.label, title: a.clause.title, text: a.clause.text })),
          })),
        }
      : null,
    result: resultView(ctx),
    published,
  };
}
