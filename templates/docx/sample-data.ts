/**
 * Realistic sample inputs for the document builders, used by the tests and for previewing the layout.
 * Items and legal bases are taken verbatim from the health-check library (shared domain/health-check.md).
 */
import { articleAnnex, citedArticles } from "../../app/domain/citation-format";
import { statuteLibrary } from "../statutes";
import type { AnnexArticle } from "./official-style";
import type { PrescriptionData } from "./prescription";
import type { RiskReportData } from "./risk-report";

/** The annex of cited articles, as the services assemble it from the shipped statutes. */
const annexOf = (bases: readonly string[]): AnnexArticle[] =>
  articleAnnex(bases.flatMap((b) => citedArticles(b, [], statuteLibrary))).map((a) => ({
    label: a.label,
    text: a.text,
  }));

const DEADLINE_DAYS = { H: 30, M: 60, L: 90 } as const;

const dimensions: RiskReportData["dimensions"] = [
  { id: "contracts", title: "劳动合同", score: 72.7, findingCount: 2 },
  { id: "wages", title: "工资支付与最低工资", score: 82.4, findingCount: 1 },
  { id: "hours", title: "工作时间与加班", score: 55, findingCount: 2 },
  { id: "leave", title: "休息休假", score: 100, findingCount: 0 },
  { id: "insurance", title: "社会保险与住房公积金", score: 61.5, findingCount: 1 },
  { id: "safety", title: "劳动安全卫生与职业病防治", score: 100, findingCount: 0 },
  { id: "women", title: "女职工与未成年工特殊保护", score: 88.2, findingCount: 1 },
  { id: "rules", title: "规章制度与民主程序", score: 50, findingCount: 1 },
  { id: "union", title: "工会组建与职代会、厂务公开", score: 77.8, findingCount: 1 },
  { id: "bargaining", title: "集体协商与集体合同", score: 45.5, findingCount: 2 },
  { id: "dispatch", title: "劳务派遣与用工形式", score: null, findingCount: 0 },
  { id: "layoffs", title: "裁员与重大调整", score: 90, findingCount: 1 },
  { id: "disputes", title: "劳动争议预防与调解", score: 66.7, findingCount: 1 },
  { id: "arrears", title: "欠薪风险与工资保障", score: 85.7, findingCount: 1 },
];

const titleOf = (id: string) => dimensions.find((d) => d.id === id)?.title ?? id;

const finding = (
  dimensionId: string,
  ruleId: string,
  severity: "H" | "M" | "L",
  title: string,
  legalBasis: string,
  recommendation: string,
  signal = false,
): RiskReportData["findings"][number] => ({
  dimensionId,
  dimensionTitle: titleOf(dimensionId),
  ruleId,
  severity,
  title,
  legalBasis,
  recommendation,
  signal,
  deadline: `自报告出具之日起${DEADLINE_DAYS[severity]}日内`,
});

export const sampleRiskReport: RiskReportData = {
  reportNo: "TJ-2026-0457",
  enterpriseName: "苏州恒达精密机械有限公司",
  creditCode: "91320505MA1XYZ1234",
  unionOrgName: "苏州恒达精密机械有限公司工会委员会",
  issuedOn: "2026-11-23",
  assessmentPeriod: "2025年11月1日至2026年10月31日",
  templateTitle: "劳动用工法律体检标准问卷（2026版）",
  overall: 71.3,
  riskLevel: "high",
  dimensions,
  findings: [
    finding(
      "contracts",
      "LC-01",
      "H",
      "未与全部在职职工签订书面劳动合同",
      "劳动合同法 第10条、第82条",
      '立即补签；自用工之日起超过一个月未签的，依法向劳动者支付二倍工资；建立"入职即签"流程',
    ),
    finding("contracts", "LC-07", "L", "未建立职工名册", "劳动合同法 第7条", "建立并及时更新职工名册备查"),
    finding(
      "wages",
      "WG-05",
      "L",
      "未书面记录工资支付情况、未向职工提供工资清单",
      "《工资支付暂行规定》第6条",
      "建立工资台账和工资清单制度",
    ),
    finding(
      "hours",
      "WH-02",
      "H",
      "单个职工月加班时数最高达52小时，超过36小时上限",
      "劳动法 第41条",
      "将延长工作时间控制在每月36小时以内，增加人手或调整生产计划",
    ),
    finding(
      "hours",
      "WH-04",
      "L",
      "延长工作时间未事先与工会和劳动者协商",
      "劳动法 第41条",
      "建立加班协商与登记制度",
    ),
    finding(
      "insurance",
      "SI-03",
      "M",
      "社会保险缴费基数未按职工实际工资申报",
      "社会保险法 第60条",
      "按实际工资核定缴费基数并补缴差额",
    ),
    finding(
      "women",
      "WM-06",
      "M",
      "未建立预防和制止工作场所性骚扰的制度",
      "女职工规定 第11条",
      "制定防治性骚扰制度，明确投诉渠道和处理程序",
    ),
    finding(
      "rules",
      "RR-01",
      "H",
      "规章制度未经职代会或全体职工讨论、未与工会平等协商确定",
      "劳动合同法 第4条",
      "将现行制度重新履行民主程序，保留讨论和协商记录",
    ),
    finding("union", "UD-04", "M", "未实行厂务公开", "民主管理规定", "制定厂务公开目录和程序并定期公开"),
    finding(
      "bargaining",
      "CB-01",
      "H",
      "综合集体合同已于2026年6月到期，未续订",
      "劳动合同法 第51条；集体合同规定 第38条",
      "启动集体协商，签订或续订集体合同（期限1至3年）",
    ),
    finding(
      "bargaining",
      "CB-02",
      "M",
      "未签订工资专项集体合同，未每年开展工资集体协商",
      "劳动合同法 第52条；《工资集体协商试行办法》第7条",
      "每年开展工资集体协商",
    ),
    finding(
      "layoffs",
      "RS-05",
      "M",
      "未来12个月计划搬迁至吴江新厂区",
      "劳动关系风险研判",
      "提前与工会沟通，制定职工安置预案",
      true,
    ),
    finding(
      "disputes",
      "DM-04",
      "L",
      "未建立职工诉求表达渠道",
      "民主管理规定",
      "建立并公布诉求渠道，定期答复",
    ),
    finding(
      "arrears",
      "WA-04",
      "L",
      "部分工资以现金发放",
      "工资支付可追溯",
      "改为银行代发，保留支付凭证",
      true,
    ),
  ],
  problemAnalysis: [
    { type: "heading", text: "（一）主要风险集中在民主程序和集体协商" },
    {
      type: "paragraph",
      text: "企业规章制度未履行民主程序，综合集体合同到期未续订，工资集体协商尚未开展。上述问题直接影响规章制度的效力和职工的工资增长机制，一旦发生争议，企业将处于不利地位。",
    },
    { type: "heading", text: "（二）工时管理需要重点关注" },
    {
      type: "paragraph",
      text: "生产旺季加班集中，个别岗位月加班时数超过法定上限，且加班未事先与工会协商。建议从以下方面着手：",
    },
    {
      type: "numbered",
      items: [
        "按岗位统计近12个月的加班时数，找出超时岗位；",
        "通过增加人手、调整排班等方式把月加班时数控制在36小时以内；",
        "建立加班事先协商和登记制度，由工会参与监督。",
      ],
    },
    { type: "heading", text: "（三）需要持续关注的风险信号" },
    {
      type: "bullets",
      items: ["企业计划于2027年搬迁至吴江新厂区，涉及职工安置；", "部分工资仍以现金发放，支付记录难以追溯。"],
    },
  ],
  instructorName: "王建华",
  issuer: "苏州市吴中区总工会",
};
sampleRiskReport.annex = annexOf(sampleRiskReport.findings.map((f) => f.legalBasis));
sampleRiskReport.comparison = {
  averageEnterprises: 12,
  averageOverall: 78.4,
  previous: {
    acceptedOn: "2025-11-20",
    overall: 64.9,
    resolved: 5,
    added: 3,
    persisting: 9,
    notApplicable: 1,
  },
  dimensions: sampleRiskReport.dimensions.map((d, i) => ({
    id: d.id,
    average: d.score === null ? null : Math.min(100, Math.round((d.score + 8 - (i % 3) * 5) * 10) / 10),
    previous: d.score === null ? null : Math.min(100, Math.max(0, d.score - 6 + (i % 4) * 3)),
  })),
};

export const samplePrescription: PrescriptionData = {
  prescriptionNo: "CF-2026-0213",
  enterpriseName: "苏州恒达精密机械有限公司",
  unionOrgName: "苏州恒达精密机械有限公司工会委员会",
  issuedOn: "2026-11-23",
  issuer: "苏州市吴中区总工会",
  instructorName: "王建华",
  basedOnReportNo: "TJ-2026-0457",
  items: [
    {
      no: 1,
      title: "未与全部在职职工签订书面劳动合同",
      legalBasis: "劳动合同法 第10条、第82条",
      action: "立即与未签订合同的职工补签书面劳动合同。\n建立“入职即签”流程，由人事部门每月核对。",
      dueOn: "2026-12-23",
      owner: "人力资源部 李敏",
      priority: "high",
    },
    {
      no: 2,
      title: "单个职工月加班时数超过36小时",
      legalBasis: "劳动法 第41条",
      action: "将延长工作时间控制在每月36小时以内，增加人手或调整生产计划。",
      dueOn: "2026-12-23",
      owner: "生产部 陈刚",
      priority: "high",
    },
    {
      no: 3,
      title: "综合集体合同到期未续订",
      legalBasis: "劳动合同法 第51条；集体合同规定 第38条",
      action: "启动集体协商，签订或续订集体合同（期限1至3年）。",
      dueOn: "2027-01-22",
      owner: "总经理办公室 周涛",
      priority: "medium",
    },
    {
      no: 4,
      title: "未建立职工名册",
      legalBasis: "劳动合同法 第7条",
      action: "建立并及时更新职工名册备查。",
      dueOn: "2027-02-21",
      owner: "人力资源部 李敏",
      priority: "low",
    },
  ],
};
samplePrescription.annex = annexOf(samplePrescription.items.map((i) => i.legalBasis));
