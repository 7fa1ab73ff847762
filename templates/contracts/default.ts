/**
 * The default clause library (version 1): model clauses for each of the 15 topics of 集体合同规定 第8条, for
 * the wage special contract (工资集体协商试行办法 第7条) and for the women's and safety special contracts
 * (集体合同规定 第14条, 第12条). 甲方 is the employer, 乙方 the union acting for all employees; the 总则's first
 * clause says so with the parties' names.
 *
 * Each clause notes the legal minimum it must respect, citing only articles whose text templates/statutes
 * ships (validateLibrary resolves every citation). Parameters with a statutory bound point at
 * app/domain/contracts/legal-limits.ts; their defaults are the statutory figure or better. Figures with no
 * statutory floor (the raise, the training hours, a welfare amount) say so in the note. The data is plain
 * JSON: exportLibrary writes it as the admin's download, importLibrary reads it back.
 */
import type {
  ChapterTemplate,
  ClauseTemplate,
  ContractLibrary,
  LegalMinimumNote,
  ParameterTemplate,
} from "~/domain/contracts/library";
import type { CaseKind } from "~/domain/bargaining/case-kinds";
import type { LegalLimitKey } from "~/domain/contracts/legal-limits";
import type { Citation } from "~/domain/health-check/types";

export const DEFAULT_CONTRACT_LIBRARY_KEY = "default";

const ALL: CaseKind[] = ["comprehensive", "wage", "women", "safety"];
const NON_WAGE: CaseKind[] = ["comprehensive", "women", "safety"];

const c = (statute: string, ...articles: string[]): Citation[] =>
  articles.map((article) => ({ statute, article }));

const legal = (note: string, ...citations: Citation[][]): LegalMinimumNote => ({
  note,
  citations: citations.flat(),
});

interface IntegerOptions {
  unit?: string;
  min?: number;
  max?: number;
  legalLimit?: LegalLimitKey;
}

const integer = (key: string, label: string, value: number, o: IntegerOptions = {}): ParameterTemplate => ({
  key,
  label,
  type: "integer",
  default: value,
  ...o,
});

const fen = (key: string, label: string, value: number, legalLimit?: LegalLimitKey): ParameterTemplate => ({
  key,
  label,
  type: "fen",
  unit: "元",
  default: value,
  min: 0,
  ...(legalLimit ? { legalLimit } : {}),
});

const bp = (key: string, label: string, value: number): ParameterTemplate => ({
  key,
  label,
  type: "bp",
  unit: "%",
  default: value,
});

const text = (key: string, label: string, value: string): ParameterTemplate => ({
  key,
  label,
  type: "text",
  default: value,
});

function clause(
  key: string,
  topic: string,
  kinds: CaseKind[],
  title: string,
  body: string,
  parameters: ParameterTemplate[],
  legalMinimum: LegalMinimumNote,
  covers: string[] = [],
): ClauseTemplate {
  return { key, topic, kinds, title, text: body, parameters, covers, legalMinimum };
}

const chapter = (key: string, title: string, kinds: CaseKind[], topics: string[]): ChapterTemplate => ({
  key,
  title,
  kinds,
  topics,
});

const PARTIES = [
  text("employerName", "用人单位名称", "（用人单位名称）"),
  text("unionName", "工会名称", "（工会名称）"),
];

const BASIS_NOTE =
  "集体合同由工会代表职工一方与用人单位订立，其劳动报酬和劳动条件等标准不得低于当地人民政府规定的最低标准";

const CHAPTERS: ChapterTemplate[] = [
  chapter("general", "总则", ALL, ["general"]),
  chapter("remuneration", "劳动报酬", ["comprehensive"], ["remuneration"]),
  chapter("working_hours", "工作时间", ["comprehensive"], ["working_hours"]),
  chapter("rest_leave", "休息休假", ["comprehensive"], ["rest_leave"]),
  chapter("safety_health", "劳动安全与卫生", ["comprehensive", "safety"], ["safety_health"]),
  chapter("insurance_welfare", "补充保险和福利", ["comprehensive"], ["insurance_welfare"]),
  chapter("women_minors", "女职工和未成年工特殊保护", ["comprehensive"], ["women_minors"]),
  chapter("women_protection", "女职工特殊保护", ["women"], ["women_minors"]),
  chapter("training", "职业技能培训", ["comprehensive"], ["training"]),
  chapter("contract_management", "劳动合同管理", ["comprehensive"], ["contract_management"]),
  chapter("rewards_penalties", "奖惩", ["comprehensive"], ["rewards_penalties"]),
  chapter("layoffs", "裁员", ["comprehensive"], ["layoffs"]),
  chapter("wage_system", "工资分配制度和工资标准", ["wage"], ["wage_system"]),
  chapter("average_wage", "职工年度平均工资水平及其调整", ["wage"], ["average_wage_adjustment"]),
  chapter("bonuses", "奖金、津贴和补贴", ["wage"], ["bonuses_allowances"]),
  chapter("wage_payment", "工资支付", ["wage"], ["wage_payment"]),
  chapter("term", "合同期限及变更、解除", NON_WAGE, ["contract_term", "change_procedure"]),
  chapter(
    "wage_term",
    "合同期限及变更、解除和终止",
    ["wage"],
    ["wage_term", "wage_change_procedure", "wage_termination"],
  ),
  chapter("disputes", "争议处理和违约责任", NON_WAGE, ["dispute_handling", "breach_liability"]),
  chapter("wage_breach", "违约责任", ["wage"], ["wage_breach_liability"]),
  chapter("other", "其他约定", NON_WAGE, ["other"]),
  chapter("wage_other", "其他约定", ["wage"], ["wage_other"]),
  chapter("final", "附则", ALL, ["final"]),
];

const GENERAL: ClauseTemplate[] = [
  clause(
    "general.basis",
    "general",
    ["comprehensive"],
    "订立依据和双方",
    "为维护职工和企业的合法权益，构建和谐稳定的劳动关系，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《集体合同规定》等法律、法规和规章的规定，{employerName}（以下简称甲方）与{unionName}（代表甲方全体职工，以下简称乙方）经平等协商，订立本合同。",
    PARTIES,
    legal(BASIS_NOTE, c("劳动合同法", "51", "55"), c("集体合同规定", "4")),
  ),
  clause(
    "general.basis_wage",
    "general",
    ["wage"],
    "订立依据和双方",
    "为建立职工工资正常增长机制，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《工资集体协商试行办法》等法律、法规和规章的规定，{employerName}（以下简称甲方）与{unionName}（代表甲方全体职工，以下简称乙方）经平等协商，订立本工资专项集体合同。",
    PARTIES,
    legal(
      "工资调整机制专项集体合同由工会代表职工一方与用人单位订立，其工资标准不得低于当地最低工资标准",
      c("劳动合同法", "52", "55"),
      c("工资集体协商试行办法", "7"),
    ),
  ),
  clause(
    "general.basis_women",
    "general",
    ["women"],
    "订立依据和双方",
    "为保护女职工的合法权益，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《女职工劳动保护特别规定》《集体合同规定》等法律、法规和规章的规定，{employerName}（以下简称甲方）与{unionName}（代表甲方全体职工，以下简称乙方）经平等协商，订立本女职工权益保护专项集体合同。",
    PARTIES,
    legal(
      "女职工权益保护专项集体合同的标准不得低于法律、法规规定的女职工劳动保护标准",
      c("劳动合同法", "52", "55"),
      c("集体合同规定", "14"),
    ),
  ),
  clause(
    "general.basis_safety",
    "general",
    ["safety"],
    "订立依据和双方",
    "为保障职工在劳动过程中的安全和健康，根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》《中华人民共和国安全生产法》《中华人民共和国职业病防治法》《集体合同规定》等法律、法规和规章的规定，{employerName}（以下简称甲方）与{unionName}（代表甲方全体职工，以下简称乙方）经平等协商，订立本劳动安全卫生专项集体合同。",
    PARTIES,
    legal(
      "劳动安全卫生专项集体合同的标准不得低于国家标准和法律、法规规定的劳动条件",
      c("劳动合同法", "52", "55"),
      c("集体合同规定", "12"),
    ),
  ),
  clause(
    "general.binding",
    "general",
    ALL,
    "效力范围",
    "本合同对甲方和甲方全体职工具有法律约束力。甲方与职工个人订立的劳动合同约定的劳动条件和劳动报酬等标准，不得低于本合同的规定。",
    [],
    legal(
      "集体合同对用人单位和全体职工具有约束力，劳动合同的标准不得低于集体合同",
      c("集体合同规定", "6"),
      c("劳动合同法", "55"),
    ),
  ),
];

const REMUNERATION: ClauseTemplate[] = [
  clause(
    "remuneration.lowest_wage",
    "remuneration",
    ["comprehensive"],
    "最低工资标准",
    "职工在法定工作时间内提供了正常劳动的，甲方支付的月工资不低于{lowestMonthlyWage}，且不得低于当地最低工资标准。延长工作时间工资，中班、夜班、高温、低温、井下、有毒有害等特殊工作环境、条件下的津贴，以及法律、法规和国家规定的福利待遇，不计入前述工资。",
    [fen("lowestMonthlyWage", "月工资最低标准", 250_000, "local_minimum_wage_month")],
    legal(
      "不得低于当地月最低工资标准，计算时剔除加班工资、特殊环境津贴和法定福利",
      c("劳动合同法", "55"),
      c("最低工资规定", "12"),
      c("劳动法", "48"),
    ),
  ),
  clause(
    "remuneration.annual_raise",
    "remuneration",
    ["comprehensive"],
    "年度工资增长",
    "本合同期内，甲方职工年度平均工资在上年度基础上增长{raiseBp}，具体办法由双方在工资专项集体合同中约定。",
    [bp("raiseBp", "职工年度平均工资增长幅度", 500)],
    legal(
      "增长幅度无法定下限，应参考当地政府发布的工资指导线、城镇居民消费价格指数和企业经济效益协商确定；工资水平在经济发展的基础上逐步提高",
      c("工资集体协商试行办法", "8"),
      c("劳动法", "46"),
    ),
  ),
  clause(
    "remuneration.payment",
    "remuneration",
    ["comprehensive"],
    "工资支付",
    "甲方以货币形式按月支付职工工资，于每月{payDay}日前支付上月工资；遇节假日或者休息日的，提前在最近的工作日支付。甲方支付工资时向职工提供个人工资清单，不得克扣或者无故拖欠职工工资。",
    [integer("payDay", "每月发薪日", 15, { unit: "日", min: 1, max: 31 })],
    legal(
      "工资以货币形式至少每月支付一次，遇节假日提前支付，并提供工资清单",
      c("劳动法", "50"),
      c("工资支付暂行规定", "5", "6", "7"),
    ),
  ),
  clause(
    "remuneration.overtime_pay",
    "remuneration",
    ["comprehensive"],
    "加班工资",
    "甲方依法安排职工延长工作时间的，支付不低于工资的{overtimePercent}%的工资报酬；休息日安排职工工作又不能安排补休的，支付不低于工资的{restDayPercent}%的工资报酬；法定休假日安排职工工作的，支付不低于工资的{holidayPercent}%的工资报酬。",
    [
      integer("overtimePercent", "延长工作时间工资比例", 150, {
        unit: "%",
        legalLimit: "overtime_pay_percent_min",
      }),
      integer("restDayPercent", "休息日加班工资比例", 200, {
        unit: "%",
        legalLimit: "rest_day_pay_percent_min",
      }),
      integer("holidayPercent", "法定休假日加班工资比例", 300, {
        unit: "%",
        legalLimit: "holiday_pay_percent_min",
      }),
    ],
    legal(
      "延长工作时间、休息日和法定休假日工作的工资分别不低于工资的150%、200%和300%",
      c("劳动法", "44"),
      c("工资支付暂行规定", "13"),
    ),
  ),
  clause(
    "remuneration.probation_pay",
    "remuneration",
    ["comprehensive"],
    "试用期工资",
    "职工试用期的工资不低于本单位相同岗位最低档工资或者劳动合同约定工资的{probationPercent}%，并不得低于当地最低工资标准。",
    [
      integer("probationPercent", "试用期工资比例", 80, {
        unit: "%",
        legalLimit: "probation_pay_percent_min",
      }),
    ],
    legal(
      "试用期工资不低于相同岗位最低档工资或者约定工资的80%，并不低于当地最低工资标准",
      c("劳动合同法", "20"),
    ),
  ),
];

const WORKING_HOURS: ClauseTemplate[] = [
  clause(
    "working_hours.standard",
    "working_hours",
    ["comprehensive"],
    "标准工时",
    "甲方实行职工每日工作{dailyHours}小时、每周工作{weeklyHours}小时的标准工时制度。因生产特点不能实行标准工时制度的岗位，经劳动行政部门批准后方可实行其他工作和休息办法，甲方应当事先听取乙方意见。",
    [
      integer("dailyHours", "每日工作时间", 8, { unit: "小时", min: 1, legalLimit: "daily_hours_max" }),
      integer("weeklyHours", "每周工作时间", 40, { unit: "小时", min: 1, legalLimit: "weekly_hours_max" }),
    ],
    legal(
      "每日工作不超过8小时、每周工作不超过40小时；实行其他工作和休息办法须经劳动行政部门批准",
      c("国务院关于职工工作时间的规定", "3"),
      c("劳动法", "36", "39"),
    ),
  ),
  clause(
    "working_hours.overtime",
    "working_hours",
    ["comprehensive"],
    "延长工作时间",
    "甲方因生产经营需要延长工作时间的，应当与乙方和职工协商，一般每日不超过1小时；因特殊原因需要延长工作时间的，在保障职工身体健康的条件下，每日不超过{overtimeDailyHours}小时，每月累计不超过{overtimeMonthlyHours}小时。",
    [
      integer("overtimeDailyHours", "每日延长工作时间上限", 3, {
        unit: "小时",
        min: 1,
        legalLimit: "overtime_daily_hours_max",
      }),
      integer("overtimeMonthlyHours", "每月延长工作时间上限", 36, {
        unit: "小时",
        min: 1,
        legalLimit: "overtime_monthly_hours_max",
      }),
    ],
    legal("延长工作时间须与工会和劳动者协商，每日不超过3小时，每月不超过36小时", c("劳动法", "41", "43")),
  ),
];

const REST_LEAVE: ClauseTemplate[] = [
  clause(
    "rest_leave.weekly_rest",
    "rest_leave",
    ["comprehensive"],
    "休息日和法定节假日",
    "甲方保证职工每周休息不少于{weeklyRestDays}日，并依法安排职工在元旦、春节、国际劳动节、国庆节和法律、法规规定的其他休假节日休假。",
    [integer("weeklyRestDays", "每周休息日", 2, { unit: "日", max: 7, legalLimit: "weekly_rest_days_min" })],
    legal("用人单位应当保证劳动者每周至少休息一日，并在法定节日安排休假", c("劳动法", "38", "40")),
  ),
  clause(
    "rest_leave.annual_leave",
    "rest_leave",
    ["comprehensive"],
    "带薪年休假",
    "职工累计工作已满1年不满10年的，年休假{leaveUnder10}天；已满10年不满20年的，年休假{leave10To20}天；已满20年的，年休假{leave20Plus}天。国家法定休假日、休息日不计入年休假的假期。甲方确因工作需要不能安排职工休年休假的，经职工本人同意，对职工应休未休的年休假天数，按照该职工日工资收入的{unusedLeavePercent}%支付年休假工资报酬。",
    [
      integer("leaveUnder10", "工龄1年以上不满10年的年休假", 5, {
        unit: "天",
        legalLimit: "annual_leave_1_to_10_min",
      }),
      integer("leave10To20", "工龄10年以上不满20年的年休假", 10, {
        unit: "天",
        legalLimit: "annual_leave_10_to_20_min",
      }),
      integer("leave20Plus", "工龄20年以上的年休假", 15, {
        unit: "天",
        legalLimit: "annual_leave_20_plus_min",
      }),
      integer("unusedLeavePercent", "应休未休年休假工资比例", 300, {
        unit: "%",
        legalLimit: "unused_leave_pay_percent_min",
      }),
    ],
    legal(
      "年休假分别不少于5天、10天、15天；应休未休的按日工资收入的300%支付",
      c("职工带薪年休假条例", "3", "5"),
      c("劳动法", "45"),
    ),
  ),
  clause(
    "rest_leave.other_leave",
    "rest_leave",
    ["comprehensive"],
    "其他假期",
    "职工依法享受婚假、丧假、探亲假等假期，假期内甲方按照劳动合同约定的标准支付工资。",
    [],
    legal("婚丧假、探亲假等期间依法支付工资", c("劳动法", "51"), c("工资支付暂行规定", "11")),
  ),
];

const SAFETY_KINDS: CaseKind[] = ["comprehensive", "safety"];

const SAFETY: ClauseTemplate[] = [
  clause(
    "safety.responsibility",
    "safety_health",
    SAFETY_KINDS,
    "安全生产责任制",
    "甲方建立健全全员安全生产责任制和安全生产规章制度，加大对安全生产资金、物资、技术、人员的投入保障力度；甲方主要负责人对本单位安全生产工作全面负责。乙方依法对甲方的安全生产和职业病防治工作进行监督，甲方制定或者修改有关职业病防治的规章制度，应当听取乙方的意见。",
    [],
    legal(
      "生产经营单位必须建立健全全员安全生产责任制；工会依法对职业病防治工作进行监督",
      c("安全生产法", "4"),
      c("职业病防治法", "4"),
    ),
    ["safety_responsibility"],
  ),
  clause(
    "safety.conditions",
    "safety_health",
    SAFETY_KINDS,
    "劳动条件和安全技术措施",
    "甲方为职工创造符合国家职业卫生标准和卫生要求的工作环境和条件，本合同期内每年安排不少于{safetyFund}的资金用于改善劳动条件和安全技术措施，并如实告知职工作业场所和工作岗位存在的危险因素、职业病危害及其后果、防范措施和事故应急措施。",
    [fen("safetyFund", "每年劳动条件和安全技术措施资金", 10_000_000)],
    legal(
      "工作环境和条件须符合国家职业卫生标准；须如实告知危险因素和职业病危害。投入金额无法定下限，由双方协商确定",
      c("职业病防治法", "4", "33"),
      c("安全生产法", "44"),
    ),
    ["safety_conditions"],
  ),
  clause(
    "safety.rules",
    "safety_health",
    SAFETY_KINDS,
    "安全操作规程和安全培训",
    "甲方制定并公布各岗位安全操作规程，对职工进行上岗前和在岗期间的安全生产教育和培训，每名职工每年不少于{safetyTrainingHours}学时；未经安全生产教育和培训合格的职工，不得上岗作业。职工有权拒绝违章指挥和强令冒险作业；发现直接危及人身安全的紧急情况时，有权停止作业或者在采取可能的应急措施后撤离作业场所，甲方不得因此降低其工资、福利等待遇或者解除劳动合同。",
    [integer("safetyTrainingHours", "每年安全培训学时", 24, { unit: "学时", min: 1 })],
    legal(
      "未经安全生产教育和培训合格不得上岗；职工有权拒绝违章指挥、紧急情况下停止作业。培训学时由双方协商确定",
      c("安全生产法", "28", "54", "55"),
    ),
    ["safety_rules"],
  ),
  clause(
    "safety.protective_equipment",
    "safety_health",
    SAFETY_KINDS,
    "劳动防护用品",
    "甲方按照国家标准或者行业标准为职工免费提供劳动防护用品，按照双方确定的劳动防护用品发放标准每{ppeCheckMonths}个月核查一次发放和更换情况，并监督、教育职工按照使用规则佩戴、使用。",
    [integer("ppeCheckMonths", "劳动防护用品核查周期", 6, { unit: "个月", min: 1, max: 12 })],
    legal("必须提供符合国家标准或者行业标准的劳动防护用品，并安排相应经费", c("安全生产法", "45", "47")),
    ["protective_equipment"],
  ),
  clause(
    "safety.health_examination",
    "safety_health",
    SAFETY_KINDS,
    "健康检查和职业健康体检",
    "甲方每{healthCheckMonths}个月组织职工进行一次健康检查；对从事接触职业病危害作业的职工，按照规定组织上岗前、在岗期间和离岗时的职业健康检查，费用由甲方承担，检查结果书面告知职工本人，并为职工建立职业健康监护档案。",
    [integer("healthCheckMonths", "健康检查周期", 12, { unit: "个月", min: 1, max: 24 })],
    legal(
      "接触职业病危害的职工须进行上岗前、在岗期间和离岗时的职业健康检查，费用由用人单位承担",
      c("职业病防治法", "35", "36"),
    ),
    ["health_examination"],
  ),
];

const WELFARE: ClauseTemplate[] = [
  clause(
    "welfare.social_insurance",
    "insurance_welfare",
    ["comprehensive"],
    "社会保险",
    "甲方依法为全体职工参加基本养老保险、基本医疗保险、工伤保险、失业保险和生育保险，自用工之日起三十日内办理社会保险登记，按时足额缴纳社会保险费，并按月将缴费明细告知职工本人。",
    [],
    legal(
      "用人单位必须依法参加社会保险、按时足额缴费，自用工之日起三十日内办理登记",
      c("劳动法", "72"),
      c("社会保险法", "58", "60"),
    ),
  ),
  clause(
    "welfare.supplementary",
    "insurance_welfare",
    ["comprehensive"],
    "补充保险",
    "在依法参加基本社会保险的基础上，甲方为职工建立{supplementaryInsurance}。",
    [text("supplementaryInsurance", "补充保险项目", "企业年金和补充医疗保险")],
    legal("补充保险由国家鼓励建立，不得替代基本社会保险", c("劳动法", "75")),
  ),
  clause(
    "welfare.benefits",
    "insurance_welfare",
    ["comprehensive"],
    "职工福利",
    "甲方每年为每名职工安排不少于{welfarePerHead}的节日慰问、生日慰问等福利，并建立困难职工帮扶制度。",
    [fen("welfarePerHead", "每名职工年度福利", 100_000)],
    legal(
      "用人单位应当改善集体福利，提高劳动者的福利待遇；金额无法定下限，由双方协商确定",
      c("劳动法", "76"),
    ),
  ),
];

const WOMEN_KINDS: CaseKind[] = ["comprehensive", "women"];

const WOMEN: ClauseTemplate[] = [
  clause(
    "women.taboo",
    "women_minors",
    WOMEN_KINDS,
    "女职工禁忌从事的劳动",
    "甲方遵守女职工禁忌从事的劳动范围的规定，将本单位属于女职工禁忌从事的劳动范围的岗位书面告知女职工；不安排女职工从事矿山井下、国家规定的第四级体力劳动强度的劳动和其他禁忌从事的劳动。",
    [],
    legal(
      "用人单位应当遵守女职工禁忌劳动范围并书面告知",
      c("女职工劳动保护特别规定", "4"),
      c("劳动法", "59"),
    ),
    ["women_taboo"],
  ),
  clause(
    "women.menstrual",
    "women_minors",
    WOMEN_KINDS,
    "经期保护",
    "甲方不安排女职工在经期从事高处、低温、冷水作业和国家规定的第三级体力劳动强度的劳动。",
    [],
    legal("经期禁忌从事的劳动", c("劳动法", "60")),
    ["women_periods"],
  ),
  clause(
    "women.pregnancy",
    "women_minors",
    WOMEN_KINDS,
    "孕期保护",
    "女职工在孕期不能适应原劳动的，甲方根据医疗机构的证明，予以减轻劳动量或者安排其他能够适应的劳动。对怀孕7个月以上的女职工，甲方不延长其劳动时间或者安排夜班劳动，并在劳动时间内安排一定的休息时间。怀孕女职工在劳动时间内进行产前检查，所需时间计入劳动时间。甲方不因女职工怀孕、生育、哺乳降低其工资、予以辞退、与其解除劳动合同。",
    [],
    legal(
      "孕期减轻劳动量、怀孕7个月以上不延长劳动时间和安排夜班、产检计入劳动时间",
      c("女职工劳动保护特别规定", "5", "6"),
      c("劳动法", "61"),
    ),
    ["women_periods"],
  ),
  clause(
    "women.maternity",
    "women_minors",
    WOMEN_KINDS,
    "产假",
    "女职工生育享受{maternityDays}天产假，其中产前可以休假15天；难产的，增加产假{difficultBirthDays}天；生育多胞胎的，每多生育1个婴儿，增加产假15天。女职工怀孕未满4个月流产的，享受15天产假；怀孕满4个月流产的，享受42天产假。",
    [
      integer("maternityDays", "产假天数", 98, { unit: "天", legalLimit: "maternity_leave_days_min" }),
      integer("difficultBirthDays", "难产增加产假天数", 15, {
        unit: "天",
        legalLimit: "difficult_birth_extra_days_min",
      }),
    ],
    legal("产假不少于98天，难产增加15天", c("女职工劳动保护特别规定", "7"), c("劳动法", "62")),
    ["women_periods"],
  ),
  clause(
    "women.nursing",
    "women_minors",
    WOMEN_KINDS,
    "哺乳期保护",
    "对哺乳未满1周岁婴儿的女职工，甲方不延长其劳动时间或者安排夜班劳动，并在每天的劳动时间内为其安排{nursingHours}小时哺乳时间；生育多胞胎的，每多哺乳1个婴儿每天增加1小时哺乳时间。",
    [integer("nursingHours", "每日哺乳时间", 1, { unit: "小时", max: 8, legalLimit: "nursing_hours_min" })],
    legal(
      "哺乳期不延长劳动时间、不安排夜班，每天哺乳时间不少于1小时",
      c("女职工劳动保护特别规定", "9"),
      c("劳动法", "63"),
    ),
    ["women_periods"],
  ),
  clause(
    "women.health_check",
    "women_minors",
    WOMEN_KINDS,
    "女职工健康检查",
    "甲方每{womenCheckMonths}个月组织女职工进行一次妇科疾病和乳腺疾病检查，费用由甲方承担。",
    [integer("womenCheckMonths", "女职工健康检查周期", 12, { unit: "个月", min: 1, max: 24 })],
    legal("女职工定期健康检查是集体协商的内容，法规未规定检查周期，由双方协商确定", c("集体合同规定", "14")),
    ["women_health_check"],
  ),
  clause(
    "women.facilities",
    "women_minors",
    ["women"],
    "女职工设施",
    "甲方根据女职工的需要，建立女职工卫生室、孕妇休息室、哺乳室等设施，妥善解决女职工在生理卫生、哺乳方面的困难。",
    [],
    legal("女职工较多的用人单位应当建立卫生室、孕妇休息室、哺乳室等设施", c("女职工劳动保护特别规定", "10")),
  ),
  clause(
    "women.harassment",
    "women_minors",
    ["women"],
    "预防和制止性骚扰",
    "甲方在劳动场所预防和制止对女职工的性骚扰，建立投诉处理机制，乙方女职工委员会参与处理。",
    [],
    legal("用人单位应当预防和制止对女职工的性骚扰", c("女职工劳动保护特别规定", "11")),
  ),
  clause(
    "minors.protection",
    "women_minors",
    ["comprehensive"],
    "未成年工特殊保护",
    "甲方不安排未成年工从事矿山井下、有毒有害、国家规定的第四级体力劳动强度的劳动和其他禁忌从事的劳动，对未成年工实行登记制度，并定期进行健康检查。",
    [],
    legal("未成年工禁忌从事的劳动，用人单位应当对未成年工定期进行健康检查", c("劳动法", "58", "64", "65")),
    ["minors_protection"],
  ),
];

const TRAINING: ClauseTemplate[] = [
  clause(
    "training.plan",
    "training",
    ["comprehensive"],
    "职业技能培训",
    "甲方建立职业培训制度，每年制定职业技能培训计划并征求乙方意见，按照国家规定提取和使用职业培训经费，每名职工每年参加职业技能培训不少于{trainingHours}学时。从事技术工种的职工，上岗前必须经过培训。",
    [integer("trainingHours", "每年培训学时", 40, { unit: "学时", min: 1 })],
    legal(
      "用人单位应当建立职业培训制度，按照国家规定提取和使用培训经费；技术工种上岗前必须培训。学时无法定下限，由双方协商确定",
      c("劳动法", "68"),
    ),
  ),
];

const CONTRACT_MANAGEMENT: ClauseTemplate[] = [
  clause(
    "contract_management.signing",
    "contract_management",
    ["comprehensive"],
    "劳动合同订立",
    "甲方与职工建立劳动关系，自用工之日起一个月内订立书面劳动合同。劳动合同约定的劳动条件和劳动报酬等标准不低于本合同的规定。",
    [],
    legal("自用工之日起一个月内订立书面劳动合同；劳动合同标准不得低于集体合同", c("劳动合同法", "10", "55")),
  ),
  clause(
    "contract_management.probation",
    "contract_management",
    ["comprehensive"],
    "试用期",
    "劳动合同期限三个月以上不满一年的，试用期不超过一个月；劳动合同期限一年以上不满三年的，试用期不超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不超过六个月。甲方与同一职工只约定一次试用期。",
    [],
    legal("试用期上限按劳动合同期限确定，同一劳动者只能约定一次试用期", c("劳动合同法", "19")),
  ),
  clause(
    "contract_management.termination",
    "contract_management",
    ["comprehensive"],
    "单方解除劳动合同",
    "甲方单方解除劳动合同，事先将理由通知乙方；乙方认为甲方违反法律、法规或者劳动合同约定的，有权要求甲方纠正，甲方研究乙方的意见，并将处理结果书面通知乙方。",
    [],
    legal("用人单位单方解除劳动合同应当事先将理由通知工会", c("劳动合同法", "43"), c("工会法", "22")),
  ),
];

const REWARDS: ClauseTemplate[] = [
  clause(
    "rewards.rules",
    "rewards_penalties",
    ["comprehensive"],
    "劳动纪律和奖惩制度",
    "甲方制定、修改劳动纪律和考核奖惩制度，应当经职工代表大会或者全体职工讨论，提出方案和意见，与乙方平等协商确定，并向职工公示。",
    [],
    legal("直接涉及劳动者切身利益的规章制度须经民主程序制定并公示", c("劳动合同法", "4")),
  ),
  clause(
    "rewards.procedure",
    "rewards_penalties",
    ["comprehensive"],
    "奖惩程序",
    "甲方处分职工，应当事实清楚、依据明确，作出决定前听取职工本人的陈述和申辩，处分决定书面送达职工本人；乙方认为处分不适当的，有权提出意见。",
    [],
    legal("用人单位处分职工，工会认为不适当的，有权提出意见", c("工会法", "22")),
  ),
];

const LAYOFFS: ClauseTemplate[] = [
  clause(
    "layoffs.procedure",
    "layoffs",
    ["comprehensive"],
    "裁员程序",
    "甲方需要裁减人员二十人以上或者裁减不足二十人但占甲方职工总数百分之十以上的，提前{layoffNoticeDays}日向乙方或者全体职工说明情况，听取乙方或者职工的意见，裁减人员方案经向劳动行政部门报告后方可实施。",
    [integer("layoffNoticeDays", "提前说明天数", 30, { unit: "日", legalLimit: "layoff_notice_days_min" })],
    legal("经济性裁员须提前三十日向工会或者全体职工说明情况，方案向劳动行政部门报告", c("劳动合同法", "41")),
  ),
  clause(
    "layoffs.protection",
    "layoffs",
    ["comprehensive"],
    "优先留用和不得裁减的人员",
    "裁减人员时，甲方优先留用与本单位订立较长期限的固定期限劳动合同的、订立无固定期限劳动合同的，以及家庭无其他就业人员、有需要扶养的老人或者未成年人的职工。女职工在孕期、产期、哺乳期的，在本单位连续工作满十五年且距法定退休年龄不足五年的，以及法律、行政法规规定的其他职工，不得裁减。甲方在六个月内重新招用人员的，通知被裁减的人员，并在同等条件下优先招用。",
    [],
    legal("优先留用、不得裁减的人员和优先招用", c("劳动合同法", "41", "42")),
  ),
  clause(
    "layoffs.compensation",
    "layoffs",
    ["comprehensive"],
    "经济补偿",
    "甲方依法裁减人员的，按照职工在本单位工作的年限，每满一年支付{severanceMonths}个月工资的标准支付经济补偿；六个月以上不满一年的，按一年计算；不满六个月的，支付半个月工资的经济补偿。",
    [
      integer("severanceMonths", "每满一年的经济补偿", 1, {
        unit: "个月工资",
        max: 12,
        legalLimit: "severance_months_per_year_min",
      }),
    ],
    legal("经济补偿每满一年支付一个月工资", c("劳动合同法", "46", "47")),
  ),
];

const TERM_AND_CHANGE: ClauseTemplate[] = [
  clause(
    "term.duration",
    "contract_term",
    NON_WAGE,
    "合同期限",
    "本合同期限为{termYears}年，自生效之日起计算。本合同期满或者双方约定的终止条件出现，即行终止；期满前3个月内，任何一方均可向对方提出重新签订或者续订的要求。",
    [integer("termYears", "合同期限", 3, { unit: "年", min: 1, max: 10 })],
    legal("集体合同期限一般为1至3年；期满前3个月内任何一方可以提出续订", c("集体合同规定", "38")),
  ),
  clause(
    "change.procedure",
    "change_procedure",
    NON_WAGE,
    "变更和解除",
    "双方协商代表协商一致，可以变更或者解除本合同。有下列情形之一的，可以变更或者解除本合同：（一）甲方因被兼并、解散、破产等原因，致使本合同无法履行的；（二）因不可抗力等原因致使本合同无法履行或者部分无法履行的；（三）本合同约定的变更或者解除条件出现的；（四）法律、法规、规章规定的其他情形。变更或者解除本合同适用集体协商程序。",
    [],
    legal("变更、解除的条件和程序", c("集体合同规定", "39", "40", "41")),
  ),
];

const DISPUTES: ClauseTemplate[] = [
  clause(
    "dispute.consultation",
    "dispute_handling",
    NON_WAGE,
    "争议处理",
    "因履行本合同发生争议的，双方应当自一方提出之日起{disputeDays}日内协商解决；协商解决不成的，乙方可以依法向劳动争议仲裁委员会申请仲裁；对仲裁裁决不服的，可以向人民法院提起诉讼。",
    [integer("disputeDays", "协商解决期限", 15, { unit: "日", min: 1, max: 60 })],
    legal(
      "因履行集体合同发生争议，协商不成的，工会可以依法申请仲裁、提起诉讼",
      c("劳动合同法", "56"),
      c("集体合同规定", "55"),
      c("工会法", "21"),
    ),
  ),
  clause(
    "breach.liability",
    "breach_liability",
    NON_WAGE,
    "违约责任和履约监督",
    "甲方违反本合同，侵犯职工劳动权益的，乙方可以依法要求甲方予以改正并承担责任。双方每{reviewMonths}个月共同检查一次本合同的履行情况，并向职工代表大会或者全体职工报告。",
    [integer("reviewMonths", "履约检查周期", 6, { unit: "个月", min: 1, max: 12 })],
    legal(
      "用人单位违反集体合同的，工会可以依法要求其承担责任；工会对履行集体合同进行监督",
      c("劳动合同法", "56", "78"),
    ),
  ),
  clause(
    "other.democratic_management",
    "other",
    NON_WAGE,
    "民主管理",
    "甲方依法实行职工代表大会制度，每年至少{congressTimes}次向职工代表大会报告生产经营情况和本合同的履行情况，涉及职工切身利益的重大事项依法提交职工代表大会审议。",
    [integer("congressTimes", "每年报告次数", 1, { unit: "次", min: 1, max: 12 })],
    legal(
      "依法应当提交职工代表大会审议、通过、决定的事项，用人单位应当依法办理",
      c("工会法", "20"),
      c("劳动合同法", "4"),
    ),
  ),
];

const WAGE: ClauseTemplate[] = [
  clause(
    "wage.term",
    "wage_term",
    ["wage"],
    "合同期限",
    "本合同期限为{termYears}年，自生效之日起计算。",
    [integer("termYears", "合同期限", 1, { unit: "年", min: 1, max: 10 })],
    legal("专项集体合同期限一般为1至3年", c("集体合同规定", "38"), c("工资集体协商试行办法", "7")),
  ),
  clause(
    "wage.system",
    "wage_system",
    ["wage"],
    "工资分配制度",
    "甲方实行{wageSystem}，职工工资由基本工资、绩效工资和津贴补贴等构成。工资分配遵循按劳分配原则，实行同工同酬。",
    [text("wageSystem", "工资分配制度", "岗位绩效工资制")],
    legal("工资分配应当遵循按劳分配原则，实行同工同酬", c("劳动法", "46"), c("工资集体协商试行办法", "7")),
  ),
  clause(
    "wage.lowest_standard",
    "wage_system",
    ["wage"],
    "工资标准",
    "本合同期内，甲方全日制职工月工资最低标准为{lowestMonthlyWage}，非全日制职工小时工资最低标准为{lowestHourlyWage}。上述标准不含延长工作时间工资，中班、夜班、高温、低温、井下、有毒有害等特殊工作环境、条件下的津贴，以及法律、法规和国家规定的福利待遇，且均不得低于当地最低工资标准。",
    [
      fen("lowestMonthlyWage", "月工资最低标准", 250_000, "local_minimum_wage_month"),
      fen("lowestHourlyWage", "小时工资最低标准", 2_500, "local_minimum_wage_hour"),
    ],
    legal(
      "月、小时工资标准分别不得低于当地月、小时最低工资标准",
      c("劳动合同法", "55"),
      c("最低工资规定", "5", "12"),
    ),
  ),
  clause(
    "wage.raise",
    "average_wage_adjustment",
    ["wage"],
    "年度平均工资调整",
    "本合同期内，甲方职工年度平均工资在上年度基础上增长{raiseBp}，其中一线职工年度平均工资增长不低于{frontLineRaiseBp}。",
    [
      bp("raiseBp", "职工年度平均工资增长幅度", 500),
      bp("frontLineRaiseBp", "一线职工年度平均工资增长幅度", 500),
    ],
    legal(
      "增长幅度无法定下限，应参考工资指导线、城镇居民消费价格指数、企业劳动生产率和经济效益等因素协商确定",
      c("工资集体协商试行办法", "8"),
    ),
  ),
  clause(
    "wage.minimum_adjustment",
    "average_wage_adjustment",
    ["wage"],
    "最低工资标准调整后的工资调整",
    "当地人民政府调整最低工资标准的，甲方自新标准施行之月起，将低于新标准的职工工资调整至不低于新标准。",
    [],
    legal("工资不得低于当地最低工资标准", c("劳动法", "48"), c("最低工资规定", "12")),
  ),
  clause(
    "wage.allowances",
    "bonuses_allowances",
    ["wage"],
    "奖金、津贴和补贴",
    "甲方发放的奖金、津贴和补贴按照双方协商确定的分配办法执行，其中夜班津贴每班不低于{nightShiftAllowance}。年终奖金分配方案在发放前征求乙方意见并向职工公示。",
    [fen("nightShiftAllowance", "夜班津贴（每班）", 3_000)],
    legal(
      "夜班等特殊工作环境、条件下的津贴不计入最低工资；津贴金额无法定下限，由双方协商确定",
      c("最低工资规定", "12"),
      c("工资集体协商试行办法", "7"),
    ),
  ),
  clause(
    "wage.payment",
    "wage_payment",
    ["wage"],
    "工资支付",
    "甲方以货币形式按月支付职工工资，于每月{payDay}日前支付上月工资；遇节假日或者休息日的，提前在最近的工作日支付。甲方支付工资时向职工提供个人工资清单，不得克扣或者无故拖欠职工工资。职工在法定工作时间内依法参加社会活动期间，甲方视同其提供了正常劳动而支付工资。",
    [integer("payDay", "每月发薪日", 15, { unit: "日", min: 1, max: 31 })],
    legal(
      "工资以货币形式至少每月支付一次；依法参加社会活动期间视同提供正常劳动",
      c("劳动法", "50"),
      c("工资支付暂行规定", "7", "10"),
    ),
  ),
  clause(
    "wage.change",
    "wage_change_procedure",
    ["wage"],
    "变更和解除",
    "双方协商代表协商一致，可以变更或者解除本合同。甲方因被兼并、解散、破产等原因，或者因不可抗力等原因致使本合同无法履行或者部分无法履行的，可以变更或者解除本合同。变更或者解除本合同适用集体协商程序。",
    [],
    legal("变更、解除的条件和程序", c("集体合同规定", "39", "40", "41")),
  ),
  clause(
    "wage.termination",
    "wage_termination",
    ["wage"],
    "终止",
    "本合同期满或者双方约定的终止条件出现，即行终止。本合同期满前3个月内，任何一方均可向对方提出重新签订或者续订的要求。",
    [],
    legal("期满或者约定的终止条件出现即行终止；期满前3个月内可以提出续订", c("集体合同规定", "38")),
  ),
  clause(
    "wage.breach",
    "wage_breach_liability",
    ["wage"],
    "违约责任",
    "甲方未按照本合同约定的标准和时间支付工资的，乙方可以依法要求甲方限期改正、补足差额并承担责任；因履行本合同发生争议，经协商解决不成的，乙方可以依法申请仲裁、提起诉讼。",
    [],
    legal(
      "用人单位违反集体合同的，工会可以依法要求其承担责任、申请仲裁、提起诉讼",
      c("劳动合同法", "56"),
      c("工会法", "21"),
    ),
  ),
  clause(
    "wage.other",
    "wage_other",
    ["wage"],
    "工资集体协商制度",
    "双方每年第{negotiationQuarter}季度开展工资集体协商，协商确定下一年度的工资调整幅度。",
    [integer("negotiationQuarter", "开展协商的季度", 4, { unit: "季度", min: 1, max: 4 })],
    legal("工资协议期限一般为一年，双方按年度协商工资调整", c("工资集体协商试行办法", "7")),
  ),
];

const FINAL: ClauseTemplate[] = [
  clause(
    "final.effect",
    "final",
    ALL,
    "生效",
    "本合同草案经职工代表大会或者全体职工讨论通过后，由双方首席代表签字，并由甲方依法报送劳动保障行政部门审查。劳动保障行政部门自收到文本之日起15日内未提出异议的，本合同即行生效。",
    [],
    legal(
      "草案须经职工代表大会或者全体职工讨论通过；签字后报送审查，15日内未提出异议即行生效",
      c("集体合同规定", "36", "42", "47"),
    ),
  ),
  clause(
    "final.publication",
    "final",
    ALL,
    "公布和文本",
    "本合同生效后，双方协商代表自生效之日起及时以适当的形式向本方全体人员公布。本合同一式{copies}份，甲乙双方各执一份，其余报送劳动保障行政部门，具有同等效力。本合同未尽事宜，按照国家有关法律、法规和规章的规定执行。",
    [integer("copies", "文本份数", 5, { unit: "份", min: 3, max: 10 })],
    legal("生效后应当及时向全体人员公布；报送审查的文本为一式三份", c("集体合同规定", "42", "48")),
  ),
];

export const DEFAULT_CONTRACT_LIBRARY: ContractLibrary = {
  key: DEFAULT_CONTRACT_LIBRARY_KEY,
  version: 1,
  title: "集体合同范本条款库",
  description:
    "综合集体合同（集体合同规定第八条所列十五项内容）及工资、女职工权益保护、劳动安全卫生专项集体合同的范本条款",
  chapters: CHAPTERS,
  clauses: [
    ...GENERAL,
    ...REMUNERATION,
    ...WORKING_HOURS,
    ...REST_LEAVE,
    ...SAFETY,
    ...WELFARE,
    ...WOMEN,
    ...TRAINING,
    ...CONTRACT_MANAGEMENT,
    ...REWARDS,
    ...LAYOFFS,
    ...TERM_AND_CHANGE,
    ...DISPUTES,
    ...WAGE,
    ...FINAL,
  ],
};
