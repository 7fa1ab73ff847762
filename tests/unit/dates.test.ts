import {
  addDays,
  formatDateTime,
  daysBetween,
  daysLeft,
  dueState,
  formatChineseDate,
  isValidLocalDate,
  toShanghaiDate,
  toShanghaiMinute,
  todayInShanghai,
} from "~/domain/dates";

describe("toShanghaiMinute", () => {
  it.each([
    ["2026-03-02T06:05:59.999Z", "2026-03-02 14:05"],
    ["2026-11-23T16:00:00.000Z", "2026-11-24 00:00"],
    ["2026-12-31T15:59:00.000Z", "2026-12-31 23:59"],
  ])("%s is %s in Shanghai", (iso, expected) => {
    expect(toShanghaiMinute(new Date(iso))).toBe(expected);
  });
  it("refuses an invalid instant", () => {
    expect(() => toShanghaiMinute(new Date("x"))).toThrow(RangeError);
  });
});

describe("toShanghaiDate / todayInShanghai (UTC+8, independent of the machine's TZ)", () => {
  it.each([
    ["2026-11-23T15:59:59.999Z", "2026-11-23"],
    ["2026-11-23T16:00:00.000Z", "2026-11-24"],
    ["2026-11-23T16:30:00.000Z", "2026-11-24"],
    ["2026-11-23T00:00:00.000Z", "2026-11-23"],
    ["2026-11-22T23:59:59.000Z", "2026-11-23"],
    ["2026-12-31T16:00:00.000Z", "2027-01-01"],
    ["2028-02-28T16:00:00.000Z", "2028-02-29"],
    ["2026-11-23T08:00:00+08:00", "2026-11-23"],
  ])("%s is %s in Shanghai", (iso, expected) => {
    expect(toShanghaiDate(new Date(iso))).toBe(expected);
    expect(todayInShanghai(new Date(iso))).toBe(expected);
  });

  it("rejects an invalid instant", () => {
    expect(() => toShanghaiDate(new Date("nope"))).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2028-02-29", 1, "2028-03-01"],
    ["2026-04-30", 1, "2026-05-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-12-28", 7, "2027-01-04"],
    ["2026-11-23", 30, "2026-12-23"],
    ["2026-11-23", 60, "2027-01-22"],
    ["2026-11-23", 90, "2027-02-21"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2028-03-01", -1, "2028-02-29"],
    ["2026-11-23", 0, "2026-11-23"],
    ["2000-02-28", 1, "2000-02-29"],
    ["2100-02-28", 1, "2100-03-01"],
  ])("%s %+d → %s", (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it("refuses fractional days and invalid dates", () => {
    expect(() => addDays("2026-11-23", 1.5)).toThrow(RangeError);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});

describe("daysBetween / daysLeft", () => {
  it.each([
    ["2026-11-23", "2026-11-23", 0],
    ["2026-11-23", "2026-11-24", 1],
    ["2026-11-24", "2026-11-23", -1],
    ["2026-12-31", "2027-01-01", 1],
    ["2028-02-01", "2028-03-01", 29],
    ["2026-02-01", "2026-03-01", 28],
    ["2026-01-01", "2027-01-01", 365],
    ["2028-01-01", "2029-01-01", 366],
  ])("%s → %s is %d days", (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
    expect(daysLeft(b, a)).toBe(expected);
  });
});

describe("dueState (soonDays = 7 unless given)", () => {
  const today = "2026-11-23";
  it.each([
    ["due today", today, today, 0, "due_soon"],
    ["due tomorrow", "2026-11-24", today, 1, "due_soon"],
    ["overdue by one day", "2026-11-22", today, -1, "overdue"],
    ["exactly 7 days ahead", "2026-11-30", today, 7, "due_soon"],
    ["8 days ahead", "2026-12-01", today, 8, "on_track"],
    ["Jan 31 → due Feb 1", "2027-02-01", "2027-01-31", 1, "due_soon"],
    ["leap year: Feb 28 → due Feb 29", "2028-02-29", "2028-02-28", 1, "due_soon"],
    ["leap year: due Feb 29, today Mar 1", "2028-02-29", "2028-03-01", -1, "overdue"],
    ["leap year: Feb 29 + 8", "2028-03-08", "2028-02-29", 8, "on_track"],
    ["Apr 30 → due May 1", "2026-05-01", "2026-04-30", 1, "due_soon"],
    ["Dec 31 → due Jan 1", "2027-01-01", "2026-12-31", 1, "due_soon"],
    ["Dec 28 + 7 across the year end", "2027-01-04", "2026-12-28", 7, "due_soon"],
    ["Dec 28 + 8 across the year end", "2027-01-05", "2026-12-28", 8, "on_track"],
    ["due Dec 31, today Jan 1", "2026-12-31", "2027-01-01", -1, "overdue"],
  ])("%s", (_name, dueOn, on, left, state) => {
    expect(daysLeft(dueOn, on)).toBe(left);
    expect(dueState(dueOn, on)).toBe(state);
  });

  it("takes a custom soonDays window", () => {
    expect(dueState("2026-11-26", today, 3)).toBe("due_soon");
    expect(dueState("2026-11-27", today, 3)).toBe("on_track");
    expect(dueState(today, today, 0)).toBe("due_soon");
  });

  it("decides 'today' on the Shanghai calendar: 16:30Z is already the next day", () => {
    const dueOn = "2026-11-23";
    expect(dueState(dueOn, todayInShanghai(new Date("2026-11-23T15:59:00Z")))).toBe("due_soon");
    expect(dueState(dueOn, todayInShanghai(new Date("2026-11-23T16:30:00Z")))).toBe("overdue");
  });
});

describe("isValidLocalDate", () => {
  it.each([
    ["2026-11-23", true],
    ["2028-02-29", true],
    ["2000-02-29", true],
    ["2026-02-29", false],
    ["2100-02-29", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-01-00", false],
    ["2026-1-5", false],
    ["2026-11-23T00:00:00Z", false],
    ["", false],
    [20261123, false],
    [null, false],
  ])("%p → %p", (s, expected) => {
    expect(isValidLocalDate(s)).toBe(expected);
  });
});

describe("formatChineseDate", () => {
  it.each([
    ["2026-11-23", "2026年11月23日"],
    ["2027-01-04", "2027年1月4日"],
    ["2028-02-29", "2028年2月29日"],
  ])("%s → %s", (d, expected) => {
    expect(formatChineseDate(d)).toBe(expected);
  });

  it("refuses an invalid date", () => {
    expect(() => formatChineseDate("2026-02-30")).toThrow(RangeError);
  });
});

describe("formatDateTime", () => {
  it.each([
    ["2026-01-01T16:05:00Z", "2026/1/2 00:05:00"],
    [new Date("2026-07-01T03:30:09Z"), "2026/7/1 11:30:09"],
    [null, "—"],
  ])("%p → %s, in China time with a 24-hour clock", (at, expected) => {
    expect(formatDateTime(at)).toBe(expected);
  });
});
