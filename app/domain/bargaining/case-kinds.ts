/**
 * What a bargaining case is: its sides, its kind of contract (劳动合同法 第51条, 第52条) and its scope
 * (one enterprise, or an industry or area below county level, 劳动合同法 第53条).
 */
import { formatCitation } from "../citation-format";
import type { Citation } from "../health-check/types";

const LABOUR_CONTRACT_LAW_53: Citation = { statute: "劳动合同法", article: "53" };

export type Side = "employee" | "employer";

export const SIDE_LABELS: Record<Side, string> = { employee: "职工方", employer: "用人单位方" };

export function otherSide(side: Side): Side {
  return side === "employee" ? "employer" : "employee";
}

export const CASE_KINDS = ["comprehensive", "wage", "women", "safety"] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export interface CaseKindInfo {
  /** The contract as its title reads, e.g. "工资专项集体合同". */
  contractLabel: string;
  /** Short label for lists, e.g. "工资专项". */
  label: string;
  special: boolean;
  source: Citation;
}

export const CASE_KIND_INFO: Record<CaseKind, CaseKindInfo> = {
  comprehensive: {
    contractLabel: "集体合同",
    label: "综合",
    special: false,
    source: { statute: "劳动合同法", article: "51" },
  },
  wage: {
    contractLabel: "工资专项集体合同",
    label: "工资专项",
    special: true,
    source: { statute: "劳动合同法", article: "52" },
  },
  women: {
    contractLabel: "女职工权益保护专项集体合同",
    label: "女职工权益保护专项",
    special: true,
    source: { statute: "劳动合同法", article: "52" },
  },
  safety: {
    contractLabel: "劳动安全卫生专项集体合同",
    label: "劳动安全卫生专项",
    special: true,
    source: { statute: "劳动合同法", article: "52" },
  },
};

export const CASE_SCOPES = ["enterprise", "industry", "area"] as const;
export type CaseScope = (typeof CASE_SCOPES)[number];

export const CASE_SCOPE_INFO: Record<CaseScope, { label: string; source: Citation | null }> = {
  enterprise: { label: "企业", source: null },
  industry: { label: "行业性", source: LABOUR_CONTRACT_LAW_53 },
  area: { label: "区域性", source: LABOUR_CONTRACT_LAW_53 },
};

export function isCaseKind(s: unknown): s is CaseKind {
  return typeof s === "string" && (CASE_KINDS as readonly string[]).includes(s);
}

export function isCaseScope(s: unknown): s is CaseScope {
  return typeof s === "string" && (CASE_SCOPES as readonly string[]).includes(s);
}

/**
 * The enterprises a case covers: exactly one for an enterprise case; an industry or area contract covers
 * the enterprises of one industry or area below county level (第53条), so at least two. Chinese message or null.
 */
export function scopeProblem(scope: CaseScope, enterpriseCount: number): string | null {
  if (scope === "enterprise")
    return enterpriseCount === 1 ? null : "企业集体协商只涉及一家企业，请只选择一家企业";
  return enterpriseCount >= 2
    ? null
    : `${CASE_SCOPE_INFO[scope].label}集体合同覆盖本行业或本区域的多家企业，请至少选择两家企业（${formatCitation(LABOUR_CONTRACT_LAW_53)}）`;
}
