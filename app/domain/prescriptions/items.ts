/**
 * Legal prescription (法律处方) items: proposed one per health-check finding, then shaped by the
 * instructor (merge, edit, add by hand) before issue. Pure; the service stores what these return.
 */
import { addDays, isValidLocalDate, type LocalDate } from "../dates";
import type { Citation, Severity } from "../health-check/types";

export type Priority = "high" | "medium" | "low";
export const PRIORITIES: readonly Priority[] = ["high", "medium", "low"];
export const PRIORITY_LABELS: Record<Priority, string> = { high: "高", medium: "中", low: "低" };

/** An item while the prescription is a draft. `ruleIds` are the findings it answers (none when added by hand). */
export interface DraftItem {
  key: string;
  ruleIds: string[];
  dimensionId: string;
  severity: Severity | null;
  title: string;
  legalBasis: string;
  /** The articles the legal basis cites, kept from the finding (statute key, article), so the text opens. */
  citations: Citation[];
  action: string;
  owner: string;
  dueOn: LocalDate;
  priority: Priority;
}

export interface FindingInput {
  ruleId: string;
  dimensionId: string;
  severity: Severity;
  title: string;
  legalBasis: string;
  citations?: Citation[];
  recommendation: string;
  deadlineDays: number;
}

export const DEFAULT_OWNER = "企业人力资源负责人";

export const LIMITS = { title: 200, legalBasis: 500, action: 2000, owner: 50, items: 200 } as const;

const SEVERITY_RANK: Record<Severity, number> = { H: 3, M: 2, L: 1 };
const PRIORITY_RANK: Record<Priority, number> = { high: 3, medium: 2, low: 1 };

export function priorityForSeverity(severity: Severity): Priority {
  return severity === "H" ? "high" : severity === "M" ? "medium" : "low";
}

/**
 * One item per finding, in the order given (the report's order: by dimension, then rule). The deadline is
 * the finding's default deadline in days counted from the proposal date; the legal basis is copied exactly.
 */
export function proposeItems(findings: readonly FindingInput[], today: LocalDate): DraftItem[] {
  return findings.map((f) => ({
    key: `f-${f.ruleId}`,
    ruleIds: [f.ruleId],
    dimensionId: f.dimensionId,
    severity: f.severity,
    title: f.title,
    legalBasis: f.legalBasis,
    citations: [...(f.citations ?? [])],
    action: f.recommendation,
    owner: DEFAULT_OWNER,
    dueOn: addDays(today, Math.max(1, Math.round(f.deadlineDays))),
    priority: priorityForSeverity(f.severity),
  }));
}

/**
 * The order a draft proposes its items in: the most severe findings first (H, M, L), and within a severity
 * by dimension in the template's order, then as found. Signals come after the violations of their severity.
 */
export function draftOrder<F extends Pick<FindingInput, "severity" | "dimensionId"> & { signal?: boolean }>(
  findings: readonly F[],
  dimensionOrder: readonly string[],
): F[] {
  const dimensionRank = (id: string) => {
    const i = dimensionOrder.indexOf(id);
    return i === -1 ? dimensionOrder.length : i;
  };
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] ||
        Number(a.f.signal ?? false) - Number(b.f.signal ?? false) ||
        dimensionRank(a.f.dimensionId) - dimensionRank(b.f.dimensionId) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}

/**
 * Merges the items with the given keys into one, placed where the first of them was. The merged item
 * answers every finding of its parts, takes the earliest deadline and the highest priority and severity,
 * and joins the texts (legal bases without repeating one already listed).
 */
export function mergeItems(items: readonly DraftItem[], keys: readonly string[]): DraftItem[] {
  const chosen = items.filter((i) => keys.includes(i.key));
  if (chosen.length < 2) throw new Error("请至少选择两项进行合并");
  const distinct = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];
  const severities = chosen.map((i) => i.severity).filter((s): s is Severity => s !== null);
  const merged: DraftItem = {
    key: `m-${chosen.map((i) => i.key).join("+")}`.slice(0, 120),
    ruleIds: distinct(chosen.flatMap((i) => i.ruleIds)),
    dimensionId: chosen[0].dimensionId,
    severity: severities.length
      ? severities.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a))
      : null,
    title: distinct(chosen.map((i) => i.title))
      .join("；")
      .slice(0, LIMITS.title),
    legalBasis: distinct(chosen.flatMap((i) => i.legalBasis.split("；")))
      .join("；")
      .slice(0, LIMITS.legalBasis),
    citations: chosen
      .flatMap((i) => i.citations)
      .filter((c, n, all) => all.findIndex((o) => o.statute === c.statute && o.article === c.article) === n),
    action: distinct(chosen.map((i) => i.action))
      .map((a, n) => `${n + 1}. ${a}`)
      .join("\n")
      .slice(0, LIMITS.action),
    owner: distinct(chosen.map((i) => i.owner))
      .join("、")
      .slice(0, LIMITS.owner),
    dueOn: chosen.map((i) => i.dueOn).reduce((a, b) => (b < a ? b : a)),
    priority: chosen.map((i) => i.priority).reduce((a, b) => (PRIORITY_RANK[b] > PRIORITY_RANK[a] ? b : a)),
  };
  const firstIndex = items.findIndex((i) => keys.includes(i.key));
  const rest = items.filter((i) => !keys.includes(i.key));
  rest.splice(items.slice(0, firstIndex).filter((i) => !keys.includes(i.key)).length, 0, merged);
  return rest;
}

export interface ItemInput {
  title: string;
  legalBasis: string;
  action: string;
  owner: string;
  dueOn: string;
  priority: string;
}

/** Field → Chinese message for everything wrong with an edited or hand-added item. */
export function itemProblems(input: ItemInput, today: LocalDate): Partial<Record<keyof ItemInput, string>> {
  const problems: Partial<Record<keyof ItemInput, string>> = {};
  const title = input.title.trim();
  if (!title) problems.title = "请填写存在的问题";
  else if (title.length > LIMITS.title) problems.title = `存在的问题最多 ${LIMITS.title} 字`;
  if (input.legalBasis.trim().length > LIMITS.legalBasis)
    problems.legalBasis = `法律依据最多 ${LIMITS.legalBasis} 字`;
  const action = input.action.trim();
  if (!action) problems.action = "请填写整改要求";
  else if (action.length > LIMITS.action) problems.action = `整改要求最多 ${LIMITS.action} 字`;
  const owner = input.owner.trim();
  if (!owner) problems.owner = "请填写责任人";
  else if (owner.length > LIMITS.owner) problems.owner = `责任人最多 ${LIMITS.owner} 字`;
  if (!isValidLocalDate(input.dueOn)) problems.dueOn = "请填写有效的整改期限（年-月-日）";
  else if (input.dueOn < today) problems.dueOn = "整改期限不能早于今天";
  if (!(PRIORITIES as readonly string[]).includes(input.priority)) problems.priority = "请选择优先级";
  return problems;
}

/** Problems that block issuing the prescription as a whole. */
export function issueProblems(items: readonly DraftItem[], today: LocalDate): string[] {
  if (items.length === 0) return ["处方至少需要一项整改事项"];
  const problems: string[] = [];
  items.forEach((item, n) => {
    const found = Object.values(itemProblems(item, today));
    if (found.length) problems.push(`第 ${n + 1} 项：${found.join("；")}`);
  });
  return problems;
}
