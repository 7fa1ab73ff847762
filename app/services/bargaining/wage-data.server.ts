/**
 * The wage data form of a case (工资集体协商试行办法 第8条) and the costing of a proposed raise: its place
 * against the local wage guideline and CPI, and its cost to the employer for the year. A wage standard
 * below the local minimum wage is refused (劳动合同法 第五十五条).
 */
import {
  assessRaise,
  checkWageStandards,
  formatBp,
  formatFen,
  parsePercentToBp,
  parseYuanToFen,
  validateWageData,
  type Side,
  type WageData as WageFigures,
} from "~/domain/bargaining";
import { WageData, type WageDataDoc } from "../../../models/bargaining-parts";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, UserError } from "../../lib/http.server";
import { auditCase, loadCase, requireSide, STALE_CASE } from "./context.server";

export const WAGE_FIELDS = [
  ["year", "数据年度", "int"],
  ["averageWage", "上年度职工年平均工资（元）", "yuan"],
  ["payroll", "上年度工资总额（元）", "yuan"],
  ["headcount", "职工人数（年平均）", "int"],
  ["lower", "工资指导线下线（%）", "pct"],
  ["baseline", "工资指导线基准线（%）", "pct"],
  ["upper", "工资指导线上线（%）", "pct"],
  ["cpi", "城镇居民消费价格指数涨幅（%）", "pct"],
  ["minimumMonthly", "当地月最低工资标准（元）", "yuan"],
  ["minimumHourly", "当地小时最低工资标准（元，可不填）", "yuan?"],
  ["productivity", "劳动生产率增长（%，可不填）", "pct?"],
  ["profit", "上年度利润（元，亏损填负数，可不填）", "yuan?"],
  ["proposedRaise", "拟调整幅度（%）", "pct?"],
  ["lowestStandard", "拟定最低档月工资标准（元，可不填）", "yuan?"],
] as const;

export type WageFieldName = (typeof WAGE_FIELDS)[number][0];
export type WageInput = Record<WageFieldName, string>;

function parse(input: WageInput) {
  const errors: Record<string, string[]> = {};
  const value = (name: WageFieldName, kind: string): number | null => {
    const text = (input[name] ?? "").trim();
    const optional = kind.endsWith("?");
    if (!text) {
      if (!optional) errors[name] = ["必填"];
      return null;
    }
    const n = kind.startsWith("yuan")
      ? parseYuanToFen(text)
      : kind.startsWith("pct")
        ? parsePercentToBp(text)
        : /^\d+$/.test(text)
          ? Number(text)
          : null;
    if (n === null) errors[name] = [kind.startsWith("int") ? "请填写整数" : "请填写数字，最多两位小数"];
    return n;
  };
  const v = Object.fromEntries(WAGE_FIELDS.map(([name, , kind]) => [name, value(name, kind)])) as Record<
    WageFieldName,
    number | null
  >;
  return { v, errors };
}

function figuresOf(doc: Omit<WageDataDoc, "_id" | "updatedByName" | "version" | "updatedAt">): WageFigures {
  return {
    year: doc.year,
    averageWageFen: doc.averageWageFen,
    payrollFen: doc.payrollFen,
    headcount: doc.headcount,
    guideline: { lowerBp: doc.lowerBp, baselineBp: doc.baselineBp, upperBp: doc.upperBp },
    cpiBp: doc.cpiBp,
    minimumWage: { monthlyFen: doc.minimumMonthlyFen, hourlyFen: doc.minimumHourlyFen },
    productivityGrowthBp: doc.productivityGrowthBp,
    profitFen: doc.profitFen,
  };
}

/** Saves the form (either side's lead): refused field by field, and below the minimum wage with 第55条. */
export async function saveWageData(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: WageInput & { side: Side },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  const { v, errors } = parse(input);
  if (Object.keys(errors).length) throw new UserError("工资数据填写有误，请按提示修改", errors);
  const fields = {
    year: v.year!,
    averageWageFen: v.averageWage!,
    payrollFen: v.payroll!,
    headcount: v.headcount!,
    lowerBp: v.lower!,
    baselineBp: v.baseline!,
    upperBp: v.upper!,
    cpiBp: v.cpi!,
    minimumMonthlyFen: v.minimumMonthly!,
    minimumHourlyFen: v.minimumHourly,
    productivityGrowthBp: v.productivity,
    profitFen: v.profit,
    proposedRaiseBp: v.proposedRaise,
    lowestStandardFen: v.lowestStandard,
  };
  const figures = figuresOf(fields);
  const issues = validateWageData(figures).filter((i) => i.level === "error");
  if (issues.length) {
    const byField: Record<string, string> = {
      averageWageFen: "averageWage",
      payrollFen: "payroll",
      guideline: "baseline",
      cpiBp: "cpi",
      minimumWage: "minimumMonthly",
      productivityGrowthBp: "productivity",
      profitFen: "profit",
    };
    throw new UserError(
      issues.map((i) => i.message).join("；"),
      Object.fromEntries(issues.map((i) => [byField[i.field] ?? i.field, [i.message]])),
    );
  }
  if (fields.lowestStandardFen !== null) {
    const below = checkWageStandards(
      [{ label: "最低档月工资标准", amountFen: fields.lowestStandardFen, unit: "month" }],
      figures.minimumWage,
    );
    if (below.length) throw new UserError(below[0].message, { lowestStandard: [below[0].message] });
  }
  const current = await WageData.findById(loaded.doc._id).lean();
  if (!current) {
    if (version !== 0) throw conflict(STALE_CASE);
    try {
      await WageData.create({ _id: loaded.doc._id, ...fields, updatedByName: user.displayName, version: 1 });
    } catch {
      throw conflict(STALE_CASE);
    }
  } else {
    if (current.version !== version) throw conflict(STALE_CASE);
    const saved = await updateAtVersion(WageData, current._id, version, {
      $set: { ...fields, updatedByName: user.displayName },
    });
    if (!saved) throw conflict(STALE_CASE);
  }
  await auditCase(
    user,
    "bargaining.wage_data",
    loaded.doc,
    current ? { proposedRaiseBp: current.proposedRaiseBp } : null,
    fields,
  );
}

/** The form's values as typed, the costing of the proposed raise and the chart's figures. */
export async function wageView(caseId: WageDataDoc["_id"]) {
  const doc = await WageData.findById(caseId).lean();
  if (!doc) return { version: 0, values: null, assessment: null, chart: null };
  const yuan = (fen: number | null) => (fen === null ? "" : (fen / 100).toFixed(2));
  const pct = (bp: number | null) => (bp === null ? "" : (bp / 100).toFixed(2));
  const values: WageInput = {
    year: String(doc.year),
    averageWage: yuan(doc.averageWageFen),
    payroll: yuan(doc.payrollFen),
    headcount: String(doc.headcount),
    lower: pct(doc.lowerBp),
    baseline: pct(doc.baselineBp),
    upper: pct(doc.upperBp),
    cpi: pct(doc.cpiBp),
    minimumMonthly: yuan(doc.minimumMonthlyFen),
    minimumHourly: yuan(doc.minimumHourlyFen),
    productivity: pct(doc.productivityGrowthBp),
    profit: yuan(doc.profitFen),
    proposedRaise: pct(doc.proposedRaiseBp),
    lowestStandard: yuan(doc.lowestStandardFen),
  };
  const figures = figuresOf(doc);
  const assessment =
    doc.proposedRaiseBp !== null && validateWageData(figures).every((i) => i.level !== "error")
      ? assessRaise(figures, doc.proposedRaiseBp)
      : null;
  return {
    version: doc.version,
    values,
    assessment: assessment
      ? {
          summary: assessment.summary,
          annualCost: formatFen(assessment.annualCostFen),
          perPersonMonthly: formatFen(assessment.perPersonMonthlyFen),
          perPersonAnnual: formatFen(assessment.perPersonAnnualFen),
          newAverageWage: formatFen(assessment.newAverageWageFen),
          raise: formatBp(assessment.raiseBp),
        }
      : null,
    chart: {
      raise: (doc.proposedRaiseBp ?? 0) / 100,
      lower: doc.lowerBp / 100,
      baseline: doc.baselineBp / 100,
      upper: doc.upperBp / 100,
      cpi: doc.cpiBp / 100,
    },
    updatedByName: doc.updatedByName,
  };
}
