import { Types } from "mongoose";
import { AuditEntry } from "../../models/audit";

export interface Actor {
  id?: string;
  name: string;
  ip?: string;
}

export interface AuditInput {
  action: string;
  outcome?: "success" | "failure";
  resourceType?: string;
  resourceId?: string;
  resourceName?: string;
  unionOrgId?: string;
  enterpriseId?: string;
  before?: unknown;
  after?: unknown;
  detail?: string;
}

const SECRET_KEYS = new Set(["passwordHash", "password", "csrfToken", "token"]);

/** Drops secrets and mongoose internals so before/after are safe to show. */
function clean(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Types.ObjectId) return value.toString();
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEYS.has(key) || key === "__v") continue;
      out[key] = clean(v);
    }
    return out;
  }
  return value;
}

const oid = (id?: string) => (id && Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

/** Appends one entry to the audit trail. */
export async function audit(actor: Actor, input: AuditInput) {
  await AuditEntry.create({
    at: new Date(),
    actorId: oid(actor.id),
    actorName: actor.name,
    ip: actor.ip,
    action: input.action,
    outcome: input.outcome ?? "success",
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    resourceName: input.resourceName,
    unionOrgId: oid(input.unionOrgId),
    enterpriseId: oid(input.enterpriseId),
    before: clean(input.before),
    after: clean(input.after),
    detail: input.detail,
  });
}

export const ACTION_LABELS: Record<string, string> = {
  "auth.sign_in": "登录",
  "auth.sign_out": "退出",
  "auth.sign_out_everywhere": "退出所有设备",
  "auth.change_password": "修改密码",
  "account.create": "开通账号",
  "account.reset": "重发激活链接",
  "account.activate": "激活账号",
  "account.add_role": "添加角色",
  "account.disable": "停用账号",
  "account.enable": "启用账号",
  "org.create": "新建组织",
  "org.rename": "重命名组织",
  "org.move": "移动组织",
  "org.archive": "归档组织",
  "enterprise.create": "登记企业",
  "enterprise.update": "修改企业信息",
  "template.create_draft": "新建问卷草稿版本",
  "template.update": "修改问卷草稿",
  "template.publish": "发布问卷模板",
  "template.import": "导入问卷模板",
  "report.analysis": "修改体检报告问题分析",
  "report.batch": "批量生成体检报告",
  "prescription.draft": "生成法律处方草稿",
  "prescription.edit": "修改处方事项",
  "prescription.add": "添加处方事项",
  "prescription.remove": "删除处方事项",
  "prescription.merge": "合并处方事项",
  "prescription.move": "调整处方事项顺序",
  "prescription.issue": "签发法律处方",
  "prescription_item.acknowledge": "确认整改事项",
  "prescription_item.work": "更新整改说明",
  "prescription_item.submit": "提交整改核验",
  "prescription_item.verify": "核验销号",
  "prescription_item.reject": "退回整改事项",
  "prescription_item.upload_evidence": "上传整改佐证材料",
  "org.rule_set": "设置集体协商规则",
  "bargaining.offer": "发出集体协商要约",
  "bargaining.respond_agree": "同意集体协商",
  "bargaining.respond_agree_other_topics": "同意协商并提出其他议题",
  "bargaining.respond_refuse": "拒绝集体协商",
  "bargaining.request_coordination": "申请协调处理",
  "bargaining.coordination_accepted": "登记协调处理受理",
  "bargaining.conclude_coordination": "登记协调处理结束",
  "bargaining.representatives": "确定协商代表名单",
  "bargaining.preparation": "协商准备（记录员、议程）",
  "bargaining.round": "安排协商会议",
  "bargaining.minutes": "填写会议记录",
  "bargaining.minutes_sign_off": "首席代表确认会议记录",
  "bargaining.suspend": "中止协商",
  "bargaining.topic_add": "提出议题",
  "bargaining.topic_counter": "议题反提案",
  "bargaining.topic_revise": "修改议题方案",
  "bargaining.topic_agree": "议题暂定一致",
  "bargaining.topic_withdraw": "撤回议题",
  "bargaining.topic_retable": "重新提出议题",
  "bargaining.topic_reopen": "重新协商议题",
  "bargaining.agree_draft": "草案协商一致",
  "bargaining.caucus_note": "添加内部记录",
  "bargaining.wage_data": "保存工资数据",
  "bargaining.campaign": "发起集中要约",
  "bargaining.calendar_import": "导入节假日安排",
  "org.approval_rule": "设置职代会表决通过规则",
  "bargaining.coordination_extended": "登记协调处理延期",
  "bargaining.joint_offer": "发起行业性/区域性集体协商",
  "bargaining.propose_renewal": "提出续签集体合同",
  "bargaining.renewed": "集体合同已续签",
  "bargaining.renewal_window": "集体合同进入续签期",
  "bargaining.expired": "集体合同期满终止",
  "cultivation.plan_create": "制定培育计划",
  "cultivation.record_add": "登记培育工作记录",
  "cultivation.due_date": "调整培育事项时限",
  "cultivation.sign_instructor": "指导员签署培育计划",
  "cultivation.countersign": "组织负责人审签培育计划",
  "cultivation.training_create": "发布政策培训",
  "cultivation.training_materials": "上传培训资料",
  "cultivation.training_sign_in": "培训签到",
  "cultivation.survey_open": "发起质量调查",
  "cultivation.survey_close": "结束质量调查",
  "plan_template.publish": "发布培育方案模板",
};
