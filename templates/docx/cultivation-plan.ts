/**
 * 一企一策 和谐劳动关系企业培育方案: the plan an instructor makes for one enterprise at the start of the year —
 * the enterprise's situation, the goal, the milestones with their stages and due dates (the "四个一" among
 * them), the division of work, and the issuing block.
 */
import { AlignmentType, type Document, type Paragraph, type Table } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  blankLine,
  body,
  bulletList,
  caption,
  chineseNumber,
  createOfficialDocument,
  heading1,
  labelled,
  officialSection,
  plain,
  signatureBlock,
  table,
  title,
} from "./official-style";

export type CultivationPlanData = {
  enterpriseName: string;
  creditCode: string;
  unionOrgName: string;
  year: number;
  startOn: LocalDate;
  issuedOn: LocalDate;
  instructorName: string;
  templateTitle: string;
  /** Facts about the enterprise as one-line label/value pairs (职工人数, 工会, 集体合同 …). */
  profile: { label: string; value: string }[];
  riskLevelLabel: string | null;
  rectifyThreshold: number;
  milestones: {
    stageLabel: string;
    title: string;
    description: string;
    dueOn: LocalDate;
    /** Who works on it besides the instructor ("企业人力资源负责人"), or "". */
    assignees: string;
    proof: string;
  }[];
};

export function buildCultivationPlan(data: CultivationPlanData): Document {
  return createOfficialDocument(
    {
      title: `${data.enterpriseName}${data.year}年度和谐劳动关系企业培育方案`,
      subject: "一企一策培育方案",
      creator: data.unionOrgName,
      keywords: `培育助推;一企一策;${data.year}`,
      issuedOn: data.issuedOn,
    },
    [
      officialSection({
        pageNumbers: "page-of-total",
        children: [
          title("和谐劳动关系企业培育方案"),
          plain(`（一企一策 · ${data.year}年度）`, { alignment: AlignmentType.CENTER }),
          blankLine(),
          plain(`培育企业：${data.enterpriseName}`),
          plain(`统一社会信用代码：${data.creditCode}`),
          blankLine(),
          heading1("一、企业基本情况"),
          ...data.profile.map((p) => labelled(p.label, p.value)),
          ...(data.riskLevelLabel
            ? [labelled("最近一次法律体检", `风险等级${data.riskLevelLabel}`)]
            : [body("本年度法律体检尚未开展，将在方案实施中完成。")]),
          heading1("二、培育目标"),
          body(
            `按照“因企施策、一企一策”的要求，${data.unionOrgName}自${formatChineseDate(data.startOn)}起对该企业开展培育助推，` +
              "围绕出具一份体检报告、开展一次问题分析、举办一次政策培训、完善一套规章制度（“四个一”），" +
              "推动企业依法规范用工、健全集体协商和民主管理制度，力争达到和谐劳动关系企业评估标准。",
          ),
          heading1("三、培育事项与进度安排"),
          ...schedule(data),
          heading1("四、工作要求"),
          ...bulletList([
            "指导员按进度走访企业，每次走访、辅导形成记录，载明会见人员、发现的情况和商定的下一步工作。",
            `法律处方整改事项核验销号比例达到${data.rectifyThreshold}%以上，视为完成整改事项。`,
            "企业人力资源负责人和企业工会主席按分工提交规章制度文件、职代会会议纪要等材料。",
            "方案执行情况在年度末形成培育工作总结，经指导员签署、组织负责人审签后归档。",
          ]),
          body("本方案自印发之日起实施。", { keepNext: true }),
          ...signatureBlock({
            organisation: data.unionOrgName,
            lines: [`指导员：${data.instructorName}`],
            date: data.issuedOn,
          }),
        ],
      }),
    ],
  );
}

function schedule(data: CultivationPlanData): (Paragraph | Table)[] {
  return [
    caption("培育事项进度表", { keepNext: true }),
    table(
      [
        // In 小四: 阶段 holds "培训整改", 完成时限 "2026年12月15日", 完成依据 "系统自动完成", each on one line.
        { header: "序号", share: 8, align: "center" },
        { header: "阶段", share: 14, align: "center" },
        { header: "工作事项", share: 33 },
        { header: "完成时限", share: 26, align: "center" },
        { header: "完成依据", share: 19, align: "center" },
      ],
      data.milestones.map((m, i) => [
        chineseNumber(i + 1),
        m.stageLabel,
        `${m.title}\n${m.description}${m.assignees ? `（协办：${m.assignees}）` : ""}`,
        formatChineseDate(m.dueOn),
        m.proof,
      ]),
    ),
    blankLine(),
  ];
}
