/**
 * The default health-check questionnaire: every item of the item library (shared domain/health-check.md),
 * in its 14 dimensions, with the legal basis exactly as written there (tests/unit/health-check/drift.test.ts
 * parses the library and fails on any difference).
 *
 * How items become questions and rules:
 * - 是/否 items are "yesno" questions; the finding is the answer the library names (否 or 是).
 * - 全部/部分/否 items are single choice; 部分 or 否 is a finding.
 * - Items asking for numbers are "number" questions with a unit and bounds, and the rule computes the
 *   finding (LC-02 > 30 天; WG-03 前者 < 后者; WH-02 > 36 小时; DP-01 派遣 ÷ (合同 + 派遣) > 10 %; DM-02 ≥ 3 件).
 * - "适用于…" conditions the enterprise profile knows become visibility rules on the profile: UD-01
 *   (headcount ≥ 25), UD-02 (union established), UD-05 (congress established), WA-02 (industry E,
 *   construction) and the DP dimension (usesDispatch: the profile already records whether dispatched
 *   workers are used, so asking again could only contradict it). Conditions the profile cannot tell get a
 *   yes/no gate question ("…g", weight 0, never a finding) right before the item; RS-02 is gated by RS-01.
 * - Citations are the articles named in the basis whose text templates/statutes ships (a signal's
 *   articles too); 民主管理规定, whose text is not shipped yet, and plain *(signal)* notes carry none.
 */
import { basisText, citationsFromLegalBasis, isSignalBasis } from "~/domain/health-check/statutes";
import {
  type Condition,
  type Dimension,
  type Question,
  type Rule,
  type Severity,
  type Template,
} from "~/domain/health-check/types";
import { statuteLibrary } from "../statutes";

export const DEFAULT_TEMPLATE_KEY = "default";

/** Default rectification deadline from the report date (item library, "Default scoring"). */
const DEADLINE_DAYS: Record<Severity, number> = { H: 30, M: 60, L: 90 };

interface ItemSpec {
  id: string;
  text: string;
  severity: Severity;
  legalBasis: string;
  title: string;
  recommendation: string;
  visibleWhen?: Condition;
}

interface Entry {
  questions: Question[];
  rules: Rule[];
}

const dimensionOf = (id: string) => id.split("-")[0];
const isSignal = isSignalBasis;
const yes = (id: string): Condition => ({ answer: id, op: "eq", value: true });

function helpFor(basis: string): string {
  return isSignal(basis) ? `风险预警指标（不属于违法事项）：${basisText(basis)}` : `法律依据：${basis}`;
}

function questionBase(spec: ItemSpec, id = spec.id) {
  return {
    id,
    dimensionId: dimensionOf(spec.id),
    required: true,
    help: helpFor(spec.legalBasis),
    legalBasis: spec.legalBasis,
    citations: citationsFromLegalBasis(spec.legalBasis, statuteLibrary),
    ...(spec.visibleWhen ? { visibleWhen: spec.visibleWhen } : {}),
  };
}

function rule(spec: ItemSpec, questionIds: string[], when: Condition): Rule {
  return {
    id: spec.id,
    dimensionId: dimensionOf(spec.id),
    questionIds,
    when,
    severity: spec.severity,
    title: spec.title,
    legalBasis: spec.legalBasis,
    citations: citationsFromLegalBasis(spec.legalBasis, statuteLibrary),
    recommendation: spec.recommendation,
    deadlineDays: DEADLINE_DAYS[spec.severity],
    signal: isSignal(spec.legalBasis),
  };
}

/** A 是/否 item; `finding` is the answer that is a risk. */
function yesNo(finding: "是" | "否", spec: ItemSpec): Entry {
  return {
    questions: [{ ...questionBase(spec), text: spec.text, type: "yesno" }],
    rules: [rule(spec, [spec.id], { answer: spec.id, op: "eq", value: finding === "是" })],
  };
}

/** A 全部/部分/否 item: 部分 or 否 is a finding. */
function allPartialNone(spec: ItemSpec): Entry {
  return {
    questions: [
      {
        ...questionBase(spec),
        text: spec.text,
        type: "single",
        options: [
          { value: "all", label: "全部" },
          { value: "partial", label: "部分" },
          { value: "none", label: "否" },
        ],
      },
    ],
    rules: [rule(spec, [spec.id], { answer: spec.id, op: "in", value: ["partial", "none"] })],
  };
}

interface NumberSpec {
  id: string;
  text: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
}

/** An item asked as one or two numbers; `when` computes the finding from them. */
function numbers(spec: ItemSpec, parts: NumberSpec[], when: Condition): Entry {
  return {
    questions: parts.map((p) => ({
      ...questionBase(spec, p.id),
      text: p.text,
      type: "number",
      unit: p.unit,
      min: p.min,
      max: p.max,
      integer: p.integer,
    })),
    rules: [
      rule(
        spec,
        parts.map((p) => p.id),
        when,
      ),
    ],
  };
}

/** A yes/no gate for an "适用于…" condition the profile cannot tell: weight 0, never a finding. */
function gate(id: string, text: string): Entry {
  return {
    questions: [
      {
        id,
        dimensionId: dimensionOf(id),
        text,
        type: "yesno",
        required: true,
        weight: 0,
        help: "选择“是”后将显示相关问题；选择“否”则相关问题不适用，不计入评分。",
      },
    ],
    rules: [],
  };
}

const DIMENSIONS: { id: string; title: string; entries: Entry[] }[] = [
  {
    id: "LC",
    title: "劳动合同",
    entries: [
      allPartialNone({
        id: "LC-01",
        text: "是否与全部在职职工签订了书面劳动合同？",
        severity: "H",
        legalBasis: "劳动合同法 第10条、第82条",
        title: "未与全部在职职工签订书面劳动合同",
        recommendation:
          '立即补签；自用工之日起超过一个月未签的，依法向劳动者支付二倍工资；建立"入职即签"流程',
      }),
      numbers(
        {
          id: "LC-02",
          text: "新入职职工通常在用工之日起多少天内签订书面劳动合同？",
          severity: "H",
          legalBasis: "劳动合同法 第10条",
          title: "未在用工之日起一个月内签订书面劳动合同",
          recommendation: "将签订时间控制在用工之日起一个月内",
        },
        [
          {
            id: "LC-02",
            text: "新入职职工通常在用工之日起多少天内签订书面劳动合同？",
            unit: "天",
            min: 0,
            max: 365,
            integer: true,
          },
        ],
        { answer: "LC-02", op: "gt", value: 30 },
      ),
      yesNo("否", {
        id: "LC-03",
        text: "劳动合同文本是否载明期限、工作内容和地点、工作时间和休息休假、劳动报酬、社会保险、劳动保护等必备条款？",
        severity: "M",
        legalBasis: "劳动合同法 第17条",
        title: "劳动合同文本缺少法定必备条款",
        recommendation: "按法定必备条款修订合同范本",
      }),
      yesNo("否", {
        id: "LC-04",
        text: "试用期是否符合上限（合同3个月以上不满1年≤1个月；1年以上不满3年≤2个月；3年以上或无固定期限≤6个月），且同一职工只约定一次？",
        severity: "M",
        legalBasis: "劳动合同法 第19条",
        title: "试用期超过法定上限或重复约定",
        recommendation: "按期限上限调整试用期约定，不得重复约定",
      }),
      yesNo("否", {
        id: "LC-05",
        text: "试用期工资是否不低于本单位相同岗位最低档工资或约定工资的80%，且不低于当地最低工资标准？",
        severity: "M",
        legalBasis: "劳动合同法 第20条",
        title: "试用期工资低于法定标准",
        recommendation: "补足差额并调整试用期工资标准",
      }),
      yesNo("否", {
        id: "LC-06",
        text: "对连续工作满10年或已连续订立两次固定期限合同的职工续订时，是否依法订立无固定期限劳动合同？",
        severity: "M",
        legalBasis: "劳动合同法 第14条",
        title: "未依法订立无固定期限劳动合同",
        recommendation: "对符合条件的职工依法订立无固定期限劳动合同",
      }),
      yesNo("否", {
        id: "LC-07",
        text: "是否建立职工名册？",
        severity: "L",
        legalBasis: "劳动合同法 第7条",
        title: "未建立职工名册",
        recommendation: "建立并及时更新职工名册备查",
      }),
      yesNo("是", {
        id: "LC-08",
        text: "是否存在扣押身份证等证件、要求提供担保或收取押金等财物的情况？",
        severity: "H",
        legalBasis: "劳动合同法 第9条",
        title: "扣押职工证件或收取担保、押金等财物",
        recommendation: "立即退还证件和财物，停止此类做法",
      }),
      yesNo("否", {
        id: "LC-09",
        text: "用人单位单方解除劳动合同前，是否事先将理由通知工会？",
        severity: "M",
        legalBasis: "劳动合同法 第43条",
        title: "单方解除劳动合同前未通知工会",
        recommendation: "建立解除前书面通知工会并听取意见的程序",
      }),
      yesNo("否", {
        id: "LC-10",
        text: "解除或终止劳动合同时，是否出具证明并在15日内办理档案和社会保险关系转移手续？",
        severity: "L",
        legalBasis: "劳动合同法 第50条",
        title: "解除或终止劳动合同时未按时出具证明、办理转移手续",
        recommendation: "规范离职手续，按时出具证明并办理转移",
      }),
      gate("LC-11g", "本企业是否与职工约定了竞业限制？"),
      yesNo("否", {
        id: "LC-11",
        text: "约定竞业限制的，期限是否不超过二年并在限制期内按月支付经济补偿？",
        severity: "L",
        legalBasis: "劳动合同法 第23条、第24条",
        title: "竞业限制期限超过二年或未按月支付经济补偿",
        recommendation: "修订竞业限制条款并按月支付补偿",
        visibleWhen: yes("LC-11g"),
      }),
    ],
  },
  {
    id: "WG",
    title: "工资支付与最低工资",
    entries: [
      yesNo("否", {
        id: "WG-01",
        text: "工资是否以货币形式按月足额支付给职工本人？",
        severity: "H",
        legalBasis: "劳动法 第50条",
        title: "未以货币形式按月足额支付工资",
        recommendation: "按月以货币形式足额支付，停止以实物或代金券抵发",
      }),
      yesNo("是", {
        id: "WG-02",
        text: "过去12个月是否发生过拖欠或克扣工资？",
        severity: "H",
        legalBasis: "劳动法 第50条；劳动合同法 第30条、第85条",
        title: "过去12个月发生拖欠或克扣工资",
        recommendation: "立即清偿欠付工资，建立工资支付保障机制",
      }),
      numbers(
        {
          id: "WG-03",
          text: "本企业最低档岗位月工资（剔除加班工资、特殊工作条件津贴、法定福利后）为多少元？当地月最低工资标准为多少元？",
          severity: "H",
          legalBasis: "劳动法 第48条；最低工资规定 第12条",
          title: "最低档岗位工资低于当地最低工资标准",
          recommendation: "将最低档工资调整至不低于当地最低工资标准并补发差额",
        },
        [
          {
            id: "WG-03a",
            text: "本企业最低档岗位月工资（剔除加班工资、特殊工作条件津贴、法定福利后）为多少元？",
            unit: "元",
            min: 0,
            max: 100000,
            integer: false,
          },
          {
            id: "WG-03b",
            text: "当地月最低工资标准为多少元？",
            unit: "元",
            min: 1,
            max: 10000,
            integer: false,
          },
        ],
        { compare: { left: "WG-03a", op: "lt", right: "WG-03b" } },
      ),
      yesNo("否", {
        id: "WG-04",
        text: "加班工资是否按工作日不低于150%、休息日（不能补休时）不低于200%、法定休假日不低于300%支付？",
        severity: "H",
        legalBasis: "劳动法 第44条",
        title: "加班工资未按法定标准支付",
        recommendation: "按法定标准核算并补发加班工资",
      }),
      yesNo("否", {
        id: "WG-05",
        text: "是否书面记录工资支付情况并向职工提供工资清单，记录保存两年以上？",
        severity: "L",
        legalBasis: "《工资支付暂行规定》第6条",
        title: "未书面记录工资支付或未提供工资清单",
        recommendation: "建立工资台账和工资清单制度",
      }),
      yesNo("否", {
        id: "WG-06",
        text: "工资分配制度和标准是否经民主程序确定并向职工公示？",
        severity: "M",
        legalBasis: "劳动合同法 第4条",
        title: "工资分配制度未经民主程序确定或未公示",
        recommendation: "将工资分配制度提交职代会或全体职工讨论并公示",
      }),
      yesNo("是", {
        id: "WG-07",
        text: "是否存在同工不同酬（含性别、用工形式差别）？",
        severity: "M",
        legalBasis: "劳动法 第46条；劳动合同法 第63条",
        title: "存在同工不同酬",
        recommendation: "按同工同酬原则调整薪酬标准",
      }),
    ],
  },
  {
    id: "WH",
    title: "工作时间与加班",
    entries: [
      yesNo("否", {
        id: "WH-01",
        text: "标准工时制岗位是否每日不超过8小时、每周不超过40小时？",
        severity: "M",
        legalBasis: "工时规定 第3条",
        title: "标准工时制岗位工作时间超过法定标准",
        recommendation: "调整排班，控制在法定工时内",
      }),
      numbers(
        {
          id: "WH-02",
          text: "过去12个月单个职工月加班时数最高为多少小时？",
          severity: "H",
          legalBasis: "劳动法 第41条",
          title: "月延长工作时间超过36小时",
          recommendation: "将延长工作时间控制在每月36小时以内，增加人手或调整生产计划",
        },
        [
          {
            id: "WH-02",
            text: "过去12个月单个职工月加班时数最高为多少小时？",
            unit: "小时",
            min: 0,
            max: 500,
            integer: false,
          },
        ],
        { answer: "WH-02", op: "gt", value: 36 },
      ),
      yesNo("是", {
        id: "WH-03",
        text: "是否存在单日延长工作时间超过3小时的情况？",
        severity: "M",
        legalBasis: "劳动法 第41条",
        title: "单日延长工作时间超过3小时",
        recommendation: "控制单日延长时间不超过3小时",
      }),
      yesNo("否", {
        id: "WH-04",
        text: "延长工作时间是否事先与工会和劳动者协商？",
        severity: "L",
        legalBasis: "劳动法 第41条",
        title: "延长工作时间未事先与工会和劳动者协商",
        recommendation: "建立加班协商与登记制度",
      }),
      gate("WH-05g", "本企业是否有岗位实行综合计算工时工作制或不定时工作制？"),
      yesNo("否", {
        id: "WH-05",
        text: "实行综合计算工时或不定时工作制的岗位是否经劳动行政部门批准？",
        severity: "M",
        legalBasis: "劳动法 第39条",
        title: "特殊工时制未经劳动行政部门批准",
        recommendation: "向劳动行政部门申请审批，未获批前按标准工时执行",
        visibleWhen: yes("WH-05g"),
      }),
    ],
  },
  {
    id: "RL",
    title: "休息休假",
    entries: [
      yesNo("否", {
        id: "RL-01",
        text: "职工每周是否至少休息一日？",
        severity: "H",
        legalBasis: "劳动法 第38条",
        title: "未保证职工每周至少休息一日",
        recommendation: "保证每周至少一天休息",
      }),
      yesNo("否", {
        id: "RL-02",
        text: "是否依法安排法定节假日休假？",
        severity: "M",
        legalBasis: "劳动法 第40条",
        title: "未依法安排法定节假日休假",
        recommendation: "依法安排法定节假日，确需工作的按300%支付工资",
      }),
      yesNo("否", {
        id: "RL-03",
        text: "是否按工龄安排带薪年休假（满1年不满10年5天；满10年不满20年10天；满20年15天）？",
        severity: "M",
        legalBasis: "年休假条例 第3条",
        title: "未按工龄安排带薪年休假",
        recommendation: "建立年休假台账并依法安排",
      }),
      yesNo("否", {
        id: "RL-04",
        text: "职工应休未休的年休假，是否按日工资收入的300%支付报酬？",
        severity: "M",
        legalBasis: "年休假条例 第5条",
        title: "应休未休年休假未按300%支付报酬",
        recommendation: "补发未休年休假工资报酬",
      }),
    ],
  },
  {
    id: "SI",
    title: "社会保险与住房公积金",
    entries: [
      allPartialNone({
        id: "SI-01",
        text: "是否为全部职工参加养老、医疗、失业、工伤、生育保险？",
        severity: "H",
        legalBasis: "劳动法 第72条；社会保险法 第58条、第60条",
        title: "未为全部职工参加社会保险",
        recommendation: "为全部职工办理参保并补缴欠费",
      }),
      yesNo("否", {
        id: "SI-02",
        text: "新入职职工是否在用工之日起30日内办理社会保险登记？",
        severity: "M",
        legalBasis: "社会保险法 第58条",
        title: "未在用工之日起30日内办理社会保险登记",
        recommendation: "入职30日内完成参保登记",
      }),
      yesNo("否", {
        id: "SI-03",
        text: "社会保险缴费基数是否按职工实际工资申报？",
        severity: "M",
        legalBasis: "社会保险法 第60条",
        title: "未按实际工资申报社会保险缴费基数",
        recommendation: "按实际工资核定缴费基数并补缴差额",
      }),
      yesNo("是", {
        id: "SI-04",
        text: '是否存在职工签署"自愿放弃社保"声明或以现金补贴代替参保？',
        severity: "H",
        legalBasis: "劳动法 第72条；社会保险法 第60条",
        title: "以“自愿放弃社保”声明或现金补贴代替参保",
        recommendation: "此类约定无效；依法参保并补缴",
      }),
      yesNo("否", {
        id: "SI-05",
        text: "是否为职工办理住房公积金缴存登记并按时足额缴存？",
        severity: "M",
        legalBasis: "公积金条例 第15条、第20条",
        title: "未办理住房公积金缴存登记或未按时足额缴存",
        recommendation: "办理缴存登记并按时足额缴存",
      }),
    ],
  },
  {
    id: "OS",
    title: "劳动安全卫生与职业病防治",
    entries: [
      yesNo("否", {
        id: "OS-01",
        text: "是否建立安全生产责任制并对职工开展安全生产教育和培训？",
        severity: "H",
        legalBasis: "《安全生产法》第4条、第28条",
        title: "未建立安全生产责任制或未开展安全生产教育培训",
        recommendation: "建立全员安全生产责任制，制定年度培训计划并留存记录",
      }),
      yesNo("否", {
        id: "OS-02",
        text: "是否为职工提供符合国家或行业标准的劳动防护用品，所需经费由企业承担？",
        severity: "H",
        legalBasis: "《安全生产法》第45条、第47条；劳动法 第54条",
        title: "未提供符合标准的劳动防护用品或未由企业承担其经费",
        recommendation: "按岗位配发合格防护用品并监督使用",
      }),
      gate("OS-03g", "本企业是否有存在职业病危害因素的岗位？"),
      yesNo("否", {
        id: "OS-03",
        text: "存在职业病危害因素的岗位，是否如实告知并组织上岗前、在岗期间、离岗时职业健康检查？",
        severity: "H",
        legalBasis: "《职业病防治法》第33条、第35条",
        title: "未如实告知职业病危害或未组织职业健康检查",
        recommendation: "在劳动合同中告知危害，组织三个阶段的职业健康检查并建立监护档案",
        visibleWhen: yes("OS-03g"),
      }),
      gate("OS-04g", "本企业是否发生过工伤事故？"),
      yesNo("否", {
        id: "OS-04",
        text: "发生工伤事故后，是否在事故发生之日起30日内提出工伤认定申请？",
        severity: "H",
        legalBasis: "工伤条例 第17条",
        title: "发生工伤事故后未在30日内提出工伤认定申请",
        recommendation: "依法及时申报工伤认定",
        visibleWhen: yes("OS-04g"),
      }),
      gate("OS-05g", "本企业是否有特种作业岗位（如电工作业、焊接与热切割作业、高处作业等）？"),
      yesNo("否", {
        id: "OS-05",
        text: "特种作业人员是否持证上岗？",
        severity: "H",
        legalBasis: "《安全生产法》第30条",
        title: "特种作业人员未持证上岗",
        recommendation: "组织培训取证，未取证者不得上岗",
        visibleWhen: yes("OS-05g"),
      }),
    ],
  },
  {
    id: "WM",
    title: "女职工与未成年工特殊保护",
    entries: [
      yesNo("是", {
        id: "WM-01",
        text: "是否存在因怀孕、生育、哺乳降低女职工工资、予以辞退或解除劳动合同的情况？",
        severity: "H",
        legalBasis: "女职工规定 第5条",
        title: "因怀孕、生育、哺乳降低女职工工资或解除劳动合同",
        recommendation: "立即纠正，恢复待遇或劳动关系",
      }),
      yesNo("否", {
        id: "WM-02",
        text: "产假是否不少于98天（难产增加15天；多胞胎每多1个增加15天）？",
        severity: "H",
        legalBasis: "女职工规定 第7条",
        title: "产假少于法定天数",
        recommendation: "按法定天数安排产假",
      }),
      yesNo("是", {
        id: "WM-03",
        text: "是否安排怀孕7个月以上的女职工延长劳动时间或上夜班？",
        severity: "M",
        legalBasis: "女职工规定 第6条",
        title: "安排怀孕7个月以上女职工延长劳动时间或上夜班",
        recommendation: "停止延长工时和夜班安排，并在劳动时间内安排休息",
      }),
      yesNo("否", {
        id: "WM-04",
        text: "对哺乳未满1周岁婴儿的女职工，是否每天安排1小时哺乳时间且不安排延长劳动时间或夜班？",
        severity: "M",
        legalBasis: "女职工规定 第9条",
        title: "未保障哺乳时间或安排哺乳期女职工加班、夜班",
        recommendation: "保障哺乳时间，调整排班",
      }),
      yesNo("否", {
        id: "WM-05",
        text: "女职工较多的，是否建立女职工卫生室、孕妇休息室、哺乳室等设施？",
        severity: "L",
        legalBasis: "女职工规定 第10条",
        title: "未建立女职工卫生室、孕妇休息室、哺乳室等设施",
        recommendation: "按需建设相关设施",
      }),
      yesNo("否", {
        id: "WM-06",
        text: "是否建立预防和制止工作场所性骚扰的制度？",
        severity: "M",
        legalBasis: "女职工规定 第11条",
        title: "未建立预防和制止性骚扰的制度",
        recommendation: "制定防治性骚扰制度，明确投诉渠道和处理程序",
      }),
      yesNo("是", {
        id: "WM-07",
        text: "是否安排女职工从事其禁忌从事的劳动？",
        severity: "H",
        legalBasis: "女职工规定 第4条",
        title: "安排女职工从事禁忌从事的劳动",
        recommendation: "调整岗位，遵守禁忌劳动范围",
      }),
      yesNo("是", {
        id: "WM-08",
        text: "是否招用未满16周岁的未成年人？",
        severity: "H",
        legalBasis: "劳动法 第15条",
        title: "招用未满16周岁的未成年人",
        recommendation: "立即停止招用并妥善安置",
      }),
      gate("WM-09g", "本企业是否招用了未成年工（已满16周岁未满18周岁）？"),
      yesNo("否", {
        id: "WM-09",
        text: "对未成年工（16–18周岁）是否定期健康检查并不安排禁忌劳动？",
        severity: "M",
        legalBasis: "劳动法 第64条、第65条",
        title: "未对未成年工定期健康检查或安排其从事禁忌劳动",
        recommendation: "建立未成年工登记和定期体检制度",
        visibleWhen: yes("WM-09g"),
      }),
    ],
  },
  {
    id: "RR",
    title: "规章制度与民主程序",
    entries: [
      yesNo("否", {
        id: "RR-01",
        text: "涉及劳动报酬、工时、休息休假、安全卫生、保险福利、培训、劳动纪律、劳动定额的规章制度，是否经职代会或全体职工讨论并与工会或职工代表平等协商确定？",
        severity: "H",
        legalBasis: "劳动合同法 第4条",
        title: "规章制度未经民主程序制定",
        recommendation: "将现行制度重新履行民主程序，保留讨论和协商记录",
      }),
      yesNo("否", {
        id: "RR-02",
        text: "规章制度是否已向职工公示或告知，并保留签收或公示记录？",
        severity: "M",
        legalBasis: "劳动合同法 第4条",
        title: "规章制度未向职工公示或告知",
        recommendation: "通过公示、培训、签收等方式告知并留存证据",
      }),
      yesNo("是", {
        id: "RR-03",
        text: "规章制度中是否有违法内容（如罚款、强制加班、末位淘汰即解除）？",
        severity: "M",
        legalBasis: "劳动合同法 第80条",
        title: "规章制度含有违法内容",
        recommendation: "删除违法条款并重新公示",
      }),
    ],
  },
  {
    id: "UD",
    title: "工会组建与职代会、厂务公开",
    entries: [
      yesNo("否", {
        id: "UD-01",
        text: "有工会会员25人以上的，是否已建立基层工会委员会？（会员不足25人的，可单独或联合建立，或选举组织员一人）",
        severity: "H",
        legalBasis: "《工会法》第11条",
        title: "工会会员25人以上未建立基层工会委员会",
        recommendation: "在上级工会指导下依法组建工会",
        // 工会法 第11条 counts union members (25 included: 以上 is inclusive). The profile knows the headcount,
        // not the members, and fewer than 25 employees cannot make 25 members: shown from 25 employees on.
        visibleWhen: { profile: "headcount", op: "gte", value: 25 },
      }),
      yesNo("否", {
        id: "UD-02",
        text: "是否按全部职工工资总额的2%拨缴工会经费？",
        severity: "M",
        legalBasis: "《工会法》第43条",
        title: "未按工资总额2%拨缴工会经费",
        recommendation: "按规定足额拨缴工会经费",
        visibleWhen: { profile: "unionEstablished", op: "eq", value: true },
      }),
      yesNo("否", {
        id: "UD-03",
        text: "是否建立职工代表大会（或职工大会）制度，并每年至少召开一次？",
        severity: "H",
        legalBasis: "民主管理规定",
        title: "未建立职工代表大会制度或未每年召开",
        recommendation: "建立职代会制度并按期召开",
      }),
      yesNo("否", {
        id: "UD-04",
        text: "是否实行厂务公开，定期公开涉及职工切身利益的事项？",
        severity: "M",
        legalBasis: "民主管理规定",
        title: "未实行厂务公开",
        recommendation: "制定厂务公开目录和程序并定期公开",
      }),
      yesNo("否", {
        id: "UD-05",
        text: "职工代表中一线职工比例是否不低于50%？",
        severity: "L",
        legalBasis: "民主管理规定",
        title: "职工代表中一线职工比例低于50%",
        recommendation: "换届时调整代表结构",
        visibleWhen: { profile: "congressEstablished", op: "eq", value: true },
      }),
    ],
  },
  {
    id: "CB",
    title: "集体协商与集体合同",
    entries: [
      yesNo("否", {
        id: "CB-01",
        text: "是否签订综合集体合同且在有效期内？",
        severity: "M",
        legalBasis: "*(signal)* 劳动合同法 第51条；集体合同规定 第38条",
        title: "未签订综合集体合同或集体合同已过有效期",
        recommendation: "启动集体协商，签订或续订集体合同（期限1至3年）",
      }),
      yesNo("否", {
        id: "CB-02",
        text: "是否签订工资专项集体合同并每年就工资调整进行协商？",
        severity: "M",
        legalBasis: "*(signal)* 劳动合同法 第52条；《工资集体协商试行办法》第7条",
        title: "未签订工资专项集体合同或未每年开展工资协商",
        recommendation: "每年开展工资集体协商",
      }),
      yesNo("否", {
        id: "CB-03",
        text: "是否签订女职工权益保护专项集体合同？",
        severity: "L",
        legalBasis: "*(signal)* 劳动合同法 第52条",
        title: "未签订女职工权益保护专项集体合同",
        recommendation: "开展女职工专项协商",
      }),
      yesNo("否", {
        id: "CB-04",
        text: "集体合同草案是否经职代会（三分之二以上代表出席、全体代表半数以上同意）或全体职工讨论通过？",
        severity: "H",
        legalBasis: "集体合同规定 第36条",
        title: "集体合同草案未经职代会或全体职工讨论通过",
        recommendation: "按法定程序重新提交讨论表决",
      }),
      yesNo("否", {
        id: "CB-05",
        text: "集体合同签字后是否在10日内报送劳动行政部门审查？",
        severity: "M",
        legalBasis: "集体合同规定 第42条",
        title: "集体合同签字后未在10日内报送审查",
        recommendation: "及时报送审查并留存回执",
      }),
      yesNo("否", {
        id: "CB-06",
        text: "生效的集体合同是否向全体职工公布？",
        severity: "M",
        legalBasis: "集体合同规定 第48条",
        title: "生效的集体合同未向全体职工公布",
        recommendation: "以公告栏、内网等形式公布全文",
      }),
      yesNo("否", {
        id: "CB-07",
        text: "集体合同的劳动报酬和劳动条件标准是否不低于当地政府规定的最低标准，且劳动合同标准不低于集体合同？",
        severity: "H",
        legalBasis: "劳动合同法 第55条",
        title: "集体合同或劳动合同标准低于规定标准",
        recommendation: "调整低于标准的条款",
      }),
      yesNo("否", {
        id: "CB-08",
        text: "对工会（或职工方）提出的集体协商要求，企业是否在收到之日起20日内书面回应？",
        severity: "M",
        legalBasis: "集体合同规定 第32条",
        title: "未在20日内书面回应集体协商要求",
        recommendation: "建立要约回应机制，无正当理由不得拒绝协商",
      }),
    ],
  },
  {
    id: "DP",
    title: "劳务派遣与用工形式",
    entries: [
      numbers(
        {
          id: "DP-01",
          text: "订立劳动合同人数为多少？使用被派遣劳动者人数为多少？",
          severity: "H",
          legalBasis: "派遣规定 第4条",
          title: "被派遣劳动者超过用工总量的10%",
          recommendation: "制定调整方案，将派遣用工降至用工总量的10%以内",
          visibleWhen: usesDispatch(),
        },
        [
          { id: "DP-01a", text: "订立劳动合同人数为多少？", unit: "人", min: 0, max: 1000000, integer: true },
          {
            id: "DP-01b",
            text: "使用被派遣劳动者人数为多少？",
            unit: "人",
            min: 0,
            max: 1000000,
            integer: true,
          },
        ],
        // 派遣 ÷ (合同 + 派遣) > 10%: exactly 10% is within the limit.
        { ratio: { numerator: ["DP-01b"], denominator: ["DP-01a", "DP-01b"] }, op: "gt", value: 0.1 },
      ),
      yesNo("否", {
        id: "DP-02",
        text: "被派遣劳动者是否只在临时性（不超过6个月）、辅助性或替代性岗位使用？",
        severity: "M",
        legalBasis: "劳动合同法 第66条",
        title: "在临时性、辅助性、替代性以外的岗位使用被派遣劳动者",
        recommendation: "调整派遣岗位或转为直接用工",
        visibleWhen: usesDispatch(),
      }),
      yesNo("否", {
        id: "DP-03",
        text: "辅助性岗位的确定是否经职代会或全体职工讨论、与工会或职工代表协商并公示？",
        severity: "M",
        legalBasis: "派遣规定 第3条",
        title: "辅助性岗位未经民主程序确定或未公示",
        recommendation: "履行民主程序确定辅助性岗位并公示",
        visibleWhen: usesDispatch(),
      }),
      yesNo("否", {
        id: "DP-04",
        text: "被派遣劳动者是否与本单位同类岗位职工同工同酬？",
        severity: "M",
        legalBasis: "劳动合同法 第63条",
        title: "被派遣劳动者未与同类岗位职工同工同酬",
        recommendation: "调整派遣人员薪酬",
        visibleWhen: usesDispatch(),
      }),
      yesNo("否", {
        id: "DP-05",
        text: "合作的劳务派遣单位是否持有劳务派遣经营许可？",
        severity: "M",
        legalBasis: "劳动合同法 第57条",
        title: "合作的劳务派遣单位未持有经营许可",
        recommendation: "更换为持证派遣单位",
        visibleWhen: usesDispatch(),
      }),
    ],
  },
  {
    id: "RS",
    title: "裁员与重大调整",
    entries: [
      {
        // RS-01 is the library's own gate for RS-02: asked with its basis, weight 0, never a finding.
        questions: [
          {
            id: "RS-01",
            dimensionId: "RS",
            text: "近12个月是否裁减人员20人以上，或不足20人但占职工总数10%以上？",
            type: "yesno",
            required: true,
            weight: 0,
            help: helpFor("劳动合同法 第41条"),
            legalBasis: "劳动合同法 第41条",
            citations: citationsFromLegalBasis("劳动合同法 第41条", statuteLibrary),
          },
        ],
        rules: [],
      },
      yesNo("否", {
        id: "RS-02",
        text: "裁减人员时，是否提前30日向工会或全体职工说明情况、听取意见，并向劳动行政部门报告裁员方案？",
        severity: "H",
        legalBasis: "劳动合同法 第41条",
        title: "裁减人员未依法说明情况、听取意见并报告",
        recommendation: "补正程序；今后裁员严格按法定程序进行",
        visibleWhen: yes("RS-01"),
      }),
      yesNo("否", {
        id: "RS-03",
        text: "解除或终止劳动合同时，是否按工作年限每满一年支付一个月工资的经济补偿？",
        severity: "H",
        legalBasis: "劳动合同法 第46条、第47条",
        title: "未依法支付经济补偿",
        recommendation: "核算并补发经济补偿",
      }),
      gate("RS-04g", "本企业是否正在进行或进行过改制、搬迁、合并分立等重大调整？"),
      yesNo("否", {
        id: "RS-04",
        text: "改制、搬迁、合并分立等重大调整中的职工安置方案是否提交职代会审议通过？",
        severity: "H",
        legalBasis: "劳动合同法 第4条；民主管理规定",
        title: "重大调整中的职工安置方案未经职代会审议通过",
        recommendation: "将安置方案提交职代会审议",
        visibleWhen: yes("RS-04g"),
      }),
      yesNo("是", {
        id: "RS-05",
        text: "未来12个月是否计划裁员、搬迁、转产或停产？",
        severity: "M",
        legalBasis: "*(signal)* 劳动关系风险研判",
        title: "未来12个月计划裁员、搬迁、转产或停产",
        recommendation: "提前与工会沟通，制定职工安置预案",
      }),
    ],
  },
  {
    id: "DM",
    title: "劳动争议预防与调解",
    entries: [
      yesNo("否", {
        id: "DM-01",
        text: "是否设立劳动争议调解委员会或专职调解员？",
        severity: "M",
        legalBasis: "*(signal)* 调解仲裁法 第10条",
        title: "未设立劳动争议调解委员会或专职调解员",
        recommendation: "设立由职工代表和企业代表组成的调解委员会",
      }),
      numbers(
        {
          id: "DM-02",
          text: "过去12个月发生劳动仲裁或诉讼案件多少件？",
          severity: "M",
          legalBasis: "*(signal)* 劳动争议风险",
          title: "过去12个月劳动仲裁或诉讼案件达3件以上",
          recommendation: "分析案件成因，完善相关制度",
        },
        [
          {
            id: "DM-02",
            text: "过去12个月发生劳动仲裁或诉讼案件多少件？",
            unit: "件",
            min: 0,
            max: 10000,
            integer: true,
          },
        ],
        { answer: "DM-02", op: "gte", value: 3 },
      ),
      yesNo("是", {
        id: "DM-03",
        text: "过去12个月是否发生10人以上的集体劳动争议或群体性事件？",
        severity: "H",
        legalBasis: "*(signal)* 调解仲裁法 第7条",
        title: "过去12个月发生10人以上集体劳动争议或群体性事件",
        recommendation: "建立集体争议预警和应急处置机制",
      }),
      yesNo("否", {
        id: "DM-04",
        text: "是否建立职工诉求表达渠道（意见箱、热线、接待日等）？",
        severity: "L",
        legalBasis: "民主管理规定",
        title: "未建立职工诉求表达渠道",
        recommendation: "建立并公布诉求渠道，定期答复",
      }),
    ],
  },
  {
    id: "WA",
    title: "欠薪风险与工资保障",
    entries: [
      yesNo("是", {
        id: "WA-01",
        text: "近6个月是否出现订单明显下降、资金链紧张、停工停产等经营困难？",
        severity: "H",
        legalBasis: "*(signal)* 欠薪风险预警",
        title: "近6个月出现经营困难，存在欠薪风险",
        recommendation: "与工会建立工资支付预警沟通机制，必要时开展援企稳岗协商",
      }),
      yesNo("否", {
        id: "WA-02",
        text: "工程建设领域：是否开设农民工工资专用账户、实行实名制管理并按月足额支付？",
        severity: "H",
        legalBasis: "《保障农民工工资支付条例》第12条、第26条、第28条、第31条",
        title: "未落实农民工工资专用账户、实名制管理或按月足额支付",
        recommendation: "开设专用账户、落实实名制和按月支付",
        // 适用于建筑业: GB/T 4754 门类 E.
        visibleWhen: { profile: "industry", op: "eq", value: "E" },
      }),
      yesNo("是", {
        id: "WA-03",
        text: "是否存在社会保险欠费、劳动保障监察处罚或被列入拖欠工资失信名单？",
        severity: "M",
        legalBasis: "*(signal)* 劳动保障监察信息",
        title: "存在社保欠费、劳动保障监察处罚或拖欠工资失信记录",
        recommendation: "清偿欠费，整改并申请信用修复",
      }),
      yesNo("否", {
        id: "WA-04",
        text: "工资是否通过银行代发？",
        severity: "L",
        legalBasis: "*(signal)* 工资支付可追溯",
        title: "工资未通过银行代发",
        recommendation: "改为银行代发，保留支付凭证",
      }),
    ],
  },
];

function usesDispatch(): Condition {
  return { profile: "usesDispatch", op: "eq", value: true };
}

export const defaultTemplate: Template = {
  key: DEFAULT_TEMPLATE_KEY,
  title: "劳动关系法律体检问卷",
  description:
    "依据劳动法、劳动合同法等法律法规，从劳动合同、工资支付、工作时间等14个维度检查企业用工合规情况。标注“风险预警指标”的题目用于早期预警，不属于违法认定。",
  dimensions: DIMENSIONS.map((d, i): Dimension => ({ id: d.id, title: d.title, order: i + 1 })),
  questions: DIMENSIONS.flatMap((d) => d.entries.flatMap((e) => e.questions)),
  rules: DIMENSIONS.flatMap((d) => d.entries.flatMap((e) => e.rules)),
};
