/**
 * The congress roster (职工代表大会 representatives, or every employee for a 职工大会) and the composition
 * warnings of 《企业民主管理规定》 as shared/domain/bargaining.md gives them: at least 30 representatives and
 * at least 5 % of the employees (beyond 100 representatives, by agreement), front-line workers at least half,
 * women in proportion to the workforce. They are warnings, never refusals: the union may have reasons, and
 * the vote's legal thresholds (quorum, approval) are checked elsewhere against whatever roster it keeps.
 *
 * The text of 企业民主管理规定 is not shipped (templates/statutes has no entry for it), so no article number
 * is cited: the source reads "《企业民主管理规定》（全文未收录）".
 */
import { formatStatuteTitle } from "../citation-format";

export type AssemblyKind = "congress" | "assembly";

export const ASSEMBLY_LABELS: Record<AssemblyKind, string> = {
  congress: "职工代表大会",
  assembly: "职工大会",
};

/** "职工代表" or "职工": who is on the roster. */
export const MEMBER_LABELS: Record<AssemblyKind, string> = {
  congress: "职工代表",
  assembly: "职工",
};

export type Gender = "female" | "male";

export interface RosterMember {
  /** The service's id of the roster entry. */
  id: string;
  name: string;
  /** 工号: unique within the roster. */
  employeeNo: string;
  gender: Gender;
  /** 一线职工 */
  frontLine: boolean;
  /** 选区 / 部门, where kept. */
  unit: string | null;
}

/** The enterprise's workforce, for the 5 % and women-in-proportion warnings. */
export interface Workforce {
  employees: number;
  women: number;
}

export const DEMOCRATIC_MANAGEMENT_SOURCE = `${formatStatuteTitle("企业民主管理规定")}（全文未收录）`;

export interface RosterIssue {
  /** 0-based index in the list as entered. */
  index: number;
  field: "id" | "name" | "employeeNo";
  message: string;
}

/** Errors in a typed roster: empty names or numbers, a 工号 or id twice. */
export function validateRoster(members: readonly RosterMember[]): RosterIssue[] {
  const issues: RosterIssue[] = [];
  const ids = new Map<string, number>();
  const numbers = new Map<string, number>();
  members.forEach((m, index) => {
    if (m.name.trim() === "")
      issues.push({ index, field: "name", message: `第${index + 1}人的姓名不能为空` });
    const no = m.employeeNo.trim();
    if (no === "") issues.push({ index, field: "employeeNo", message: `第${index + 1}人的工号不能为空` });
    else if (numbers.has(no))
      issues.push({
        index,
        field: "employeeNo",
        message: `工号“${no}”重复（第${(numbers.get(no) ?? 0) + 1}人和第${index + 1}人）`,
      });
    else numbers.set(no, index);
    if (ids.has(m.id))
      issues.push({ index, field: "id", message: `名单中同一人出现两次（第${index + 1}人）` });
    else ids.set(m.id, index);
  });
  return issues;
}

export type CompositionCode =
  | "fewer_than_30"
  | "below_five_percent"
  | "front_line_below_half"
  | "women_below_proportion"
  | "women_unchecked"
  | "assembly_incomplete";

export interface CompositionWarning {
  code: CompositionCode;
  message: string;
  /** Always 《企业民主管理规定》（全文未收录）: the rules come from bargaining.md, not from a shipped text. */
  sourceLabel: string;
}

export const MIN_REPRESENTATIVES = 30;
/** Above this many representatives the number is set by agreement (bargaining.md). */
const AGREED_ABOVE = 100;

/** ⌈employees × 5 / 100⌉, at least 30, and no more than 100 (the rest is by agreement). */
export function requiredRepresentatives(employees: number): number {
  if (!Number.isInteger(employees) || employees < 0)
    throw new RangeError(`职工人数必须是非负整数：${employees}`);
  const fivePercent = Math.ceil((employees * 5) / 100);
  return Math.max(MIN_REPRESENTATIVES, Math.min(AGREED_ABOVE, fivePercent));
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.round((part * 1000) / whole) / 10}%`;
}

/** Warnings (never refusals) on the roster's composition; empty when nothing to note. */
export function compositionWarnings(
  members: readonly RosterMember[],
  kind: AssemblyKind,
  workforce: Workforce | null,
): CompositionWarning[] {
  const warnings: CompositionWarning[] = [];
  const warn = (code: CompositionCode, message: string) =>
    warnings.push({ code, message, sourceLabel: DEMOCRATIC_MANAGEMENT_SOURCE });
  const count = members.length;

  if (kind === "assembly") {
    if (workforce && count !== workforce.employees)
      warn(
        "assembly_incomplete",
        `职工大会的名单应为全体职工：名单${count}人，职工总数${workforce.employees}人。表决按名单人数计算出席和同意人数`,
      );
    return warnings;
  }

  if (count < MIN_REPRESENTATIVES)
    warn("fewer_than_30", `职工代表应不少于${MIN_REPRESENTATIVES}人，名单现有${count}人`);
  if (workforce) {
    const required = requiredRepresentatives(workforce.employees);
    if (required > MIN_REPRESENTATIVES && count < required)
      warn(
        "below_five_percent",
        `职工代表人数应不少于职工总数（${workforce.employees}人）的5%，即至少${required}人（超过100人的部分可由企业与工会协商确定），名单现有${count}人`,
      );
  }
  const frontLine = members.filter((m) => m.frontLine).length;
  if (frontLine * 2 < count)
    warn(
      "front_line_below_half",
      `一线职工代表应不少于代表总数的一半：现有${frontLine}人，占${percent(frontLine, count)}`,
    );

  const women = members.filter((m) => m.gender === "female").length;
  if (!workforce || workforce.employees === 0)
    warn("women_unchecked", "未填写职工总数和女职工人数，无法核对女职工代表比例");
  else if (women * workforce.employees < workforce.women * count)
    warn(
      "women_below_proportion",
      `女职工代表比例应与女职工占职工总数的比例相适应：女职工占${percent(workforce.women, workforce.employees)}，女职工代表${women}人，占${percent(women, count)}`,
    );
  return warnings;
}
