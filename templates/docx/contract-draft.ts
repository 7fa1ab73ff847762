/**
 * 集体合同（草案）: a draft version of a collective contract as the sides and the congress read it — the
 * title, the version (第2稿), chapters 第一章 … and articles 第一条 … numbered as the domain numbers them
 * (articles run on across chapters), and the signature block of both chief representatives. The page header
 * carries the version and the start of its text hash, so a printed copy names the text it is. Plain data in,
 * Document out; the employee side's review comments are never part of it.
 */
import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  WidthType,
  type Document,
} from "docx";
import type { LocalDate } from "../../app/domain/dates";
import {
  blankLine,
  body,
  cleanDocumentData,
  createOfficialDocument,
  officialSection,
  plain,
  run,
  strong,
  subtitle,
  TEXT_WIDTH,
  title,
} from "./official-style";

export type ContractDraftData = {
  /** "滨江湖滨精密机械有限公司工资专项集体合同（草案）". */
  title: string;
  /** "第2稿". */
  versionLabel: string;
  enterpriseName: string;
  unionName: string;
  madeOn: LocalDate;
  chapters: { heading: string; articles: { label: string; text: string }[] }[];
  employeeChief: string | null;
  employerChief: string | null;
  /** sha256 hex of the version's canonical text. */
  textHash: string;
};

const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;

function chapterHeading(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    alignment: AlignmentType.CENTER,
    indent: { firstLine: 0, firstLineChars: 0 },
    children: [run(text)],
  });
}

/** Two columns: 甲方 (the employer) and 乙方 (the union), each with its chief's signature line. */
function signatures(data: ContractDraftData): Table {
  const half = Math.floor(TEXT_WIDTH / 2);
  const cell = (lines: string[]) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
      children: lines.map((line) => plain(line)),
    });
  const chief = (name: string | null) => `首席代表（签字）：${name ? `${name}` : "__________"}`;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, TEXT_WIDTH - half],
    layout: TableLayoutType.FIXED,
    borders: {
      top: NONE,
      bottom: NONE,
      left: NONE,
      right: NONE,
      insideHorizontal: NONE,
      insideVertical: NONE,
    },
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(["甲方（盖章）：", data.enterpriseName, chief(data.employerChief), "日期：    年  月  日"]),
          cell(["乙方（盖章）：", data.unionName, chief(data.employeeChief), "日期：    年  月  日"]),
        ],
      }),
    ],
  });
}

export function buildContractDraft(input: ContractDraftData): Document {
  const data = cleanDocumentData(input);
  const children: (Paragraph | Table)[] = [
    title(data.title),
    subtitle(`（${data.versionLabel}）`),
    blankLine(),
  ];
  data.chapters.forEach((chapter, i) => {
    children.push(chapterHeading(chapter.heading));
    chapter.articles.forEach((a, j) => {
      // The last article stays on the page of the signatures.
      const last = i === data.chapters.length - 1 && j === chapter.articles.length - 1;
      children.push(body([strong(`${a.label}\u3000`), a.text], { keepNext: last }));
    });
  });
  children.push(blankLine(), plain("（以下无正文）", { keepNext: true }), blankLine(), signatures(data));
  return createOfficialDocument(
    {
      title: data.title,
      subject: `${data.title}${data.versionLabel}`,
      creator: data.unionName,
      keywords: "集体合同;草案",
      description: `文本校验码（SHA-256）：${data.textHash}`,
      issuedOn: data.madeOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        headerText: `${data.versionLabel}\u3000文本校验码 ${data.textHash.slice(0, 16)}`,
        children,
      }),
    ],
  );
}
