import {
  EMPTY_CALENDAR,
  NO_CALENDAR_NOTE,
  addMonthsClamped,
  addWorkingDays,
  dayInfo,
  describeDate,
  formatHolidayCalendar,
  isRestDay,
  mergeCalendars,
  parseHolidayCalendar,
  periodEnd,
  weekday,
  type HolidayCalendar,
} from "~/domain/bargaining/calendar";
import { SHIPPED_CALENDAR_TEXT } from "../../../templates/calendar";

function parsed(text: string): HolidayCalendar {
  const r = parseHolidayCalendar(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("\n"));
  return r.calendar;
}

const CAL = parsed(SHIPPED_CALENDAR_TEXT);

/** calendar.md's machine-readable 2026 arrangement, as published on 2025-11-04. */
// prettier-ignore
const CALENDAR_MD_2026 = {
  year: 2026,
  restDays: [
    "2026-01-01", "2026-01-02", "2026-01-03",
    "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
    "2026-04-04", "2026-04-05", "2026-04-06",
    "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
    "2026-06-19", "2026-06-20", "2026-06-21",
    "2026-09-25", "2026-09-26", "2026-09-27",
    "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
  ],
  workingWeekendDays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
};

describe("the shipped 2026 calendar", () => {
  it("is exactly calendar.md's arrangement", () => {
    expect(CAL.years).toEqual([2026]);
    const rest = Object.keys(CAL.days).filter((d) => CAL.days[d].kind === "rest");
    const work = Object.keys(CAL.days).filter((d) => CAL.days[d].kind === "work");
    expect(rest).toEqual(CALENDAR_MD_2026.restDays);
    expect(work).toEqual(CALENDAR_MD_2026.workingWeekendDays);
  });

  it("names each holiday", () => {
    expect(CAL.days["2026-10-04"]).toEqual({ kind: "rest", name: "国庆节" });
    expect(CAL.days["2026-02-14"]).toEqual({ kind: "work", name: "春节调休" });
  });
});

describe("weekday", () => {
  it.each([
    ["1970-01-01", 4],
    ["2026-01-01", 4],
    ["2026-03-02", 1],
    ["2026-03-22", 0],
    ["2026-10-10", 6],
    ["2027-01-01", 5],
    ["2028-02-29", 2],
    ["1969-12-31", 3],
  ])("%s → %i", (d, w) => {
    expect(weekday(d)).toBe(w);
  });
});

describe("isRestDay", () => {
  it.each([
    ["2026-03-02", false, "workday"], // Monday
    ["2026-03-21", true, "weekend"], // Saturday
    ["2026-03-22", true, "weekend"], // Sunday
    ["2026-01-01", true, "holiday"], // 元旦 on a Thursday
    ["2026-01-03", true, "holiday"], // 元旦 on a Saturday
    ["2026-01-04", false, "adjusted_workday"], // Sunday worked
    ["2026-02-14", false, "adjusted_workday"], // Saturday worked
    ["2026-02-20", true, "holiday"], // 春节 on a Friday
    ["2026-10-01", true, "holiday"],
    ["2026-10-09", false, "workday"], // Friday after 国庆
    ["2026-10-10", false, "adjusted_workday"], // Saturday worked
    ["2026-10-11", true, "weekend"],
    ["2027-01-01", false, "workday"], // no 2027 arrangement: only weekends are known
    ["2027-01-02", true, "weekend"],
  ] as const)("%s → rest %p (%s)", (date, rest, type) => {
    expect(isRestDay(date, CAL)).toBe(rest);
    expect(dayInfo(date, CAL).type).toBe(type);
  });

  it("knows which years are covered", () => {
    expect(dayInfo("2026-06-01", CAL).covered).toBe(true);
    expect(dayInfo("2027-06-01", CAL).covered).toBe(false);
  });

  it("describes a date with its weekday and holiday", () => {
    expect(describeDate("2026-03-22", CAL)).toBe("2026-03-22（星期日）");
    expect(describeDate("2026-10-04", CAL)).toBe("2026-10-04（星期日，国庆节休息日）");
    expect(describeDate("2026-10-10", CAL)).toBe("2026-10-10（星期六，国庆节调休上班日）");
  });
});

describe("addMonthsClamped", () => {
  it.each([
    ["2027-05-31", -3, "2027-02-28"],
    ["2028-05-31", -3, "2028-02-29"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-08-31", 1, "2026-09-30"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-01-15", -1, "2025-12-15"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2028-02-29", 48, "2032-02-29"],
    ["2026-04-30", 36, "2029-04-30"],
    ["2026-06-15", 0, "2026-06-15"],
  ] as const)("%s %+i months → %s", (d, n, out) => {
    expect(addMonthsClamped(d, n)).toBe(out);
  });

  it("refuses a fractional month or a bad date", () => {
    expect(() => addMonthsClamped("2026-01-01", 1.5)).toThrow(RangeError);
    expect(() => addMonthsClamped("2026-02-30", 1)).toThrow(RangeError);
  });
});

describe("periodEnd in calendar days (民法典 第201条, 第203条)", () => {
  const days = (count: number) => ({ unit: "days" as const, count });

  it("bargaining.md's example: offer received Mon 2026-03-02 → 20th day Sun 03-22 → due Mon 03-23", () => {
    const end = periodEnd("2026-03-02", days(20), CAL);
    expect(end).toMatchObject({
      raw: "2026-03-22",
      date: "2026-03-23",
      shifted: true,
      calendarApplied: true,
    });
    expect(end.reason).toBe(
      "依《民法典》第二百零一条，2026-03-02当日不计入，自次日起算20日，第20日为2026-03-22（星期日），" +
        "依《民法典》第二百零三条顺延至2026-03-23（星期一）",
    );
  });

  it.each([
    // [start, count, raw, date, shifted]
    ["2026-03-04", 20, "2026-03-24", "2026-03-24", false], // a Tuesday: no shift
    ["2026-01-11", 20, "2026-01-31", "2026-02-02", true], // month end on a Saturday
    ["2026-01-31", 20, "2026-02-20", "2026-02-24", true], // into 春节 (02-15 – 02-23)
    ["2026-09-14", 20, "2026-10-04", "2026-10-08", true], // inside the 国庆 week
    ["2026-09-05", 20, "2026-09-25", "2026-09-28", true], // 中秋 Friday, then the weekend
    ["2026-09-20", 20, "2026-10-10", "2026-10-10", false], // a worked Saturday (调休上班) is not shifted
    ["2026-08-31", 20, "2026-09-20", "2026-09-20", false], // a worked Sunday
    ["2026-12-16", 15, "2026-12-31", "2026-12-31", false], // year end on a Thursday
    ["2026-02-03", 10, "2026-02-13", "2026-02-13", false], // the Friday before 春节
    ["2026-06-09", 10, "2026-06-19", "2026-06-22", true], // 端午 Friday → Monday
  ] as const)("%s + %i days → raw %s, due %s (shifted %p)", (start, count, raw, date, shifted) => {
    const end = periodEnd(start, days(count), CAL);
    expect(end).toMatchObject({ raw, date, shifted, calendarApplied: true, uncoveredYears: [] });
  });

  it("names the holiday it shifted over", () => {
    expect(periodEnd("2026-09-14", days(20), CAL).reason).toContain(
      "第20日为2026-10-04（星期日，国庆节休息日），依《民法典》第二百零三条顺延至2026-10-08（星期四）",
    );
  });

  it("says a worked weekend day is a working day", () => {
    expect(periodEnd("2026-09-20", days(20), CAL).reason).toContain(
      "第20日为2026-10-10（星期六，国庆节调休上班日），为工作日，期间至该日届满",
    );
  });

  it("across the year end into 2027 (no calendar): the raw date stands, flagged", () => {
    const end = periodEnd("2026-12-20", days(20), CAL);
    // 2027-01-09 is a Saturday, but without the 2027 arrangement nothing is shifted.
    expect(end).toMatchObject({
      raw: "2027-01-09",
      date: "2027-01-09",
      shifted: false,
      calendarApplied: false,
      uncoveredYears: [2027],
    });
    expect(end.reason).toContain(`2027年节假日安排尚未录入，${NO_CALENDAR_NOTE}，未作休息日顺延`);
  });

  it("a leap day without a calendar", () => {
    const end = periodEnd("2028-02-09", days(20), CAL);
    expect(end).toMatchObject({ raw: "2028-02-29", date: "2028-02-29", calendarApplied: false });
  });

  it("a leap day with a calendar for 2028: Sunday 02-27 shifts over the weekend to Monday 02-28; 02-29 stands", () => {
    const cal2028 = parsed("年度 2028\n2028-01-01 休 元旦\n");
    expect(periodEnd("2028-02-07", days(20), cal2028)).toMatchObject({
      raw: "2028-02-27",
      date: "2028-02-28",
    });
    expect(periodEnd("2028-02-09", days(20), cal2028)).toMatchObject({
      raw: "2028-02-29",
      date: "2028-02-29",
      shifted: false,
      calendarApplied: true,
    });
    expect(periodEnd("2028-02-19", days(10), cal2028).raw).toBe("2028-02-29");
  });

  it("a shift that runs into a year without a calendar stops at its first day, flagged", () => {
    const cal = parsed("年度 2026\n2026-12-31 休 测试\n");
    const end = periodEnd("2026-12-11", days(20), cal);
    expect(end).toMatchObject({
      raw: "2026-12-31",
      date: "2027-01-01",
      shifted: true,
      calendarApplied: false,
      uncoveredYears: [2027],
    });
    expect(end.reason).toContain("未再顺延");
  });

  it("without any calendar, nothing shifts, even a Sunday", () => {
    expect(periodEnd("2026-03-02", days(20), EMPTY_CALENDAR)).toMatchObject({
      raw: "2026-03-22",
      date: "2026-03-22",
      shifted: false,
      calendarApplied: false,
    });
  });

  it("refuses a bad start or period", () => {
    expect(() => periodEnd("2026-02-30", days(20), CAL)).toThrow(RangeError);
    expect(() => periodEnd("2026-03-02", days(0), CAL)).toThrow(RangeError);
    expect(() => periodEnd("2026-03-02", days(1.5), CAL)).toThrow(RangeError);
  });
});

describe("working days (浙江: 10 working days to respond)", () => {
  const wd = (count: number) => ({ unit: "working_days" as const, count });

  it.each([
    // [start, count, end]
    ["2026-09-24", 10, "2026-10-15"], // across 中秋 + 国庆, counting the worked Saturday 10-10
    ["2026-02-12", 10, "2026-03-04"], // across 春节, counting the worked Saturdays 02-14 and 02-28
    ["2026-03-02", 10, "2026-03-16"], // plain weeks
    ["2026-03-06", 1, "2026-03-09"], // Friday → Monday
    ["2026-09-30", 15, "2026-10-27"], // 浙江 draft to the congress across 国庆
    ["2026-12-31", 0, "2026-12-31"],
  ] as const)("%s + %i working days → %s", (start, count, end) => {
    expect(addWorkingDays(start, count, CAL).date).toBe(end);
  });

  it("explains the count, names the holidays skipped and is never shifted", () => {
    const end = periodEnd("2026-09-24", wd(10), CAL);
    expect(end).toMatchObject({
      raw: "2026-10-15",
      date: "2026-10-15",
      shifted: false,
      calendarApplied: true,
    });
    expect(end.reason).toBe(
      "依《民法典》第二百零一条，2026-09-24当日不计入，自次日起算10个工作日" +
        "（不计周末及法定节假日，跳过中秋节、国庆节休息日），第10个工作日为2026-10-15（星期四）",
    );
  });

  it("into a year without a calendar: weekdays count, flagged", () => {
    const end = periodEnd("2026-12-24", wd(10), CAL);
    expect(end).toMatchObject({ date: "2027-01-07", calendarApplied: false, uncoveredYears: [2027] });
    expect(end.reason).toContain(`2027年节假日安排尚未录入，${NO_CALENDAR_NOTE}，按周一至周五为工作日计算`);
  });

  it("refuses a negative count", () => {
    expect(() => addWorkingDays("2026-03-02", -1, CAL)).toThrow(RangeError);
  });
});

describe("parseHolidayCalendar: errors by line, in Chinese", () => {
  it.each([
    ["2026-10-01 休", 1, "第1行：请先写明年度，例如“年度 2026”"],
    ["年度 2026\n2026-02-30 休", 2, "第2行：日期“2026-02-30”无效"],
    ["年度 2026\n2026-10-01 放 国庆节", 2, "第2行：类型“放”无效，只能是“休”或“班”"],
    ["年度 2026\n2026-10-09 班", 2, "第2行：2026-10-09是星期五，本就是工作日，无需列为调休上班日"],
    [
      "年度 2026\n国庆节 10月1日",
      2,
      "第2行：无法识别“国庆节 10月1日”，应写作“2026-10-01 休 国庆节”或“2026-09-20 班 国庆节调休”",
    ],
    ["年度 2026\n2026-10-07~2026-10-01 休", 2, "第2行：起始日期2026-10-07晚于结束日期2026-10-01"],
    ["年度 2026\n2026-01-01~2026-03-01 休", 2, "第2行：日期范围超过31天，请检查起止日期"],
    [
      "年度 2026\n2025-10-01 休",
      2,
      "第2行：2025-10-01不属于2026年度的安排（只可列出本年及相邻的12月、1月的日期）",
    ],
    ["年度 2026\n2026-10-01 休\n2026-10-01 休", 3, "第3行：2026-10-01与第2行重复"],
    ["年度 2026\n2026-10-03 休\n2026-10-03 班", 3, "第3行：2026-10-03在第2行列为休息日，不能同时列为上班日"],
    ["年度 2026\n2026-10-01 休\n年度 2026", 3, "第3行：2026年度已在第1行开始，同一年度只能出现一次"],
    ["年度 2026\n2026-10-01 休\n年度 2027\n", 3, "第3行：2027年度没有列出任何日期"],
    ["", 1, "第1行：没有任何内容，请至少写明一个年度及其日期"],
    ["# 只有注释\n", 1, "第1行：没有任何内容，请至少写明一个年度及其日期"],
  ])("%p → line %i", (text, line, message) => {
    const r = parseHolidayCalendar(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({ line, message });
  });

  it("reports every bad line, in line order", () => {
    const r = parseHolidayCalendar("年度 2026\n2026-13-01 休\n2026-10-01 休\n2026-10-09 班\nxx");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.line)).toEqual([2, 4, 5]);
  });

  it("accepts comments, blank lines, CRLF, full-width spaces, 年份：, ～ and 至 ranges, adjacent December", () => {
    const text =
      "# 2024年安排\r\n\r\n年份：2024\r\n2023-12-30至2024-01-01　休　元旦\r\n2024-02-10～2024-02-17 休 春节\r\n2024-02-04 班\r\n";
    const cal = parsed(text);
    expect(cal.years).toEqual([2024]);
    expect(Object.keys(cal.days)).toHaveLength(12);
    expect(cal.days["2023-12-30"]).toEqual({ kind: "rest", name: "元旦" });
    expect(cal.days["2024-02-04"]).toEqual({ kind: "work", name: "" });
  });

  it("holds several years", () => {
    const cal = parsed("年度 2027\n2027-01-01 休 元旦\n\n年度 2026\n2026-10-01 休 国庆节\n");
    expect(cal.years).toEqual([2026, 2027]);
    expect(Object.keys(cal.days)).toEqual(["2026-10-01", "2027-01-01"]);
  });
});

describe("formatHolidayCalendar and mergeCalendars", () => {
  it("writes the shipped calendar back as the admin's table, ranges folded", () => {
    const text = formatHolidayCalendar(CAL);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "年度 2026",
      "2026-01-01~2026-01-03 休 元旦",
      "2026-01-04 班 元旦调休",
      "2026-02-14 班 春节调休",
    ]);
    expect(parsed(text)).toEqual(CAL);
  });

  it("round-trips a calendar of several years with an adjacent-December day", () => {
    const cal = parsed("年度 2024\n2023-12-30~2024-01-01 休 元旦\n年度 2026\n2026-10-01 休 国庆节\n");
    expect(parsed(formatHolidayCalendar(cal))).toEqual(cal);
  });

  it("adds a newer year and replaces a year given again", () => {
    const y2027 = parsed("年度 2027\n2027-01-01 休 元旦\n");
    const both = mergeCalendars(CAL, y2027);
    expect(both.years).toEqual([2026, 2027]);
    expect(isRestDay("2027-01-01", both)).toBe(true);
    expect(isRestDay("2026-10-01", both)).toBe(true);

    const corrected = parsed("年度 2026\n2026-10-01~2026-10-08 休 国庆节\n");
    const replaced = mergeCalendars(CAL, corrected);
    expect(isRestDay("2026-10-08", replaced)).toBe(true);
    expect(isRestDay("2026-02-16", replaced)).toBe(false); // the old 2026 days are gone
    expect(isRestDay("2026-10-10", replaced)).toBe(true); // no longer a worked Saturday
  });
});
