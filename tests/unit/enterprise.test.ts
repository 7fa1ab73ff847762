import {
  CONTRACT_STATUS_LABELS,
  EnterpriseInputSchema,
  INDUSTRIES,
  SIZE_BANDS,
  contractFactsOf,
  contractStateOf,
  formatDesignations,
  industryCodeOf,
  parseDesignations,
  parseYesNo,
  sizeBandOf,
  matchesEnterpriseFilters,
} from "~/domain/enterprise";

const valid = {
  name: "某某科技有限公司",
  creditCode: "91350100M000100Y43",
  industry: "C",
  headcount: 320,
  unionOrgId: "665f1c2e8b3a4d0012345678",
};

/** Field path → messages, for asserting on exactly which rule failed. */
function issuesOf(input: unknown): Record<string, string[]> {
  const result = EnterpriseInputSchema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

describe("INDUSTRIES (GB/T 4754-2017 门类)", () => {
  it("lists the 20 sections A–T in order with their official names", () => {
    expect(INDUSTRIES.map((i) => i.code).join("")).toBe("ABCDEFGHIJKLMNOPQRST");
    expect(INDUSTRIES[0]).toEqual({ code: "A", name: "农、林、牧、渔业" });
    expect(INDUSTRIES.find((i) => i.code === "C")?.name).toBe("制造业");
    expect(INDUSTRIES.find((i) => i.code === "I")?.name).toBe("信息传输、软件和信息技术服务业");
    expect(INDUSTRIES[19]).toEqual({ code: "T", name: "国际组织" });
  });

  it.each([
    ["C", "C"],
    [" c ", "C"],
    ["制造业", "C"],
    ["C 制造业", "C"],
    ["C制造业", "C"],
    ["农林牧渔业", "A"],
    ["农、林、牧、渔业", "A"],
    ["国际组织", "T"],
    ["U", undefined],
    ["D 制造业", undefined],
    ["制造", undefined],
    ["", undefined],
  ])("industryCodeOf(%j) is %s", (text, code) => {
    expect(industryCodeOf(text)).toBe(code);
  });
});

describe("sizeBandOf", () => {
  it.each([
    [1, "under_25", "25人以下"],
    [24, "under_25", "25人以下"],
    [25, "25_99", "25–99人"],
    [99, "25_99", "25–99人"],
    [100, "100_299", "100–299人"],
    [299, "100_299", "100–299人"],
    [300, "300_999", "300–999人"],
    [999, "300_999", "300–999人"],
    [1000, "1000_plus", "1000人及以上"],
    [1_000_000, "1000_plus", "1000人及以上"],
  ])("%d people → %s", (headcount, id, label) => {
    expect(sizeBandOf(headcount)).toMatchObject({ id, label });
  });

  it("bands are ordered and leave no gaps", () => {
    SIZE_BANDS.slice(1).forEach((band, i) => expect(band.min).toBe(SIZE_BANDS[i].max! + 1));
    expect(SIZE_BANDS.at(-1)!.max).toBeNull();
  });

  it("refuses a negative or missing headcount", () => {
    expect(() => sizeBandOf(-1)).toThrow(RangeError);
    expect(() => sizeBandOf(Number.NaN)).toThrow(RangeError);
  });
});

describe("contractStateOf", () => {
  const today = "2026-11-23";
  it.each([
    ["none", undefined, "none"],
    ["bargaining", undefined, "bargaining"],
    ["bargaining", "2025-12-31", "bargaining"],
    ["in_effect", "2027-12-31", "in_effect"],
    ["in_effect", "2026-11-23", "in_effect"],
    ["in_effect", "2026-11-22", "expired"],
    ["in_effect", "2025-12-31", "expired"],
    ["in_effect", null, "in_effect"],
  ] as const)("%s until %s → %s", (contractStatus, contractValidUntil, state) => {
    expect(contractStateOf({ contractStatus, contractValidUntil }, today)).toBe(state);
  });

  it("labels every state in Chinese", () => {
    expect(CONTRACT_STATUS_LABELS).toEqual({
      none: "未签订",
      bargaining: "协商中",
      in_effect: "生效中",
      expired: "已到期",
    });
  });

  it("needs a real date for today", () => {
    expect(() => contractStateOf({ contractStatus: "none" }, "2026-02-30")).toThrow(RangeError);
  });
});

describe("designations text and yes/no", () => {
  it("reads and writes 2024区级;2025市级", () => {
    expect(parseDesignations("2024区级;2025市级")).toEqual({
      designations: [
        { year: 2024, level: "区级" },
        { year: 2025, level: "市级" },
      ],
      unreadable: [],
    });
    expect(parseDesignations(" 2024年区级；2025 省级、2026全国级\n").designations).toEqual([
      { year: 2024, level: "区级" },
      { year: 2025, level: "省级" },
      { year: 2026, level: "全国" },
    ]);
    expect(parseDesignations("2024县级;区级;2025市级").unreadable).toEqual(["2024县级", "区级"]);
    expect(
      formatDesignations([
        { year: 2024, level: "区级" },
        { year: 2025, level: "市级" },
      ]),
    ).toBe("2024区级;2025市级");
  });

  it.each([
    ["on", true],
    ["是", true],
    ["TRUE", true],
    [true, true],
    [1, true],
    ["", false],
    [undefined, false],
    ["否", false],
    ["false", false],
    [false, false],
    ["也许", undefined],
    [2, undefined],
  ])("parseYesNo(%j) → %s", (value, expected) => {
    expect(parseYesNo(value)).toBe(expected);
  });
});

describe("EnterpriseInputSchema", () => {
  it("accepts JSON values and fills the defaults", () => {
    expect(EnterpriseInputSchema.parse(valid)).toEqual({
      ...valid,
      contacts: [],
      congressEstablished: false,
      openAffairs: false,
      usesDispatch: false,
      contractStatus: "none",
      harmoniousDesignations: [],
    });
  });

  it("accepts form strings: trims, coerces numbers and checkboxes, upper-cases the code", () => {
    const parsed = EnterpriseInputSchema.parse({
      name: "  某某科技有限公司 ",
      creditCode: "91350100m000100y43",
      industry: "制造业",
      headcount: "1,200",
      womenShare: "35.5",
      address: "",
      unionOrgId: " org-1 ",
      contacts: [{ name: "张三", role: "人力资源经理", phone: "138 0013 8000", email: "" }],
      unionEstablishedOn: "2018-05-01",
      congressEstablished: "on",
      openAffairs: "",
      contractStatus: "in_effect",
      contractValidUntil: "2027-12-31",
      harmoniousDesignations: [{ year: "2024", level: "区级" }],
    });
    expect(parsed).toEqual({
      name: "某某科技有限公司",
      creditCode: "91350100M000100Y43",
      industry: "C",
      headcount: 1200,
      womenShare: 35.5,
      unionOrgId: "org-1",
      contacts: [{ name: "张三", role: "人力资源经理", phone: "13800138000" }],
      unionEstablishedOn: "2018-05-01",
      congressEstablished: true,
      openAffairs: false,
      usesDispatch: false,
      contractStatus: "in_effect",
      contractValidUntil: "2027-12-31",
      harmoniousDesignations: [{ year: 2024, level: "区级" }],
    });
  });

  it("accepts the Chinese contract status labels", () => {
    expect(EnterpriseInputSchema.parse({ ...valid, contractStatus: "协商中" }).contractStatus).toBe(
      "bargaining",
    );
  });

  it("reports every missing required field", () => {
    expect(issuesOf({})).toEqual({
      name: ["必填"],
      creditCode: ["必填"],
      industry: ["必填"],
      headcount: ["必填"],
      unionOrgId: ["必填"],
    });
    expect(issuesOf({ ...valid, name: "  ", unionOrgId: "" })).toEqual({
      name: ["必填"],
      unionOrgId: ["必填"],
    });
  });

  it.each([
    [{ name: "某" }, "name", "至少2个字"],
    [{ name: "某".repeat(101) }, "name", "不能超过100个字"],
    [{ creditCode: "911100001000013428" }, "creditCode", "校验位应为“C”，实际为“8”"],
    [{ creditCode: "9111000010000134" }, "creditCode", "统一社会信用代码应为18位，当前为16位"],
    [{ industry: "U" }, "industry", "应为门类字母A–T或门类名称"],
    [{ headcount: "12.5" }, "headcount", "应为整数"],
    [{ headcount: 0 }, "headcount", "应在1到1,000,000之间"],
    [{ headcount: 1_000_001 }, "headcount", "应在1到1,000,000之间"],
    [{ headcount: "很多" }, "headcount", "应为数字"],
    [{ womenShare: 100.5 }, "womenShare", "应在0到100之间"],
    [{ womenShare: -1 }, "womenShare", "应在0到100之间"],
    [{ womenShare: "33.33" }, "womenShare", "最多保留一位小数"],
    [{ address: "路".repeat(201) }, "address", "不能超过200个字"],
    [{ unionEstablishedOn: "2024-02-30" }, "unionEstablishedOn", "应为有效日期，格式如 2024-05-01"],
    [{ unionEstablishedOn: "2024/5/1" }, "unionEstablishedOn", "应为有效日期，格式如 2024-05-01"],
    [{ congressEstablished: "也许" }, "congressEstablished", "应为“是”或“否”"],
    [{ contractStatus: "已签订" }, "contractStatus", "应为未签订、协商中或生效中"],
    [{ contractStatus: "in_effect" }, "contractValidUntil", "集体合同状态为“生效中”时必填"],
  ])("rejects %j at %s", (patch, path, message) => {
    expect(issuesOf({ ...valid, ...patch })).toEqual({ [path]: [message] });
  });

  it("accepts one decimal place and the bounds of the ranges", () => {
    for (const womenShare of [0, 100, 35.5, "0.1", "99.9"]) {
      expect(issuesOf({ ...valid, womenShare })).toEqual({});
    }
    for (const headcount of [1, 1_000_000]) expect(issuesOf({ ...valid, headcount })).toEqual({});
  });

  describe("contacts", () => {
    const contact = { name: "张三", role: "工会主席", phone: "13800138000" };

    it.each(["13800138000", "19912345678", "010-12345678", "0755-1234567", "0571-88886666-801"])(
      "accepts the phone %s",
      (phone) => {
        expect(issuesOf({ ...valid, contacts: [{ ...contact, phone }] })).toEqual({});
      },
    );

    it.each(["12800138000", "1380013800", "12345678", "010 1234", "+8613800138000"])(
      "rejects the phone %s",
      (phone) => {
        expect(issuesOf({ ...valid, contacts: [{ ...contact, phone }] })).toEqual({
          "contacts.0.phone": ["应为11位手机号或带区号的固定电话（如 010-12345678）"],
        });
      },
    );

    it("needs name, role and phone; email is optional but checked", () => {
      expect(issuesOf({ ...valid, contacts: [contact, { email: "zhang@" }] })).toEqual({
        "contacts.1.name": ["必填"],
        "contacts.1.role": ["必填"],
        "contacts.1.phone": ["必填"],
        "contacts.1.email": ["邮箱格式不正确"],
      });
      expect(issuesOf({ ...valid, contacts: [{ ...contact, email: "zhang@example.cn" }] })).toEqual({});
    });

    it("allows up to 10", () => {
      expect(issuesOf({ ...valid, contacts: Array(10).fill(contact) })).toEqual({});
      expect(issuesOf({ ...valid, contacts: Array(11).fill(contact) })).toEqual({
        contacts: ["最多10个联系人"],
      });
    });
  });

  describe("harmonious designations", () => {
    it("rejects a year out of range, an unknown level and a repeated year + level", () => {
      expect(
        issuesOf({
          ...valid,
          harmoniousDesignations: [
            { year: 2024, level: "区级" },
            { year: "2024", level: "市级" },
            { year: 2024, level: "区级" },
            { year: 1999, level: "县级" },
          ],
        }),
      ).toEqual({
        "harmoniousDesignations.2": ["2024年区级称号重复"],
        "harmoniousDesignations.3.year": ["年份应在2000–2100之间"],
        "harmoniousDesignations.3.level": ["级别应为区级、市级、省级或全国"],
      });
    });
  });

  it("reports cross-field rules together with field errors", () => {
    expect(issuesOf({ ...valid, name: "某", headcount: "1.5", contractStatus: "生效中" })).toEqual({
      name: ["至少2个字"],
      headcount: ["应为整数"],
      contractValidUntil: ["集体合同状态为“生效中”时必填"],
    });
  });
});

describe("contractFactsOf: one statement of the contract for the overview and the 集体协商 tab", () => {
  it.each([
    [
      { contractStatus: "in_effect" as const, contractValidUntil: "2027-06-30" },
      "in_effect",
      "生效中，有效期至 2027-06-30",
    ],
    [
      { contractStatus: "in_effect" as const, contractValidUntil: "2026-05-19" },
      "expired",
      "已到期（有效期至 2026-05-19）",
    ],
    [{ contractStatus: "bargaining" as const }, "bargaining", "协商中"],
    [{ contractStatus: "none" as const, contractValidUntil: null }, "none", "未签订"],
  ])("%o → %s, %s", (enterprise, state, summary) => {
    expect(contractFactsOf(enterprise, "2026-12-01")).toMatchObject({ state, summary });
  });
});

describe("the enterprise list's filters (matchesEnterpriseFilters)", () => {
  const today = "2026-12-02";
  const e = {
    name: "云溪光伏能源科技有限公司",
    creditCode: "91330110MA23058947",
    industry: "D",
    headcount: 247,
    union: true,
    contractStatus: "in_effect" as const,
    contractValidUntil: "2026-12-02",
  };
  it("each filter narrows, and only by its own field", () => {
    expect(matchesEnterpriseFilters(e, {}, today)).toBe(true);
    expect(matchesEnterpriseFilters(e, { q: "光伏" }, today)).toBe(true);
    expect(matchesEnterpriseFilters(e, { q: "ma2305" }, today)).toBe(true); // credit code, any case
    expect(matchesEnterpriseFilters(e, { q: "餐饮" }, today)).toBe(false);
    expect(matchesEnterpriseFilters(e, { industry: "C" }, today)).toBe(false);
    expect(matchesEnterpriseFilters(e, { size: "100_299" }, today)).toBe(true);
    expect(matchesEnterpriseFilters(e, { size: "300_999" }, today)).toBe(false);
    expect(matchesEnterpriseFilters(e, { union: "no" }, today)).toBe(false);
  });
  it("the contract filter reads the state on the day: in effect through its end day, expired the day after", () => {
    expect(matchesEnterpriseFilters(e, { contract: "in_effect" }, today)).toBe(true);
    expect(matchesEnterpriseFilters(e, { contract: "expired" }, "2026-12-03")).toBe(true);
    expect(matchesEnterpriseFilters({ ...e, contractStatus: "none" }, { contract: "none" }, today)).toBe(
      true,
    );
  });
  it("a headcount the form never stores is in no size band, and the list does not fail on it", () => {
    expect(matchesEnterpriseFilters({ ...e, headcount: -1 }, { size: "under_25" }, today)).toBe(false);
    expect(matchesEnterpriseFilters({ ...e, headcount: -1 }, {}, today)).toBe(true);
  });
});
