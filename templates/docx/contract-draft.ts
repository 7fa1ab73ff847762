/**
 * 集体合同（草案）: a draft version of a collective contract as the sides and the congress read it — the
 * title, the version (第2稿), the parties, chapters 第一章 … and articles 第一条 … numbered as the domain
 * numbers them (articles run on across chapters, each with its title), and the signature block of both
 * chief representatives. The page header carries the version and the start of its text hash, so a printed
 * copy names the text it is. Plain data in, Document out; the employee side's review comments are never
 * part of it.
 *
 * The parties, the chapters and the signature block are exported: the signed contract (congress.ts) prints
 * its text with the same code, so a voted draft and the contract signed from it read alike.
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
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  blankLine,
  body,
  cleanDocumentData,
  createOfficialDocument,
  officialSection,
  plain,
  run,
  STYLE,
  strong,
  subtitle,
  TEXT_WIDTH,
  title,
} from "./official-style";

export type ContractChapter = {
  /** "第一章\u3000总则". */
  heading: string;
  /** label "第一条"; title "订立依据和双方" (absent in files rendered before articles carried it). */
  articles: { label: string; title?: string; text: string }[];
};

export type ContractDraftData = {
  /** "滨江湖滨精密机械有限公司工资专项集体合同（草案）". */
  title: string;
  /** "第2稿". */
  versionLabel: string;
  enterpriseName: string;
  unionName: string;
  madeOn: LocalDate;
  chapters: ContractChapter[];
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

/** 甲方 (the employer) and 乙方 (the union), named once under the title. */
export function contractParties(employerName: string, unionName: string): Paragraph[] {
  return [
    plain([strong("甲方（用人单位）："), employerName]),
    plain([strong("乙方（工会）："), unionName]),
    blankLine(),
  ];
}

/**
 * The chapters and their articles: "第一条\u3000订立依据和双方\u3000text", label and title in 黑体. The last article
 * is kept with what follows (the closing lines and the signatures must not stand alone on a page).
 */
export function contractChapters(chapters: readonly ContractChapter[]): Paragraph[] {
  const out: Paragraph[] = [];
  chapters.forEach((chapter, i) => {
    out.push(chapterHeading(chapter.heading));
    chapter.articles.forEach((a, j) => {
      const last = i === chapters.length - 1 && j === chapter.articles.length - 1;
      const lead = a.title?.trim() ? `${a.label}\u3000${a.title.trim()}\u3000` : `${a.label}\u3000`;
      out.push(body([strong(lead), a.text], { keepNext: last }));
    });
  });
  return out;
}

export type SigningParty = { chiefName: string | null; signedOn: LocalDate | null };

/**
 * "（以下无正文）" and two columns: 甲方 (the employer) and 乙方 (the union), each with room for the seal, its
 * chief's signature line and the date (blank lines to fill in by hand where nobody has signed yet). The
 * parties are named under the title, so a long name never wraps inside the narrow column.
 */
export function contractSignatures(employer: SigningParty, employee: SigningParty): (Paragraph | Table)[] {
  const half = Math.floor(TEXT_WIDTH / 2);
  const cell = (lines: string[]) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
      // No cell padding: the columns start where "（以下无正文）" does.
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      children: lines.map((line) => plain(line)),
    });
  const lines = (party: string, side: SigningParty) => [
    `${party}（盖章）：`,
    "",
    `首席代表（签字）：${side.chiefName || "__________"}`,
    `日期：${side.signedOn ? formatChineseDate(side.signedOn) : "\u3000\u3000年\u3000月\u3000日"}`,
  ];
  // Kept together from the last article on: the block never stands alone at the top of a page.
  const keep = (text: string) => new Paragraph({ style: STYLE.plain, keepNext: true, children: [run(text)] });
  return [
    keep(""),
    keep("（以下无正文）"),
    keep(""),
    new Table({
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
          children: [cell(lines("甲方", employer)), cell(lines("乙方", employee))],
        }),
      ],
    }),
  ];
}

export function buildContractDraft(input: ContractDraftData): Document {
  const data = cleanDocumentData(input);
  const children: (Paragraph | Table)[] = [
    title(data.title),
    subtitle(`（${data.versionLabel}）`),
    blankLine(),
    ...contractParties(data.enterpriseName, data.unionName),
    ...contractChapters(data.chapters),
    ...contractSignatures(
      { chiefName: data.employerChief, signedOn: null },
      { chiefName: data.employeeChief, signedOn: null },
    ),
  ];
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
