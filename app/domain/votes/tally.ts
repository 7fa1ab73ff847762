/**
 * Opening the vote and counting it (集体合同规定 第36条 and the regional rule sets): the vote opens only
 * with a quorum of the WHOLE roster present (national: 2/3 以上), and the draft passes with approvals
 * counted against the WHOLE roster, not those present (national 半数以上; 浙江 过半数; or the organisation's
 * override). Integer arithmetic through quorumCheck / approvalCheck of the bargaining domain. The result
 * carries the rule, its article and the case action the service records (a failed vote sends the draft
 * back to the rounds with this result attached).
 */
import type { CaseAction } from "../bargaining/status";
import { APPROVAL_RULE_LABELS, approvalCheck, describeSource, quorumCheck } from "../bargaining/rule-sets";
import type { ResolvedRuleSet, ThresholdResult } from "../bargaining/rule-sets";
import { ASSEMBLY_LABELS, MEMBER_LABELS, type AssemblyKind } from "./roster";

export const VOTE_CHOICES = ["approve", "oppose", "abstain"] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = {
  approve: "同意",
  oppose: "不同意",
  abstain: "弃权",
};

export function isVoteChoice(s: unknown): s is VoteChoice {
  return typeof s === "string" && (VOTE_CHOICES as readonly string[]).includes(s);
}

/** A counted ballot as stored: the choice and its receipt code; no voter, no time, nothing else. */
export interface Ballot {
  choice: VoteChoice;
  receiptCode: string;
  /** Entered by the two tellers from a paper slip. */
  paper: boolean;
}

export interface VoteCounts {
  approve: number;
  oppose: number;
  abstain: number;
  total: number;
}

export function countChoices(ballots: readonly Pick<Ballot, "choice">[]): VoteCounts {
  const counts: VoteCounts = { approve: 0, oppose: 0, abstain: 0, total: 0 };
  for (const b of ballots) {
    counts[b.choice] += 1;
    counts.total += 1;
  }
  return counts;
}

function assertCounts(present: number, rosterSize: number): void {
  if (!Number.isInteger(rosterSize) || rosterSize < 1)
    throw new RangeError(`名单人数必须是正整数：${rosterSize}`);
  if (!Number.isInteger(present) || present < 0 || present > rosterSize)
    throw new RangeError(`出席人数必须是0到${rosterSize}之间的整数：${present}`);
}

export interface QuorumResult extends ThresholdResult {
  /** "《集体合同规定》第三十六条" or "《上海市集体合同条例》未作规定，适用《集体合同规定》第三十六条". */
  sourceLabel: string;
  message: string;
}

/** May the vote open? Those checked in against the whole roster (national: 三分之二以上, inclusive). */
export function openVoteCheck(
  present: number,
  rosterSize: number,
  rules: ResolvedRuleSet,
  kind: AssemblyKind = "congress",
): QuorumResult {
  assertCounts(present, rosterSize);
  const q = quorumCheck(present, rosterSize, rules);
  const sourceLabel = describeSource(rules.id, q);
  const who = MEMBER_LABELS[kind];
  const message = q.met
    ? `应到${rosterSize}人，实到${present}人，达到全体${who}的法定出席人数（至少${q.required}人），可以开始表决（${sourceLabel}）`
    : `应到${rosterSize}人，实到${present}人，不足全体${who}的法定出席人数（至少${q.required}人），不能开始表决（${sourceLabel}）`;
  return { ...q, sourceLabel, message };
}

/** preparing (check-in) → open (ballots) → counting (paper slips entered by the tellers) → closed. */
export type VoteStatus = "preparing" | "open" | "counting" | "closed";

export const VOTE_STATUS_LABELS: Record<VoteStatus, string> = {
  preparing: "签到中",
  open: "表决中",
  counting: "计票中",
  closed: "表决结束",
};

export type BallotRefusal = "vote_not_open" | "not_on_roster" | "not_present" | "already_voted";

/** Why a person may not cast a ballot now, or null. One ballot per person on the roster who is present. */
export function ballotRefusal(args: {
  status: VoteStatus;
  onRoster: boolean;
  present: boolean;
  hasVoted: boolean;
}): { code: BallotRefusal; message: string } | null {
  if (args.status !== "open")
    return {
      code: "vote_not_open",
      message:
        args.status === "closed"
          ? "表决已经结束"
          : args.status === "counting"
            ? "投票已经截止，正在计票"
            : "表决尚未开始",
    };
  if (!args.onRoster) return { code: "not_on_roster", message: "您不在本次会议的名单中，不能投票" };
  if (!args.present) return { code: "not_present", message: "您尚未签到，请先签到再投票" };
  if (args.hasVoted) return { code: "already_voted", message: "您已经投过票，每人只能投一票" };
  return null;
}

export interface VoteResult {
  passed: boolean;
  kind: AssemblyKind;
  rosterSize: number;
  present: number;
  counts: VoteCounts;
  online: VoteCounts;
  paper: VoteCounts;
  /** Present but no counted ballot. */
  notCast: number;
  quorum: ThresholdResult;
  approval: ThresholdResult;
  /** "半数以上" or "过半数". */
  approvalRuleLabel: string;
  /** Where the approval rule comes from, for display. */
  sourceLabel: string;
  /** One sentence for the minutes and the 表决结果 document. */
  summary: string;
  /** What the service records on the case: a failed vote returns the draft to the rounds. */
  caseAction: Extract<CaseAction, "record_vote_passed" | "record_vote_failed">;
}

export interface TallyInput {
  rosterSize: number;
  present: number;
  /** Every counted ballot: online, and paper ballots both tellers agreed on. */
  ballots: readonly Ballot[];
  rules: ResolvedRuleSet;
  kind?: AssemblyKind;
}

/**
 * The result against the whole roster. Throws RangeError only for counts that cannot happen in a vote run
 * by the service (more ballots than present, more present than on the roster).
 */
export function tallyVote(input: TallyInput): VoteResult {
  const { rosterSize, present, ballots, rules } = input;
  const kind = input.kind ?? "congress";
  assertCounts(present, rosterSize);
  if (ballots.length > present) throw new RangeError(`选票数（${ballots.length}）超过出席人数（${present}）`);
  const counts = countChoices(ballots);
  const quorum = quorumCheck(present, rosterSize, rules);
  const approval = approvalCheck(counts.approve, rosterSize, rules);
  const passed = quorum.met && approval.met;
  const ruleLabel = APPROVAL_RULE_LABELS[rules.rules.approval.value];
  const sourceLabel = describeSource(rules.id, approval);
  const who = MEMBER_LABELS[kind];
  const tally = `同意${counts.approve}票、不同意${counts.oppose}票、弃权${counts.abstain}票`;
  const verdict = !quorum.met
    ? `出席人数不足全体${who}的法定人数（至少${quorum.required}人），表决无效，草案未获通过`
    : passed
      ? `达到全体${who}${ruleLabel}（至少${approval.required}票）同意，草案获得通过`
      : `未达到全体${who}${ruleLabel}（至少${approval.required}票）同意，草案未获通过`;
  return {
    passed,
    kind,
    rosterSize,
    present,
    counts,
    online: countChoices(ballots.filter((b) => !b.paper)),
    paper: countChoices(ballots.filter((b) => b.paper)),
    notCast: present - counts.total,
    quorum,
    approval,
    approvalRuleLabel: ruleLabel,
    sourceLabel,
    summary: `${ASSEMBLY_LABELS[kind]}应到${rosterSize}人，实到${present}人；${tally}；依据${sourceLabel}，${verdict}`,
    caseAction: passed ? "record_vote_passed" : "record_vote_failed",
  };
}
