/**
 * Milestone rules of a cultivation plan: due dates from the template's offsets, what completes a milestone
 * (a proving record elsewhere, or a record of its own that says enough), the plan's stage, its next action
 * and how urgent it is. Pure: dates are Shanghai calendar dates and "today" is passed in.
 */
import { addDays, daysBetween, isValidLocalDate, type LocalDate } from "../dates";
import { DESIGNATION_LEVELS } from "../enterprise";
import {
  STAGES,
  type ManualKind,
  type MilestoneDef,
  type MilestoneKind,
  type PlanStage,
  type Stage,
} from "./plan-template";

export interface PlanMilestone {
  key: string;
  title: string;
  kind: MilestoneKind;
  stage: Stage;
  dueOn: LocalDate;
  /** The day it was completed (Shanghai), or null while open. */
  doneOn: LocalDate | null;
}

/** A milestone's due date: `offsetDays` after the plan's start (the start day is day 0). */
export function dueDateFor(startOn: LocalDate, offsetDays: number): LocalDate {
  if (!isValidLocalDate(startOn)) throw new RangeError(`无效的开始日期：${String(startOn)}`);
  if (!Number.isInteger(offsetDays) || offsetDays < 0) throw new RangeError(`无效的偏移天数：${offsetDays}`);
  return addDays(startOn, offsetDays);
}

/** The milestones of a new plan from a template, each with its default due date. */
export function milestonesFor(defs: readonly MilestoneDef[], startOn: LocalDate): PlanMilestone[] {
  return defs.map((d) => ({
    key: d.key,
    title: d.title,
    kind: d.kind,
    stage: d.stage,
    dueOn: dueDateFor(startOn, d.offsetDays),
    doneOn: null,
  }));
}

/** Due within this many days counts as "due soon" (a fortnight: visits and trainings need planning). */
export const DUE_SOON_DAYS = 14;

export type MilestoneStatus = "done" | "overdue" | "due_soon" | "open";
export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  done: "已完成",
  overdue: "已逾期",
  due_soon: "即将到期",
  open: "未开始",
};

/** Done, or by its due date: overdue only from the day after the due date. */
export function milestoneStatus(
  m: Pick<PlanMilestone, "dueOn" | "doneOn">,
  today: LocalDate,
): MilestoneStatus {
  if (m.doneOn) return "done";
  const left = daysBetween(today, m.dueOn);
  if (left < 0) return "overdue";
  if (left <= DUE_SOON_DAYS) return "due_soon";
  return "open";
}

// ——— What completes a milestone ———————————————————————————————————————————————————————————————

/**
 * Prescription items verified up to the plan's threshold (a percentage of the issued items). A prescription
 * without items proves nothing: there was nothing to rectify, so the milestone is settled by hand.
 */
export function rectificationMet(counts: { verified: number; total: number }, thresholdPercent: number) {
  if (counts.total <= 0) return false;
  return counts.verified * 100 >= thresholdPercent * counts.total;
}

/** The facts another module reports; each says whether it proves its milestone kind. */
export type Proof =
  | { kind: "health_check"; assessmentStatus: string }
  | { kind: "report_analysis"; analysis: string }
  | { kind: "prescriptions"; verified: number; total: number; thresholdPercent: number }
  | { kind: "training"; attended: boolean }
  | { kind: "contract"; inEffectOn: LocalDate | null };

export function proofCompletes(proof: Proof): boolean {
  switch (proof.kind) {
    case "health_check":
      return proof.assessmentStatus === "accepted";
    case "report_analysis":
      return proof.analysis.trim().length > 0;
    case "prescriptions":
      return rectificationMet(proof, proof.thresholdPercent);
    case "training":
      return proof.attended;
    case "contract":
      return proof.inEffectOn !== null && isValidLocalDate(proof.inEffectOn);
  }
}

/** Photos and files one record may carry. */
export const MAX_FILES_PER_RECORD = 10;

/** A record for a manual milestone, as a person fills it in. */
export interface RecordInput {
  date: LocalDate;
  /** Visits and consultations: the people met. */
  peopleMet?: string;
  /** Visits and consultations: what was found. */
  findings?: string;
  nextSteps?: string;
  /** Improved rules: the rule's name. */
  ruleName?: string;
  /** The congress: its minutes as text (or as a file). */
  minutes?: string;
  /** The evaluation's result. */
  result?: "awarded" | "not_awarded";
  awardYear?: number;
  /** 区级 / 市级 / 省级 / 全国, as the enterprise's designations are recorded. */
  awardLevel?: string;
  awardingOrg?: string;
  fileCount: number;
}

/**
 * What a manual milestone's record must say before it completes the milestone; null when it does. A record
 * that is not enough yet can still be saved (a visit with findings to be typed later) — it just does not
 * complete anything.
 */
export function recordShortfall(kind: ManualKind, r: RecordInput): string | null {
  if (!isValidLocalDate(r.date)) return "请填写日期";
  const has = (s: string | undefined) => !!s && s.trim().length > 0;
  switch (kind) {
    case "visit":
    case "consultation":
      if (!has(r.peopleMet)) return "请填写会见人员";
      if (!has(r.findings)) return "请填写发现的情况";
      return null;
    case "rules":
      if (!has(r.ruleName)) return "请填写规章制度名称";
      if (r.fileCount < 1) return "请上传完善后的规章制度文件";
      return null;
    case "congress":
      if (!has(r.minutes) && r.fileCount < 1) return "请填写或上传职代会会议纪要";
      return null;
    case "evaluation":
      if (!r.result) return "请选择评估结果";
      if (r.result === "awarded") {
        if (!r.awardYear || r.awardYear < 2000 || r.awardYear > 2100) return "请填写获评年度";
        if (!(DESIGNATION_LEVELS as readonly string[]).includes(r.awardLevel ?? "")) return "请选择称号级别";
        if (!has(r.awardingOrg)) return "请填写授予单位";
      }
      return null;
  }
}

// ——— Stage, next action, urgency ———————————————————————————————————————————————————————————————

export type PlanStatus = "active" | "instructor_signed" | "signed_off";
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  active: "培育中",
  instructor_signed: "指导员已签，待负责人审签",
  signed_off: "已审签",
};

/** The stage of the first open milestone in stage order; all done → waiting for (or past) sign-off. */
export function planStage(milestones: readonly PlanMilestone[], status: PlanStatus): PlanStage {
  if (status === "signed_off") return "signed_off";
  const open = milestones.filter((m) => !m.doneOn);
  if (open.length === 0 || status === "instructor_signed") return "sign_off";
  return STAGES.find((s) => open.some((m) => m.stage === s)) ?? "sign_off";
}

/** The open milestone due first (template order breaks ties); null when every one is done. */
export function nextAction(milestones: readonly PlanMilestone[]): PlanMilestone | null {
  let next: PlanMilestone | null = null;
  for (const m of milestones) {
    if (m.doneOn) continue;
    if (!next || m.dueOn < next.dueOn) next = m;
  }
  return next;
}

export function overdueMilestones(milestones: readonly PlanMilestone[], today: LocalDate): PlanMilestone[] {
  return milestones.filter((m) => milestoneStatus(m, today) === "overdue");
}

export type RiskLevel = "high" | "medium" | "low";
const RISK_RANK: Record<RiskLevel | "none", number> = { high: 0, medium: 1, low: 2, none: 3 };

export interface UrgencyInput {
  milestones: readonly PlanMilestone[];
  status: PlanStatus;
  riskLevel: RiskLevel | null;
}

/**
 * How urgent a plan is, as a sortable key (smaller first): plans with overdue milestones first (more
 * overdue first, then the longest overdue), then by the next due date, then by the latest risk level; a
 * plan waiting for sign-off comes after every open plan, a signed-off one last.
 */
export function urgencyKey(p: UrgencyInput, today: LocalDate): [number, number, number, number] {
  if (p.status === "signed_off") return [3, 0, 0, 0];
  const overdue = overdueMilestones(p.milestones, today);
  const next = nextAction(p.milestones);
  const risk = RISK_RANK[p.riskLevel ?? "none"];
  if (overdue.length) {
    const oldest = Math.min(...overdue.map((m) => daysBetween(today, m.dueOn)));
    return [0, -overdue.length, oldest, risk];
  }
  if (!next || p.status === "instructor_signed") return [2, 0, 0, risk];
  return [1, daysBetween(today, next.dueOn), risk, 0];
}

export function compareUrgency(a: UrgencyInput, b: UrgencyInput, today: LocalDate): number {
  const ka = urgencyKey(a, today);
  const kb = urgencyKey(b, today);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return 0;
}

/** Days from a date to another, for "逾期 N 天" / "N 天后到期" labels. */
export function dueLabel(m: Pick<PlanMilestone, "dueOn" | "doneOn">, today: LocalDate): string {
  if (m.doneOn) return `${m.doneOn} 完成`;
  const left = daysBetween(today, m.dueOn);
  if (left < 0) return `逾期 ${-left} 天`;
  if (left === 0) return "今天到期";
  return `${left} 天后到期`;
}
