import { MAX_ROSTER_ROWS, parseRosterSheet } from "~/domain/votes/roster-import";

const HEADER = ["序号", "姓名", "工号", "性别", "是否一线职工", "选区"];

describe("parseRosterSheet", () => {
  it("reads a roster, skipping blank rows and trimming cells", () => {
    const r = parseRosterSheet([
      HEADER,
      [1, " 王强 ", 10023, "男", "是", "一车间"],
      [],
      [null, "", "", "", "", ""],
      [3, "李娜", "E-2", "女", "否", ""],
    ]);
    expect(r).toEqual({
      ok: true,
      members: [
        { name: "王强", employeeNo: "10023", gender: "male", frontLine: true, unit: "一车间" },
        { name: "李娜", employeeNo: "E-2", gender: "female", frontLine: false, unit: null },
      ],
    });
  });

  it("accepts the column aliases in any order, and booleans", () => {
    const r = parseRosterSheet([
      ["一线", "性别", "员工编号", "姓名"],
      [true, "女", "A1", "张敏"],
    ]);
    expect(r).toEqual({
      ok: true,
      members: [{ name: "张敏", employeeNo: "A1", gender: "female", frontLine: true, unit: null }],
    });
  });

  it("refuses the whole file on any error, naming each by spreadsheet row and column", () => {
    const r = parseRosterSheet([
      HEADER,
      [1, "王强", "10023", "男", "是", ""],
      [2, "", "10024", "男", "是", ""],
      [3, "李娜", "10023", "F", "不一定", ""],
      [4, "赵六", "", "", "", ""],
    ]);
    expect(r).toEqual({
      ok: false,
      errors: [
        { row: 3, column: "姓名", message: "姓名不能为空" },
        { row: 4, column: "工号", message: "工号“10023”与第2行重复" },
        { row: 4, column: "是否一线职工", message: "是否一线职工应填“是”或“否”，不能是“不一定”" },
        { row: 5, column: "工号", message: "工号不能为空" },
        { row: 5, column: "性别", message: "性别不能为空" },
        { row: 5, column: "是否一线职工", message: "请填写是否一线职工" },
      ],
    });
  });

  it("names missing and doubled columns in the header", () => {
    expect(parseRosterSheet([["姓名", "性别", "姓名"]])).toEqual({
      ok: false,
      errors: [
        { row: 1, column: "姓名", message: "表头中“姓名”列出现了两次" },
        { row: 1, column: "工号", message: "表头缺少“工号”列" },
        { row: 1, column: "是否一线职工", message: "表头缺少“是否一线职工”列" },
      ],
    });
  });

  it("refuses an empty file, a file with no one and an oversized file", () => {
    expect(parseRosterSheet([])).toEqual({
      ok: false,
      errors: [{ row: 1, column: null, message: "文件是空的，请使用名单模板" }],
    });
    expect(parseRosterSheet([HEADER, []])).toEqual({
      ok: false,
      errors: [{ row: 2, column: null, message: "名单中没有人员" }],
    });
    const big = Array.from({ length: MAX_ROSTER_ROWS + 1 }, (_, i) => [i, `人${i}`, `E${i}`, "男", "是", ""]);
    expect(parseRosterSheet([HEADER, ...big])).toEqual({
      ok: false,
      errors: [{ row: 1, column: null, message: `名单不能超过${MAX_ROSTER_ROWS}行` }],
    });
  });

  it("rejects a gender it cannot read, quoting it", () => {
    const r = parseRosterSheet([HEADER, [1, "王强", "1", "未知", "是", ""]]);
    expect(r).toEqual({
      ok: false,
      errors: [{ row: 2, column: "性别", message: "性别应填“男”或“女”，不能是“未知”" }],
    });
  });
});
