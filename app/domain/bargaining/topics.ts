/**
 * What may be bargained, as data (集体合同规定 第8条; 工资集体协商试行办法 第7条, with the factors of 第8条
 * for the wage level), and the board of topics in the rounds: each topic on the table, counter-proposed,
 * tentatively agreed (TA) or withdrawn, moved by the sides in turn.
 */
import type { Citation } from "../health-check/types";
import { SIDE_LABELS, otherSide, type CaseKind, type Side } from "./case-kinds";

export interface TopicDefinition {
  /** Stable key, used on the case's topics. */
  key: string;
  /** Text of the item as the statute words it. */
  title: string;
  /** 1-based item number in its article (（一）, （二）…). */
  item: number;
  source: Citation;
}

const CONTRACT_ITEMS = [
  ["remuneration", "劳动报酬"],
  ["working_hours", "工作时间"],
  ["rest_leave", "休息休假"],
  ["safety_health", "劳动安全与卫生"],
  ["insurance_welfare", "补充保险和福利"],
  ["women_minors", "女职工和未成年工特殊保护"],
  ["training", "职业技能培训"],
  ["contract_management", "劳动合同管理"],
  ["rewards_penalties", "奖惩"],
  ["layoffs", "裁员"],
  ["contract_term", "集体合同期限"],
  ["change_procedure", "变更、解除集体合同的程序"],
  ["dispute_handling", "履行集体合同发生争议时的协商处理办法"],
  ["breach_liability", "违反集体合同的责任"],
  ["other", "双方认为应当协商的其他内容"],
] as const;

const WAGE_ITEMS = [
  ["wage_term", "工资协议的期限"],
  ["wage_system", "工资分配制度、工资标准和工资分配形式"],
  ["average_wage_adjustment", "职工年度平均工资水平及其调整幅度"],
  ["bonuses_allowances", "奖金、津贴、补贴等分配办法"],
  ["wage_payment", "工资支付办法"],
  ["wage_change_procedure", "变更、解除工资协议的程序"],
  ["wage_termination", "工资协议的终止条件"],
  ["wage_breach_liability", "工资协议的违约责任"],
  ["wage_other", "双方认为应当协商约定的其他事项"],
] as const;

const WAGE_FACTOR_ITEMS = [
  ["labour_cost", "地区、行业、企业的人工成本水平"],
  ["average_wages", "地区、行业的职工平均工资水平"],
  ["guideline", "当地政府发布的工资指导线、劳动力市场工资指导价位"],
  ["cpi", "本地区城镇居民消费价格指数"],
  ["productivity", "企业劳动生产率和经济效益"],
  ["state_assets", "国有资产保值增值"],
  ["last_year_payroll", "上年度企业职工工资总额和职工平均工资水平"],
  ["other", "其他与工资集体协商有关的情况"],
] as const;

function define(items: readonly (readonly [string, string])[], source: Citation): TopicDefinition[] {
  return items.map(([key, title], i) => ({ key, title, item: i + 1, source }));
}

/** The 15 items of 集体合同规定 第8条. */
export const CONTRACT_TOPICS: readonly TopicDefinition[] = define(CONTRACT_ITEMS, {
  statute: "集体合同规定",
  article: "8",
});

/** The 9 items of 工资集体协商试行办法 第7条. */
export const WAGE_TOPICS: readonly TopicDefinition[] = define(WAGE_ITEMS, {
  statute: "工资集体协商试行办法",
  article: "7",
});

/** The 8 factors for the yearly wage level, 工资集体协商试行办法 第8条: the preparation data to collect. */
export const WAGE_FACTORS: readonly TopicDefinition[] = define(WAGE_FACTOR_ITEMS, {
  statute: "工资集体协商试行办法",
  article: "8",
});

/**
 * The topics offered for a kind of case and those suggested first: a wage contract takes the wage items;
 * the other special contracts pick from 第8条 with their own item suggested.
 */
export function topicsForKind(kind: CaseKind): { topics: readonly TopicDefinition[]; suggested: string[] } {
  switch (kind) {
    case "wage":
      return { topics: WAGE_TOPICS, suggested: WAGE_TOPICS.map((t) => t.key) };
    case "women":
      return { topics: CONTRACT_TOPICS, suggested: ["women_minors"] };
    case "safety":
      return { topics: CONTRACT_TOPICS, suggested: ["safety_health"] };
    case "comprehensive":
      return { topics: CONTRACT_TOPICS, suggested: CONTRACT_TOPICS.map((t) => t.key) };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The topic board

export const TOPIC_STATUSES = ["on_table", "counter", "ta", "withdrawn"] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export const TOPIC_STATUS_LABELS: Record<TopicStatus, string> = {
  on_table: "已提出",
  counter: "对方已反提案",
  ta: "暂定一致",
  withdrawn: "已撤回",
};

export interface TopicState {
  status: TopicStatus;
  /** The side that put the topic on the table. */
  tabledBy: Side;
  /** The side whose position is the latest one; the other side answers it. */
  lastPositionBy: Side;
}

/** A topic a side puts on the table with its first position. */
export function tableTopic(side: Side): TopicState {
  return { status: "on_table", tabledBy: side, lastPositionBy: side };
}

/**
 * counter: answer the other side's latest position with one's own; revise: change one's own latest
 * position before the other side answers; agree: accept the other side's latest position (TA);
 * withdraw: the side that tabled the topic takes it off; retable: put a withdrawn topic back;
 * reopen: take a TA topic back to the table (by both sides' agreement in a round, or after the labour
 * administration objected to the clause) — a reason is required.
 */
export type TopicMove = "counter" | "revise" | "agree" | "withdraw" | "retable" | "reopen";

const TOPIC_MOVES: Record<TopicMove, Partial<Record<TopicStatus, TopicStatus>>> = {
  counter: { on_table: "counter", counter: "counter" },
  revise: { on_table: "on_table", counter: "counter" },
  agree: { on_table: "ta", counter: "ta" },
  withdraw: { on_table: "withdrawn", counter: "withdrawn" },
  retable: { withdrawn: "on_table" },
  reopen: { ta: "on_table" },
};

const MOVE_REFUSALS: Record<TopicMove, string> = {
  counter: "只有已提出或正在反提案的议题可以反提案",
  revise: "只有已提出或正在反提案的议题可以修改本方方案",
  agree: "只有已提出或正在反提案的议题可以达成暂定一致",
  withdraw: "只有已提出或正在反提案的议题可以撤回",
  retable: "只有已撤回的议题可以重新提出",
  reopen: "只有已暂定一致的议题可以重新协商",
};

export type TopicMoveErrorCode = "invalid_from_status" | "wrong_side" | "reason_required";

export type TopicMoveResult =
  { ok: true; state: TopicState } | { ok: false; error: { code: TopicMoveErrorCode; message: string } };

export function moveTopic(state: TopicState, move: TopicMove, side: Side, reason = ""): TopicMoveResult {
  const next = TOPIC_MOVES[move][state.status];
  const fail = (code: TopicMoveErrorCode, message: string): TopicMoveResult => ({
    ok: false,
    error: { code, message },
  });
  if (!next) return fail("invalid_from_status", MOVE_REFUSALS[move]);
  const answering = side !== state.lastPositionBy;
  switch (move) {
    case "counter":
    case "agree":
      if (!answering)
        return fail(
          "wrong_side",
          `最新方案由${SIDE_LABELS[side]}提出，请等待${SIDE_LABELS[otherSide(side)]}回应`,
        );
      return { ok: true, state: { ...state, status: next, lastPositionBy: side } };
    case "revise":
      if (answering) return fail("wrong_side", "只能修改本方提出的最新方案；回应对方方案请使用反提案");
      return { ok: true, state: { ...state, status: next } };
    case "withdraw":
      if (side !== state.tabledBy)
        return fail("wrong_side", `该议题由${SIDE_LABELS[state.tabledBy]}提出，只能由其撤回`);
      return { ok: true, state: { ...state, status: next } };
    case "retable":
      return { ok: true, state: { status: next, tabledBy: side, lastPositionBy: side } };
    case "reopen":
      if (reason.trim() === "") return fail("reason_required", "重新协商已暂定一致的议题，请写明原因");
      return { ok: true, state: { status: next, tabledBy: side, lastPositionBy: side } };
  }
}

/** Moves a side may make on a topic now (for the board's buttons). */
export function availableTopicMoves(state: TopicState, side: Side): TopicMove[] {
  return (Object.keys(TOPIC_MOVES) as TopicMove[]).filter((m) => {
    const r = moveTopic(state, m, side, "x");
    return r.ok;
  });
}

/** The board as the agreed-draft step needs it: open topics block it, at least one TA is needed. */
export function boardSummary(states: readonly TopicState[]): {
  open: number;
  agreed: number;
  withdrawn: number;
} {
  return {
    open: states.filter((s) => s.status === "on_table" || s.status === "counter").length,
    agreed: states.filter((s) => s.status === "ta").length,
    withdrawn: states.filter((s) => s.status === "withdrawn").length,
  };
}
