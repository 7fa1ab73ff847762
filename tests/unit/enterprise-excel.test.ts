import ExcelJS from "exceljs";
import { makeCreditCode } from "~/domain/credit-code";
import type { EnterpriseInput } from "~/domain/enterprise";
import {
  ENTERPRISE_COLUMNS,
  ENTERPRISE_SHEET_NAME,
  HELP_SHEET_NAME,
  buildImportTemplate,
  exportEnterprises,
  parseEnterpriseWorkbook,
  type EnterpriseExportRow,
  type ImportContext,
} from "~/services/enterprises/enterprise-excel.server";

const HEADERS = ENTERPRISE_COLUMNS.map((c) => c.header);
const ORGS = new Map([
  ["东城街道总工会", "org-east"],
  ["西城区总工会", "org-west"],
]);
const EXISTING = makeCreditCode("91110000MA0000001");

function context(existing: string[] = [EXISTING]): ImportContext {
  return { resolveUnionOrg: (name) => ORGS.get(name), existingCreditCodes: new Set(existing) };
}

const code = (n: number) => makeCreditCode(`91440300MA5G${String(n).padStart(5, "0")}`);

/** A good row in column order; patch cells by header label. */
function row(n: number, patch: Partial<Record<string, ExcelJS.CellValue>> = {}): ExcelJS.CellValue[] {
  const cells: Record<string, ExcelJS.CellValue> = {
    企业名称: `测试企业${n}有限公司`,
    统一社会信用代码: code(n),
    行业门类: "C",
    职工人数: 120,
    女职工占比: 40,
    地址: null,
    所属工会: "东城街道总工会",
    联系人: null,
    联系人职务: null,
    联系电话: null,
    工会成立日期: null,
    是否建立职代会: "否",
    是否实行厂务公开: "否",
    集体合同状态: null,
    集体合同有效期至: null,
    和谐企业称号: null,
    ...patch,
  };
  return ENTERPRISE_COLUMNS.map((c) => cells[c.label] ?? null);
}

async function xlsx(
  rows: ExcelJS.CellValue[][],
  build?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  for (const r of rows) sheet.addRow(r);
  build?.(sheet, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs declares its own Buffer type; a Node Buffer is what it reads. */
async function openWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe("parseEnterpriseWorkbook: a file mixing good and bad rows", () => {
  it("lists every bad row with its Excel row number and reasons, and keeps the good ones", async () => {
    const buffer = await xlsx([
      HEADERS,
      row(1), // 2
      row(2, { 统一社会信用代码: "911100001000013428" }), // 3
      row(3, { 所属工会: "某某街道总工会" }), // 4
      [], // 5: fully empty, skipped
      row(4, { 统一社会信用代码: code(1).toLowerCase() }), // 6: same as row 2
      row(5, { 统一社会信用代码: EXISTING }), // 7
      row(6, { 企业名称: null }), // 8
      row(7, {
        企业名称: "某",
        行业门类: "Z",
        职工人数: "很多",
        所属工会: null,
        联系人: "张三",
        联系电话: "12345",
        工会成立日期: "2024-02-30",
        是否建立职代会: "也许",
        集体合同状态: "生效中",
        和谐企业称号: "2024县级;2023区级;2023区级",
      }), // 9
      row(8, { 统一社会信用代码: "9144030" }), // 10
      row(9, { 行业门类: "制造业", 职工人数: "1,500", 是否建立职代会: "是" }), // 11
    ]);

    const { rows, fileErrors } = await parseEnterpriseWorkbook(buffer, context());

    expect(fileErrors).toEqual([]);
    expect(rows.map((r) => [r.rowNumber, r.errors])).toEqual([
      [2, []],
      [3, ["统一社会信用代码：校验位应为“C”，实际为“8”"]],
      [4, ["所属工会：找不到名为“某某街道总工会”的工会组织"]],
      [6, ["统一社会信用代码：与第2行重复"]],
      [7, ["统一社会信用代码：系统中已存在该企业"]],
      [8, ["企业名称：必填"]],
      [
        9,
        [
          "企业名称：至少2个字",
          "行业门类：应为门类字母A–T或门类名称",
          "职工人数：应为数字",
          "所属工会：必填",
          "联系人职务：必填",
          "联系电话：应为11位手机号或带区号的固定电话（如 010-12345678）",
          "工会成立日期：应为有效日期，格式如 2024-05-01",
          "是否建立职代会：应为“是”或“否”",
          "集体合同有效期至：集体合同状态为“生效中”时必填",
          "和谐企业称号：无法识别“2024县级”，应写成如 2024区级;2025市级",
          "和谐企业称号：2023年区级称号重复",
        ],
      ],
      [10, ["统一社会信用代码：应为18位，当前为7位"]],
      [11, []],
    ]);
    for (const r of rows) expect(r.input === undefined).toBe(r.errors.length > 0);
    expect(rows[0].input).toMatchObject({
      name: "测试企业1有限公司",
      creditCode: code(1),
      unionOrgId: "org-east",
    });
    expect(rows.at(-1)!.input).toMatchObject({ industry: "C", headcount: 1500, congressEstablished: true });
    expect(rows[1].raw).toMatchObject({ name: "测试企业2有限公司", creditCode: "911100001000013428" });
  });

  it("compares credit codes case-insensitively with the existing ones", async () => {
    const buffer = await xlsx([HEADERS, row(1)]);
    const { rows } = await parseEnterpriseWorkbook(buffer, context([code(1).toLowerCase()]));
    expect(rows[0].errors).toEqual(["统一社会信用代码：系统中已存在该企业"]);
  });

  it("explains a credit code that Excel turned into a number", async () => {
    const buffer = await xlsx([HEADERS, row(1, { 统一社会信用代码: 911100001000013400 })]);
    const { rows } = await parseEnterpriseWorkbook(buffer, context());
    expect(rows[0].errors).toEqual([
      "统一社会信用代码：单元格是数字格式，Excel 已把18位代码变成了近似值；请把该列设为文本格式后重新填写",
    ]);
  });

  it("names the contact when a row has several", async () => {
    const buffer = await xlsx([
      HEADERS,
      row(1, { 联系人: "张三;李四", 联系人职务: "工会主席;人力资源经理", 联系电话: "13800138000" }),
    ]);
    const { rows } = await parseEnterpriseWorkbook(buffer, context());
    expect(rows[0].errors).toEqual(["联系电话（第2个）：必填"]);
  });

  it("reports formula errors as such", async () => {
    const buffer = await xlsx([
      HEADERS,
      row(1, { 职工人数: { formula: "1/0", result: { error: "#DIV/0!" } } }),
    ]);
    const { rows } = await parseEnterpriseWorkbook(buffer, context());
    expect(rows[0].errors).toEqual(["职工人数：单元格是错误值“#DIV/0!”，请改为实际内容"]);
  });
});

describe("parseEnterpriseWorkbook: a clean file", () => {
  it("yields every row with its input and no errors, reading Excel values and text alike", async () => {
    const buffer = await xlsx(
      [
        HEADERS,
        row(1, {
          行业门类: "c",
          职工人数: 320,
          女职工占比: 0.425,
          地址: "东城区某某路1号",
          联系人: "张三",
          联系人职务: "人力资源经理",
          联系电话: 13800138000,
          工会成立日期: utc(2018, 5, 1),
          是否建立职代会: "是",
          是否实行厂务公开: true,
          集体合同状态: "生效中",
          集体合同有效期至: utc(2027, 12, 31),
          和谐企业称号: "2024区级;2025市级",
        }),
        row(2, {
          企业名称: { richText: [{ text: "富文本" }, { text: "科技有限公司" }] },
          行业门类: "信息传输、软件和信息技术服务业",
          职工人数: "45",
          女职工占比: "35.5%",
          所属工会: " 西城区总工会 ",
          联系人: "李四；王五",
          联系人职务: "工会主席；财务",
          联系电话: "010-12345678；0755-1234567",
          工会成立日期: "2019/3/8",
          是否建立职代会: null,
          是否实行厂务公开: "否",
          集体合同状态: "协商中",
          集体合同有效期至: "2020年12月31日",
        }),
        row(3, { 女职工占比: null, 职工人数: { formula: "10*2", result: 20 }, 是否建立职代会: "" }),
      ],
      (sheet) => {
        sheet.getCell("E2").numFmt = "0.0%";
      },
    );
    const { rows, fileErrors } = await parseEnterpriseWorkbook(buffer, {
      resolveUnionOrg: (name) => ORGS.get(name.trim()),
      existingCreditCodes: new Set(),
    });
    expect(fileErrors).toEqual([]);
    expect(rows.map((r) => r.errors)).toEqual([[], [], []]);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(rows[0].input).toEqual({
      name: "测试企业1有限公司",
      creditCode: code(1),
      industry: "C",
      headcount: 320,
      womenShare: 42.5,
      address: "东城区某某路1号",
      unionOrgId: "org-east",
      contacts: [{ name: "张三", role: "人力资源经理", phone: "13800138000" }],
      unionEstablishedOn: "2018-05-01",
      congressEstablished: true,
      openAffairs: true,
      usesDispatch: false,
      contractStatus: "in_effect",
      contractValidUntil: "2027-12-31",
      harmoniousDesignations: [
        { year: 2024, level: "区级" },
        { year: 2025, level: "市级" },
      ],
    });
    expect(rows[1].input).toMatchObject({
      name: "富文本科技有限公司",
      industry: "I",
      headcount: 45,
      womenShare: 35.5,
      unionOrgId: "org-west",
      contacts: [
        { name: "李四", role: "工会主席", phone: "010-12345678" },
        { name: "王五", role: "财务", phone: "0755-1234567" },
      ],
      unionEstablishedOn: "2019-03-08",
      congressEstablished: false,
      contractStatus: "bargaining",
      contractValidUntil: "2020-12-31",
    });
    expect(rows[2].input).toMatchObject({ headcount: 20, congressEstablished: false });
    expect(rows[2].input!.womenShare).toBeUndefined();
  });

  it("finds the header below a title row and accepts headers without the hints", async () => {
    const plain = ENTERPRISE_COLUMNS.map((c) => c.label);
    const buffer = await xlsx([["2025年企业名单"], plain, row(1)]);
    const { rows, fileErrors } = await parseEnterpriseWorkbook(buffer, context());
    expect(fileErrors).toEqual([]);
    expect(rows).toMatchObject([{ rowNumber: 3, errors: [] }]);
  });

  it("accepts columns in another order and without the optional ones", async () => {
    const buffer = await xlsx([
      ["统一社会信用代码*", "企业名称*", "职工人数*", "行业门类*", "所属工会*", "备注"],
      [code(1), "某某有限公司", 30, "E", "东城街道总工会", "与导入无关"],
    ]);
    const { rows, fileErrors } = await parseEnterpriseWorkbook(buffer, context());
    expect(fileErrors).toEqual([]);
    expect(rows[0]).toMatchObject({
      errors: [],
      input: {
        name: "某某有限公司",
        creditCode: code(1),
        headcount: 30,
        industry: "E",
        contractStatus: "none",
      },
    });
  });
});

describe("parseEnterpriseWorkbook: files it cannot use", () => {
  const ctx = context();

  it.each([
    ["an empty buffer", Buffer.alloc(0), "文件是空的"],
    ["random bytes", Buffer.from("this is not a spreadsheet at all"), "文件不是 .xlsx 格式"],
    [
      "a CSV file",
      Buffer.from("企业名称,统一社会信用代码\n某某公司,91350100M000100Y43\n"),
      "文件不是 .xlsx 格式",
    ],
    ["an old .xls file", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), "旧版 .xls"],
    [
      "a zip header followed by junk",
      Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(200, 7)]),
      "文件已损坏",
    ],
  ])("rejects %s", async (_name, buffer, message) => {
    const result = await parseEnterpriseWorkbook(buffer, ctx);
    expect(result.rows).toEqual([]);
    expect(result.fileErrors).toHaveLength(1);
    expect(result.fileErrors[0]).toContain(message);
  });

  it("rejects a truncated workbook", async () => {
    const good = await xlsx([HEADERS, row(1)]);
    const result = await parseEnterpriseWorkbook(good.subarray(0, Math.floor(good.length / 2)), ctx);
    expect(result.fileErrors).toEqual(["文件已损坏或不是有效的 .xlsx 工作簿，无法读取"]);
  });

  it("rejects a sheet without a header", async () => {
    const result = await parseEnterpriseWorkbook(await xlsx([row(1), row(2)]), ctx);
    expect(result.rows).toEqual([]);
    expect(result.fileErrors[0]).toMatch(/^未找到表头/);
  });

  it("names the required columns that are missing", async () => {
    const headers = HEADERS.filter((h) => !h.startsWith("职工人数") && !h.startsWith("所属工会"));
    const result = await parseEnterpriseWorkbook(await xlsx([headers]), ctx);
    expect(result.fileErrors).toEqual([
      "表头缺少必填列：职工人数*、所属工会*（工会组织名称）。请使用系统提供的导入模板",
    ]);
  });

  it("rejects a header that names a column twice", async () => {
    const result = await parseEnterpriseWorkbook(await xlsx([[...HEADERS, "企业名称"], row(1)]), ctx);
    expect(result.fileErrors).toEqual(["表头中“企业名称”列出现了不止一次，请删除多余的列"]);
  });

  it("rejects an empty sheet and a header with no data", async () => {
    expect((await parseEnterpriseWorkbook(await xlsx([]), ctx)).fileErrors).toEqual([
      "工作表是空的，没有表头和企业数据",
    ]);
    const headerOnly = await xlsx([HEADERS, [], [null, "   "]]);
    expect((await parseEnterpriseWorkbook(headerOnly, ctx)).fileErrors).toEqual([
      "“Sheet1”工作表的表头下方没有企业数据",
    ]);
  });

  it("rejects more than 5,000 rows", async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => row(i + 1));
    const result = await parseEnterpriseWorkbook(await xlsx([HEADERS, ...rows]), ctx);
    expect(result).toEqual({
      rows: [],
      fileErrors: ["共有 5001 行数据，超过单次导入上限 5000 行，请拆分后分批导入"],
    });
  });

  it("accepts exactly 5,000 rows", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i + 1));
    const result = await parseEnterpriseWorkbook(await xlsx([HEADERS, ...rows]), ctx);
    expect(result.fileErrors).toEqual([]);
    expect(result.rows).toHaveLength(5000);
    expect(result.rows.every((r) => r.errors.length === 0)).toBe(true);
  });
});

describe("buildImportTemplate", () => {
  it("has the styled, frozen header, one example row and the instructions sheet", async () => {
    const workbook = await openWorkbook(await buildImportTemplate());
    const sheet = workbook.getWorksheet(ENTERPRISE_SHEET_NAME)!;
    expect((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(HEADERS);
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(1).width).toBeGreaterThan(20);
    expect(sheet.getColumn(2).numFmt).toBe("@");
    expect(sheet.actualRowCount).toBe(2);

    const help = workbook.getWorksheet(HELP_SHEET_NAME)!;
    const text: string[] = [];
    help.eachRow((r) => text.push((r.values as ExcelJS.CellValue[]).filter(Boolean).join(" ")));
    for (const c of ENTERPRISE_COLUMNS) expect(text.some((t) => t.startsWith(c.header))).toBe(true);
    expect(text).toContain("A 农、林、牧、渔业");
    expect(text).toContain("T 国际组织");
  });

  it("parses as 'no data' while only the example row is filled, and the example itself is valid", async () => {
    const template = await buildImportTemplate();
    const ctx: ImportContext = { resolveUnionOrg: () => "org-1", existingCreditCodes: new Set() };
    expect((await parseEnterpriseWorkbook(template, ctx)).fileErrors).toEqual([
      `“${ENTERPRISE_SHEET_NAME}”工作表的表头下方没有企业数据`,
    ]);
    const workbook = await openWorkbook(template);
    workbook.getWorksheet(ENTERPRISE_SHEET_NAME)!.getCell("A2").value = "真实企业有限公司";
    const { rows } = await parseEnterpriseWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()), ctx);
    expect(rows).toMatchObject([{ rowNumber: 2, errors: [], input: { name: "真实企业有限公司" } }]);
  });
});

describe("exportEnterprises", () => {
  const enterprises: EnterpriseExportRow[] = [
    {
      name: "东城精密制造有限公司",
      creditCode: code(11),
      industry: "C",
      headcount: 1250,
      womenShare: 38.5,
      address: "东城区工业路8号",
      unionOrgId: "org-east",
      unionOrgName: "东城街道总工会",
      contacts: [
        { name: "张三", role: "工会主席", phone: "13800138000" },
        { name: "李四", role: "人力资源经理", phone: "010-12345678" },
      ],
      unionEstablishedOn: "2015-07-01",
      congressEstablished: true,
      openAffairs: true,
      usesDispatch: false,
      contractStatus: "in_effect",
      contractValidUntil: "2026-06-30",
      harmoniousDesignations: [
        { year: 2023, level: "区级" },
        { year: 2025, level: "市级" },
      ],
    },
    {
      name: "西城小微商贸有限公司",
      creditCode: code(12),
      industry: "F",
      headcount: 18,
      unionOrgId: "org-west",
      unionOrgName: "西城区总工会",
      contacts: [],
      congressEstablished: false,
      openAffairs: false,
      usesDispatch: false,
      contractStatus: "none",
      harmoniousDesignations: [],
    },
  ];

  it("round trip: export → parse gives the same inputs", async () => {
    const buffer = await exportEnterprises(enterprises, { today: "2026-11-23" });
    const { rows, fileErrors } = await parseEnterpriseWorkbook(buffer, context([]));
    expect(fileErrors).toEqual([]);
    expect(rows.map((r) => r.errors)).toEqual([[], []]);
    const inputs: EnterpriseInput[] = enterprises.map(({ unionOrgName: _name, ...input }) => input);
    expect(rows.map((r) => r.input)).toEqual(inputs);
  });

  it("adds the size band and the contract state as of today", async () => {
    const workbook = await openWorkbook(await exportEnterprises(enterprises, { today: "2026-11-23" }));
    const sheet = workbook.getWorksheet(ENTERPRISE_SHEET_NAME)!;
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(header.slice(0, HEADERS.length)).toEqual(HEADERS);
    expect(header.slice(HEADERS.length)).toEqual([
      "规模（按职工人数）",
      "集体合同当前状态（截至2026-11-23）",
    ]);
    const extra = (r: number) => (sheet.getRow(r).values as ExcelJS.CellValue[]).slice(HEADERS.length + 1);
    expect(extra(2)).toEqual(["1000人及以上", "已到期"]);
    expect(extra(3)).toEqual(["25人以下", "未签订"]);
    expect(sheet.getCell("C2").value).toBe("C 制造业");
    expect(sheet.getCell("K2").value).toEqual(utc(2015, 7, 1));
  });

  it("exports an empty list as a header-only sheet", async () => {
    const workbook = await openWorkbook(await exportEnterprises([]));
    expect(workbook.getWorksheet(ENTERPRISE_SHEET_NAME)!.actualRowCount).toBe(1);
  });
});
