/**
 * The statutory bounds a collective contract's figures may not go past (劳动合同法 第五十五条: its standards
 * may not be below the local government's minimums). Each bound is code, not library data, so an admin who
 * edits the clause library can point a parameter at a bound but never weaken one; each is grounded in a
 * shipped text (tests/unit/contracts/legal-limits.test.ts reads the article and finds the figure).
 *
 * Standard hours: 劳动法 第三十六条 still reads "平均每周工作时间不超过四十四小时", but 国务院关于职工工作时间的规定
 * 第三条 (the 1995 text) sets 每日8小时、每周40小时; the stricter, later rule is the statutory standard, so
 * the bound is 40 with 劳动法 第三十六条 shown beside it. Maternity leave: 劳动法 第六十二条 says "不少于九十天",
 * 女职工劳动保护特别规定 第七条 (2012) gives 98 days, the bound used.
 */
import type { Citation } from "../health-check/types";

const cite = (statute: string, article: string): Citation => ({ statute, article });

export const LEGAL_LIMIT_KEYS = [
  "local_minimum_wage_month",
  "local_minimum_wage_hour",
  "daily_hours_max",
  "weekly_hours_max",
  "weekly_rest_days_min",
  "overtime_daily_hours_max",
  "overtime_monthly_hours_max",
  "overtime_pay_percent_min",
  "rest_day_pay_percent_min",
  "holiday_pay_percent_min",
  "annual_leave_1_to_10_min",
  "annual_leave_10_to_20_min",
  "annual_leave_20_plus_min",
  "unused_leave_pay_percent_min",
  "maternity_leave_days_min",
  "difficult_birth_extra_days_min",
  "nursing_hours_min",
  "probation_pay_percent_min",
  "layoff_notice_days_min",
  "severance_months_per_year_min",
] as const;

export type LegalLimitKey = (typeof LEGAL_LIMIT_KEYS)[number];

export function isLegalLimitKey(s: unknown): s is LegalLimitKey {
  return typeof s === "string" && (LEGAL_LIMIT_KEYS as readonly string[]).includes(s);
}

/**
 * at_least / at_most: a fixed statutory figure (inclusive: the figure itself is lawful);
 * local_minimum_wage: the local government's minimum wage of the case (monthly or hourly), in fen.
 */
export type LegalLimit =
  | {
      bound: "at_least" | "at_most";
      value: number;
      /** The bound in words, as the statute puts it: "每周工作时间不超过40小时". */
      rule: string;
      /** How the figure reads in a message: "40小时". */
      unit: string;
      source: Citation;
      also: readonly Citation[];
    }
  | {
      bound: "local_minimum_wage";
      period: "month" | "hour";
      rule: string;
      source: Citation;
      also: readonly Citation[];
    };

const fixed = (
  bound: "at_least" | "at_most",
  value: number,
  unit: string,
  rule: string,
  source: Citation,
  also: readonly Citation[] = [],
): LegalLimit => ({ bound, value, unit, rule, source, also });

export const LEGAL_LIMITS: Readonly<Record<LegalLimitKey, LegalLimit>> = {
  local_minimum_wage_month: {
    bound: "local_minimum_wage",
    period: "month",
    rule: "月工资标准不得低于当地月最低工资标准",
    source: cite("劳动合同法", "55"),
    also: [cite("最低工资规定", "12"), cite("劳动法", "48")],
  },
  local_minimum_wage_hour: {
    bound: "local_minimum_wage",
    period: "hour",
    rule: "小时工资标准不得低于当地小时最低工资标准",
    source: cite("劳动合同法", "55"),
    also: [cite("最低工资规定", "5")],
  },
  daily_hours_max: fixed(
    "at_most",
    8,
    "小时",
    "每日工作时间不超过8小时",
    cite("国务院关于职工工作时间的规定", "3"),
    [cite("劳动法", "36")],
  ),
  weekly_hours_max: fixed(
    "at_most",
    40,
    "小时",
    "每周工作时间不超过40小时",
    cite("国务院关于职工工作时间的规定", "3"),
    [cite("劳动法", "36")],
  ),
  weekly_rest_days_min: fixed("at_least", 1, "日", "每周至少休息一日", cite("劳动法", "38")),
  overtime_daily_hours_max: fixed(
    "at_most",
    3,
    "小时",
    "延长工作时间每日不得超过三小时",
    cite("劳动法", "41"),
  ),
  overtime_monthly_hours_max: fixed(
    "at_most",
    36,
    "小时",
    "延长工作时间每月不得超过三十六小时",
    cite("劳动法", "41"),
  ),
  overtime_pay_percent_min: fixed(
    "at_least",
    150,
    "%",
    "延长工作时间的，支付不低于工资的百分之一百五十的工资报酬",
    cite("劳动法", "44"),
    [cite("工资支付暂行规定", "13")],
  ),
  rest_day_pay_percent_min: fixed(
    "at_least",
    200,
    "%",
    "休息日工作又不能安排补休的，支付不低于工资的百分之二百的工资报酬",
    cite("劳动法", "44"),
    [cite("工资支付暂行规定", "13")],
  ),
  holiday_pay_percent_min: fixed(
    "at_least",
    300,
    "%",
    "法定休假日工作的，支付不低于工资的百分之三百的工资报酬",
    cite("劳动法", "44"),
    [cite("工资支付暂行规定", "13")],
  ),
  annual_leave_1_to_10_min: fixed(
    "at_least",
    5,
    "天",
    "累计工作已满1年不满10年的，年休假5天",
    cite("职工带薪年休假条例", "3"),
  ),
  annual_leave_10_to_20_min: fixed(
    "at_least",
    10,
    "天",
    "累计工作已满10年不满20年的，年休假10天",
    cite("职工带薪年休假条例", "3"),
  ),
  annual_leave_20_plus_min: fixed(
    "at_least",
    15,
    "天",
    "累计工作已满20年的，年休假15天",
    cite("职工带薪年休假条例", "3"),
  ),
  unused_leave_pay_percent_min: fixed(
    "at_least",
    300,
    "%",
    "应休未休的年休假天数，按照职工日工资收入的300%支付年休假工资报酬",
    cite("职工带薪年休假条例", "5"),
  ),
  maternity_leave_days_min: fixed(
    "at_least",
    98,
    "天",
    "女职工生育享受98天产假",
    cite("女职工劳动保护特别规定", "7"),
    [cite("劳动法", "62")],
  ),
  difficult_birth_extra_days_min: fixed(
    "at_least",
    15,
    "天",
    "难产的，增加产假15天",
    cite("女职工劳动保护特别规定", "7"),
  ),
  nursing_hours_min: fixed(
    "at_least",
    1,
    "小时",
    "每天的劳动时间内为哺乳期女职工安排1小时哺乳时间",
    cite("女职工劳动保护特别规定", "9"),
  ),
  probation_pay_percent_min: fixed(
    "at_least",
    80,
    "%",
    "试用期工资不得低于本单位相同岗位最低档工资或者劳动合同约定工资的百分之八十",
    cite("劳动合同法", "20"),
  ),
  layoff_notice_days_min: fixed(
    "at_least",
    30,
    "日",
    "裁减人员的，提前三十日向工会或者全体职工说明情况",
    cite("劳动合同法", "41"),
  ),
  severance_months_per_year_min: fixed(
    "at_least",
    1,
    "个月工资",
    "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付",
    cite("劳动合同法", "47"),
  ),
};
