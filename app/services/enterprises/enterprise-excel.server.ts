/**
 * Enterprise lists as Excel workbooks: the import template, parsing an uploaded file into validated rows,
 * and export. Import, template and export share ENTERPRISE_COLUMNS, so a file exported here imports again.
 */
import ExcelJS from "exceljs";
import { workbookBytes } from "~/lib/xlsx.server";
import { checkCreditCode, makeCreditCode } from "~/domain/credit-code";
import { todayInShanghai, type LocalDate } from "~/domain/dates";
import {
  CONTACT_FIELD_LABELS,
  CONTRACT_STATUS_LABELS,
  DESIGNATION_LEVELS,
  EnterpriseInputSchema,
  INDUSTRIES,
  MAX_CONTACTS,
  contractStateOf,
  formatDesignations,
  industryName,
  parseDesignations,
  sizeBandOf,
  type EnterpriseInput,
} from "~/domain/enterprise";

export const ENTERPRISE_SHEET_NAME = "企业名单";
export const HELP_SHEET_NAME = "填写说明";
export const MAX_IMPORT_ROWS = 5000;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Rows (even formatted empty ones) beyond which exceljs stops reading: guards memory on odd files. */
const MAX_SHEET_ROWS = 100_000;
const HEADER_SEARCH_ROWS = 20;

/** The import/export columns in order. `label` is the name used in error messages. */
export const ENTERPRISE_COLUMNS = [
  {
    key: "name",
    header: "企业名称*",
    label: "企业名称",
    required: true,
    width: 32,
    help: "营业执照上的企业全称，2–100个字。",
  },
  {
    key: "creditCode",
    header: "统一社会信用代码*",
    label: "统一社会信用代码",
    required: true,
    width: 24,
    help: "18位，由数字和大写字母组成（不使用 I、O、S、V、Z），系统会核对第18位校验位。请将单元格设为文本格式，以免 Excel 把全数字的代码变成科学计数法。",
  },
  {
    key: "industry",
    header: "行业门类*（填字母A–T或门类名称）",
    label: "行业门类",
    required: true,
    width: 22,
    help: "国民经济行业分类（GB/T 4754-2017）门类，填字母（如 C）或门类名称（如 制造业），对照表见下方。",
  },
  {
    key: "headcount",
    header: "职工人数*",
    label: "职工人数",
    required: true,
    width: 12,
    help: "整数，1–1,000,000。",
  },
  {
    key: "womenShare",
    header: "女职工占比(%)",
    label: "女职工占比",
    required: false,
    width: 14,
    help: "百分数，0–100，最多一位小数，如 35.5；也可填写百分比格式的数值。",
  },
  { key: "address", header: "地址", label: "地址", required: false, width: 36, help: "不超过200个字。" },
  {
    key: "unionOrg",
    header: "所属工会*（工会组织名称）",
    label: "所属工会",
    required: true,
    width: 26,
    help: "企业所在的工会组织全称，须与系统中的名称一致（如 某某街道总工会），且在您管辖的范围内。",
  },
  {
    key: "contactName",
    header: "联系人",
    label: "联系人",
    required: false,
    width: 12,
    help: `可填多个联系人，用分号“;”分隔（最多${MAX_CONTACTS}个），并与职务、电话一一对应。`,
  },
  {
    key: "contactRole",
    header: "联系人职务",
    label: "联系人职务",
    required: false,
    width: 14,
    help: "如 人力资源经理、工会主席；填写联系人时必填。",
  },
  {
    key: "contactPhone",
    header: "联系电话",
    label: "联系电话",
    required: false,
    width: 18,
    help: "11位手机号，或带区号的固定电话（如 010-12345678）；填写联系人时必填。",
  },
  {
    key: "unionEstablishedOn",
    header: "工会成立日期",
    label: "工会成立日期",
    required: false,
    width: 14,
    help: "日期，如 2018-05-01；未成立工会的留空。",
  },
  {
    key: "congressEstablished",
    header: "是否建立职代会（是/否）",
    label: "是否建立职代会",
    required: false,
    width: 14,
    help: "填“是”或“否”，留空视为“否”。",
  },
  {
    key: "openAffairs",
    header: "是否实行厂务公开（是/否）",
    label: "是否实行厂务公开",
    required: false,
    width: 14,
    help: "填“是”或“否”，留空视为“否”。",
  },
  {
    key: "contractStatus",
    header: "集体合同状态（未签订/协商中/生效中）",
    label: "集体合同状态",
    required: false,
    width: 18,
    help: "填“未签订”“协商中”或“生效中”，留空视为“未签订”。",
  },
  {
    key: "contractValidUntil",
    header: "集体合同有效期至",
    label: "集体合同有效期至",
    required: false,
    width: 16,
    help: "日期，如 2027-12-31；集体合同状态为“生效中”时必填。",
  },
  {
    key: "harmoniousDesignations",
    header: "和谐企业称号（如 2024区级;2025市级）",
    label: "和谐企业称号",
    required: false,
    width: 26,
    help: `获得的和谐劳动关系企业称号，年份加级别（${DESIGNATION_LEVELS.join("、")}），多个用分号“;”分隔，如 2024区级;2025市级。`,
  },
] as const;

export type EnterpriseColumnKey = (typeof ENTERPRISE_COLUMNS)[number]["key"];

const TEXT_COLUMNS: readonly EnterpriseColumnKey[] = ["creditCode", "contactPhone"];
const DATE_COLUMNS: readonly EnterpriseColumnKey[] = ["unionEstablishedOn", "contractValidUntil"];
const DATE_FORMAT = "yyyy-mm-dd";

/** The template's example row; a row identical to it in an upload is ignored. */
const EXAMPLE = {
  name: "示例：某某科技有限公司（导入时忽略本行）",
  creditCode: makeCreditCode("91440300MA5G12345"),
};

export interface ImportContext {
  /** The id of the union organisation with this exact name, if the uploader may register enterprises there. */
  resolveUnionOrg(name: string): string | undefined;
  /** Credit codes already in the system (upper case). */
  existingCreditCodes: ReadonlySet<string>;
}

export interface ParsedEnterpriseRow {
  /** The row number the person sees in Excel. */
  rowNumber: number;
  /** The cells as text, for showing the row in a preview. */
  raw: Partial<Record<EnterpriseColumnKey, string>>;
  /** Present exactly when errors is empty. */
  input?: EnterpriseInput;
  errors: string[];
}

export interface ParsedEnterpriseWorkbook {
  rows: ParsedEnterpriseRow[];
  /** Problems with the file as a whole; when present, rows is empty. */
  fileErrors: string[];
}

export type EnterpriseExportRow = EnterpriseInput & { unionOrgName: string };

// ---------------------------------------------------------------------------------------------- template

export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = addEnterpriseSheet(
    workbook,
    ENTERPRISE_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
  );
  const example = sheet.addRow(
    toCells({
      name: EXAMPLE.name,
      creditCode: EXAMPLE.creditCode,
      industry: "C",
      headcount: 320,
      womenShare: 42.5,
      address: "某某市某某区某某路88号",
      unionOrgId: "",
      unionOrgName: "某某街道总工会",
      contacts: [{ name: "张三", role: "人力资源经理", phone: "13800138000" }],
      unionEstablishedOn: "2018-05-01",
      congressEstablished: true,
      openAffairs: true,
      usesDispatch: false,
      contractStatus: "in_effect",
      contractValidUntil: "2027-12-31",
      harmoniousDesignations: [{ year: 2024, level: "区级" }],
    }),
  );
  example.font = { italic: true, color: { argb: "FF808080" } };
  addInputHelpers(sheet);
  addHelpSheet(workbook);
  return workbookBytes(workbook);
}

function addInputHelpers(sheet: ExcelJS.Worksheet) {
  const lastRow = MAX_IMPORT_ROWS + 1;
  const columnLetter = (key: EnterpriseColumnKey) => sheet.getColumn(columnIndex(key) + 1).letter;
  const list = (key: EnterpriseColumnKey, values: readonly string[], strict: boolean) =>
    dataValidations(sheet).add(`${columnLetter(key)}2:${columnLetter(key)}${lastRow}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${values.join(",")}"`],
      showErrorMessage: strict,
      errorStyle: "stop",
      errorTitle: "输入有误",
      error: `请从下拉列表中选择：${values.join("、")}`,
    });
  list(
    "industry",
    INDUSTRIES.map((i) => i.code),
    false,
  );
  list("congressEstablished", ["是", "否"], true);
  list("openAffairs", ["是", "否"], true);
  list("contractStatus", ["未签订", "协商中", "生效中"], true);
}

function addHelpSheet(workbook: ExcelJS.Workbook) {
  const sheet = workbook.addWorksheet(HELP_SHEET_NAME);
  sheet.columns = [{ width: 30 }, { width: 10 }, { width: 90 }];
  const title = sheet.addRow(["企业名单导入说明"]);
  title.font = { bold: true, size: 14 };
  for (const line of [
    `1. 在“${ENTERPRISE_SHEET_NAME}”工作表中从第2行起每行填写一家企业，不要修改第1行的列名；带 * 的列必填。`,
    "2. 灰色的示例行导入时会被忽略，也可以直接删除。",
    `3. 每次最多导入 ${MAX_IMPORT_ROWS} 家企业；文件须为 .xlsx 格式。`,
    "4. 上传后系统会先逐行检查并列出有问题的行（按 Excel 行号），全部无误后才能确认导入。",
    "5. 统一社会信用代码已在系统中登记的企业不能重复导入，请到企业详情页修改。",
  ]) {
    sheet.addRow([line]);
  }
  sheet.addRow([]);
  styleHeader(sheet.addRow(["列名", "是否必填", "填写要求"]));
  for (const c of ENTERPRISE_COLUMNS) {
    sheet.addRow([c.header, c.required ? "必填" : "选填", c.help]).alignment = {
      wrapText: true,
      vertical: "top",
    };
  }
  sheet.addRow([]);
  styleHeader(sheet.addRow(["行业门类字母", "", "门类名称（GB/T 4754-2017）"]));
  for (const i of INDUSTRIES) sheet.addRow([i.code, "", i.name]);
}

// ------------------------------------------------------------------------------------------------ export

export async function exportEnterprises(
  rows: readonly EnterpriseExportRow[],
  options: { today?: LocalDate } = {},
): Promise<Buffer> {
  const today = options.today ?? todayInShanghai(new Date());
  const workbook = newWorkbook();
  const sheet = addEnterpriseSheet(workbook, [
    ...ENTERPRISE_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
    { header: "规模（按职工人数）", width: 16 },
    { header: `集体合同当前状态（截至${today}）`, width: 18 },
  ]);
  for (const row of rows) {
    sheet.addRow([
      ...toCells(row),
      sizeBandOf(row.headcount).label,
      CONTRACT_STATUS_LABELS[contractStateOf(row, today)],
    ]);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
  return workbookBytes(workbook);
}

/** One enterprise as cells in ENTERPRISE_COLUMNS order. */
function toCells(row: EnterpriseExportRow): ExcelJS.CellValue[] {
  const contacts = row.contacts ?? [];
  const yesNo = (b: boolean) => (b ? "是" : "否");
  const cells: Record<EnterpriseColumnKey, ExcelJS.CellValue> = {
    name: row.name,
    creditCode: row.creditCode,
    industry: `${row.industry} ${industryName(row.industry) ?? ""}`.trim(),
    headcount: row.headcount,
    womenShare: row.womenShare ?? null,
    address: row.address ?? null,
    unionOrg: row.unionOrgName,
    contactName: contacts.map((c) => c.name).join(";") || null,
    contactRole: contacts.map((c) => c.role).join(";") || null,
    contactPhone: contacts.map((c) => c.phone).join(";") || null,
    unionEstablishedOn: row.unionEstablishedOn ? excelDate(row.unionEstablishedOn) : null,
    congressEstablished: yesNo(row.congressEstablished),
    openAffairs: yesNo(row.openAffairs),
    contractStatus: CONTRACT_STATUS_LABELS[row.contractStatus],
    contractValidUntil: row.contractValidUntil ? excelDate(row.contractValidUntil) : null,
    harmoniousDesignations: formatDesignations(row.harmoniousDesignations ?? []) || null,
  };
  return ENTERPRISE_COLUMNS.map((c) => cells[c.key]);
}

/** Excel stores a date as a day count; exceljs maps UTC midnight to a whole day. */
function excelDate(d: LocalDate): Date {
  const [year, month, day] = d.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

// ------------------------------------------------------------------------------------------------ import

/** Reads an uploaded workbook and checks every row. Never throws on a bad file: problems come back as text. */
export async function parseEnterpriseWorkbook(
  data: Buffer | Uint8Array | ArrayBuffer,
  ctx: ImportContext,
): Promise<ParsedEnterpriseWorkbook> {
  const loaded = await loadWorkbook(data);
  if ("error" in loaded) return fileError(loaded.error);
  const located = locateTable(loaded.workbook);
  if ("error" in located) return fileError(located.error);
  const { sheet, headerRow, columns } = located;

  const dataRows: { number: number; cells: Cells }[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells = readCells(row, columns);
    if (Object.keys(cells).length > 0 && !isExampleRow(cells)) dataRows.push({ number: rowNumber, cells });
  });
  if (dataRows.length === 0) return fileError(`“${sheet.name}”工作表的表头下方没有企业数据`);
  if (dataRows.length > MAX_IMPORT_ROWS) {
    return fileError(
      `共有 ${dataRows.length} 行数据，超过单次导入上限 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`,
    );
  }

  const existing = new Set([...ctx.existingCreditCodes].map((c) => c.trim().toUpperCase()));
  const firstRowOfCode = new Map<string, number>();
  const rows: ParsedEnterpriseRow[] = [];
  for (const { number, cells } of dataRows) {
    const parsed = parseRow(cells, ctx);
    const code = parsed.creditCode;
    if (code) {
      const first = firstRowOfCode.get(code);
      if (existing.has(code)) parsed.errors.add("creditCode", "系统中已存在该企业");
      else if (first !== undefined) parsed.errors.add("creditCode", `与第${first}行重复`);
      else firstRowOfCode.set(code, number);
    }
    const errors = parsed.errors.list();
    rows.push({
      rowNumber: number,
      raw: rawTexts(cells),
      ...(errors.length === 0 ? { input: parsed.input } : {}),
      errors,
    });
  }
  return { rows, fileErrors: [] };
}

function fileError(message: string): ParsedEnterpriseWorkbook {
  return { rows: [], fileErrors: [message] };
}

const NOT_XLSX =
  "文件不是 .xlsx 格式的 Excel 工作簿。如果是 .xls 或 .csv 文件，请在 Excel 中“另存为” .xlsx 后再导入";

async function loadWorkbook(
  data: Buffer | Uint8Array | ArrayBuffer,
): Promise<{ workbook: ExcelJS.Workbook } | { error: string }> {
  const bytes = Buffer.isBuffer(data)
    ? data
    : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  if (bytes.length === 0) return { error: "文件是空的，请选择填写好的 .xlsx 文件" };
  if (bytes.length > MAX_FILE_BYTES) return { error: "文件超过 10 MB，请拆分后分批导入" };
  // Old .xls files and password-protected workbooks are OLE compound files, not zip archives.
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return {
      error: "这是旧版 .xls 文件或设置了密码的工作簿，请在 Excel 中取消密码并“另存为” .xlsx 后再导入",
    };
  }
  if (!bytes.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1"))) return { error: NOT_XLSX };
  const workbook = new ExcelJS.Workbook();
  try {
    // Validation and formatting ranges are not needed, and whole-column ranges are slow to expand.
    const options = { ignoreNodes: ["dataValidations", "conditionalFormatting"], maxRows: MAX_SHEET_ROWS };
    // exceljs declares its own Buffer type (an ArrayBuffer); a Node Buffer is what it reads at run time.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, options);
  } catch (error) {
    if (error instanceof Error && /Max row count/i.test(error.message)) {
      return { error: `工作表行数过多，单次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入` };
    }
    return { error: "文件已损坏或不是有效的 .xlsx 工作簿，无法读取" };
  }
  return { workbook };
}

type ColumnMap = Map<EnterpriseColumnKey, number>;

function locateTable(
  workbook: ExcelJS.Workbook,
): { sheet: ExcelJS.Worksheet; headerRow: number; columns: ColumnMap } | { error: string } {
  const sheets = workbook.worksheets.filter((s) => s.name !== HELP_SHEET_NAME);
  if (sheets.length === 0) return { error: NOT_XLSX };
  for (const sheet of sheets) {
    for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS); r++) {
      const columns: ColumnMap = new Map();
      const repeated: string[] = [];
      sheet.getRow(r).eachCell((cell, col) => {
        const column = ENTERPRISE_COLUMNS.find((c) => normalizeHeader(cellText(cell.value)) === c.label);
        if (!column) return;
        if (columns.has(column.key)) repeated.push(column.label);
        else columns.set(column.key, col);
      });
      if (columns.size < 2) continue;
      if (repeated.length > 0)
        return { error: `表头中“${repeated.join("、")}”列出现了不止一次，请删除多余的列` };
      const missing = ENTERPRISE_COLUMNS.filter((c) => c.required && !columns.has(c.key)).map(
        (c) => c.header,
      );
      if (missing.length > 0) {
        return { error: `表头缺少必填列：${missing.join("、")}。请使用系统提供的导入模板` };
      }
      return { sheet, headerRow: r, columns };
    }
  }
  if (sheets.every((s) => s.actualRowCount === 0)) return { error: "工作表是空的，没有表头和企业数据" };
  return {
    error: `未找到表头：第一行应为“${ENTERPRISE_COLUMNS.slice(0, 3)
      .map((c) => c.header)
      .join("、")}……”等列名，请使用系统提供的导入模板`,
  };
}

/** "行业门类*（填字母A–T或门类名称）" and "行业门类" both name the industry column. */
function normalizeHeader(text: string): string {
  return text
    .replace(/\s/g, "")
    .replace(/[*＊]/g, "")
    .replace(/[（(][^）)]*[）)]/g, "");
}

// Cells ---------------------------------------------------------------------------------------------------

type Primitive = string | number | boolean | Date | { error: string } | undefined;
interface Cell {
  value: Primitive;
  /** Shown as a percentage in Excel: 35% is stored as 0.35. */
  percent: boolean;
}
type Cells = Partial<Record<EnterpriseColumnKey, Cell>>;

function primitiveOf(value: ExcelJS.CellValue | undefined): Primitive {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if ("richText" in value) return primitiveOf(value.richText.map((r) => r.text).join(""));
  if ("error" in value) return { error: String(value.error) };
  if ("formula" in value || "sharedFormula" in value) return primitiveOf(value.result as ExcelJS.CellValue);
  if ("hyperlink" in value) return primitiveOf(value.text as ExcelJS.CellValue);
  return undefined;
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  const p = primitiveOf(value);
  return p === undefined ? "" : displayText(p);
}

function displayText(p: Exclude<Primitive, undefined>): string {
  if (p instanceof Date) return dateOfExcel(p) ?? "";
  if (typeof p === "boolean") return p ? "是" : "否";
  if (typeof p === "object") return p.error;
  return String(p).trim();
}

function readCells(row: ExcelJS.Row, columns: ColumnMap): Cells {
  const cells: Cells = {};
  for (const [key, col] of columns) {
    const cell = row.getCell(col);
    const value = primitiveOf(cell.value);
    if (value !== undefined) cells[key] = { value, percent: /%/.test(cell.numFmt ?? "") };
  }
  return cells;
}

function isExampleRow(cells: Cells): boolean {
  return cells.name?.value === EXAMPLE.name && cells.creditCode?.value === EXAMPLE.creditCode;
}

function rawTexts(cells: Cells): ParsedEnterpriseRow["raw"] {
  const raw: ParsedEnterpriseRow["raw"] = {};
  for (const [key, cell] of Object.entries(cells) as [EnterpriseColumnKey, Cell][]) {
    if (cell.value !== undefined) raw[key] = displayText(cell.value);
  }
  return raw;
}

/** Excel dates arrive as UTC midnight of the calendar day. */
function dateOfExcel(d: Date): LocalDate | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().slice(0, 10);
}

/** "2024-5-1", "2024/05/01", "2024.5.1", "2024年5月1日", 20240501 or an Excel day number → "2024-05-01". */
function dateOf(p: Primitive): unknown {
  if (p instanceof Date) return dateOfExcel(p);
  if (typeof p === "number") {
    if (Number.isInteger(p) && p >= 19000101 && p <= 21001231) return dateOf(String(p));
    // Excel day 1 is 1900-01-01; 25569 is 1970-01-01. Only plausible dates, up to 2100.
    if (p >= 1 && p < 73051) return dateOfExcel(new Date(Math.round((p - 25569) * 86_400_000)));
    return String(p);
  }
  if (typeof p !== "string") return p;
  const t = p.trim();
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(t);
  if (!m) return t;
  return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}

// Rows ----------------------------------------------------------------------------------------------------

const COLUMN_ORDER = new Map(ENTERPRISE_COLUMNS.map((c, i) => [c.key as string, i]));
const LABELS = new Map<string, string>(ENTERPRISE_COLUMNS.map((c) => [c.key, c.label]));
LABELS.set("contactEmail", CONTACT_FIELD_LABELS.email);
COLUMN_ORDER.set("contactEmail", COLUMN_ORDER.get("contactPhone")! + 0.5);

const columnIndex = (key: EnterpriseColumnKey) => COLUMN_ORDER.get(key)!;

/** Row errors, listed in column order, each as "列名：原因". */
class RowErrors {
  private items: { order: number; text: string }[] = [];
  private columnsWithOwnErrors = new Set<string>();

  add(key: string, message: string, qualifier = "") {
    const label = LABELS.get(key) ?? key;
    const reason =
      message.startsWith(label) && message.length > label.length ? message.slice(label.length) : message;
    this.items.push({ order: COLUMN_ORDER.get(key) ?? 99, text: `${label}${qualifier}：${reason}` });
  }

  /** An error found while reading the cell: the schema's complaint about the same cell adds nothing. */
  addOwn(key: string, message: string) {
    this.columnsWithOwnErrors.add(key);
    this.add(key, message);
  }

  hasOwn(key: string) {
    return this.columnsWithOwnErrors.has(key);
  }

  list(): string[] {
    return [...this.items].sort((a, b) => a.order - b.order).map((i) => i.text);
  }
}

function parseRow(
  cells: Cells,
  ctx: ImportContext,
): { input?: EnterpriseInput; creditCode?: string; errors: RowErrors } {
  const errors = new RowErrors();
  const value = (key: EnterpriseColumnKey): Primitive => {
    const v = cells[key]?.value;
    if (typeof v === "object" && !(v instanceof Date)) {
      errors.addOwn(key, `单元格是错误值“${v.error}”，请改为实际内容`);
      return undefined;
    }
    return v;
  };
  const text = (key: EnterpriseColumnKey): string | undefined => {
    const v = value(key);
    return v === undefined ? undefined : displayText(v);
  };
  const list = (key: EnterpriseColumnKey) => (text(key) ?? "").split(/[;；\n]/).map((s) => s.trim());

  let creditCode = text("creditCode");
  if (typeof cells.creditCode?.value === "number") {
    errors.addOwn(
      "creditCode",
      "单元格是数字格式，Excel 已把18位代码变成了近似值；请把该列设为文本格式后重新填写",
    );
    creditCode = undefined;
  }

  let unionOrgId: string | undefined;
  const unionOrgName = text("unionOrg");
  if (unionOrgName) {
    unionOrgId = ctx.resolveUnionOrg(unionOrgName);
    if (!unionOrgId) errors.addOwn("unionOrg", `找不到名为“${unionOrgName}”的工会组织`);
  }

  const names = list("contactName");
  const roles = list("contactRole");
  const phones = list("contactPhone");
  const contactCount = Math.max(...[names, roles, phones].map((l) => (l.some(Boolean) ? l.length : 0)));
  const contacts = Array.from({ length: contactCount }, (_, i) => ({
    name: names[i],
    role: roles[i],
    phone: phones[i],
  }));

  const designationText = text("harmoniousDesignations") ?? "";
  const { designations, unreadable } = parseDesignations(designationText);
  for (const item of unreadable) {
    errors.add("harmoniousDesignations", `无法识别“${item}”，应写成如 2024区级;2025市级`);
  }

  const share = value("womenShare");
  const womenShare =
    typeof share === "number" && cells.womenShare?.percent ? Math.round(share * 100 * 1e6) / 1e6 : share;

  const candidate = {
    name: text("name"),
    creditCode,
    industry: text("industry"),
    headcount: value("headcount"),
    womenShare,
    address: text("address"),
    unionOrgId,
    contacts,
    unionEstablishedOn: dateOf(value("unionEstablishedOn")),
    congressEstablished: value("congressEstablished"),
    openAffairs: value("openAffairs"),
    contractStatus: text("contractStatus"),
    contractValidUntil: dateOf(value("contractValidUntil")),
    harmoniousDesignations: designations,
  };
  const parsed = EnterpriseInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, index, sub] = issue.path;
      if (field === "contacts" && typeof index === "number") {
        const key = `contact${String(sub ?? "name").replace(/^./, (c) => c.toUpperCase())}`;
        errors.add(key, issue.message, contactCount > 1 ? `（第${index + 1}个）` : "");
      } else if (field === "contacts") {
        errors.add("contactName", issue.message);
      } else if (field === "harmoniousDesignations" && typeof index === "number" && sub !== undefined) {
        const d = designations[index];
        errors.add("harmoniousDesignations", d ? `“${d.year}${d.level}”${issue.message}` : issue.message);
      } else {
        const key = field === "unionOrgId" ? "unionOrg" : String(field);
        if (!errors.hasOwn(key)) errors.add(key, issue.message);
      }
    }
  }
  const checked = creditCode === undefined ? undefined : checkCreditCode(creditCode);
  return {
    input: parsed.success ? parsed.data : undefined,
    creditCode: checked?.ok ? checked.code : undefined,
    errors,
  };
}

// Workbook helpers ------------------------------------------------------------------------------------------

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "工会协商通";
  workbook.created = new Date();
  return workbook;
}

function addEnterpriseSheet(workbook: ExcelJS.Workbook, columns: { header: string; width: number }[]) {
  const sheet = workbook.addWorksheet(ENTERPRISE_SHEET_NAME, {
    views: [{ state: "frozen", ySplit: 1, xSplit: 1 }],
  });
  sheet.columns = columns.map((c, i) => {
    const key = ENTERPRISE_COLUMNS[i]?.key;
    const numFmt =
      key && TEXT_COLUMNS.includes(key) ? "@" : key && DATE_COLUMNS.includes(key) ? DATE_FORMAT : undefined;
    return { header: c.header, width: c.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = sheet.getRow(1);
  styleHeader(header);
  header.height = 36;
  ENTERPRISE_COLUMNS.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).font = { bold: true, color: { argb: "FFC00000" } };
  });
  return sheet;
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin", color: { argb: "FF8EA9DB" } } };
  });
}

/** exceljs keeps data validations on the worksheet but leaves them out of its type declarations. */
function dataValidations(sheet: ExcelJS.Worksheet) {
  return (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
}
