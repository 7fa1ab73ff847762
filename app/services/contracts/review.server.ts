/**
 * The employee side's clause review of the drafts (集体合同规定 第36条: the union puts the draft before the
 * employees; DESIGN.md: representatives read, comment and vote). Representatives on the employee list and
 * the union chair comment on a clause (threads with replies, resolved when settled) and propose a wording;
 * the chair or the list's chief accepts a suggestion — it enters the next version through the domain's
 * nextVersion — or declines it with a reason the proposer sees. Everything here is the employee side's
 * internal work, by name within that side: the policy (draft_review:take_part) admits nobody else, and no
 * document, export or employer-side page reads these collections. The audit trail records the steps, never
 * the words.
 *
 * Race-safe on FerretDB: each thread, reply and suggestion is its own insert under a derived key; a
 * decision moves a suggestion with updateAtVersion (one of two decisions wins); an accepted suggestion's
 * version is stored as the next number (a lost race rebuilds on the newer version), so two accepts at once
 * give two versions, each suggestion applied once.
 */
import { Types } from "mongoose";
import {
  decideSuggestion as decide,
  locateClause,
  nextVersion,
  SUGGESTION_STATUS_LABELS,
  versionLabel,
  type CommentThread,
  type SuggestionStatus,
} from "~/domain/contracts";
import { can, type Resource } from "~/domain/policy";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { RepresentativeList, representativeListId } from "../../../models/bargaining-parts";
import {
  ContractSuggestion,
  ReviewReply,
  ReviewThread,
  replyId,
  suggestionId,
  threadId,
  type ReviewThreadDoc,
  type SuggestionDoc,
} from "../../../models/contract-drafts";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { auditCase, caseLink, loadCase } from "../bargaining/context.server";
import { draftVersionOf, draftVersionsOf, requireDrafting, storeNextVersion } from "./drafts.server";
import { insertNext, readSeries } from "./keyed-series.server";

const MAX_TEXT = 2000;

/** Who takes part in the employee side's review of this case (for the policy). */
export async function reviewResource(doc: BargainingCaseDoc): Promise<Resource> {
  const list = await RepresentativeList.findById(representativeListId(doc._id, "employee"))
    .select({ members: 1 })
    .lean();
  const chief = list?.members.find((m) => m.chief && m.userId);
  return {
    type: "draft_review",
    enterpriseIds: doc.enterpriseIds.map(String),
    employeeUserIds: doc.employeeRepUserIds.map(String),
    chiefUserIds: chief?.userId ? [String(chief.userId)] : [],
  };
}

export interface ReviewAccess {
  takePart: boolean;
  decide: boolean;
}

export async function reviewAccessOf(user: CurrentUser, doc: BargainingCaseDoc): Promise<ReviewAccess> {
  const resource = await reviewResource(doc);
  return {
    takePart: can(user, "draft_review:take_part", resource),
    decide: can(user, "draft_review:decide", resource),
  };
}

async function requireReview(user: CurrentUser, caseId: string, what: "take_part" | "decide") {
  const loaded = await loadCase(user, caseId);
  const resource = await reviewResource(loaded.doc);
  if (!can(user, `draft_review:${what}`, resource))
    throw forbidden(
      what === "decide"
        ? "只有职工方首席代表（企业工会主席）可以处理修改建议"
        : "条款审阅意见仅职工方协商代表可见",
    );
  return loaded;
}

const cleanText = (text: string, label: string) => {
  const t = text.trim().slice(0, MAX_TEXT);
  if (!t) throw new UserError(`请填写${label}`, { text: [`请填写${label}`] });
  return t;
};

// ── Threads ───────────────────────────────────────────────────────────────────────────────────────────

export async function threadsOf(caseId: Types.ObjectId | string): Promise<ReviewThreadDoc[]> {
  return readSeries((n) => ReviewThread.findById(threadId(caseId, n)).lean());
}

/** The threads as the domain knows them (for the checks and the list of unresolved comments). */
export function domainThreads(threads: readonly ReviewThreadDoc[]): CommentThread[] {
  return threads.map((t) => ({
    id: t._id,
    clauseId: t.clauseId,
    versionNumber: t.versionNumber,
    openedBy: t.openedByName,
    text: t.text,
    resolved: t.resolved,
  }));
}

/** A comment on a clause of a version: a new thread. */
export async function openThread(
  user: CurrentUser,
  caseId: string,
  input: { versionNumber: number; clauseId: string; text: string },
) {
  const { doc } = await requireReview(user, caseId, "take_part");
  const version = await draftVersionOf(doc._id, input.versionNumber);
  if (!locateClause(version.draft, input.clauseId)) throw new UserError("该条款不在这一稿中，请刷新后重试");
  const text = cleanText(input.text, "意见");
  const known = (await threadsOf(doc._id)).length;
  const { n } = await insertNext(known, (n) =>
    ReviewThread.create({
      _id: threadId(doc._id, n),
      caseId: String(doc._id),
      n,
      clauseId: input.clauseId,
      versionNumber: input.versionNumber,
      openedBy: new Types.ObjectId(user.id),
      openedByName: user.displayName,
      text,
      resolved: false,
      resolvedByName: "",
      resolvedAt: null,
      version: 0,
      createdAt: new Date(),
    }),
  );
  await auditCase(user, "contract.comment", doc, null, { thread: n, version: input.versionNumber });
  return n;
}

async function repliesOf(thread: string) {
  return readSeries((m) => ReviewReply.findById(replyId(thread, m)).lean());
}

export async function replyToThread(
  user: CurrentUser,
  caseId: string,
  input: { thread: number; text: string },
) {
  const { doc } = await requireReview(user, caseId, "take_part");
  const id = threadId(doc._id, input.thread);
  const thread = await ReviewThread.findById(id).lean();
  if (!thread) throw notFound("该意见不存在");
  const text = cleanText(input.text, "回复");
  const known = (await repliesOf(id)).length;
  await insertNext(known, (m) =>
    ReviewReply.create({
      _id: replyId(id, m),
      threadId: id,
      m,
      text,
      byId: new Types.ObjectId(user.id),
      byName: user.displayName,
      at: new Date(),
    }),
  );
  await auditCase(user, "contract.comment_reply", doc, null, { thread: input.thread });
}

/** Marks a thread resolved (or open again); `version` is the thread's, so a stale click changes nothing. */
export async function setThreadResolved(
  user: CurrentUser,
  caseId: string,
  input: { thread: number; version: number; resolved: boolean },
) {
  const { doc } = await requireReview(user, caseId, "take_part");
  const id = threadId(doc._id, input.thread);
  const thread = await ReviewThread.findById(id).lean();
  if (!thread) throw notFound("该意见不存在");
  if (thread.resolved === input.resolved) return;
  const saved = await updateAtVersion(ReviewThread, id, input.version, {
    $set: {
      resolved: input.resolved,
      resolvedByName: input.resolved ? user.displayName : "",
      resolvedAt: input.resolved ? new Date() : null,
    },
  });
  if (!saved) throw conflict("该意见刚被他人处理，请刷新后重试");
  await auditCase(user, input.resolved ? "contract.comment_resolve" : "contract.comment_reopen", doc, null, {
    thread: input.thread,
  });
}

// ── Suggestions ───────────────────────────────────────────────────────────────────────────────────────

export async function suggestionsOf(caseId: Types.ObjectId | string): Promise<SuggestionDoc[]> {
  return readSeries((n) => ContractSuggestion.findById(suggestionId(caseId, n)).lean());
}

/** A wording proposed for a clause of the latest version (a suggestion on an older one would be stale). */
export async function proposeWording(
  user: CurrentUser,
  caseId: string,
  input: { versionNumber: number; clauseId: string; text: string; note: string },
) {
  const loaded = await requireReview(user, caseId, "take_part");
  requireDrafting(loaded);
  const { doc } = loaded;
  const versions = await draftVersionsOf(doc._id);
  const latest = versions[versions.length - 1];
  if (!latest || latest.number !== input.versionNumber)
    throw new UserError(`请在最新稿（${latest ? versionLabel(latest.number) : "尚无草案"}）上提出修改建议`);
  const found = locateClause(latest.draft, input.clauseId);
  if (!found) throw new UserError("该条款不在最新稿中，请刷新后重试");
  const text = cleanText(input.text, "建议的条款文字");
  if (text === found.article.clause.text)
    throw new UserError("建议的文字与现行文字相同", { text: ["请修改文字"] });
  const note = input.note.trim().slice(0, MAX_TEXT);
  const known = (await suggestionsOf(doc._id)).length;
  const { n } = await insertNext(known, (n) =>
    ContractSuggestion.create({
      _id: suggestionId(doc._id, n),
      caseId: String(doc._id),
      n,
      clauseId: input.clauseId,
      versionNumber: latest.number,
      change: { kind: "wording", clauseId: input.clauseId, baseText: found.article.clause.text, text },
      note,
      proposedBy: new Types.ObjectId(user.id),
      proposedByName: user.displayName,
      status: "pending",
      decidedByName: "",
      decidedAt: null,
      reason: "",
      acceptedInVersion: null,
      version: 0,
      createdAt: new Date(),
    }),
  );
  await auditCase(user, "contract.suggest", doc, null, { suggestion: n, version: latest.number });
  return n;
}

export type SuggestionDecisionInput = { suggestion: number; version: number } & (
  { decision: "accept" } | { decision: "decline"; reason: string } | { decision: "withdraw" }
);

/**
 * The chief accepts (the suggestion enters the next version) or declines with a reason; the proposer may
 * withdraw their own pending suggestion. The suggestion moves first, on its version (one decision wins);
 * an accepted one is then applied to the newest version — if it no longer applies (its clause changed
 * since), the suggestion goes back to pending and the chief is told why.
 */
export async function decideOnSuggestion(user: CurrentUser, caseId: string, input: SuggestionDecisionInput) {
  const loaded = await requireReview(user, caseId, input.decision === "withdraw" ? "take_part" : "decide");
  const { doc } = loaded;
  const id = suggestionId(doc._id, input.suggestion);
  const suggestion = await ContractSuggestion.findById(id).lean();
  if (!suggestion) throw notFound("该建议不存在");
  if (input.decision === "withdraw" && String(suggestion.proposedBy) !== user.id)
    throw forbidden("只有提出人可以撤回自己的建议");
  if (input.decision === "accept") requireDrafting(loaded);
  const decided = decide(
    suggestion.status as SuggestionStatus,
    input.decision === "decline"
      ? { decision: "decline", reason: input.reason }
      : { decision: input.decision },
  );
  if (!decided.ok)
    throw new UserError(decided.message, input.decision === "decline" ? { reason: [decided.message] } : {});
  if (input.decision === "accept") {
    // Would it apply to the newest version? Checked before anything moves, so a stale one changes nothing.
    const versions = await draftVersionsOf(doc._id);
    const latest = versions[versions.length - 1];
    const trial = latest ? nextVersion(latest.draft, [{ id, change: suggestion.change }]) : null;
    if (!trial?.ok) throw new UserError(trial ? trial.errors.map((e) => e.message).join("；") : "尚无草案");
  }
  const moved = await updateAtVersion(
    ContractSuggestion,
    id,
    input.version,
    {
      $set: {
        status: decided.status,
        reason: decided.reason ?? "",
        decidedByName: user.displayName,
        decidedAt: new Date(),
      },
    },
    { status: "pending" },
  );
  if (!moved) throw conflict("该建议刚被他人处理，请刷新后重试");
  if (input.decision !== "accept") {
    await auditCase(user, `contract.suggestion_${input.decision}`, doc, null, {
      suggestion: input.suggestion,
    });
    if (input.decision === "decline")
      await notifyUsers({
        userIds: [suggestion.proposedBy],
        kind: "bargaining.step",
        title: `您对${doc.title}草案的修改建议未被采纳`,
        body: `理由：${decided.reason ?? ""}`,
        link: `${caseLink(doc)}/drafts`,
        dedupeKey: `contract:${id}:declined`,
      });
    return null;
  }
  let made;
  try {
    made = await storeNextVersion(user, caseId, "suggestions", (latest) => {
      if (!latest) throw new UserError("尚无草案");
      const next = nextVersion(latest.draft, [{ id, change: suggestion.change }]);
      if (!next.ok) throw new UserError(next.errors.map((e) => e.message).join("；"));
      return next.draft;
    });
  } catch (error) {
    // Not applied: the suggestion is pending again (at the version it was moved to).
    await updateAtVersion(
      ContractSuggestion,
      id,
      moved.version,
      { $set: { status: "pending", decidedByName: "", decidedAt: null } },
      { status: "accepted" },
    );
    throw error;
  }
  await ContractSuggestion.updateOne({ _id: id }, { $set: { acceptedInVersion: made.number } });
  await auditCase(user, "contract.suggestion_accept", doc, null, {
    suggestion: input.suggestion,
    version: made.number,
  });
  return made;
}

// ── For the pages and the checks ──────────────────────────────────────────────────────────────────────

export interface ThreadView {
  n: number;
  clauseId: string;
  versionLabel: string;
  openedByName: string;
  text: string;
  at: string;
  resolved: boolean;
  resolvedByName: string;
  version: number;
  replies: { byName: string; text: string; at: string }[];
}

export interface SuggestionView {
  n: number;
  clauseId: string;
  versionLabel: string;
  proposedByName: string;
  mine: boolean;
  baseText: string;
  text: string;
  note: string;
  status: string;
  statusLabel: string;
  reason: string;
  decidedByName: string;
  acceptedInLabel: string | null;
  version: number;
}

/** The employee side's review of a case, for a person the policy admits; null for everyone else. */
export async function reviewView(user: CurrentUser, doc: BargainingCaseDoc, access: ReviewAccess) {
  if (!access.takePart) return null;
  const [threads, suggestions] = await Promise.all([threadsOf(doc._id), suggestionsOf(doc._id)]);
  const threadViews: ThreadView[] = await Promise.all(
    threads.map(async (t) => ({
      n: t.n,
      clauseId: t.clauseId,
      versionLabel: versionLabel(t.versionNumber),
      openedByName: t.openedByName,
      text: t.text,
      at: t.createdAt.toISOString(),
      resolved: t.resolved,
      resolvedByName: t.resolvedByName,
      version: t.version,
      replies: (await repliesOf(t._id)).map((r) => ({
        byName: r.byName,
        text: r.text,
        at: r.at.toISOString(),
      })),
    })),
  );
  const suggestionViews: SuggestionView[] = suggestions.map((s) => ({
    n: s.n,
    clauseId: s.clauseId,
    versionLabel: versionLabel(s.versionNumber),
    proposedByName: s.proposedByName,
    mine: String(s.proposedBy) === user.id,
    baseText: "baseText" in s.change ? s.change.baseText : "",
    text: s.change.kind === "wording" || s.change.kind === "insert" ? s.change.text : "",
    note: s.note,
    status: s.status,
    statusLabel: SUGGESTION_STATUS_LABELS[s.status as SuggestionStatus] ?? s.status,
    reason: s.reason,
    decidedByName: s.decidedByName,
    acceptedInLabel: s.acceptedInVersion ? versionLabel(s.acceptedInVersion) : null,
    version: s.version,
  }));
  return { threads: threadViews, suggestions: suggestionViews, threadDocs: threads };
}
