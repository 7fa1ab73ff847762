/**
 * What a contract is about: the topics a clause belongs to (集体合同规定 第8条 for the comprehensive, women's
 * and safety contracts; 工资集体协商试行办法 第7条 for the wage contract, as topicsForKind gives them), the
 * frame chapters every contract has (总则, 附则), the finer content elements the special contracts are
 * defined by (集体合同规定 第12条, 第14条), and the contents each kind of contract must have.
 *
 * Required contents, decided from the texts (the statutes say "可以…协商" and "主要包括"/"一般包括", so the
 * choice of what is indispensable is ours, made from what defines each kind):
 * - 综合集体合同: the matters in the definition of a collective contract, 集体合同规定 第3条 (劳动报酬、
 *   工作时间、休息休假、劳动安全卫生、职业培训、保险福利; 劳动合同法 第51条 lists the same), plus the term,
 *   which 第38条 requires and without which no expiry or renewal can be computed. These are errors when
 *   missing. The other items of 第8条 are warnings: a contract may lawfully leave them out.
 * - 工资专项集体合同: 工资集体协商试行办法 第7条 (一)–(三) — the term, the wage system and standards, and
 *   the yearly average wage level and its adjustment — are what makes it a wage-adjustment contract
 *   (劳动合同法 第52条 "工资调整机制"); errors. (四)–(八) are warnings.
 * - 女职工权益保护专项集体合同: 集体合同规定 第14条 (一)–(三) (禁忌劳动, 四期保护, 定期健康检查; (四) concerns
 *   minors, not this contract) and the term; errors.
 * - 劳动安全卫生专项集体合同: 集体合同规定 第12条 (一)–(五) and the term; errors.
 * - Every kind: the changing/ending procedure, dispute handling and breach liability (第8条 (十二)–(十四),
 *   or 第7条 (六)–(八) for wages) are warnings where not already listed.
 */
import { CONTRACT_TOPICS, WAGE_TOPICS, type TopicDefinition } from "../bargaining/topics";
import type { CaseKind } from "../bargaining/case-kinds";
import type { Citation } from "../health-check/types";

/** The chapters around the bargained topics: 总则 (parties, basis, scope) and 附则 (effect, copies). */
export const FRAME_TOPICS: readonly { key: string; title: string }[] = [
  { key: "general", title: "总则" },
  { key: "final", title: "附则" },
];

const FRAME_KEYS = FRAME_TOPICS.map((t) => t.key);

/** The bargained topics a kind of contract is built from (the same lists the topic board uses). */
export function bargainedTopics(kind: CaseKind): readonly TopicDefinition[] {
  return kind === "wage" ? WAGE_TOPICS : CONTRACT_TOPICS;
}

/** Every topic key a clause of this kind may carry: the bargained topics and the frame. */
export function topicKeysForKind(kind: CaseKind): string[] {
  return [...FRAME_KEYS, ...bargainedTopics(kind).map((t) => t.key)];
}

/** A topic's title for display: "劳动报酬", "总则". */
export function topicTitle(key: string): string {
  const found = [...CONTRACT_TOPICS, ...WAGE_TOPICS].find((t) => t.key === key);
  return found?.title ?? FRAME_TOPICS.find((t) => t.key === key)?.title ?? key;
}

export interface ContentElement {
  key: string;
  title: string;
  /** 1-based item of its article. */
  item: number;
  source: Citation;
}

const art = (article: string): Citation => ({ statute: "集体合同规定", article });

/** The content items the special contracts are defined by (集体合同规定 第12条, 第14条 "主要包括"). */
export const CONTENT_ELEMENTS: readonly ContentElement[] = [
  { key: "safety_responsibility", title: "劳动安全卫生责任制", item: 1, source: art("12") },
  { key: "safety_conditions", title: "劳动条件和安全技术措施", item: 2, source: art("12") },
  { key: "safety_rules", title: "安全操作规程", item: 3, source: art("12") },
  { key: "protective_equipment", title: "劳保用品发放标准", item: 4, source: art("12") },
  { key: "health_examination", title: "定期健康检查和职业健康体检", item: 5, source: art("12") },
  { key: "women_taboo", title: "女职工禁忌从事的劳动", item: 1, source: art("14") },
  { key: "women_periods", title: "女职工的经期、孕期、产期和哺乳期的劳动保护", item: 2, source: art("14") },
  { key: "women_health_check", title: "女职工定期健康检查", item: 3, source: art("14") },
  { key: "minors_protection", title: "未成年工的特殊保护和登记制度", item: 4, source: art("14") },
];

export function isContentElementKey(s: string): boolean {
  return CONTENT_ELEMENTS.some((e) => e.key === s);
}

export interface ContentRequirement {
  /** The topic or content element key a clause must carry (its topic, or one of its `covers`). */
  key: string;
  title: string;
  /** error: the draft cannot go to the vote without it; warning: shown, not blocking. */
  level: "error" | "warning";
  source: Citation;
}

const topicRequirement = (
  topics: readonly TopicDefinition[],
  key: string,
  level: "error" | "warning",
  source?: Citation,
): ContentRequirement => {
  const topic = topics.find((t) => t.key === key);
  if (!topic) throw new RangeError(`未知议题：${key}`);
  return { key, title: topic.title, level, source: source ?? topic.source };
};

const elementRequirement = (key: string): ContentRequirement => {
  const element = CONTENT_ELEMENTS.find((e) => e.key === key);
  if (!element) throw new RangeError(`未知内容要素：${key}`);
  return { key, title: element.title, level: "error", source: element.source };
};

const DEFINITION = art("3");
const TERM = art("38");
const contract = (key: string, level: "error" | "warning", source?: Citation) =>
  topicRequirement(CONTRACT_TOPICS, key, level, source);
const wage = (key: string, level: "error" | "warning") => topicRequirement(WAGE_TOPICS, key, level);
const CLOSING_CONTRACT = [
  contract("change_procedure", "warning"),
  contract("dispute_handling", "warning"),
  contract("breach_liability", "warning"),
];

/** The contents each kind of contract must (error) or should (warning) have; see the module comment. */
export const REQUIRED_CONTENTS: Readonly<Record<CaseKind, readonly ContentRequirement[]>> = {
  comprehensive: [
    contract("remuneration", "error", DEFINITION),
    contract("working_hours", "error", DEFINITION),
    contract("rest_leave", "error", DEFINITION),
    contract("safety_health", "error", DEFINITION),
    contract("insurance_welfare", "error", DEFINITION),
    contract("training", "error", DEFINITION),
    contract("contract_term", "error", TERM),
    contract("women_minors", "warning"),
    contract("contract_management", "warning"),
    contract("rewards_penalties", "warning"),
    contract("layoffs", "warning"),
    ...CLOSING_CONTRACT,
  ],
  wage: [
    wage("wage_term", "error"),
    wage("wage_system", "error"),
    wage("average_wage_adjustment", "error"),
    wage("bonuses_allowances", "warning"),
    wage("wage_payment", "warning"),
    wage("wage_change_procedure", "warning"),
    wage("wage_termination", "warning"),
    wage("wage_breach_liability", "warning"),
  ],
  women: [
    elementRequirement("women_taboo"),
    elementRequirement("women_periods"),
    elementRequirement("women_health_check"),
    contract("contract_term", "error", TERM),
    ...CLOSING_CONTRACT,
  ],
  safety: [
    elementRequirement("safety_responsibility"),
    elementRequirement("safety_conditions"),
    elementRequirement("safety_rules"),
    elementRequirement("protective_equipment"),
    elementRequirement("health_examination"),
    contract("contract_term", "error", TERM),
    ...CLOSING_CONTRACT,
  ],
};

/** The topic of each kind whose clause states the term (the "termYears" parameter). */
export const TERM_TOPIC: Readonly<Record<CaseKind, string>> = {
  comprehensive: "contract_term",
  wage: "wage_term",
  women: "contract_term",
  safety: "contract_term",
};

/** The parameter of the term clause that holds the term in whole years. */
export const TERM_PARAMETER = "termYears";
