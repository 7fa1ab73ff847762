/**
 * Cultivation plan templates (培育助推, 一企一策): versioned data that lists a plan's milestones, the stage
 * each belongs to, its default offset from the plan's start, how it is proved and who may add its records.
 * The default template is data in templates/cultivation/; admins publish new versions as JSON.
 */
import * as z from "zod";

/** Milestones other records prove; they complete themselves (services/cultivation/proofs.server.ts). */
export const AUTO_KINDS = [
  "health_check",
  "report_analysis",
  "prescriptions",
  "training",
  "contract",
] as const;
/** Milestones a person proves with a record (a visit log, the improved rules, the congress, the result). */
export const MANUAL_KINDS = ["visit", "consultation", "rules", "congress", "evaluation"] as const;
export const MILESTONE_KINDS = [...AUTO_KINDS, ...MANUAL_KINDS] as const;
export type AutoKind = (typeof AUTO_KINDS)[number];
export type ManualKind = (typeof MANUAL_KINDS)[number];
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const isManualKind = (kind: MilestoneKind): kind is ManualKind =>
  (MANUAL_KINDS as readonly string[]).includes(kind);

export const MILESTONE_KIND_LABELS: Record<MilestoneKind, string> = {
  health_check: "法律体检通过审核",
  report_analysis: "体检报告及问题分析出具",
  prescriptions: "法律处方整改核验",
  training: "参加政策培训",
  contract: "集体合同生效",
  visit: "走访记录",
  consultation: "咨询/普法记录",
  rules: "规章制度文件",
  congress: "职代会召开记录",
  evaluation: "评估结果",
};

/**
 * Plan stages, in order. A plan stands in the stage of its first open milestone; when every milestone is
 * done it waits for sign-off (its status then says whether it is signed).
 */
export const STAGES = ["visit", "diagnosis", "rectification", "democracy", "evaluation"] as const;
export type Stage = (typeof STAGES)[number];
export type PlanStage = Stage | "sign_off" | "signed_off";
export const STAGE_LABELS: Record<PlanStage, string> = {
  visit: "走访摸底",
  diagnosis: "体检诊断",
  rectification: "培训整改",
  democracy: "协商建制",
  evaluation: "评估验收",
  sign_off: "待审签",
  signed_off: "已审签",
};
export const PLAN_STAGES: readonly PlanStage[] = [...STAGES, "sign_off", "signed_off"];

/** Who, besides the instructors of the enterprise's organisation, may add a manual milestone's records. */
export const ASSIGNEES = ["hr", "chair"] as const;
export type Assignee = (typeof ASSIGNEES)[number];

export interface MilestoneDef {
  key: string;
  title: string;
  kind: MilestoneKind;
  stage: Stage;
  /** Days from the plan's start to the default due date. */
  offsetDays: number;
  /** Enterprise roles that may add records (manual milestones only). */
  assignees: Assignee[];
  /** One sentence on what the milestone asks for (shown on the plan page and in the Word file). */
  description: string;
}

export interface PlanTemplateContent {
  title: string;
  /** Share of prescription items (percent) that must be verified; a plan may set its own. */
  defaultRectifyThreshold: number;
  milestones: MilestoneDef[];
}

const MilestoneSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, "里程碑编号只能用小写字母、数字和下划线（2–40 位，字母开头）"),
    title: z.string().trim().min(2, "里程碑名称至少 2 个字").max(40, "里程碑名称最多 40 个字"),
    kind: z.enum(MILESTONE_KINDS, { error: "里程碑类型无效" }),
    stage: z.enum(STAGES, { error: "阶段无效" }),
    offsetDays: z.number().int("偏移天数须为整数").min(0, "偏移天数不能为负").max(730, "偏移天数不超过 730"),
    assignees: z.array(z.enum(ASSIGNEES, { error: "协办角色无效" })).max(2),
    description: z.string().trim().max(200, "说明最多 200 字"),
  })
  .strict();

export const PlanTemplateSchema = z
  .object({
    title: z.string().trim().min(2, "模板名称至少 2 个字").max(60, "模板名称最多 60 个字"),
    defaultRectifyThreshold: z
      .number()
      .int()
      .min(1, "整改核验比例在 1–100 之间")
      .max(100, "整改核验比例在 1–100 之间"),
    milestones: z.array(MilestoneSchema).min(1, "至少一个里程碑").max(30, "最多 30 个里程碑"),
  })
  .strict();

/** Checks a template's content (JSON an admin imports): Chinese problems, or the content. */
export function validatePlanTemplate(
  raw: unknown,
): { ok: true; content: PlanTemplateContent } | { ok: false; problems: string[] } {
  const parsed = PlanTemplateSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}：` : ""}${i.message}`),
    };
  }
  const content = parsed.data as PlanTemplateContent;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of content.milestones) {
    if (seen.has(m.key)) problems.push(`里程碑编号“${m.key}”重复`);
    seen.add(m.key);
    if (!isManualKind(m.kind) && m.assignees.length)
      problems.push(`“${m.title}”由系统自动完成，不能指定协办角色`);
  }
  const order = content.milestones.map((m) => STAGES.indexOf(m.stage));
  if (order.some((s, i) => i > 0 && s < order[i - 1])) problems.push("里程碑须按阶段顺序排列");
  return problems.length ? { ok: false, problems } : { ok: true, content };
}
