import {
  assessRaise,
  checkWageStandards,
  formatBp,
  formatFen,
  formatPoints,
  guidelineBand,
  parsePercentToBp,
  parseYuanToFen,
  validateWageData,
  type WageData,
} from "~/domain/bargaining/costing";
import { statuteLibrary } from "../../../templates/statutes";

/** 200 employees at 84,000.00 yuan a year; guideline 3 % / 6 % / 9 %; CPI 2 %; minimum 2,490 a month. */
const DATA: WageData = {
  year: 2025,
  averageWageFen: 8_400_000,
  payrollFen: 1_680_000_000,
  headcount: 200,
  guideline: { lowerBp: 300, baselineBp: 600, upperBp: 900 },
  cpiBp: 200,
  minimumWage: { monthlyFen: 249_000, hourlyFen: 2_200 },
  productivityGrowthBp: 450,
  profitFen: -1_000_000,
};

describe("validateWageData", () => {
  it("accepts complete, consistent data (a loss is a negative profit)", () => {
    expect(validateWageData(DATA)).toEqual([]);
    expect(validateWageData({ ...DATA, productivityGrowthBp: null, profitFen: null })).toEqual([]);
  });

  it.each<[string, Partial<WageData>, string, string]>([
    ["no year", { year: 1999 }, "year", "请填写数据所属年度"],
    [
      "average zero",
      { averageWageFen: 0 },
      "averageWageFen",
      "上年度职工平均工资应为大于0的金额（精确到分）",
    ],
    [
      "average in fractions of a fen",
      { averageWageFen: 100.5 },
      "averageWageFen",
      "上年度职工平均工资应为大于0的金额（精确到分）",
    ],
    ["payroll negative", { payrollFen: -1 }, "payrollFen", "上年度工资总额应为大于0的金额（精确到分）"],
    ["no employees", { headcount: 0 }, "headcount", "职工人数应为正整数"],
    ["half an employee", { headcount: 2.5 }, "headcount", "职工人数应为正整数"],
    [
      "guideline out of order",
      { guideline: { lowerBp: 700, baselineBp: 600, upperBp: 900 } },
      "guideline",
      "工资指导线应满足：下线 ≤ 基准线 ≤ 上线",
    ],
    [
      "guideline with thousandths",
      { guideline: { lowerBp: 300.5, baselineBp: 600, upperBp: 900 } },
      "guideline",
      "工资指导线的下线、基准线、上线应为-100%至100%之间、最多两位小数的百分比",
    ],
    ["CPI absurd", { cpiBp: 20_000 }, "cpiBp", "CPI涨幅应为-100%至100%之间、最多两位小数的百分比"],
    [
      "no minimum wage",
      { minimumWage: { monthlyFen: 0, hourlyFen: null } },
      "minimumWage",
      "请填写当地月最低工资标准",
    ],
    [
      "hourly minimum zero",
      { minimumWage: { monthlyFen: 249_000, hourlyFen: 0 } },
      "minimumWage",
      "小时最低工资标准应为大于0的金额",
    ],
    ["profit in fractions", { profitFen: 0.5 }, "profitFen", "利润应为精确到分的金额（亏损填负数）"],
  ])("error: %s", (_name, change, field, message) => {
    expect(validateWageData({ ...DATA, ...change })).toContainEqual({ field, level: "error", message });
  });

  it("warns when payroll and average × headcount differ by more than 10 %", () => {
    expect(validateWageData({ ...DATA, payrollFen: 1_848_000_000 })).toEqual([]); // exactly 10 %
    expect(validateWageData({ ...DATA, payrollFen: 1_848_000_001 })).toEqual([
      {
        field: "payrollFen",
        level: "warning",
        message:
          "工资总额与“平均工资 × 职工人数”（16,800,000.00元）相差超过10%，请核对（人数应为年平均人数）",
      },
    ]);
    expect(validateWageData({ ...DATA, payrollFen: 1_511_999_999 })).toHaveLength(1);
  });

  it("warns when the average is below twelve months of the minimum wage", () => {
    const low = { ...DATA, averageWageFen: 2_987_999, payrollFen: 597_599_800 };
    expect(validateWageData(low)).toEqual([
      {
        field: "averageWageFen",
        level: "warning",
        message: "上年度月平均工资低于当地月最低工资标准，请核对",
      },
    ]);
  });
});

describe("assessRaise", () => {
  it("costs a 5 % raise: payroll × raise, per person, against the guideline and CPI", () => {
    const a = assessRaise(DATA, 500);
    expect(a).toMatchObject({
      annualCostFen: 84_000_000,
      perPersonAnnualFen: 420_000,
      perPersonMonthlyFen: 35_000,
      newAverageWageFen: 8_820_000,
      band: "lower_to_baseline",
      vsLowerBp: 200,
      vsBaselineBp: -100,
      vsUpperBp: -400,
      vsCpiBp: 300,
      source: { statute: "工资集体协商试行办法", article: "8" },
    });
    expect(a.summary).toBe(
      "拟增长5.00%，在下线与基准线之间，高于CPI涨幅3.00个百分点；全年增加工资成本840,000.00元，人均每月350.00元",
    );
  });

  it.each([
    [299, "below_lower"],
    [300, "lower_to_baseline"],
    [599, "lower_to_baseline"],
    [600, "baseline_to_upper"],
    [900, "baseline_to_upper"],
    [901, "above_upper"],
    [-100, "below_lower"],
  ] as const)("%i bp → %s", (bp, band) => {
    expect(guidelineBand(bp, DATA.guideline)).toBe(band);
  });

  it("says when the raise only matches or trails inflation", () => {
    expect(assessRaise(DATA, 200).summary).toContain("与CPI涨幅持平");
    expect(assessRaise(DATA, 150).summary).toContain("低于CPI涨幅0.50个百分点");
    expect(assessRaise(DATA, -100).summary).toMatch(/^拟下调1.00%，低于指导线下线/);
  });

  it.each([
    // [payroll, headcount, raise bp, annual cost, per person a month]
    [1_234_567, 1, 333, 41_111, 3_426], // 41,111.0811 → 41,111; /12 = 3,425.9 → 3,426
    [15, 1, 5_000, 8, 1], // 7.5 → 8 (half away from zero)
    [15, 1, -5_000, -8, -1],
    [Number.MAX_SAFE_INTEGER, 1, 7_777, 7_004_898_860_412_069, 583_741_571_701_006], // beyond float precision
  ])("payroll %i fen × %i bp: exact integer fen", (payroll, headcount, bp, annual, monthly) => {
    const data = { ...DATA, payrollFen: payroll, headcount, averageWageFen: payroll };
    const a = assessRaise(data, bp);
    expect(a.annualCostFen).toBe(annual);
    expect(a.perPersonMonthlyFen).toBe(monthly);
    expect(Number.isSafeInteger(a.annualCostFen)).toBe(true);
  });

  it("refuses incomplete data or a raise with thousandths", () => {
    expect(() => assessRaise({ ...DATA, headcount: 0 }, 500)).toThrow("工资数据不完整或有误");
    expect(() => assessRaise(DATA, 500.5)).toThrow(RangeError);
  });
});

describe("checkWageStandards (劳动合同法 第五十五条)", () => {
  it("refuses a standard below the local minimum, citing the article", () => {
    const issues = checkWageStandards(
      [
        { label: "学徒岗位", amountFen: 248_999, unit: "month" },
        { label: "普工", amountFen: 249_000, unit: "month" }, // equal is allowed
        { label: "钟点工", amountFen: 2_100, unit: "hour" },
        { label: "兼职", amountFen: 2_200, unit: "hour" },
      ],
      DATA.minimumWage,
    );
    expect(issues).toEqual([
      {
        label: "学徒岗位",
        message:
          "“学徒岗位”月工资标准2,489.99元低于当地月最低工资标准2,490.00元，集体合同中劳动报酬标准不得低于当地人民政府规定的最低标准（《劳动合同法》第五十五条）",
        source: { statute: "劳动合同法", article: "55" },
      },
      {
        label: "钟点工",
        message:
          "“钟点工”小时工资标准21.00元低于当地小时最低工资标准22.00元，集体合同中劳动报酬标准不得低于当地人民政府规定的最低标准（《劳动合同法》第五十五条）",
        source: { statute: "劳动合同法", article: "55" },
      },
    ]);
    expect(statuteLibrary["劳动合同法"].articles["55"]).toContain("不得低于当地人民政府规定的最低标准");
  });

  it("asks for the hourly minimum before checking an hourly standard", () => {
    const [issue] = checkWageStandards([{ label: "钟点工", amountFen: 3_000, unit: "hour" }], {
      monthlyFen: 249_000,
      hourlyFen: null,
    });
    expect(issue.message).toBe(
      "“钟点工”为小时工资标准，请先填写当地小时最低工资标准以便核对（《劳动合同法》第五十五条）",
    );
  });

  it("refuses a malformed amount", () => {
    expect(
      checkWageStandards([{ label: "X", amountFen: -1, unit: "month" }], DATA.minimumWage)[0].message,
    ).toBe("“X”的金额无效");
  });
});

describe("exact money and percentages", () => {
  it.each([
    ["98,765.43", 9_876_543],
    ["98765.4元", 9_876_540],
    [" 12 ", 1_200],
    ["0.07", 7],
    ["0.1", 10],
    ["-3", -300],
    ["-0", 0],
    ["１２", null],
    ["1.005", null],
    ["1e3", null],
    ["", null],
    ["12.", null],
  ])("parseYuanToFen(%p) = %p", (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each([
    ["5.25", 525],
    ["5.25%", 525],
    ["5.25％", 525],
    ["-0.5", -50],
    ["0.29", 29],
    ["5.255", null],
    ["五", null],
  ])("parsePercentToBp(%p) = %p", (text, bp) => {
    expect(parsePercentToBp(text)).toBe(bp);
  });

  it.each([
    [1_234_567, "12,345.67元"],
    [5, "0.05元"],
    [-150, "-1.50元"],
    [100_000_000, "1,000,000.00元"],
    [0, "0.00元"],
  ])("formatFen(%i) = %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it("formats basis points", () => {
    expect(formatBp(525)).toBe("5.25%");
    expect(formatBp(-50)).toBe("-0.50%");
    expect(formatPoints(300)).toBe("3.00个百分点");
    expect(() => formatFen(0.5)).toThrow(RangeError);
  });
});
