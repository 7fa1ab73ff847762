/**
 * The audit trail in Chinese: action names, the kinds of objects acted on, field names and values
 * (statuses, roles, yes/no), and before/after as a list of changed fields. Pure; the service resolves
 * ids to names and passes them in.
 */
import { formatFileSize } from "../evidence";
import { CONTRACT_STATUS_LABELS, type ContractState } from "../enterprise";
import { ASSESSMENT_STATUS_LABELS, type AssessmentStatus } from "../health-check/status";
import { PRIORITY_LABELS, type Priority } from "../prescriptions/items";
import { ITEM_STATUS_LABELS, type ItemStatus } from "../prescriptions/status";
import { VERSION_STATUS_LABELS, type VersionStatus } from "../versioning";
import { ORG_KIND_LABELS, ROLE_LABELS, type OrgKind, type Role } from "../roles";

/** Action → name, in the groups the filter shows them. */
export const ACTION_GROUPS: readonly { label: string; actions: Readonly<Record<string, string>> }[] = [
  {
    label: "账号与登录",
    actions: {
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
      "account.set_head": "设为工会组织负责人",
      "account.clear_head": "取消工会组织负责人",
    },
  },
  {
    label: "工会组织与企业",
    actions: {
      "org.create": "新建组织",
      "org.rename": "重命名组织",
      "org.move": "移动组织",
      "org.archive": "归档组织",
      "org.document_style": "修改机关代字和版头",
      "enterprise.create": "登记企业",
      "enterprise.update": "修改企业信息",
    },
  },
  {
    label: "问卷模板",
    actions: {
      "template.create_draft": "新建问卷草稿版本",
      "template.update": "修改问卷草稿",
      "template.publish": "发布问卷模板",
      "template.import": "导入问卷模板",
    },
  },
  {
    label: "法律体检",
    actions: {
      "assessment.start": "发起法律体检",
      "assessment.upload_evidence": "上传体检佐证材料",
      "assessment.submit": "提交体检审核",
      "assessment.return": "退回体检修改",
      "assessment.accept": "体检审核通过",
    },
  },
  {
    label: "体检报告",
    actions: {
      "report.analysis": "修改体检报告问题分析",
      "report.batch": "批量生成体检报告",
    },
  },
  {
    label: "法律处方",
    actions: {
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
      "prescription_item.remove_evidence": "删除整改佐证材料",
    },
  },
  {
    label: "集体协商",
    actions: {
      "org.rule_set": "设置集体协商规则",
      "org.approval_rule": "设置职代会表决通过规则",
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
      "bargaining.coordination_extended": "登记协调处理延期",
      "bargaining.joint_offer": "发起行业性、区域性集体协商",
      "bargaining.propose_renewal": "提出续签集体合同",
      "bargaining.renewed": "集体合同已续签",
      "bargaining.renewal_window": "集体合同进入续签期",
      "bargaining.expired": "集体合同期满终止",
      "bargaining.submit_to_congress": "提交职工代表大会审议",
      "bargaining.record_vote_passed": "职工代表大会通过草案",
      "bargaining.record_vote_failed": "职工代表大会未通过草案",
      "bargaining.file": "报送劳动行政部门审查",
      "bargaining.confirm_receipt": "登记劳动行政部门收到文本",
      "bargaining.record_objection": "登记审查异议",
    },
  },
  {
    label: "合同草案与职代会表决",
    actions: {
      "contract_library.import": "导入集体合同条款库",
      "contract_library.publish": "发布集体合同条款库",
      "contract.draft_assemble": "生成合同草案",
      "contract.comment": "发表条款审阅意见",
      "contract.comment_reply": "回复条款审阅意见",
      "contract.comment_resolve": "条款审阅意见已解决",
      "contract.comment_reopen": "重新打开条款审阅意见",
      "contract.suggest": "提出条款修改建议",
      "contract.suggestion_accept": "采纳条款修改建议",
      "contract.suggestion_decline": "不采纳条款修改建议",
      "contract.suggestion_withdraw": "撤回条款修改建议",
      "congress.roster": "保存职工代表名单",
      "congress.link": "关联代表投票账号",
      "congress.meeting": "召集职工代表大会",
      "congress.check_in": "会议签到",
      "congress.check_out": "取消签到",
      "congress.open": "开始表决",
      "congress.paper_print": "生成纸质选票",
      "congress.paper_slip": "登记领取纸质选票",
      "congress.close": "截止投票",
      "contract.sign": "首席代表签字",
      "contract.approval_notice": "登记收到草案通过的书面告知",
      "contract.publish": "登记集体合同公布日期",
    },
  },
  {
    label: "培育助推",
    actions: {
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
    },
  },
];

export const ACTION_LABELS: Readonly<Record<string, string>> = Object.assign(
  {},
  ...ACTION_GROUPS.map((g) => g.actions),
);

export const RESOURCE_TYPE_LABELS: Readonly<Record<string, string>> = {
  user: "账号",
  union_org: "工会组织",
  enterprise: "企业",
  questionnaire_template: "问卷模板",
  assessment: "法律体检",
  report: "体检报告",
  report_batch: "批量生成",
  prescription: "法律处方",
  prescription_item: "整改事项",
  bargaining_case: "集体协商",
  bargaining_campaign: "集中要约",
  cultivation_plan: "培育计划",
  holiday_calendar: "节假日安排",
  training: "政策培训",
  survey: "质量调查",
  plan_template: "培育方案模板",
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  status: "状态",
  note: "说明",
  name: "名称",
  displayName: "姓名",
  accountName: "账号",
  mobile: "手机号",
  role: "角色",
  kind: "类型",
  parentId: "上级组织",
  parentName: "上级组织",
  archived: "已归档",
  shortCode: "机关代字",
  redHead: "版头",
  size: "文件大小",
  questionId: "题目",
  dueOn: "截止日期",
  template: "问卷",
  key: "模板标识",
  version: "版本",
  rev: "修订次数",
  title: "标题",
  dimensions: "维度数",
  questions: "题目数",
  rules: "评分项目数",
  publishedVersion: "原发布版本",
  archivedVersions: "归档版本",
  analysis: "问题分析",
  items: "事项数",
  item: "事项",
  prescriptionNo: "处方编号",
  legalBasis: "法律依据",
  action: "整改要求",
  owner: "责任人",
  priority: "优先级",
  enterprises: "企业数",
  reports: "报告数",
  creditCode: "统一社会信用代码",
  industry: "行业",
  headcount: "职工人数",
  womenShare: "女职工占比",
  address: "地址",
  unionOrgId: "所属工会",
  contacts: "联系人",
  phone: "电话",
  unionEstablishedOn: "建会日期",
  congressEstablished: "职代会",
  openAffairs: "厂务公开",
  usesDispatch: "劳务派遣",
  contractStatus: "集体合同",
  contractValidUntil: "集体合同有效期至",
  harmoniousDesignations: "和谐企业称号",
  year: "年份",
  level: "级别",
};

/** Bookkeeping fields that say nothing to a reader. */
const HIDDEN_FIELDS = new Set(["_id", "__v", "ancestors", "createdAt", "updatedAt", "createdBy"]);

const USER_STATUS_LABELS: Record<string, string> = { pending: "待激活", active: "正常", disabled: "已停用" };

function statusLabel(resourceType: string | undefined, status: string): string {
  switch (resourceType) {
    case "assessment":
      return ASSESSMENT_STATUS_LABELS[status as AssessmentStatus] ?? status;
    case "prescription_item":
      return ITEM_STATUS_LABELS[status as ItemStatus] ?? status;
    case "user":
      return USER_STATUS_LABELS[status] ?? status;
    case "questionnaire_template":
      return VERSION_STATUS_LABELS[status as VersionStatus] ?? status;
    case "prescription":
      return status === "issued" ? "已签发" : status === "draft" ? "草稿" : status;
    default:
      return status;
  }
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** One value as a reader gets it; ids become names where `names` knows them. */
export function describeValue(
  field: string,
  value: unknown,
  resourceType: string | undefined,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  if (value === null || value === undefined || value === "") return "（空）";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "number") return field === "size" ? formatFileSize(value) : String(value);
  if (typeof value === "string") {
    if (OBJECT_ID.test(value)) return names.get(value) ?? "（已删除的对象）";
    if (field === "status") return statusLabel(resourceType, value);
    if (field === "role") return ROLE_LABELS[value as Role] ?? value;
    if (field === "kind") return ORG_KIND_LABELS[value as OrgKind] ?? value;
    if (field === "priority") return PRIORITY_LABELS[value as Priority] ?? value;
    if (field === "contractStatus") return CONTRACT_STATUS_LABELS[value as ContractState] ?? value;
    return value;
  }
  if (Array.isArray(value)) {
    return value.length === 0
      ? "（无）"
      : value.map((v) => describeValue(field, v, resourceType, names)).join("；");
  }
  if (typeof value === "object") {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => !HIDDEN_FIELDS.has(k) && v !== undefined)
      .map(([k, v]) => `${fieldLabel(k)}：${describeValue(k, v, resourceType, names)}`);
    return parts.length ? parts.join("，") : "（无）";
  }
  return String(value);
}

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Before/after as the fields that changed, each named and its values readable. Fields only in `after`
 * (something created) are listed with no before; equal values are left out. A before/after that is not an
 * object is shown as one "内容" row.
 */
export function auditChanges(
  before: unknown,
  after: unknown,
  resourceType: string | undefined,
  names: ReadonlyMap<string, string> = new Map(),
): AuditChange[] {
  if (before === undefined && after === undefined) return [];
  if ((before !== undefined && !isRecord(before)) || (after !== undefined && !isRecord(after))) {
    return [
      {
        field: "内容",
        before: before === undefined ? null : describeValue("", before, resourceType, names),
        after: after === undefined ? null : describeValue("", after, resourceType, names),
      },
    ];
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = { ...((after ?? {}) as Record<string, unknown>) };
  // A parent's name, when recorded beside its id, is what the id stands for.
  if ("parentName" in a) {
    a.parentId = a.parentName;
    delete a.parentName;
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN_FIELDS.has(k));
  return keys.flatMap((k) => {
    const inBefore = k in b;
    const inAfter = k in a;
    if (inBefore && inAfter && JSON.stringify(b[k]) === JSON.stringify(a[k])) return [];
    return [
      {
        field: fieldLabel(k),
        before: inBefore ? describeValue(k, b[k], resourceType, names) : null,
        after: inAfter ? describeValue(k, a[k], resourceType, names) : null,
      },
    ];
  });
}

/** Every 24-hex id inside before/after, so the service can look their names up. */
export function idsIn(value: unknown): string[] {
  if (typeof value === "string") return OBJECT_ID.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(idsIn);
  if (isRecord(value)) return Object.values(value).flatMap(idsIn);
  return [];
}
