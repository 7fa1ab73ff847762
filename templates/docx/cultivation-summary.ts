/**
 * 和谐劳动关系企业培育工作总结: written from a signed-off plan's records — what was done against each
 * milestone and when, the visit and guidance logs, the instructor's summary, the evaluation result, and the
 * two signatures (the instructor, then the head of the union organisation).
 */
import type { Document, Paragraph, Table } from "docx";
import { AlignmentType } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  blankLine,
  body,
  caption,
  chineseNumber,
  createOfficialDocument,
  heading1,
  heading2,
  labelled,
  officialSection,
  plain,
  signatureBlock,
  table,
  title,
} from "./official-style";

export type CultivationSummaryData = {
  enterpriseName: string;
  unionOrgName: string;
  year: number;
  startOn: LocalDate;
  signedOn: LocalDate;
  instructorName: string;
  headName: string;
  /** The instructor's summary, paragraphs separated by new lines. */
  summary: string;
  milestones: {
    title: string;
    stageLabel: string;
    dueOn: LocalDate;
    doneOn: LocalDate | null;
    proof: string;
  }[];
  records: {
    date: LocalDate;
    kindLabel: string;
    title: string;
    lines: { label: string; text: string }[];
  }[];
  evaluation: string | null;
};

export function buildCultivationSummary(data: CultivationSummaryData): Document {
  const done = data.milestones.filter((m) => m.doneOn).length;
  const onTime = data.milestones.filter((m) => m.doneOn && m.doneOn <= m.dueOn).length;
  return createOfficialDocument(
    {
      title: `${data.enterpriseName}${data.year}年度和谐劳动关系企业培育工作总结`,
      subject: "培育工作总结",
      creator: data.unionOrgName,
      keywords: `培育助推;工作总结;${data.year}`,
      issuedOn: data.signedOn,
    },
    [
      officialSection({
        pageNumbers: "page-of-total",
        children: [
          title("和谐劳动关系企业培育工作总结"),
          plain(`（${data.enterpriseName} · ${data.year}年度）`, { alignment: AlignmentType.CENTER }),
          blankLine(),
          heading1("一、基本情况"),
          body(
            `${data.unionOrgName}自${formatChineseDate(data.startOn)}起对${data.enterpriseName}开展培育助推。` +
              `培育方案共${data.milestones.length}项事项，已完成${done}项，其中按期完成${onTime}项` +
              (done < data.milestones.length ? `，未完成${data.milestones.length - done}项。` : "。"),
          ),
          heading1("二、培育事项完成情况"),
          ...milestoneTable(data),
          heading1("三、主要工作记录"),
          ...(data.records.length
            ? data.records.flatMap(recordParagraphs)
            : [body("本年度未登记走访、辅导等工作记录。")]),
          heading1("四、工作总结与下一步"),
          ...data.summary
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => body(line)),
          heading1("五、评估结果"),
          body(data.evaluation ?? "本年度尚未开展和谐劳动关系企业评估。", { keepNext: true }),
          ...signatureBlock({
            organisation: data.unionOrgName,
            lines: [`指导员：${data.instructorName}`, `审签：${data.headName}`],
            date: data.signedOn,
          }),
        ],
      }),
    ],
  );
}

function milestoneTable(data: CultivationSummaryData): (Paragraph | Table)[] {
  return [
    caption("培育事项完成情况表", { keepNext: true }),
    table(
      [
        { header: "序号", share: 8, align: "center" },
        { header: "工作事项", share: 27 },
        { header: "完成时限", share: 24, align: "center" },
        { header: "完成日期", share: 23, align: "center" },
        { header: "依据", share: 18 },
      ],
      data.milestones.map((m, i) => [
        chineseNumber(i + 1),
        `${m.title}（${m.stageLabel}）`,
        formatChineseDate(m.dueOn),
        m.doneOn ? formatChineseDate(m.doneOn) : "未完成",
        m.proof || "—",
      ]),
    ),
    blankLine(),
  ];
}

function recordParagraphs(r: CultivationSummaryData["records"][number], i: number): Paragraph[] {
  return [
    heading2(`（${chineseNumber(i + 1)}）${formatChineseDate(r.date)} ${r.kindLabel}：${r.title}`),
    ...r.lines.map((l) => labelled(l.label, l.text)),
  ];
}
