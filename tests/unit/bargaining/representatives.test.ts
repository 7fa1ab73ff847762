import {
  REPRESENTATIVE_PROTECTION,
  validateRepresentatives,
  type Representative,
  type RepresentativeContext,
  type RepresentativeLists,
} from "~/domain/bargaining/representatives";
import { resolveRuleSet, type RuleSetId } from "~/domain/bargaining/rule-sets";

let seq = 0;
function rep(overrides: Partial<Representative> = {}): Representative {
  seq += 1;
  return {
    personId: `p${seq}`,
    name: `代表${seq}`,
    chief: false,
    outsider: false,
    holdsOffice: false,
    writtenDelegation: false,
    ...overrides,
  };
}

/** A side of n with its chief holding the office (union chair / legal representative). */
function side(n: number, extra: Partial<Representative>[] = []): Representative[] {
  const list = [rep({ chief: true, holdsOffice: true }), ...extra.map((e) => rep(e))];
  while (list.length < n) list.push(rep());
  return list;
}

const CTX: RepresentativeContext = { hasUnion: true, requireRecorder: false };

function check(
  lists: Partial<RepresentativeLists>,
  id: RuleSetId = "national",
  ctx: Partial<RepresentativeContext> = {},
) {
  return validateRepresentatives(
    { employee: side(3), employer: side(3), recorder: null, ...lists },
    { ...CTX, ...ctx },
    resolveRuleSet(id),
  );
}

const codes = (issues: ReturnType<typeof check>) => issues.map((i) => i.code);

describe("numbers per side by rule set", () => {
  it.each<[RuleSetId, number, number, Partial<RepresentativeContext>, string[]]>([
    ["national", 3, 3, {}, []],
    ["national", 2, 2, {}, ["too_few", "too_few"]],
    ["national", 4, 3, {}, ["unequal"]],
    ["national", 3, 4, {}, ["unequal"]],
    ["beijing", 4, 3, {}, ["unequal"]], // — in the table: national rule
    ["shanghai", 4, 3, {}, []], // employer ≤ employee
    ["shanghai", 3, 4, {}, ["employer_more"]],
    ["shanghai", 2, 2, {}, ["too_few", "too_few"]],
    ["zhejiang", 4, 3, { aboveDesignatedSize: false }, []],
    ["zhejiang", 4, 4, { aboveDesignatedSize: true }, ["too_few", "too_few"]],
    ["zhejiang", 5, 5, { aboveDesignatedSize: true }, []],
    ["zhejiang", 6, 5, { aboveDesignatedSize: true }, []],
    ["zhejiang", 5, 6, { aboveDesignatedSize: true }, ["employer_more"]],
    ["zhejiang", 3, 3, {}, ["size_unknown"]],
    ["chongqing", 15, 15, {}, []],
    ["chongqing", 16, 15, {}, ["too_many"]],
    ["chongqing", 15, 3, {}, []],
    ["chongqing", 3, 4, {}, ["employer_more"]],
  ])("%s: %i employee / %i employer → %j", (id, e, r, ctx, expected) => {
    expect(codes(check({ employee: side(e), employer: side(r) }, id, ctx))).toEqual(expected);
  });

  it("names the rule and the article in Chinese", () => {
    const issues = check({ employee: side(2), employer: side(3) });
    expect(issues.map((i) => i.message)).toEqual([
      "每方协商代表不少于3人，职工方现有2人（《集体合同规定》第十九条）",
      "双方协商代表人数应当对等，现职工方2人、用人单位方3人（《集体合同规定》第十九条）",
    ]);
    expect(issues[0]).toMatchObject({
      side: "employee",
      ruleSet: "national",
      source: { statute: "集体合同规定", article: "19" },
    });
  });

  it("regional messages cite the regional article", () => {
    expect(check({ employee: side(3), employer: side(4) }, "shanghai")[0].message).toBe(
      "用人单位方协商代表不得多于职工方，现职工方3人、用人单位方4人（《上海市集体合同条例》第六条）",
    );
    expect(
      check({ employee: side(4), employer: side(4) }, "zhejiang", { aboveDesignatedSize: true })[0].message,
    ).toBe("规模以上企业每方协商代表不少于5人，职工方现有4人（《浙江省集体合同条例》第十条）");
    expect(check({ employee: side(16), employer: side(3) }, "chongqing")[0].message).toBe(
      "每方协商代表不超过15人，职工方现有16人（《重庆市集体合同条例》第八条）",
    );
    expect(check({}, "zhejiang")[0].message).toBe(
      "请先确认企业是否为规模以上企业：规模以上企业每方协商代表不少于5人（《浙江省集体合同条例》第十条）",
    );
  });
});

describe("chiefs (第19条, 第20条, 第21条)", () => {
  it("each side has exactly one chief", () => {
    const none = [rep(), rep(), rep()];
    expect(check({ employee: none }).map((i) => i.message)).toEqual([
      "职工方应确定1名首席代表（《集体合同规定》第十九条）",
    ]);
    const two = side(3, [{ chief: true, holdsOffice: false, writtenDelegation: true }]);
    const issues = check({ employer: two });
    expect(codes(issues)).toEqual(["several_chiefs"]);
    expect(issues[0].message).toBe("用人单位方只能确定1名首席代表，现有2名（《集体合同规定》第十九条）");
    expect(issues[0].personIds).toHaveLength(2);
  });

  it("a chief who is not the union chair needs the chair's written delegation (第20条)", () => {
    const delegated = [rep({ chief: true }), rep(), rep()];
    const issues = check({ employee: delegated });
    expect(issues.map((i) => i.message)).toEqual([
      "职工方首席代表由工会主席担任；由其他协商代表担任的，须有工会主席的书面委托（《集体合同规定》第二十条）",
    ]);
    expect(codes(check({ employee: [rep({ chief: true, writtenDelegation: true }), rep(), rep()] }))).toEqual(
      [],
    );
  });

  it("without a union the employee chief is elected and needs no delegation (第20条)", () => {
    expect(
      codes(check({ employee: [rep({ chief: true }), rep(), rep()] }, "national", { hasUnion: false })),
    ).toEqual([]);
  });

  it("an employer chief who is not the legal representative needs his written authorisation (第21条)", () => {
    const issues = check({ employer: [rep({ chief: true }), rep(), rep()] }, "national", { hasUnion: false });
    expect(issues.map((i) => i.message)).toEqual([
      "用人单位方首席代表由法定代表人担任；由其他管理人员担任的，须有法定代表人的书面委托（《集体合同规定》第二十一条）",
    ]);
  });
});

describe("outsiders (第23条)", () => {
  it.each([
    [3, 1, []],
    [3, 2, ["outsiders_over_share"]],
    [6, 2, []],
    [9, 3, []],
    [9, 4, ["outsiders_over_share"]],
    [5, 2, ["outsiders_over_share"]], // 2 of 5 is more than one third
  ])("%i representatives with %i outsiders → %j", (n, outsiders, expected) => {
    const list = side(
      n,
      Array.from({ length: outsiders }, () => ({ outsider: true })),
    );
    expect(codes(check({ employee: list, employer: side(n) }))).toEqual(expected);
  });

  it("says how many and cites the article", () => {
    const list = side(3, [{ outsider: true }, { outsider: true }]);
    expect(check({ employee: list })[0].message).toBe(
      "外聘的本单位以外专业人员不得超过本方代表的三分之一，职工方3人中有2人（《集体合同规定》第二十三条）",
    );
  });

  it("an outsider is never chief", () => {
    const list = [rep({ chief: true, outsider: true, writtenDelegation: true }), rep(), rep()];
    const issues = check({ employer: list });
    expect(codes(issues)).toEqual(["outsider_chief"]);
    expect(issues[0].message).toBe("用人单位方首席代表不得由非本单位人员担任（《集体合同规定》第二十三条）");
  });
});

describe("people across the lists", () => {
  it("nobody on both sides (第24条)", () => {
    const shared = rep({ name: "张三" });
    const issues = check({ employee: [...side(3), shared], employer: [...side(3), { ...shared }] });
    expect(codes(issues)).toEqual(["on_both_sides"]);
    expect(issues[0]).toMatchObject({
      message: "协商代表不得兼任双方代表：张三（《集体合同规定》第二十四条）",
      personIds: [shared.personId],
      side: null,
    });
  });

  it("nobody twice on one side", () => {
    const twice = rep();
    const issues = check({ employee: [...side(2), twice, { ...twice }], employer: side(4) });
    expect(codes(issues)).toEqual(["listed_twice"]);
    expect(issues[0].personIds).toEqual([twice.personId]);
  });

  it("every representative has a name", () => {
    expect(codes(check({ employer: [...side(2), rep({ name: " " })] }))).toEqual(["name_missing"]);
  });
});

describe("the recorder (第33条)", () => {
  it("is required from preparation on", () => {
    const issues = check({}, "national", { requireRecorder: true });
    expect(issues.map((i) => i.message)).toEqual([
      "双方应共同确定一名非协商代表担任记录员（《集体合同规定》第三十三条）",
    ]);
    expect(codes(check({}, "national", { requireRecorder: false }))).toEqual([]);
  });

  it("is no representative", () => {
    const employee = side(3);
    const issues = check(
      { employee, recorder: { personId: employee[1].personId, name: "李四" } },
      "national",
      {
        requireRecorder: true,
      },
    );
    expect(issues.map((i) => i.message)).toEqual([
      "记录员应由非协商代表担任，李四已是协商代表（《集体合同规定》第三十三条）",
    ]);
    expect(
      codes(
        check({ recorder: { personId: "neutral", name: "王五" } }, "national", { requireRecorder: true }),
      ),
    ).toEqual([]);
  });
});

describe("several problems at once", () => {
  it("reports them all", () => {
    const employee = [rep({ chief: true, outsider: true }), rep({ outsider: true })];
    const employer = [...side(3), employee[1]];
    expect(codes(check({ employee, employer }, "shanghai", { requireRecorder: true }))).toEqual([
      "too_few",
      "outsiders_over_share",
      "outsider_chief",
      "delegation_missing",
      "employer_more",
      "on_both_sides",
      "recorder_missing",
    ]);
  });
});

it("employee representatives' protection cites 第28条", () => {
  expect(REPRESENTATIVE_PROTECTION.source).toEqual({ statute: "集体合同规定", article: "28" });
  expect(REPRESENTATIVE_PROTECTION.message).toMatch(/（《集体合同规定》第二十八条）$/);
});
