/**
 * Clause review by the employee representatives: comment threads on a clause (resolved or not) and
 * suggestions of a wording, which the employee side's chief accepts (they enter the next version, see
 * nextVersion) or declines with a reason the proposer sees. Who may do what is decided in policy.ts; here
 * are the states, the decision rules and the list of unresolved comments shown before the vote.
 * Comments and suggestions are the employee side's internal work: the service never shows them to the
 * employer side, which sees the versions only.
 */
import { locateClause, type ContractText } from "./draft";

export interface CommentThread {
  id: string;
  clauseId: string;
  /** The version the thread was opened on. */
  versionNumber: number;
  /** The representative's name (comments are by name within the employee side). */
  openedBy: string;
  /** The first comment's text. */
  text: string;
  resolved: boolean;
}

export interface UnresolvedComment {
  threadId: string;
  clauseId: string;
  openedBy: string;
  /** The first 40 characters of the first comment. */
  excerpt: string;
  versionNumber: number;
  /** "第五条" in the text checked; null when the clause is no longer in it. */
  articleLabel: string | null;
  /** "第五条（工资支付）" or "已删除的条款". */
  where: string;
}

const EXCERPT = 40;

function excerpt(text: string): string {
  const chars = [...text.trim()];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join("")}…` : chars.join("");
}

/** The threads still open, in the order of the text (threads on removed clauses last). */
export function unresolvedComments(
  threads: readonly CommentThread[],
  text: ContractText,
): UnresolvedComment[] {
  const open = threads
    .filter((t) => !t.resolved)
    .map((t) => {
      const found = locateClause(text, t.clauseId);
      return {
        order: found ? found.article.number : Number.MAX_SAFE_INTEGER,
        item: {
          threadId: t.id,
          clauseId: t.clauseId,
          openedBy: t.openedBy,
          excerpt: excerpt(t.text),
          versionNumber: t.versionNumber,
          articleLabel: found ? found.article.label : null,
          where: found ? `${found.article.label}（${found.article.clause.title}）` : "已删除的条款",
        },
      };
    });
  return open.sort((a, b) => a.order - b.order).map((o) => o.item);
}

export type SuggestionStatus = "pending" | "accepted" | "declined" | "withdrawn";

export const SUGGESTION_STATUS_LABELS: Record<SuggestionStatus, string> = {
  pending: "待首席代表处理",
  accepted: "已采纳",
  declined: "未采纳",
  withdrawn: "已撤回",
};

export type SuggestionDecision =
  { decision: "accept" } | { decision: "decline"; reason: string } | { decision: "withdraw" };

export type SuggestionDecisionResult =
  { ok: true; status: SuggestionStatus; reason: string | null } | { ok: false; message: string };

const MAX_REASON = 500;

/**
 * A pending suggestion is accepted or declined by the chief (a decline needs a reason, shown to the
 * proposer) or withdrawn by its proposer; a decided one stays decided.
 */
export function decideSuggestion(status: SuggestionStatus, d: SuggestionDecision): SuggestionDecisionResult {
  if (status !== "pending")
    return { ok: false, message: `该建议${SUGGESTION_STATUS_LABELS[status]}，不能再处理` };
  switch (d.decision) {
    case "accept":
      return { ok: true, status: "accepted", reason: null };
    case "withdraw":
      return { ok: true, status: "withdrawn", reason: null };
    case "decline": {
      const reason = d.reason.trim();
      if (reason === "") return { ok: false, message: "不采纳建议时请写明理由，提出人可以看到" };
      if (reason.length > MAX_REASON) return { ok: false, message: `理由不超过${MAX_REASON}字` };
      return { ok: true, status: "declined", reason };
    }
  }
}
