/**
 * Roster import from a spreadsheet (.xlsx read by the service into rows of cells): the first row names the
 * columns, each later row is one person. All or nothing: any error refuses the whole file, each error named
 * by its spreadsheet row (1-based, the header is row 1) and column.
 *
 * Columns: 姓名, 工号 (also 职工编号 / 员工编号), 性别 (男 / 女), 是否一线职工 (also 一线职工 / 一线: 是 / 否),
 * and optionally 选区 (also 部门). Blank rows are skipped.
 */
import type { Gender, RosterMember } from "./roster";

export type RosterField = "name" | "employeeNo" | "gender" | "frontLine" | "unit";

const COLUMNS: Record<RosterField, { label: string; aliases: readonly string[]; required: boolean }> = {
  name: { label: "姓名", aliases: ["姓名"], required: true },
  employeeNo: { label: "工号", aliases: ["工号", "职工编号", "员工编号"], required: true },
  gender: { label: "性别", aliases: ["性别"], required: true },
  frontLine: { label: "是否一线职工", aliases: ["是否一线职工", "一线职工", "一线"], required: true },
  unit: { label: "选区", aliases: ["选区", "部门"], required: false },
};

const FIELDS = Object.keys(COLUMNS) as RosterField[];

export const MAX_ROSTER_ROWS = 10_000;
const MAX_NAME = 50;

export interface RosterImportError {
  /** Spreadsheet row, 1-based (the header is row 1). */
  row: number;
  /** The column's label, or null for the whole row / file. */
  column: string | null;
  message: string;
}

/** A person as imported: the service gives each an id when it stores the roster. */
export type ImportedMember = Omit<RosterMember, "id">;

export type RosterImport =
  { ok: true; members: ImportedMember[] } | { ok: false; errors: RosterImportError[] };

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number" && Number.isFinite(cell)) return String(cell);
  if (typeof cell === "boolean") return cell ? "是" : "否";
  if (typeof cell === "string") return cell.replace(/\u3000/g, " ").trim();
  return "";
}

function parseGender(text: string): Gender | null {
  if (["女", "女性", "F", "f"].includes(text)) return "female";
  if (["男", "男性", "M", "m"].includes(text)) return "male";
  return null;
}

function parseYesNo(text: string): boolean | null {
  if (["是", "Y", "y", "1", "TRUE", "true", "√"].includes(text)) return true;
  if (["否", "N", "n", "0", "FALSE", "false", "×"].includes(text)) return false;
  return null;
}

/** Which column holds each field, from the header row; errors for missing or doubled columns. */
function mapHeader(header: readonly unknown[]): {
  columns: Partial<Record<RosterField, number>>;
  errors: RosterImportError[];
} {
  const columns: Partial<Record<RosterField, number>> = {};
  const errors: RosterImportError[] = [];
  header.forEach((cell, index) => {
    const text = cellText(cell);
    const field = FIELDS.find((f) => COLUMNS[f].aliases.includes(text));
    if (!field) return;
    if (columns[field] !== undefined)
      errors.push({
        row: 1,
        column: COLUMNS[field].label,
        message: `表头中“${COLUMNS[field].label}”列出现了两次`,
      });
    else columns[field] = index;
  });
  for (const f of FIELDS) {
    if (COLUMNS[f].required && columns[f] === undefined)
      errors.push({ row: 1, column: COLUMNS[f].label, message: `表头缺少“${COLUMNS[f].label}”列` });
  }
  return { columns, errors };
}

/** Rows of cells (header first) → the roster, or every error found; never part of it. */
export function parseRosterSheet(rows: readonly (readonly unknown[])[]): RosterImport {
  if (rows.length === 0)
    return { ok: false, errors: [{ row: 1, column: null, message: "文件是空的，请使用名单模板" }] };
  const { columns, errors } = mapHeader(rows[0]);
  if (errors.length > 0) return { ok: false, errors };
  const get = (row: readonly unknown[], f: RosterField) => {
    const i = columns[f];
    return i === undefined ? "" : cellText(row[i]);
  };

  const members: ImportedMember[] = [];
  const seen = new Map<string, number>();
  const body = rows.slice(1);
  if (body.length > MAX_ROSTER_ROWS)
    return { ok: false, errors: [{ row: 1, column: null, message: `名单不能超过${MAX_ROSTER_ROWS}行` }] };
  body.forEach((row, i) => {
    const rowNo = i + 2;
    if (FIELDS.every((f) => get(row, f) === "")) return;
    const fail = (f: RosterField, message: string) =>
      errors.push({ row: rowNo, column: COLUMNS[f].label, message });
    const name = get(row, "name");
    const employeeNo = get(row, "employeeNo");
    const genderText = get(row, "gender");
    const frontLineText = get(row, "frontLine");
    const gender = parseGender(genderText);
    const frontLine = parseYesNo(frontLineText);
    if (name === "") fail("name", "姓名不能为空");
    else if (name.length > MAX_NAME) fail("name", `姓名不能超过${MAX_NAME}个字`);
    if (employeeNo === "") fail("employeeNo", "工号不能为空");
    else if (seen.has(employeeNo)) fail("employeeNo", `工号“${employeeNo}”与第${seen.get(employeeNo)}行重复`);
    else seen.set(employeeNo, rowNo);
    if (gender === null)
      fail("gender", genderText === "" ? "性别不能为空" : `性别应填“男”或“女”，不能是“${genderText}”`);
    if (frontLine === null)
      fail(
        "frontLine",
        frontLineText === "" ? "请填写是否一线职工" : `是否一线职工应填“是”或“否”，不能是“${frontLineText}”`,
      );
    if (gender !== null && frontLine !== null && name !== "" && employeeNo !== "") {
      const unit = get(row, "unit");
      members.push({ name, employeeNo, gender, frontLine, unit: unit === "" ? null : unit });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (members.length === 0)
    return { ok: false, errors: [{ row: 2, column: null, message: "名单中没有人员" }] };
  return { ok: true, members };
}
