/**
 * 法律处方（整改通知书）: the issuing organisation's red head when it has one (else the title and number),
 * addressed to the enterprise, one numbered item per problem (问题, 法律依据, 整改要求, 完成期限, 责任人), a
 * summary table, the issuing block, a receipt for the enterprise to sign, and an annex with the text of
 * every cited article. Every page carries the issuing organisation and the number in its header and is
 * numbered "— 1 —" like the report. Items are numbered with their own `no`, so the document and the
 * platform name an item the same way.
 */
import { AlignmentType, BorderStyle, type Document, Paragraph, type Table } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  STYLE,
  annexNote,
  articleAnnex,
  blankLine,
  body,
  caption,
  chineseNumber,
  cleanDocumentData,
  createOfficialDocument,
  heading1,
  labelled,
  officialSection,
  plain,
  redHead,
  signatureBlock,
  strong,
  table,
  title,
  type AnnexArticle,
} from "./official-style";
import { formatLegalBasis } from "../../app/domain/citation-format";
import { isSignalBasis } from "../../app/domain/health-check/statutes";
import { PRIORITY_LABELS } from "../../app/domain/prescriptions/items";

export type PrescriptionPriority = "high" | "medium" | "low";

export type PrescriptionData = {
  prescriptionNo: string;
  enterpriseName: string;
  unionOrgName: string;
  issuedOn: LocalDate;
  /** The issuing organisation. */
  issuer: string;
  instructorName: string;
  basedOnReportNo?: string;
  /** The organisation's red head (版头) text, e.g. "湖滨街道总工会"; none: title and number only. */
  redHead?: string;
  /** The text of every article the items cite (附件); absent in snapshots taken before annexes. */
  annex?: AnnexArticle[];
  items: {
    no: number;
    /** The problem found. */
    title: string;
    /** Written exactly as given. */
    legalBasis: string;
    /** What the enterprise must do. */
    action: string;
    dueOn: LocalDate;
    owner: string;
    priority: PrescriptionPriority;
  }[];
};

export function buildPrescription(input: PrescriptionData): Document {
  const data = cleanDocumentData(input);
  const items = [...data.items].sort((a, b) => a.no - b.no);
  return createOfficialDocument(
    {
      title: `法律处方（整改通知书）${data.prescriptionNo}`,
      subject: `${data.enterpriseName}劳动用工整改通知`,
      creator: data.issuer,
      keywords: `法律处方;${data.prescriptionNo}`,
      description: data.basedOnReportNo ? `依据体检报告 ${data.basedOnReportNo}` : undefined,
      issuedOn: data.issuedOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        // The issuing organisation's mark on every page, with the number, as the report carries its own.
        headerText: `${data.issuer}\u3000法律处方\u3000${data.prescriptionNo}`,
        plainFirstPage: Boolean(data.redHead),
        children: [
          ...(data.redHead
            ? [...redHead(data.redHead, data.prescriptionNo), title("法律处方（整改通知书）")]
            : [
                title("法律处方（整改通知书）"),
                // The document number in 三号仿宋, centred under the title, as 发文字号 (GB/T 9704 7.2.4).
                plain(`编号：${data.prescriptionNo}`, { alignment: AlignmentType.CENTER }),
              ]),
          blankLine(),
          plain(`${data.enterpriseName}：`),
          ...intro(data, items.length),
          ...items.flatMap(itemParagraphs),
          ...summary(items),
          body(
            `请你单位按上述期限完成整改，并在每项整改完成后五个工作日内将整改情况及相关证明材料书面报送${data.unionOrgName}。` +
              "逾期未整改或整改不到位的，工会将依法提请有关部门处理。",
            { keepNext: true },
          ),
          ...(data.annex?.length ? annexNote(ANNEX_TITLE) : []),
          ...signatureBlock({
            organisation: data.issuer,
            lines: [`法律指导员：${data.instructorName}`],
            date: data.issuedOn,
          }),
          ...receipt(data),
          ...(data.annex?.length ? articleAnnex({ title: ANNEX_TITLE, articles: data.annex }) : []),
        ],
      }),
    ],
  );
}

const ANNEX_TITLE = "本处方引用的法律条文";

function intro(data: PrescriptionData, count: number): Paragraph[] {
  const basis = data.basedOnReportNo
    ? `根据对你单位开展的劳动用工法律体检（报告编号：${data.basedOnReportNo}）`
    : "根据对你单位开展的劳动用工法律体检";
  return [
    body(
      `${basis}，你单位在劳动用工管理中存在以下${count}项问题。依据有关法律法规，` +
        `${data.issuer}于${formatChineseDate(data.issuedOn)}提出整改要求如下，请你单位高度重视，逐项落实。`,
    ),
  ];
}

function itemParagraphs(item: PrescriptionData["items"][number]): Paragraph[] {
  return [
    // The heading states the problem (问题); the fields below say why and what to do.
    heading1(`${chineseNumber(item.no)}、${item.title}`),
    labelled(isSignalBasis(item.legalBasis) ? "研判依据" : "法律依据", formatLegalBasis(item.legalBasis), {
      keepNext: true,
    }),
    // Every line keeps with the next: an item (five to seven lines) stays on one page, so a page never
    // starts with a deadline or an owner whose item is on the page before.
    ...item.action
      .split("\n")
      .map((line, i) =>
        i === 0 ? labelled("整改要求", line, { keepNext: true }) : body(line, { keepNext: true }),
      ),
    labelled("完成期限", `${formatChineseDate(item.dueOn)}前`, { keepNext: true }),
    body([strong("责任人："), item.owner, "\u3000", strong("优先级："), PRIORITY_LABELS[item.priority]]),
  ];
}

function summary(items: PrescriptionData["items"]): (Paragraph | Table)[] {
  return [
    blankLine(),
    caption("整改事项汇总表", { keepNext: true }),
    // Shares in hundreds of twips of 小四 text, so each short column holds its longest usual value on one
    // line: 序号 "四十六", 完成期限 "2026年12月23日" (with the space Word and LibreOffice put between Chinese
    // and digits), 责任人 "企业人力资源负责人"; 问题 takes the rest.
    table(
      [
        { header: "序号", share: 9, align: "center" },
        { header: "问题", share: 24 },
        { header: "完成期限", share: 22, align: "center" },
        { header: "责任人", share: 24 },
        { header: "优先级", share: 9, align: "center" },
      ],
      items.map((item) => [
        chineseNumber(item.no),
        item.title,
        formatChineseDate(item.dueOn),
        item.owner,
        PRIORITY_LABELS[item.priority],
      ]),
    ),
    blankLine(),
  ];
}

/** The tear-off receipt: the enterprise signs and dates that it received the notice. */
function receipt(data: PrescriptionData): Paragraph[] {
  return [
    blankLine(),
    new Paragraph({
      style: STYLE.plain,
      alignment: AlignmentType.CENTER,
      keepNext: true,
      border: { top: { style: BorderStyle.DASHED, size: 6, color: "000000", space: 8 } },
      children: [strong("签\u3000收\u3000回\u3000执")],
    }),
    body(
      `${data.enterpriseName}已收到${data.issuer}出具的法律处方（整改通知书）（编号：${data.prescriptionNo}），共${data.items.length}项整改事项。`,
      {
        keepNext: true,
      },
    ),
    plain("企业签收：____________________（盖章）", { keepNext: true }),
    plain("签收人：____________\u3000\u3000日期：________年____月____日"),
  ];
}
