/**
 * The default cultivation plan template (一企一策 培育方案): the Daxing model's "四个一" — one health-check
 * report, one problem analysis, one policy training, one improved set of rules — around a first visit,
 * one-to-one guidance, prescriptions rectified, a collective contract in effect, an employee congress and
 * the evaluation for the 和谐劳动关系企业 designation. Offsets count days from the plan's start; group
 * trainings fall in June to September for a plan started in spring.
 */
import type { PlanTemplateContent } from "../../app/domain/cultivation/plan-template";

export const DEFAULT_PLAN_TEMPLATE_KEY = "default-cultivation";

export const DEFAULT_PLAN_TEMPLATE: PlanTemplateContent = {
  title: "和谐劳动关系企业培育方案（默认模板）",
  defaultRectifyThreshold: 80,
  milestones: [
    {
      key: "first_visit",
      title: "首次走访",
      kind: "visit",
      stage: "visit",
      offsetDays: 14,
      assignees: [],
      description: "走访企业，了解劳动用工和工会工作现状，商定培育重点。",
    },
    {
      key: "health_check",
      title: "法律体检",
      kind: "health_check",
      stage: "diagnosis",
      offsetDays: 45,
      assignees: [],
      description: "完成一次劳动用工法律体检并通过审核（出具一份体检报告）。",
    },
    {
      key: "problem_analysis",
      title: "问题分析",
      kind: "report_analysis",
      stage: "diagnosis",
      offsetDays: 60,
      assignees: [],
      description: "在体检报告中出具指导员的问题分析（开展一次问题分析）。",
    },
    {
      key: "guidance",
      title: "一对一辅导与普法",
      kind: "consultation",
      stage: "rectification",
      offsetDays: 100,
      assignees: [],
      description: "入企一对一辅导、免费法律咨询或普法讲座，记录辅导内容和后续安排。",
    },
    {
      key: "policy_training",
      title: "政策培训",
      kind: "training",
      stage: "rectification",
      offsetDays: 150,
      assignees: [],
      description: "企业派员参加一次政策培训（举办一次政策培训）。",
    },
    {
      key: "rules_improved",
      title: "完善规章制度",
      kind: "rules",
      stage: "rectification",
      offsetDays: 165,
      assignees: ["hr"],
      description: "修订完善一套劳动规章制度，上传修订后的制度文件（完善一套规章制度）。",
    },
    {
      key: "prescriptions_rectified",
      title: "法律处方整改",
      kind: "prescriptions",
      stage: "rectification",
      offsetDays: 180,
      assignees: [],
      description: "法律处方事项按计划设定的比例核验销号。",
    },
    {
      key: "collective_contract",
      title: "集体合同生效或续签",
      kind: "contract",
      stage: "democracy",
      offsetDays: 240,
      assignees: [],
      description: "召开集体协商现场会，签订或续签集体合同并生效。",
    },
    {
      key: "employee_congress",
      title: "召开职工代表大会",
      kind: "congress",
      stage: "democracy",
      offsetDays: 270,
      assignees: ["chair"],
      description: "召开职工代表大会，记录会议日期并上传会议纪要。",
    },
    {
      key: "designation_evaluation",
      title: "和谐劳动关系企业评估",
      kind: "evaluation",
      stage: "evaluation",
      offsetDays: 330,
      assignees: [],
      description: "参加和谐劳动关系企业评估，记录评估结果、年度和授予单位。",
    },
  ],
};
