import { formatCitation } from "~/domain/citation-format";
import {
  LEGAL_LIMITS,
  LEGAL_LIMIT_KEYS,
  isLegalLimitKey,
  type LegalLimitKey,
} from "~/domain/contracts/legal-limits";
import { resolveCitation } from "~/domain/health-check/statutes";
import { statuteLibrary } from "../../../templates/statutes";

/** The words of the cited article that carry each bound: if the shipped text changes, the bound is re-checked. */
const GROUNDS: Record<LegalLimitKey, string> = {
  local_minimum_wage_month: "不得低于当地人民政府规定的最低标准",
  local_minimum_wage_hour: "不得低于当地人民政府规定的最低标准",
  daily_hours_max: "职工每日工作8小时",
  weekly_hours_max: "每周工作40小时",
  weekly_rest_days_min: "每周至少休息一日",
  overtime_daily_hours_max: "延长工作时间每日不得超过三小时",
  overtime_monthly_hours_max: "每月不得超过三十六小时",
  overtime_pay_percent_min: "不低于工资的百分之一百五十",
  rest_day_pay_percent_min: "不低于工资的百分之二百",
  holiday_pay_percent_min: "不低于工资的百分之三百",
  annual_leave_1_to_10_min: "已满1年不满10年的，年休假5天",
  annual_leave_10_to_20_min: "已满10年不满20年的，年休假10天",
  annual_leave_20_plus_min: "已满20年的，年休假15天",
  unused_leave_pay_percent_min: "日工资收入的300%",
  maternity_leave_days_min: "女职工生育享受98天产假",
  difficult_birth_extra_days_min: "难产的，增加产假15天",
  nursing_hours_min: "安排1小时哺乳时间",
  probation_pay_percent_min: "百分之八十",
  layoff_notice_days_min: "提前三十日向工会或者全体职工说明情况",
  severance_months_per_year_min: "每满一年支付一个月工资",
};

describe("LEGAL_LIMITS", () => {
  it.each(LEGAL_LIMIT_KEYS.map((k) => [k]))("%s is grounded in the article it cites", (key) => {
    const limit = LEGAL_LIMITS[key];
    const text = resolveCitation(statuteLibrary, limit.source);
    expect(text).not.toBeNull();
    expect(text).toContain(GROUNDS[key]);
    for (const also of limit.also) expect(resolveCitation(statuteLibrary, also)).not.toBeNull();
  });

  it("uses the State Council's 40-hour week and shows 劳动法 第三十六条 beside it", () => {
    const weekly = LEGAL_LIMITS.weekly_hours_max;
    expect(weekly).toMatchObject({ bound: "at_most", value: 40 });
    expect(formatCitation(weekly.source)).toBe("《国务院关于职工工作时间的规定》第三条");
    expect(weekly.also.map((c) => formatCitation(c))).toEqual(["《劳动法》第三十六条"]);
  });

  it("bounds the minimum wage by the local figure under 劳动合同法 第五十五条", () => {
    expect(LEGAL_LIMITS.local_minimum_wage_month).toMatchObject({
      bound: "local_minimum_wage",
      period: "month",
      source: { statute: "劳动合同法", article: "55" },
    });
  });

  it("recognises its keys", () => {
    expect(isLegalLimitKey("weekly_hours_max")).toBe(true);
    expect(isLegalLimitKey("weekly_hours")).toBe(false);
    expect(isLegalLimitKey(3)).toBe(false);
  });
});
