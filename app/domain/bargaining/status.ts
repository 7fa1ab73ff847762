/**
 * The life of a bargaining case as a table (bargaining.md "Steps and deadlines"): offer → written response
 * → representatives → preparation → rounds (suspension allowed) → agreed draft → congress vote → signing
 * → filing → review (objection → back to rounds) → in effect → performance checks → renewal window →
 * expired or renewed; an unanswered or refused offer, or a deadlock in the rounds, may go to the labour
 * administration for coordination (第49条). Pure: the service supplies the facts (dates, board, vote) and
 * settles races in the database.
 *
 * The employee side is led by the union chair, the employer side by HR; the instructor records
 * performance checks; "system" is the sweep acting on dates.
 */
import { formatCitation } from "../citation-format";
import type { LocalDate } from "../dates";
import { SIDE_LABELS, otherSide, type Side } from "./case-kinds";

export const CASE_STATUSES = [
  "offer_drafted",
  "offer_sent",
  "accepted",
  "refused",
  "coordination_offer",
  "representatives_named",
  "preparation",
  "in_rounds",
  "suspended",
  "coordination_talks",
  "draft_agreed",
  "congress_vote",
  "approved",
  "signed",
  "filed",
  "under_review",
  "in_effect",
  "renewal_window",
  "expired",
  "renewed",
  "closed",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  offer_drafted: "要约起草中",
  offer_sent: "已发出要约，待回应",
  accepted: "已同意协商",
  refused: "对方拒绝协商",
  coordination_offer: "协调处理中（要约阶段）",
  representatives_named: "协商代表已确定",
  preparation: "协商准备中",
  in_rounds: "协商会议中",
  suspended: "协商中止",
  coordination_talks: "协调处理中（协商阶段）",
  draft_agreed: "草案已协商一致",
  congress_vote: "职代会审议中",
  approved: "职代会已通过",
  signed: "已签订",
  filed: "已报送审查",
  under_review: "审查中",
  in_effect: "已生效",
  renewal_window: "可提出续签",
  expired: "已期满终止",
  renewed: "已续签",
  closed: "已终止",
};

export function isCaseStatus(s: unknown): s is CaseStatus {
  return typeof s === "string" && (CASE_STATUSES as readonly string[]).includes(s);
}

/** Stages for the pipeline (四季模式: offers in spring, signing and review, performance). */
export type CaseStage = "offer" | "bargaining" | "approval" | "review" | "performance" | "ended";

export const CASE_STAGE_LABELS: Record<CaseStage, string> = {
  offer: "要约",
  bargaining: "协商",
  approval: "审议签订",
  review: "报送审查",
  performance: "履约",
  ended: "已结束",
};

const STAGE_OF: Record<CaseStatus, CaseStage> = {
  offer_drafted: "offer",
  offer_sent: "offer",
  accepted: "offer",
  refused: "offer",
  coordination_offer: "offer",
  representatives_named: "bargaining",
  preparation: "bargaining",
  in_rounds: "bargaining",
  suspended: "bargaining",
  coordination_talks: "bargaining",
  draft_agreed: "approval",
  congress_vote: "approval",
  approved: "approval",
  signed: "review",
  filed: "review",
  under_review: "review",
  in_effect: "performance",
  renewal_window: "performance",
  expired: "ended",
  renewed: "ended",
  closed: "ended",
};

export function stageOf(status: CaseStatus): CaseStage {
  return STAGE_OF[status];
}

export type CaseAction =
  | "send_offer"
  | "withdraw_offer"
  | "respond_agree"
  | "respond_agree_other_topics"
  | "respond_refuse"
  | "request_coordination"
  | "conclude_coordination"
  | "name_representatives"
  | "begin_preparation"
  | "open_rounds"
  | "suspend"
  | "resume"
  | "agree_draft"
  | "submit_to_congress"
  | "record_vote_passed"
  | "record_vote_failed"
  | "sign"
  | "file"
  | "confirm_receipt"
  | "record_objection"
  | "take_effect"
  | "record_performance_check"
  | "open_renewal_window"
  | "renew"
  | "expire"
  | "close";

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  send_offer: "发出要约",
  withdraw_offer: "撤回要约",
  respond_agree: "同意协商",
  respond_agree_other_topics: "同意协商并提出其他议题",
  respond_refuse: "拒绝协商",
  request_coordination: "申请协调处理",
  conclude_coordination: "协调处理结束",
  name_representatives: "确定协商代表",
  begin_preparation: "开始协商准备",
  open_rounds: "召开协商会议",
  suspend: "中止协商",
  resume: "恢复协商",
  agree_draft: "草案协商一致",
  submit_to_congress: "提交职代会审议",
  record_vote_passed: "登记职代会通过",
  record_vote_failed: "登记职代会未通过",
  sign: "双方首席代表签字",
  file: "报送审查",
  confirm_receipt: "登记劳动行政部门收到文本",
  record_objection: "登记审查异议",
  take_effect: "确认生效",
  record_performance_check: "登记履约检查",
  open_renewal_window: "进入续签期",
  renew: "提出续签",
  expire: "期满终止",
  close: "终止协商",
};

/** Who may act: the lead of a side (union chair / HR), the instructor, or the sweep. */
export type CaseActorRole = "union_chair" | "hr" | "instructor" | "system";

const SIDE_OF_ACTOR: Record<CaseActorRole, Side | null> = {
  union_chair: "employee",
  hr: "employer",
  instructor: null,
  system: null,
};

export function sideOfRole(actor: CaseActorRole): Side | null {
  return SIDE_OF_ACTOR[actor];
}

/** Which side leads an action: relative to the offer, either, or a fixed one. */
type SideRule = "offering" | "responding" | "either" | "employee" | "employer" | "none";

interface ActionRule {
  next: Partial<Record<CaseStatus, CaseStatus>>;
  sides: SideRule;
  system?: true;
  instructor?: true;
}

const CASE_MACHINE: Record<CaseAction, ActionRule> = {
  send_offer: { next: { offer_drafted: "offer_sent" }, sides: "offering" },
  withdraw_offer: { next: { offer_drafted: "closed", offer_sent: "closed" }, sides: "offering" },
  // 第32条: the other side answers in writing; it may not refuse without good reason.
  respond_agree: { next: { offer_sent: "accepted" }, sides: "responding" },
  respond_agree_other_topics: { next: { offer_sent: "accepted" }, sides: "responding" },
  respond_refuse: { next: { offer_sent: "refused" }, sides: "responding" },
  // 第49条: a dispute the sides cannot settle goes to the labour administration in writing.
  request_coordination: {
    next: {
      offer_sent: "coordination_offer",
      refused: "coordination_offer",
      in_rounds: "coordination_talks",
      suspended: "coordination_talks",
    },
    sides: "either",
  },
  conclude_coordination: {
    next: { coordination_offer: "accepted", coordination_talks: "in_rounds" },
    sides: "either",
  },
  name_representatives: { next: { accepted: "representatives_named" }, sides: "either" },
  begin_preparation: { next: { representatives_named: "preparation" }, sides: "either" },
  open_rounds: { next: { preparation: "in_rounds" }, sides: "either" },
  // 第35条
  suspend: { next: { in_rounds: "suspended" }, sides: "either" },
  resume: { next: { suspended: "in_rounds" }, sides: "either" },
  // 第34条: agreement → a draft signed by both chiefs.
  agree_draft: { next: { in_rounds: "draft_agreed" }, sides: "either" },
  // 第36条: the union puts the draft before the congress and records its result.
  submit_to_congress: { next: { draft_agreed: "congress_vote" }, sides: "employee" },
  record_vote_passed: { next: { congress_vote: "approved" }, sides: "employee", system: true },
  record_vote_failed: { next: { congress_vote: "in_rounds" }, sides: "employee", system: true },
  // 第37条
  sign: { next: { approved: "signed" }, sides: "either" },
  // 第42条: the employer sends the text.
  file: { next: { signed: "filed" }, sides: "employer" },
  confirm_receipt: { next: { filed: "under_review" }, sides: "either" },
  // 第45条: objection → the objected clauses go back to the table.
  record_objection: { next: { under_review: "in_rounds" }, sides: "either" },
  // 第47条
  take_effect: { next: { under_review: "in_effect" }, sides: "either", system: true },
  record_performance_check: {
    next: { in_effect: "in_effect", renewal_window: "renewal_window" },
    sides: "either",
    instructor: true,
  },
  // 第38条
  open_renewal_window: { next: { in_effect: "renewal_window" }, sides: "none", system: true },
  // The old contract is renewed once the contract of the case opened to renew it takes effect; until then
  // it stays in force (and may still expire). The sweep moves it when it sees the new contract in effect.
  renew: { next: { renewal_window: "renewed" }, sides: "either", system: true },
  expire: { next: { in_effect: "expired", renewal_window: "expired" }, sides: "none", system: true },
  close: {
    next: {
      refused: "closed",
      coordination_offer: "closed",
      coordination_talks: "closed",
      suspended: "closed",
    },
    sides: "either",
  },
};

/** The next status by the table alone, or null: no actor or guard considered. */
export function nextCaseStatus(status: CaseStatus, action: CaseAction): CaseStatus | null {
  return CASE_MACHINE[action].next[status] ?? null;
}

export interface NextMeeting {
  date: LocalDate | null;
  place: string;
  topics: readonly string[];
}

type SimpleAction = Exclude<
  CaseAction,
  | "respond_agree_other_topics"
  | "respond_refuse"
  | "suspend"
  | "record_objection"
  | "close"
  | "withdraw_offer"
>;

/** An action with what the person entered for it. */
export type CaseCommand =
  | { action: SimpleAction }
  | { action: "respond_agree_other_topics"; otherTopics: readonly string[] }
  | { action: "respond_refuse"; reason: string }
  | { action: "suspend"; nextMeeting: NextMeeting }
  | { action: "record_objection"; objectedClauses: readonly string[] }
  | { action: "withdraw_offer"; reason: string }
  | { action: "close"; reason: string };

/** What the service knows about the case when an action is asked for. */
export interface CaseFacts {
  today: LocalDate;
  /** The side that made the offer. */
  offeringSide: Side;
  /** The response deadline (deadlines.ts), once the offer's receipt is recorded. */
  responseDueOn?: LocalDate | null;
  /** Errors found by validateRepresentatives on the current lists. */
  representativeIssues?: number;
  /** The neutral recorder is agreed (第33条). */
  recorderAgreed?: boolean;
  /** From boardSummary. */
  board?: { open: number; agreed: number };
  /** The congress's result computed by the tally. */
  voteResult?: "passed" | "failed" | null;
  /** The date the contract takes effect if no objection came (deadlines.ts). */
  effectiveOn?: LocalDate | null;
  renewalWindowStartsOn?: LocalDate | null;
  expiresOn?: LocalDate | null;
  /** The case opened to renew this contract has its own contract in effect (第38条). */
  renewalInEffect?: boolean;
}

export type TransitionErrorCode =
  | "invalid_from_status"
  | "actor_not_allowed"
  | "reason_required"
  | "topics_required"
  | "response_not_overdue"
  | "representatives_invalid"
  | "recorder_missing"
  | "topics_open"
  | "nothing_agreed"
  | "next_meeting_required"
  | "vote_not_passed"
  | "vote_not_failed"
  | "objected_clauses_required"
  | "review_not_over"
  | "renewal_window_not_open"
  | "renewal_not_in_effect"
  | "term_not_over"
  | "fact_missing";

export interface TransitionError {
  code: TransitionErrorCode;
  /** In Chinese, for the person who asked. */
  message: string;
}

export type TransitionResult = { ok: true; next: CaseStatus } | { ok: false; error: TransitionError };

const art = (article: string) => formatCitation({ statute: "集体合同规定", article });

function fail(code: TransitionErrorCode, message: string): TransitionResult {
  return { ok: false, error: { code, message } };
}

function actorAllowed(rule: ActionRule, actor: CaseActorRole, offeringSide: Side): boolean {
  switch (actor) {
    case "system":
      return rule.system === true;
    case "instructor":
      return rule.instructor === true;
  }
  const side = sideOfRole(actor);
  switch (rule.sides) {
    case "offering":
      return side === offeringSide;
    case "responding":
      return side === otherSide(offeringSide);
    case "either":
      return true;
    case "employee":
    case "employer":
      return side === rule.sides;
    case "none":
      return false;
  }
}

function whoMay(rule: ActionRule, offeringSide: Side): string {
  const lead = (side: Side) => (side === "employee" ? "职工方（工会主席）" : "用人单位方（HR）");
  const parts: string[] = [];
  if (rule.sides === "offering") parts.push(`提出要约的${lead(offeringSide)}`);
  if (rule.sides === "responding") parts.push(`收到要约的${lead(otherSide(offeringSide))}`);
  if (rule.sides === "either") parts.push("职工方（工会主席）或用人单位方（HR）");
  if (rule.sides === "employee" || rule.sides === "employer") parts.push(lead(rule.sides));
  if (rule.instructor) parts.push("工会指导员");
  if (rule.system) parts.push("系统按期处理");
  return parts.join("、");
}

function guard(command: CaseCommand, from: CaseStatus, facts: CaseFacts): TransitionResult | null {
  switch (command.action) {
    case "respond_refuse":
      return command.reason.trim() === ""
        ? fail("reason_required", `拒绝协商须书面说明正当理由（${art("32")}）`)
        : null;
    case "respond_agree_other_topics":
      return command.otherTopics.filter((t) => t.trim() !== "").length === 0
        ? fail("topics_required", "同意协商并提出其他议题时，请列出提出的议题")
        : null;
    case "withdraw_offer":
    case "close":
      return command.reason.trim() === "" ? fail("reason_required", "请写明终止的原因") : null;
    case "request_coordination":
      if (from !== "offer_sent") return null;
      if (!facts.responseDueOn) return fail("fact_missing", "尚未登记收到要约的日期，无法判断回应是否逾期");
      return facts.today > facts.responseDueOn
        ? null
        : fail(
            "response_not_overdue",
            `回应期限至${facts.responseDueOn}届满，届满前对方未拒绝的，请等待其书面回应（${art("32")}）`,
          );
    case "name_representatives":
      if (facts.representativeIssues === undefined) return fail("fact_missing", "请先核对双方协商代表名单");
      return facts.representativeIssues > 0
        ? fail("representatives_invalid", "协商代表名单尚有问题，请按提示修改后再确定")
        : null;
    case "open_rounds":
      return facts.recorderAgreed
        ? null
        : fail("recorder_missing", `请先共同确定一名非协商代表担任记录员（${art("33")}）`);
    case "suspend": {
      const { date, place, topics } = command.nextMeeting;
      if (!date || place.trim() === "" || topics.filter((t) => t.trim() !== "").length === 0)
        return fail(
          "next_meeting_required",
          `中止协商时，双方应商定下次协商的时间、地点和内容（${art("35")}）`,
        );
      return date < facts.today ? fail("next_meeting_required", "下次协商的日期不能早于今天") : null;
    }
    case "agree_draft":
      if (!facts.board) return fail("fact_missing", "无法读取议题状态");
      if (facts.board.open > 0)
        return fail("topics_open", `尚有${facts.board.open}个议题未达成一致，请先达成暂定一致或撤回`);
      return facts.board.agreed === 0
        ? fail("nothing_agreed", `尚无达成一致的议题，无法形成草案（${art("34")}）`)
        : null;
    case "record_vote_passed":
      return facts.voteResult === "passed"
        ? null
        : fail("vote_not_passed", `表决结果未达到通过所需票数，不能登记为通过（${art("36")}）`);
    case "record_vote_failed":
      return facts.voteResult === "failed" ? null : fail("vote_not_failed", "表决结果不是未通过");
    case "record_objection":
      return command.objectedClauses.filter((c) => c.trim() !== "").length === 0
        ? fail("objected_clauses_required", `请列出《审查意见书》提出异议的条款（${art("45")}）`)
        : null;
    case "take_effect":
      if (!facts.effectiveOn) return fail("fact_missing", "尚未登记劳动行政部门收到文本的日期");
      return facts.today >= facts.effectiveOn
        ? null
        : fail(
            "review_not_over",
            `审查期尚未届满，未提出异议的，自${facts.effectiveOn}起生效（${art("47")}）`,
          );
    case "open_renewal_window":
      if (!facts.renewalWindowStartsOn) return fail("fact_missing", "尚未确定集体合同期满日期");
      return facts.today >= facts.renewalWindowStartsOn
        ? null
        : fail(
            "renewal_window_not_open",
            `期满前3个月内方可提出续签，自${facts.renewalWindowStartsOn}起（${art("38")}）`,
          );
    case "renew":
      return facts.renewalInEffect
        ? null
        : fail("renewal_not_in_effect", "续订的集体合同生效后，原集体合同方为已续签；在此之前原合同继续有效");
    case "expire":
      if (!facts.expiresOn) return fail("fact_missing", "尚未确定集体合同期满日期");
      return facts.today > facts.expiresOn
        ? null
        : fail("term_not_over", `集体合同至${facts.expiresOn}期满，期满后方可终止`);
    default:
      return null;
  }
}

/**
 * The next status if `role` may take `command` from `status` with these facts; otherwise a typed error
 * with its Chinese message (wrong status first, then the actor, then the guard).
 */
export function transition(
  status: CaseStatus,
  command: CaseCommand,
  role: CaseActorRole,
  facts: CaseFacts,
): TransitionResult {
  const rule = CASE_MACHINE[command.action];
  const next = rule.next[status];
  if (!next)
    return fail(
      "invalid_from_status",
      `当前状态为“${CASE_STATUS_LABELS[status]}”，不能${CASE_ACTION_LABELS[command.action]}`,
    );
  if (!actorAllowed(rule, role, facts.offeringSide))
    return fail(
      "actor_not_allowed",
      `“${CASE_ACTION_LABELS[command.action]}”只能由${whoMay(rule, facts.offeringSide)}办理`,
    );
  return guard(command, status, facts) ?? { ok: true, next };
}

/** Actions the role may take from the status, before guards (for the case page's buttons). */
export function availableCaseActions(
  status: CaseStatus,
  role: CaseActorRole,
  offeringSide: Side,
): CaseAction[] {
  return (Object.keys(CASE_MACHINE) as CaseAction[]).filter((a) => {
    const rule = CASE_MACHINE[a];
    return rule.next[status] !== undefined && actorAllowed(rule, role, offeringSide);
  });
}

/** The offer is unanswered after its due date: the case shows overdue and coordination may be requested. */
export function isResponseOverdue(
  status: CaseStatus,
  responseDueOn: LocalDate | null,
  today: LocalDate,
): boolean {
  return status === "offer_sent" && responseDueOn !== null && today > responseDueOn;
}

/** Who owes the next step, for reminders: a side, the labour administration, or nobody. */
export type StepOwner = Side | "both" | "authority" | null;

export function nextStepOwner(status: CaseStatus, offeringSide: Side): StepOwner {
  switch (status) {
    case "offer_drafted":
      return offeringSide;
    case "offer_sent":
      return otherSide(offeringSide);
    case "refused":
      return offeringSide;
    case "draft_agreed":
    case "congress_vote":
      return "employee";
    case "signed":
      return "employer";
    case "coordination_offer":
    case "coordination_talks":
    case "filed":
    case "under_review":
      return "authority";
    case "expired":
    case "renewed":
    case "closed":
      return null;
    default:
      return "both";
  }
}

/**
 * While a case runs from the naming of representatives until the contract ends, its employee
 * representatives are shown as protected (第28条). Before they are named, and once the case has ended,
 * nobody is.
 */
export function representativesProtected(status: CaseStatus): boolean {
  const stage = stageOf(status);
  return stage !== "offer" && stage !== "ended";
}

export function describeOwner(owner: StepOwner): string {
  if (owner === null) return "无";
  if (owner === "both") return "双方";
  if (owner === "authority") return "劳动行政部门";
  return SIDE_LABELS[owner];
}
