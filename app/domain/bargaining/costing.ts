/**
 * Wage bargaining arithmetic (工资集体协商试行办法 第8条 factors): the preparation data, a proposed raise's
 * cost for the year and its place against the government wage guideline and CPI, and the floor no wage
 * standard may go below (劳动合同法 第五十五条).
 *
 * Money is integer fen; rates are integer basis points (1% = 100 bp, 5.25% = 525). Products are taken in
 * BigInt and rounded half away from zero once, so no floating-point drift reaches a figure.
 */
import { formatCitation } from "../citation-format";
import type { Citation } from "../health-check/types";

/** Integer fen (分). */
export type Fen = number;
/** Integer basis points: 1% = 100. */
export type BasisPoints = number;

export const MINIMUM_WAGE_SOURCE: Citation = { statute: "劳动合同法", article: "55" };
export const WAGE_FACTORS_SOURCE: Citation = { statute: "工资集体协商试行办法", article: "8" };

export interface WageGuideline {
  /** 下线: may be zero or negative for enterprises in difficulty. */
  lowerBp: BasisPoints;
  /** 基准线 */
  baselineBp: BasisPoints;
  /** 上线（预警线） */
  upperBp: BasisPoints;
}

export interface MinimumWage {
  /** 月最低工资标准 */
  monthlyFen: Fen;
  /** 小时最低工资标准 (part-time work); null where not entered. */
  hourlyFen: Fen | null;
}

/** The wage data form of a case (preparation, 第33条; factors of 工资集体协商试行办法 第8条). */
export interface WageData {
  /** The year the figures describe (上年度). */
  year: number;
  /** 上年度职工年平均工资 */
  averageWageFen: Fen;
  /** 上年度工资总额 */
  payrollFen: Fen;
  /** 职工人数 (yearly average). */
  headcount: number;
  guideline: WageGuideline;
  /** 本地区城镇居民消费价格指数涨幅; negative in deflation. */
  cpiBp: BasisPoints;
  minimumWage: MinimumWage;
  /** 劳动生产率增长, where given. */
  productivityGrowthBp: BasisPoints | null;
  /** 上年度利润 (negative: a loss), where given. */
  profitFen: Fen | null;
}

export type WageDataField =
  | "year"
  | "averageWageFen"
  | "payrollFen"
  | "headcount"
  | "guideline"
  | "cpiBp"
  | "minimumWage"
  | "productivityGrowthBp"
  | "profitFen";

export interface WageDataIssue {
  field: WageDataField;
  level: "error" | "warning";
  message: string;
}

const MAX_RATE_BP = 10_000; // ±100 %

function isInt(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n);
}

/** Errors block saving; warnings ask the user to check a figure that looks inconsistent. */
export function validateWageData(data: WageData): WageDataIssue[] {
  const issues: WageDataIssue[] = [];
  const error = (field: WageDataField, message: string) => issues.push({ field, level: "error", message });
  const warn = (field: WageDataField, message: string) => issues.push({ field, level: "warning", message });

  if (!isInt(data.year) || data.year < 2000 || data.year > 2100) error("year", "请填写数据所属年度");
  if (!isInt(data.averageWageFen) || data.averageWageFen <= 0)
    error("averageWageFen", "上年度职工平均工资应为大于0的金额（精确到分）");
  if (!isInt(data.payrollFen) || data.payrollFen <= 0)
    error("payrollFen", "上年度工资总额应为大于0的金额（精确到分）");
  if (!isInt(data.headcount) || data.headcount < 1) error("headcount", "职工人数应为正整数");

  const { lowerBp, baselineBp, upperBp } = data.guideline;
  if (![lowerBp, baselineBp, upperBp].every((r) => isInt(r) && Math.abs(r) <= MAX_RATE_BP))
    error("guideline", "工资指导线的下线、基准线、上线应为-100%至100%之间、最多两位小数的百分比");
  else if (!(lowerBp <= baselineBp && baselineBp <= upperBp))
    error("guideline", "工资指导线应满足：下线 ≤ 基准线 ≤ 上线");

  if (!isInt(data.cpiBp) || Math.abs(data.cpiBp) > MAX_RATE_BP)
    error("cpiBp", "CPI涨幅应为-100%至100%之间、最多两位小数的百分比");

  const { monthlyFen, hourlyFen } = data.minimumWage;
  if (!isInt(monthlyFen) || monthlyFen <= 0) error("minimumWage", "请填写当地月最低工资标准");
  if (hourlyFen !== null && (!isInt(hourlyFen) || hourlyFen <= 0))
    error("minimumWage", "小时最低工资标准应为大于0的金额");

  if (
    data.productivityGrowthBp !== null &&
    (!isInt(data.productivityGrowthBp) || Math.abs(data.productivityGrowthBp) > MAX_RATE_BP)
  )
    error("productivityGrowthBp", "劳动生产率增长应为-100%至100%之间的百分比");
  if (data.profitFen !== null && !isInt(data.profitFen))
    error("profitFen", "利润应为精确到分的金额（亏损填负数）");

  if (issues.length > 0) return issues;

  // Payroll ≈ average × headcount: a gap above 10 % usually means a wrong headcount or a typo.
  const expected = BigInt(data.averageWageFen) * BigInt(data.headcount);
  const gap = BigInt(data.payrollFen) - expected;
  if ((gap < 0n ? -gap : gap) * 10n > expected)
    warn(
      "payrollFen",
      `工资总额与“平均工资 × 职工人数”（${formatFen(Number(expected))}）相差超过10%，请核对（人数应为年平均人数）`,
    );
  if (BigInt(data.averageWageFen) < BigInt(monthlyFen) * 12n)
    warn("averageWageFen", "上年度月平均工资低于当地月最低工资标准，请核对");
  return issues;
}

/** n × bp / 10000, rounded half away from zero, exactly. */
function applyRate(amount: Fen, bp: BasisPoints): Fen {
  return Number(divRound(BigInt(amount) * BigInt(bp), 10_000n));
}

/** a / b rounded half away from zero (b > 0). */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (b * 2n);
  return negative ? -q : q;
}

export type GuidelineBand = "below_lower" | "lower_to_baseline" | "baseline_to_upper" | "above_upper";

export const GUIDELINE_BAND_LABELS: Record<GuidelineBand, string> = {
  below_lower: "低于指导线下线",
  lower_to_baseline: "在下线与基准线之间",
  baseline_to_upper: "在基准线与上线之间",
  above_upper: "高于指导线上线",
};

export interface RaiseAssessment {
  raiseBp: BasisPoints;
  /** payroll × raise for the year. */
  annualCostFen: Fen;
  perPersonAnnualFen: Fen;
  perPersonMonthlyFen: Fen;
  /** Last year's average wage with the raise. */
  newAverageWageFen: Fen;
  band: GuidelineBand;
  /** raise − line, in basis points (positive: above the line). */
  vsLowerBp: BasisPoints;
  vsBaselineBp: BasisPoints;
  vsUpperBp: BasisPoints;
  /** raise − CPI rise, in basis points (percentage points × 100): the raise above inflation. */
  vsCpiBp: BasisPoints;
  /** In Chinese, e.g. "拟增长5.00%，在基准线与上线之间，高于CPI涨幅3.00个百分点". */
  summary: string;
  source: Citation;
}

export function guidelineBand(raiseBp: BasisPoints, g: WageGuideline): GuidelineBand {
  if (raiseBp < g.lowerBp) return "below_lower";
  if (raiseBp < g.baselineBp) return "lower_to_baseline";
  if (raiseBp <= g.upperBp) return "baseline_to_upper";
  return "above_upper";
}

/** The cost of a proposed raise of the average wage and its place against the guideline and CPI. */
export function assessRaise(data: WageData, raiseBp: BasisPoints): RaiseAssessment {
  if (validateWageData(data).some((i) => i.level === "error")) throw new RangeError("工资数据不完整或有误");
  if (!isInt(raiseBp) || Math.abs(raiseBp) > MAX_RATE_BP)
    throw new RangeError("拟调整幅度应为-100%至100%之间、最多两位小数的百分比");
  const annualCostFen = applyRate(data.payrollFen, raiseBp);
  const perPersonAnnualFen = Number(divRound(BigInt(annualCostFen), BigInt(data.headcount)));
  const perPersonMonthlyFen = Number(divRound(BigInt(annualCostFen), BigInt(data.headcount) * 12n));
  const band = guidelineBand(raiseBp, data.guideline);
  const vsCpiBp = raiseBp - data.cpiBp;
  const cpiWords =
    vsCpiBp === 0
      ? "与CPI涨幅持平"
      : `${vsCpiBp > 0 ? "高于" : "低于"}CPI涨幅${formatPoints(Math.abs(vsCpiBp))}`;
  return {
    raiseBp,
    annualCostFen,
    perPersonAnnualFen,
    perPersonMonthlyFen,
    newAverageWageFen: data.averageWageFen + applyRate(data.averageWageFen, raiseBp),
    band,
    vsLowerBp: raiseBp - data.guideline.lowerBp,
    vsBaselineBp: raiseBp - data.guideline.baselineBp,
    vsUpperBp: raiseBp - data.guideline.upperBp,
    vsCpiBp,
    summary: `拟${raiseBp >= 0 ? "增长" : "下调"}${formatBp(Math.abs(raiseBp))}，${GUIDELINE_BAND_LABELS[band]}，${cpiWords}；全年增加工资成本${formatFen(annualCostFen)}，人均每月${formatFen(perPersonMonthlyFen)}`,
    source: WAGE_FACTORS_SOURCE,
  };
}

export type WageUnit = "month" | "hour";

/** A wage standard written into the contract (e.g. the lowest grade, an apprentice rate). */
export interface WageStandard {
  label: string;
  amountFen: Fen;
  unit: WageUnit;
}

export interface WageStandardIssue {
  label: string;
  message: string;
  source: Citation;
}

/**
 * Standards below the local minimum wage are refused (劳动合同法 第五十五条: a collective contract's pay
 * standards may not be below the local government's minimum). Equal to the minimum is allowed.
 */
export function checkWageStandards(
  standards: readonly WageStandard[],
  minimum: MinimumWage,
): WageStandardIssue[] {
  const where = formatCitation(MINIMUM_WAGE_SOURCE);
  return standards.flatMap((s): WageStandardIssue[] => {
    const unitWord = s.unit === "month" ? "月" : "小时";
    const floor = s.unit === "month" ? minimum.monthlyFen : minimum.hourlyFen;
    if (!isInt(s.amountFen) || s.amountFen < 0)
      return [{ label: s.label, message: `“${s.label}”的金额无效`, source: MINIMUM_WAGE_SOURCE }];
    if (floor === null)
      return [
        {
          label: s.label,
          message: `“${s.label}”为小时工资标准，请先填写当地小时最低工资标准以便核对（${where}）`,
          source: MINIMUM_WAGE_SOURCE,
        },
      ];
    if (s.amountFen >= floor) return [];
    return [
      {
        label: s.label,
        message: `“${s.label}”${unitWord}工资标准${formatFen(s.amountFen)}低于当地${unitWord}最低工资标准${formatFen(floor)}，集体合同中劳动报酬标准不得低于当地人民政府规定的最低标准（${where}）`,
        source: MINIMUM_WAGE_SOURCE,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Exact input and display

/** "12,345.67元" from 1234567 fen. */
export function formatFen(fen: Fen): string {
  if (!isInt(fen)) throw new RangeError(`金额必须是整数分：${fen}`);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${yuan}.${String(abs % 100).padStart(2, "0")}元`;
}

/** "5.25%" from 525 bp. */
export function formatBp(bp: BasisPoints): string {
  return `${formatHundredths(bp)}%`;
}

/** "3.00个百分点" from 300 bp. */
export function formatPoints(bp: BasisPoints): string {
  return `${formatHundredths(bp)}个百分点`;
}

function formatHundredths(n: number): string {
  if (!isInt(n)) throw new RangeError(`必须是整数：${n}`);
  const abs = Math.abs(n);
  return `${n < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;

/** "12,345.6" / "12345.60" / "-3" → integer hundredths, read from the text (no float); null when not such a number. */
function parseHundredths(text: string): number | null {
  const m = DECIMAL.exec(text.trim().replace(/[,，]/g, ""));
  if (!m) return null;
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? "").padEnd(2, "0"));
  const value = whole * 100 + frac;
  if (!Number.isSafeInteger(value)) return null;
  return m[1] === "-" && value !== 0 ? -value : value;
}

/** Yuan as typed ("98,765.43", "98765.4元") → fen; null when not a number with at most two decimals. */
export function parseYuanToFen(text: string): Fen | null {
  return parseHundredths(text.replace(/元$/, ""));
}

/** A percentage as typed ("5.25", "5.25%", "-0.5") → basis points; null when not one with at most two decimals. */
export function parsePercentToBp(text: string): BasisPoints | null {
  return parseHundredths(text.replace(/[%％]$/, ""));
}
