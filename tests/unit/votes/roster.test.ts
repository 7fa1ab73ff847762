import {
  DEMOCRATIC_MANAGEMENT_SOURCE,
  compositionWarnings,
  requiredRepresentatives,
  validateRoster,
  type RosterMember,
} from "~/domain/votes/roster";

/** n representatives: the first `frontLine` are front-line workers, the first `women` are women. */
function roster(n: number, frontLine: number, women: number): RosterMember[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    name: `代表${i + 1}`,
    employeeNo: `E${1000 + i}`,
    gender: i < women ? "female" : "male",
    frontLine: i < frontLine,
    unit: null,
  }));
}

const codes = (w: ReturnType<typeof compositionWarnings>) => w.map((x) => x.code);

describe("compositionWarnings (企业民主管理规定, as bargaining.md gives it)", () => {
  it("has nothing to say about a well-composed roster of 30", () => {
    expect(compositionWarnings(roster(30, 15, 12), "congress", { employees: 500, women: 200 })).toEqual([]);
  });

  it("warns below 30 representatives, citing the regulation without an article number", () => {
    const w = compositionWarnings(roster(29, 20, 15), "congress", { employees: 300, women: 100 });
    expect(w).toEqual([
      {
        code: "fewer_than_30",
        message: "职工代表应不少于30人，名单现有29人",
        sourceLabel: "《企业民主管理规定》（全文未收录）",
      },
    ]);
    expect(DEMOCRATIC_MANAGEMENT_SOURCE).not.toMatch(/第.+条/);
  });

  it("wants front-line workers to be at least half: 15 of 30 is enough, 14 is not", () => {
    const workforce = { employees: 500, women: 0 };
    expect(codes(compositionWarnings(roster(30, 15, 0), "congress", workforce))).toEqual([]);
    const w = compositionWarnings(roster(30, 14, 0), "congress", workforce);
    expect(w).toEqual([
      expect.objectContaining({
        code: "front_line_below_half",
        message: "一线职工代表应不少于代表总数的一半：现有14人，占46.7%",
      }),
    ]);
    expect(codes(compositionWarnings(roster(31, 16, 0), "congress", workforce))).toEqual([]);
    expect(codes(compositionWarnings(roster(31, 15, 0), "congress", workforce))).toEqual([
      "front_line_below_half",
    ]);
  });

  it("wants women in proportion to the workforce, computed with integers", () => {
    const workforce = { employees: 600, women: 200 };
    expect(codes(compositionWarnings(roster(30, 30, 10), "congress", workforce))).toEqual([]);
    const w = compositionWarnings(roster(30, 30, 9), "congress", workforce);
    expect(w).toEqual([
      expect.objectContaining({
        code: "women_below_proportion",
        message: "女职工代表比例应与女职工占职工总数的比例相适应：女职工占33.3%，女职工代表9人，占30%",
      }),
    ]);
  });

  it("says when it cannot check the women's proportion", () => {
    expect(codes(compositionWarnings(roster(30, 30, 10), "congress", null))).toEqual(["women_unchecked"]);
  });

  it("wants at least 5 % of the employees, up to 100 (beyond that by agreement)", () => {
    expect(requiredRepresentatives(100)).toBe(30);
    expect(requiredRepresentatives(600)).toBe(30);
    expect(requiredRepresentatives(601)).toBe(31);
    expect(requiredRepresentatives(1000)).toBe(50);
    expect(requiredRepresentatives(5000)).toBe(100);
    expect(requiredRepresentatives(20000)).toBe(100);
    expect(() => requiredRepresentatives(-1)).toThrow(RangeError);
    const w = compositionWarnings(roster(40, 40, 20), "congress", { employees: 1000, women: 400 });
    expect(w).toEqual([
      expect.objectContaining({
        code: "below_five_percent",
        message:
          "职工代表人数应不少于职工总数（1000人）的5%，即至少50人（超过100人的部分可由企业与工会协商确定），名单现有40人",
      }),
    ]);
    expect(
      codes(compositionWarnings(roster(50, 50, 20), "congress", { employees: 1000, women: 400 })),
    ).toEqual([]);
  });

  it("only asks an all-employee assembly to list everyone", () => {
    expect(compositionWarnings(roster(12, 0, 0), "assembly", { employees: 12, women: 6 })).toEqual([]);
    expect(compositionWarnings(roster(11, 0, 0), "assembly", { employees: 12, women: 6 })).toEqual([
      expect.objectContaining({ code: "assembly_incomplete" }),
    ]);
    expect(compositionWarnings(roster(11, 0, 0), "assembly", null)).toEqual([]);
  });
});

describe("validateRoster", () => {
  it("accepts a clean list", () => {
    expect(validateRoster(roster(30, 15, 10))).toEqual([]);
  });

  it("names empty fields, a 工号 twice and a person twice", () => {
    const list = roster(4, 2, 2);
    list[1] = { ...list[1], name: " ", employeeNo: "" };
    list[2] = { ...list[2], employeeNo: "E1000" };
    list[3] = { ...list[3], id: "m0", employeeNo: "E2000" };
    expect(validateRoster(list)).toEqual([
      { index: 1, field: "name", message: "第2人的姓名不能为空" },
      { index: 1, field: "employeeNo", message: "第2人的工号不能为空" },
      { index: 2, field: "employeeNo", message: "工号“E1000”重复（第1人和第3人）" },
      { index: 3, field: "id", message: "名单中同一人出现两次（第4人）" },
    ]);
  });
});
