/**
 * 劳动用工法律体检报告: cover page, then 一、体检结论 二、各维度得分 (with the comparison against the
 * organisation's average and the previous check) 三、发现的问题 (each with its deadline) 四、问题分析, the
 * issuing block, and an annex with the text of every cited article. Citations are written as prose: full
 * statute titles, articles in Chinese numerals; item codes of the library are not printed. Plain data in,
 * docx Document out; the radar image is rendered by the caller and passed in as PNG.
 */
import { type Document, type Paragraph, type Table } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import { RISK_LEVEL_LABELS, type RiskLevel } from "../../app/domain/health-check/scoring";
import { formatLegalBasis } from "../../app/domain/citation-format";
import { SEVERITY_LABELS, SIGNAL_LABEL, type Severity } from "../../app/domain/health-check/types";
import {
  SIZES,
  annexHeading,
  annexNote,
  articleAnnex,
  blankLine,
  body,
  bulletList,
  caption,
  centredImage,
  chineseNumber,
  cleanDocumentData,
  coverInfo,
  createOfficialDocument,
  heading1,
  heading2,
  labelled,
  numberedList,
  officialSection,
  signatureBlock,
  strong,
  subtitle,
  table,
  title,
  type AnnexArticle,
} from "./official-style";

export type { RiskLevel, Severity };

export type RichBlock =
  | { type: "paragraph"; text: string }
  | { type: "bullets"; items: string[] }
  | { type: "numbered"; items: string[] }
  | { type: "heading"; text: string };

export type RiskReportData = {
  reportNo: string;
  enterpriseName: string;
  /** 统一社会信用代码 */
  creditCode: string;
  unionOrgName: string;
  issuedOn: LocalDate;
  /** Free text such as "2026年1月1日至2026年10月31日". */
  assessmentPeriod?: string;
  templateTitle: string;
  /** Null when no dimension applies. */
  overall: number | null;
  riskLevel: RiskLevel;
  dimensions: { id: string; title: string; score: number | null; findingCount: number }[];
  findings: {
    dimensionId: string;
    dimensionTitle: string;
    ruleId: string;
    severity: Severity;
    title: string;
    /** Written exactly as given, e.g. "劳动合同法 第10条、第82条". */
    legalBasis: string;
    recommendation: string;
    /** Risk indicators (early warning), not violations. */
    signal: boolean;
    /** When it is to be rectified, in words ("2027年1月15日前", "自报告出具之日起30日内"). */
    deadline?: string;
  }[];
  /** Against the organisation's average and the enterprise's previous check, as the report page shows. */
  comparison?: ReportComparison;
  /** The text of every article the findings cite (附件); absent in snapshots taken before annexes. */
  annex?: AnnexArticle[];
  /**
   * The evidence files given with the answers, per question (附件: 佐证材料清单); absent in snapshots taken
   * before it was listed.
   */
  evidence?: ReportEvidence[];
  /** The radar chart as PNG, 4:3 (app/services/reports/chart-image.server.ts renders it 1280×960). */
  radarPng?: Uint8Array;
  problemAnalysis: RichBlock[];
  instructorName: string;
  /** The issuing organisation. */
  issuer: string;
};

export type ReportEvidence = {
  /** The dimension's title. */
  dimension: string;
  /** The question as asked (its library code is not printed). */
  question: string;
  files: { name: string; size: string; uploadedBy: string; uploadedAt: string }[];
};

export type ReportComparison = {
  /** Enterprises whose latest check makes the organisation's average. */
  averageEnterprises: number;
  averageOverall: number | null;
  previous: {
    acceptedOn: LocalDate;
    overall: number | null;
    /** Findings then, answered compliantly now. */
    resolved: number;
    /** Found now, not then. */
    added: number;
    /** Found then and now. */
    persisting: number;
    /** Found then, their item no longer applies. */
    notApplicable: number;
  } | null;
  dimensions: { id: string; average: number | null; previous: number | null }[];
};

export function formatScore(score: number | null): string {
  if (score === null) return "不适用";
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

export function buildRiskReport(input: RiskReportData): Document {
  const data = cleanDocumentData(input);
  // 附件1 the cited articles, 附件2 the evidence list; numbered only when there are both.
  const annexes: { title: string; build: (number?: number) => (Paragraph | Table)[] }[] = [
    ...(data.annex?.length
      ? [
          {
            title: ANNEX_TITLE,
            build: (number?: number) => articleAnnex({ number, title: ANNEX_TITLE, articles: data.annex! }),
          },
        ]
      : []),
    ...(data.evidence?.length
      ? [{ title: EVIDENCE_TITLE, build: (number?: number) => evidenceAnnex(number, data.evidence!) }]
      : []),
  ];
  return createOfficialDocument(
    {
      title: `劳动用工法律体检报告（${data.enterpriseName}）`,
      subject: data.templateTitle,
      creator: data.issuer,
      keywords: `法律体检;${data.reportNo}`,
      description: `报告编号：${data.reportNo}`,
      issuedOn: data.issuedOn,
    },
    [
      officialSection({ children: coverPage(data), pageNumbers: false }),
      officialSection({
        headerText: `${data.enterpriseName}劳动用工法律体检报告\u3000编号：${data.reportNo}`,
        pageNumbers: "dash",
        children: [
          ...conclusion(data),
          ...dimensionScores(data),
          ...findings(data),
          ...analysis(data.problemAnalysis),
          ...(annexes.length ? annexNote(annexes.map((a) => a.title)) : []),
          ...signatureBlock({
            organisation: data.issuer,
            lines: [`法律指导员：${data.instructorName}`],
            date: data.issuedOn,
          }),
          ...annexes.flatMap((a, i) => a.build(annexes.length > 1 ? i + 1 : undefined)),
        ],
      }),
    ],
  );
}

const ANNEX_TITLE = "本报告引用的法律条文";
const EVIDENCE_TITLE = "体检佐证材料清单";

/**
 * 附件: the evidence files given with the answers, one row per file; a question's later files leave its
 * number and text blank, as continuation rows of the same question.
 */
function evidenceAnnex(
  number: number | undefined,
  evidence: readonly ReportEvidence[],
): (Paragraph | Table)[] {
  const count = evidence.reduce((n, e) => n + e.files.length, 0);
  return [
    ...annexHeading({ number, title: EVIDENCE_TITLE }),
    body(`企业在体检中随答案提交佐证材料${count}份，涉及${evidence.length}个问题，原件存于平台。`, {
      keepNext: true,
    }),
    table(
      [
        { header: "序号", share: 1.1, align: "center" },
        { header: "体检问题", share: 5 },
        { header: "文件名称", share: 4 },
        { header: "大小", share: 2.2, align: "center" },
        { header: "上传人及时间", share: 2.8 },
      ],
      evidence.flatMap((e, i) =>
        e.files.map((f, j) => [
          j === 0 ? String(i + 1) : "",
          j === 0 ? `${e.dimension}：${e.question}` : "",
          f.name,
          f.size,
          `${f.uploadedBy}\n${f.uploadedAt}`,
        ]),
      ),
    ),
  ];
}

function coverPage(data: RiskReportData): (Paragraph | Table)[] {
  const rows: [string, string][] = [
    ["受检企业", data.enterpriseName],
    ["统一社会信用代码", data.creditCode],
    // The union organisation is named once when it is also the issuer (出具单位 below).
    ...(data.unionOrgName !== data.issuer ? [["工会组织", data.unionOrgName] as [string, string]] : []),
    ["报告编号", data.reportNo],
    ...(data.assessmentPeriod ? [["体检期间", data.assessmentPeriod] as [string, string]] : []),
    ["出具单位", data.issuer],
    ["出具日期", formatChineseDate(data.issuedOn)],
  ];
  return [
    ...Array.from({ length: 3 }, blankLine),
    title("劳动用工法律体检报告", { size: SIZES.xiaochu, line: 1000 }),
    blankLine(),
    subtitle(data.templateTitle),
    ...Array.from({ length: 3 }, blankLine),
    coverInfo(rows),
  ];
}

function conclusion(data: RiskReportData): Paragraph[] {
  const counted = data.findings.filter((f) => !f.signal);
  const count = (severity: Severity) => counted.filter((f) => f.severity === severity).length;
  const signals = data.findings.length - counted.length;
  const notApplicable = data.dimensions.filter((d) => d.score === null).map((d) => d.title);
  const period = data.assessmentPeriod ? `（体检期间：${data.assessmentPeriod}）` : "";
  const summary =
    counted.length === 0
      ? "本次体检未发现违法违规问题"
      : `共发现问题${counted.length}项，其中高风险${count("H")}项、中风险${count("M")}项、低风险${count("L")}项`;
  // "A会同B" only when two bodies did it: an issuer that is the union organisation is named once.
  const who =
    data.unionOrgName && data.unionOrgName !== data.issuer
      ? `${data.issuer}会同${data.unionOrgName}`
      : data.issuer;
  return [
    heading1("一、体检结论"),
    body(
      `${who}依据《${data.templateTitle.replace(/^《|》$/g, "")}》，对${data.enterpriseName}` +
        `劳动用工情况开展了法律体检${period}。体检涉及${data.dimensions.length}个维度，${summary}` +
        `${signals > 0 ? `；另有风险信号${signals}项` : ""}。`,
    ),
    body([
      strong("综合得分："),
      data.overall === null
        ? "不适用（各维度均无适用项目）。"
        : `${formatScore(data.overall)}分（满分100分）。`,
    ]),
    body([
      strong("风险等级："),
      `${RISK_LEVEL_LABELS[data.riskLevel]}风险。`,
      riskLevelAdvice(data.riskLevel),
    ]),
    ...(notApplicable.length > 0
      ? [
          body(
            `${notApplicable.join("、")}等${notApplicable.length}个维度无适用项目，显示为“不适用”，不计入综合得分。`,
          ),
        ]
      : []),
  ];
}

function riskLevelAdvice(level: RiskLevel): string {
  switch (level) {
    case "high":
      return "企业劳动用工存在较严重的法律风险，应立即组织整改。";
    case "medium":
      return "企业劳动用工存在一定法律风险，应在规定期限内整改。";
    case "low":
      return "企业劳动用工总体规范，建议持续完善相关制度。";
  }
}

function dimensionScores(data: RiskReportData): (Paragraph | Table)[] {
  return [
    heading1("二、各维度得分"),
    body("各维度得分按适用项目计算，满分100分；无适用项目的维度显示为“不适用”。", { keepNext: true }),
    caption("表1　各维度得分", { keepNext: true }),
    table(
      [
        { header: "序号", share: 1, align: "center" },
        { header: "维度", share: 6 },
        { header: "得分", share: 2, align: "center" },
        { header: "发现问题数", share: 2.4, align: "center" },
      ],
      data.dimensions.map((d, i) => [String(i + 1), d.title, formatScore(d.score), String(d.findingCount)]),
    ),
    ...(data.radarPng
      ? [
          centredImage(data.radarPng, { width: 560, height: 420, id: 1, name: "各维度得分雷达图" }),
          caption("图1　各维度得分雷达图"),
        ]
      : []),
    ...(data.comparison ? comparisonPart(data, data.comparison) : []),
  ];
}

/** 表2: each dimension against the organisation's average and the previous check, with the counts. */
function comparisonPart(data: RiskReportData, c: ReportComparison): (Paragraph | Table)[] {
  const previous = c.previous;
  const byId = new Map(c.dimensions.map((d) => [d.id, d]));
  const sentences = [
    `本组织${c.averageEnterprises}家企业最近一次体检的平均综合得分为${
      c.averageOverall === null ? "不适用" : `${formatScore(c.averageOverall)}分`
    }。`,
    previous
      ? `本企业上次体检（${formatChineseDate(previous.acceptedOn)}审核通过）综合得分为${
          previous.overall === null ? "不适用" : `${formatScore(previous.overall)}分`
        }；与上次相比，已整改${previous.resolved}项，新发现${previous.added}项，仍存在${previous.persisting}项` +
        (previous.notApplicable ? `，另有${previous.notApplicable}项本次不再适用，未计入已整改` : "") +
        "。"
      : "本次为该企业首次体检，暂无上次得分可比。",
  ];
  return [
    body(sentences.join(""), { keepNext: true }),
    caption(previous ? "表2　与本组织平均、上次体检对比" : "表2　与本组织平均对比", { keepNext: true }),
    table(
      [
        { header: "维度", share: 6 },
        { header: "本企业", share: 2, align: "center" },
        { header: "组织平均", share: 2.2, align: "center" },
        ...(previous ? [{ header: "上次", share: 2, align: "center" as const }] : []),
      ],
      data.dimensions.map((d) => {
        const row = byId.get(d.id);
        return [
          d.title,
          formatScore(d.score),
          formatScore(row?.average ?? null),
          ...(previous ? [formatScore(row?.previous ?? null)] : []),
        ];
      }),
    ),
  ];
}

function findings(data: RiskReportData): Paragraph[] {
  const out: Paragraph[] = [heading1("三、发现的问题")];
  if (data.findings.length === 0) return [...out, body("本次体检未发现问题。")];
  // Keep the dimensions' order; findings of a dimension not in the list still appear, after the others.
  const order = new Map(data.dimensions.map((d, i) => [d.id, i]));
  const groups = new Map<string, { title: string; items: RiskReportData["findings"] }>();
  const sorted = [...data.findings].sort(
    (a, b) => (order.get(a.dimensionId) ?? order.size) - (order.get(b.dimensionId) ?? order.size),
  );
  for (const f of sorted) {
    const group = groups.get(f.dimensionId) ?? { title: f.dimensionTitle, items: [] };
    group.items.push(f);
    groups.set(f.dimensionId, group);
  }
  [...groups.values()].forEach((group, g) => {
    out.push(heading2(`（${chineseNumber(g + 1)}）${group.title}（${group.items.length}项）`));
    group.items.forEach((f, i) => {
      const label = f.signal ? SIGNAL_LABEL : SEVERITY_LABELS[f.severity];
      out.push(
        // The severity label only: the item library's codes (LC-07) are internal and not for readers.
        body([strong(`${i + 1}．【${label}】`), f.title], { keepNext: true }),
        // Signals are early warnings, not violations: their basis is a risk assessment, not always a statute.
        labelled(f.signal ? "研判依据" : "法律依据", formatLegalBasis(f.legalBasis), { keepNext: true }),
        labelled("整改建议", f.recommendation, { keepNext: f.deadline !== undefined }),
        ...(f.deadline ? [labelled(f.signal ? "建议期限" : "整改期限", f.deadline)] : []),
      );
    });
  });
  return out;
}

/** A heading the instructor numbered already: （一）, 一、 or 1. / 1、 / 1． */
const NUMBERED_HEADING =
  /^\s*(?:[（(][一二三四五六七八九十〇]+[）)]|[一二三四五六七八九十〇]+、|\d+\s*[.、．])/;

/**
 * 四、问题分析 from the instructor's blocks. Sub-headings are second-level headings, so an unnumbered one is
 * numbered （一）（二） as GB/T 9704 orders them. The last block is kept with the issuing block that follows.
 */
function analysis(blocks: readonly RichBlock[]): Paragraph[] {
  const out: Paragraph[] = [heading1("四、问题分析")];
  if (blocks.length === 0) return [...out, body("无。", { keepNext: true })];
  let lists = 0;
  let headings = 0;
  blocks.forEach((block, i) => {
    const keepNext = i === blocks.length - 1;
    switch (block.type) {
      case "heading":
        headings += 1;
        out.push(
          heading2(
            NUMBERED_HEADING.test(block.text) || headings > 99
              ? block.text
              : `（${chineseNumber(headings)}）${block.text}`,
          ),
        );
        break;
      case "paragraph":
        out.push(body(block.text, { keepNext }));
        break;
      case "bullets":
        out.push(...bulletList(block.items, { keepNext }));
        break;
      case "numbered":
        lists += 1;
        out.push(...numberedList(block.items, { style: "decimal", instance: lists, keepNext }));
        break;
    }
  });
  return out;
}
