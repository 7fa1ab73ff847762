/**
 * Shared layout for the platform's Word documents, after Chinese official-document practice (GB/T 9704—2012):
 * A4, margins 37/35/28/26 mm, body 仿宋_GB2312 三号 on a fixed 28.9 pt line (22 lines of 28 characters),
 * title 方正小标宋简体 二号 (黑体 where it is not installed), headings 黑体 (一、) and 楷体_GB2312 (（一）),
 * page numbers "— 1 —" in 宋体 四号. Styles and numbering are declared here once; builders use the helpers.
 *
 * Everything here is pure: data in, docx objects out. The only I/O-like step, packing, is `packDocument`.
 *
 * Every text goes into a run through `run()`, which drops what XML cannot hold (U+FFFE, control characters…,
 * app/lib/text.ts): a generated file always opens, whatever text reached it. Builders clean their data with
 * `cleanDocumentData` first, so numbering and layout see the same text as the page.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LevelSuffix,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IFontAttributesProperties,
  type IParagraphOptions,
  type IParagraphStyleOptions,
  type IRunOptions,
  type ISectionOptions,
  type ParagraphChild,
} from "docx";
import { addDays, formatChineseDate, type LocalDate } from "../../app/domain/dates";
import { cleanDeep, cleanText } from "../../app/lib/text";

/** Font names as Chinese Word installations know them; fontTable gives each a fallback (altName). */
export const FONTS = {
  latin: "Times New Roman",
  fangsong: "仿宋_GB2312",
  kaiti: "楷体_GB2312",
  heiti: "黑体",
  songti: "宋体",
  title: "方正小标宋简体",
  /** Codes a reader compares character by character (receipt codes): every letter as wide as the next. */
  mono: "Courier New",
} as const;

/** Chinese font sizes in half-points (docx `size`). */
export const SIZES = {
  xiaochu: 72,
  yihao: 52,
  erhao: 44,
  sanhao: 32,
  sihao: 28,
  xiaosi: 24,
  wuhao: 21,
} as const;

/** Millimetres to twips, rounded to the nearest (docx's own helper truncates: 37 mm would be 2097). */
const mm = (value: number) => Math.round((value / 25.4) * 1440);

export const PAGE = {
  // A4 as Word writes it (210 × 297 mm).
  width: 11906,
  height: 16838,
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
} as const;

/** Width of the text block in twips: 156 mm. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/** 28.9 pt in twips: the fixed body line that gives 22 lines on the 225 mm text block. */
export const BODY_LINE = 578;
/** One 三号 character (16 pt) in twips; first lines are indented by two. */
const BODY_CHAR = 320;

const TABLE_LINE = 400;

/** A run font: Latin in Times New Roman, Chinese in the given face, punctuation shaped as Chinese. */
export function cjkFont(eastAsia: string, latin: string = FONTS.latin): IFontAttributesProperties {
  return { ascii: latin, hAnsi: latin, cs: latin, eastAsia, hint: "eastAsia" };
}

const LANGUAGE = { value: "en-US", eastAsia: "zh-CN" } as const;

export const STYLE = {
  title: "DocTitle",
  subtitle: "DocSubtitle",
  body: "Body",
  plain: "Plain",
  label: "Label",
  tableText: "TableText",
  tableHeader: "TableHeader",
  caption: "Caption",
  signature: "Signature",
  pageNumber: "PageNumberLine",
  headerLine: "HeaderLine",
} as const;

const NUMBERING = {
  chinese: "cn-counting",
  chineseParen: "cn-counting-paren",
  decimal: "decimal",
  bullet: "bullet",
} as const;

export type NumberedListStyle = Exclude<keyof typeof NUMBERING, "bullet">;

const exactLine = (line: number) => ({ line, lineRule: LineRuleType.EXACT });

const paragraphStyles: IParagraphStyleOptions[] = [
  {
    id: "Heading1",
    name: "Heading 1",
    basedOn: "Normal",
    next: STYLE.body,
    quickFormat: true,
    run: { font: cjkFont(FONTS.heiti), size: SIZES.sanhao, bold: false, color: "000000" },
    paragraph: {
      keepNext: true,
      keepLines: true,
      outlineLevel: 0,
      indent: { firstLine: 2 * BODY_CHAR, firstLineChars: 200 },
    },
  },
  {
    id: "Heading2",
    name: "Heading 2",
    basedOn: "Normal",
    next: STYLE.body,
    quickFormat: true,
    run: { font: cjkFont(FONTS.kaiti), size: SIZES.sanhao, bold: false, italics: false, color: "000000" },
    paragraph: {
      keepNext: true,
      keepLines: true,
      outlineLevel: 1,
      indent: { firstLine: 2 * BODY_CHAR, firstLineChars: 200 },
    },
  },
  {
    id: STYLE.title,
    name: "公文标题",
    basedOn: "Normal",
    next: STYLE.body,
    quickFormat: true,
    run: { font: cjkFont(FONTS.title), size: SIZES.erhao },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { ...exactLine(700), before: 0, after: BODY_LINE },
      keepNext: true,
    },
  },
  {
    id: STYLE.subtitle,
    name: "公文副标题",
    basedOn: "Normal",
    next: STYLE.body,
    run: { font: cjkFont(FONTS.kaiti), size: SIZES.sanhao },
    paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
  },
  {
    id: STYLE.body,
    name: "公文正文",
    basedOn: "Normal",
    next: STYLE.body,
    quickFormat: true,
    paragraph: {
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 2 * BODY_CHAR, firstLineChars: 200 },
    },
  },
  {
    id: STYLE.plain,
    name: "公文无缩进",
    basedOn: "Normal",
    next: STYLE.body,
    paragraph: { alignment: AlignmentType.JUSTIFIED },
  },
  {
    id: STYLE.tableText,
    name: "表格文字",
    basedOn: "Normal",
    run: { font: cjkFont(FONTS.fangsong), size: SIZES.xiaosi },
    paragraph: { spacing: exactLine(TABLE_LINE), alignment: AlignmentType.LEFT },
  },
  {
    id: STYLE.tableHeader,
    name: "表头文字",
    basedOn: STYLE.tableText,
    run: { font: cjkFont(FONTS.heiti), size: SIZES.xiaosi },
    paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
  },
  {
    id: STYLE.caption,
    name: "图表题注",
    basedOn: "Normal",
    run: { font: cjkFont(FONTS.fangsong), size: SIZES.xiaosi },
    paragraph: { alignment: AlignmentType.CENTER, spacing: exactLine(TABLE_LINE) },
  },
  {
    id: STYLE.signature,
    name: "落款",
    basedOn: "Normal",
    paragraph: {
      alignment: AlignmentType.RIGHT,
      indent: { right: 4 * BODY_CHAR },
      keepNext: true,
      keepLines: true,
    },
  },
  {
    id: STYLE.pageNumber,
    name: "页码",
    basedOn: "Normal",
    run: { font: cjkFont(FONTS.songti, FONTS.songti), size: SIZES.sihao },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 240, lineRule: LineRuleType.AUTO } },
  },
  {
    id: STYLE.headerLine,
    name: "页眉文字",
    basedOn: "Normal",
    run: { font: cjkFont(FONTS.songti), size: SIZES.wuhao, color: "595959" },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { line: 240, lineRule: LineRuleType.AUTO },
      border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: "808080", space: 1 } },
    },
  },
];

/** Chinese counting for the 1–99 needed by headings and item numbers: 1 → 一, 10 → 十, 23 → 二十三. */
export function chineseNumber(n: number): string {
  const digits = "〇一二三四五六七八九";
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`不支持的序号：${n}`);
  if (n < 10) return digits[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : digits[tens]}十${ones === 0 ? "" : digits[ones]}`;
}

/** A run of text, without the characters XML cannot hold. */
export function run(text: string, options: Omit<IRunOptions, "text"> = {}): TextRun {
  return new TextRun({ ...options, text: cleanText(text) });
}

/** A builder's input with every string cleaned (app/lib/text.ts); images and numbers as they are. */
export function cleanDocumentData<T>(data: T): T {
  return cleanDeep(data);
}

type Inline = string | ParagraphChild | readonly (string | ParagraphChild)[];

function toChildren(content: Inline): ParagraphChild[] {
  const items = Array.isArray(content) ? content : [content];
  return items.map((item) => (typeof item === "string" ? run(item) : item));
}

/** The document title (方正小标宋简体 二号); a cover page passes a larger size and its own line height. */
export function title(text: string, options: { size?: number; line?: number } = {}): Paragraph {
  return new Paragraph({
    style: STYLE.title,
    spacing: options.line ? exactLine(options.line) : undefined,
    children: [run(text, { size: options.size })],
  });
}

export function subtitle(text: string): Paragraph {
  return new Paragraph({ style: STYLE.subtitle, children: [run(text)] });
}

/** 一、-level heading (黑体). Give the number in the text: "一、体检结论". */
export function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(text)] });
}

/** （一）-level heading (楷体_GB2312). */
export function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(text)] });
}

/** A body paragraph, first line indented two characters. */
export function body(
  content: Inline,
  options: Pick<IParagraphOptions, "keepNext" | "alignment"> = {},
): Paragraph {
  return new Paragraph({ style: STYLE.body, children: toChildren(content), ...options });
}

/** A paragraph without first-line indent (addressee line, receipt). */
export function plain(
  content: Inline,
  options: Pick<IParagraphOptions, "keepNext" | "alignment"> = {},
): Paragraph {
  return new Paragraph({ style: STYLE.plain, children: toChildren(content), ...options });
}

/** Text in 黑体, for inline labels such as "法律依据：". */
export function strong(text: string, options: IRunOptions = {}): TextRun {
  return run(text, { ...options, font: cjkFont(FONTS.heiti) });
}

/** "label：text" as one body paragraph, the label in 黑体. */
export function labelled(label: string, text: string, options: { keepNext?: boolean } = {}): Paragraph {
  return body([strong(`${label}：`), text], options);
}

/** `keepNext` keeps the list's last item on the page of what follows (a signature must not stand alone). */
export function bulletList(items: readonly string[], options: { keepNext?: boolean } = {}): Paragraph[] {
  return items.map(
    (text, i) =>
      new Paragraph({
        style: STYLE.body,
        numbering: { reference: NUMBERING.bullet, level: 0 },
        keepNext: options.keepNext && i === items.length - 1 ? true : undefined,
        children: [run(text)],
      }),
  );
}

/**
 * A numbered list: "chinese" 一、二、, "chineseParen" （一）（二）, "decimal" 1. 2.
 * `instance` restarts the count: give each separate list in a document its own number.
 */
export function numberedList(
  items: readonly string[],
  options: { style?: NumberedListStyle; instance: number; keepNext?: boolean },
): Paragraph[] {
  const reference = NUMBERING[options.style ?? "chinese"];
  return items.map(
    (text, i) =>
      new Paragraph({
        style: STYLE.body,
        numbering: { reference, level: 0, instance: options.instance },
        keepNext: options.keepNext && i === items.length - 1 ? true : undefined,
        children: [run(text)],
      }),
  );
}

export type TableColumn = {
  header: string;
  /** Share of the text width; shares are normalised, so any proportional numbers will do. */
  share: number;
  align?: "left" | "center" | "right";
  /** Body cells in FONTS.mono (codes), so their width is known and a column never wraps one. */
  mono?: boolean;
};

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 6, color: "000000" } as const;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;

function columnWidths(shares: readonly number[], total = TEXT_WIDTH): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((total * s) / sum));
  widths[widths.length - 1] += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/** A bordered table in 仿宋 小四 with a 黑体 header row that repeats on every page. */
export function table(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): Table {
  const widths = columnWidths(columns.map((c) => c.share));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      shading: header ? { fill: "F2F2F2", color: "auto", type: "clear" } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: text.split("\n").map(
        (line) =>
          new Paragraph({
            style: header ? STYLE.tableHeader : STYLE.tableText,
            alignment: header ? AlignmentType.CENTER : ALIGN[columns[i].align ?? "left"],
            children: [
              run(line, !header && columns[i].mono ? { font: cjkFont(FONTS.fangsong, FONTS.mono) } : {}),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: {
      top: CELL_BORDER,
      bottom: CELL_BORDER,
      left: CELL_BORDER,
      right: CELL_BORDER,
      insideHorizontal: CELL_BORDER,
      insideVertical: CELL_BORDER,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header, i, true)),
      }),
      ...rows.map(
        (row) => new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, i, false)) }),
      ),
    ],
  });
}

/** Label/value lines for a cover page: borderless, the values underlined, centred on the page. */
export function coverInfo(rows: readonly (readonly [label: string, value: string])[]): Table {
  // The label column holds "统一社会信用代码" (8 characters of 三号) on one line.
  const widths = columnWidths([48, 102], mm(150));
  const underline = { style: BorderStyle.SINGLE, size: 6, color: "000000" } as const;
  const cell = (text: string, i: number) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.BOTTOM,
      borders: { top: NO_BORDER, left: NO_BORDER, right: NO_BORDER, bottom: i === 1 ? underline : NO_BORDER },
      margins: { top: 100, bottom: 20, left: 40, right: 40 },
      children: [
        new Paragraph({
          alignment: i === 0 ? AlignmentType.DISTRIBUTE : AlignmentType.CENTER,
          spacing: exactLine(BODY_LINE),
          children: [i === 0 ? strong(text) : run(text)],
        }),
      ],
    });
  return new Table({
    width: { size: mm(150), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
    rows: rows.map(
      ([label, value]) => new TableRow({ cantSplit: true, children: [cell(label, 0), cell(value, 1)] }),
    ),
  });
}

/** A PNG centred on its own line, sized in pixels at 96 dpi; `id` must be unique among the document's drawings. */
export function centredImage(
  png: Uint8Array,
  size: { width: number; height: number; id: number; name: string },
) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    // An exact line height would clip the picture to one text line.
    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120 },
    children: [
      new ImageRun({
        type: "png",
        data: png,
        transformation: { width: size.width, height: size.height },
        altText: {
          id: String(size.id),
          name: cleanText(size.name),
          title: cleanText(size.name),
          description: cleanText(size.name),
        },
      }),
    ],
  });
}

/**
 * A table or figure title. A table's title goes above the table and passes `keepNext`, so it never ends a
 * page without its table; a figure's title goes below the figure (centredImage keeps the two together).
 */
export function caption(text: string, options: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({ style: STYLE.caption, keepNext: options.keepNext, children: [run(text)] });
}

/** An empty body line, for the vertical rhythm official documents count in lines. */
export function blankLine(): Paragraph {
  return new Paragraph({ style: STYLE.plain, children: [] });
}

/** Width of a line of 三号 text in twips: CJK characters one em, Latin letters and digits about half. */
function textWidth(text: string): number {
  return [...text].reduce((sum, ch) => sum + (ch.codePointAt(0)! < 0x2e80 ? BODY_CHAR / 2 : BODY_CHAR), 0);
}

/**
 * The issuing block at the end of a document, laid out for a sealed document (GB/T 9704—2012 7.3.5.1): one
 * blank line under the text, the date in Chinese ("2026年11月23日") right-aligned with four characters of
 * space to its right, and the organisation and any signer lines centred over the date, where the seal goes.
 * The blank line is kept with the block; the paragraph before it should pass `keepNext`, so the block never
 * stands on a page of its own.
 */
export function signatureBlock(options: {
  organisation: string;
  date: LocalDate;
  lines?: readonly string[];
}): Paragraph[] {
  const date = formatChineseDate(options.date);
  const dateRight = 4 * BODY_CHAR;
  const centredOverDate = (text: string) =>
    new Paragraph({
      style: STYLE.signature,
      indent: { right: Math.max(0, Math.round(dateRight + (textWidth(date) - textWidth(text)) / 2)) },
      children: [run(text)],
    });
  return [
    new Paragraph({ style: STYLE.plain, keepNext: true, children: [] }),
    centredOverDate(options.organisation),
    ...(options.lines ?? []).map(centredOverDate),
    new Paragraph({
      style: STYLE.signature,
      keepNext: false,
      indent: { right: dateRight },
      children: [run(date)],
    }),
  ];
}

/** 发文机关标志 red (GB/T 9704—2012 7.2.5). */
const RED = "E60012";

/**
 * The red head (版头) of a document issued in an organisation's name (GB/T 9704—2012 7.2): the
 * organisation's mark in red 方正小标宋简体, centred; the document number (发文字号) centred under it; and
 * the red separator line under the number, as wide as the text block.
 */
export function redHead(mark: string, documentNo: string): Paragraph[] {
  return [
    new Paragraph({
      style: STYLE.title,
      spacing: { ...exactLine(1100), before: 0, after: 0 },
      children: [new TextRun({ text: mark, color: RED, size: SIZES.xiaochu, characterSpacing: 20 })],
    }),
    blankLine(),
    new Paragraph({
      style: STYLE.plain,
      alignment: AlignmentType.CENTER,
      keepNext: true,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 8 } },
      children: [new TextRun(documentNo)],
    }),
    blankLine(),
  ];
}

/**
 * 附件说明 (GB/T 9704—2012 7.3.3): one blank line under the text, then "附件：title" two characters in;
 * several annexes are numbered "附件：1．title", the numbers under one another and a name that wraps
 * aligned with its own first character. Names end without punctuation; all is kept with what follows.
 */
export function annexNote(titles: string | readonly string[]): Paragraph[] {
  const blank = new Paragraph({ style: STYLE.plain, keepNext: true, children: [] });
  // One annex is not numbered.
  if (typeof titles === "string" || titles.length === 1)
    return [blank, body(`附件：${typeof titles === "string" ? titles : titles[0]}`, { keepNext: true })];
  const lead = 5 * BODY_CHAR; // two characters of indent and "附件："
  return [
    blank,
    ...titles.map((name, i) => {
      const number = `${i + 1}．`;
      const numberWidth = textWidth(number);
      return new Paragraph({
        style: STYLE.plain,
        // Left-aligned: a justified line would spread a long code or digest across the page.
        alignment: AlignmentType.LEFT,
        keepNext: true,
        indent: {
          left: lead + numberWidth,
          hanging: i === 0 ? lead - 2 * BODY_CHAR + numberWidth : numberWidth,
        },
        children: [run(`${i === 0 ? "附件：" : ""}${number}${name.replace(/[。；，、]$/, "")}`)],
      });
    }),
  ];
}

/** The top of an annex on a page of its own: "附件" (with its number) in 黑体 at the top left, the title centred. */
export function annexHeading(options: { number?: number; title: string }): Paragraph[] {
  return [
    new Paragraph({
      style: STYLE.plain,
      pageBreakBefore: true,
      keepNext: true,
      children: [strong(options.number ? `附件${options.number}` : "附件")],
    }),
    blankLine(),
    title(options.title),
  ];
}

export type AnnexArticle = {
  /** "《中华人民共和国劳动法》第四十一条" */
  label: string;
  /** The article's text; null when the platform holds none. */
  text: string | null;
};

/**
 * An annex (附件, GB/T 9704—2012 7.3.6) of the cited articles on a page of its own: "附件" (and its number
 * when there are several) in 黑体 at the top left, the annex title centred, then each article's label in
 * 黑体 and its text, paragraph by paragraph. An article the platform holds no text of says so.
 */
export function articleAnnex(options: {
  number?: number;
  title: string;
  articles: readonly AnnexArticle[];
}): Paragraph[] {
  const out: Paragraph[] = annexHeading(options);
  for (const article of options.articles) {
    out.push(plain([strong(article.label)], { keepNext: true }));
    const lines = (article.text ?? "全文未收录，请查阅官方发布的文本。").split("\n").filter((l) => l.trim());
    lines.forEach((line) => out.push(body(line.trim())));
  }
  return out;
}

export type PageNumberFormat = "dash" | "page-of-total";

function pageNumberFooter(format: PageNumberFormat): Footer {
  const children =
    format === "dash"
      ? ["— ", PageNumber.CURRENT, " —"]
      : ["第 ", PageNumber.CURRENT, " 页 / 共 ", PageNumber.TOTAL_PAGES, " 页"];
  return new Footer({
    children: [new Paragraph({ style: STYLE.pageNumber, children: [new TextRun({ children })] })],
  });
}

/**
 * One A4 section with the official margins; pages numbered from 1 unless `pageNumbers` is false (cover).
 * `plainFirstPage` leaves the running header off the first page (a red head stands there instead).
 */
export function officialSection(options: {
  children: ISectionOptions["children"];
  pageNumbers: PageNumberFormat | false;
  headerText?: string;
  plainFirstPage?: boolean;
}): ISectionOptions {
  const footer = options.pageNumbers ? pageNumberFooter(options.pageNumbers) : null;
  return {
    properties: {
      ...(options.plainFirstPage ? { titlePage: true } : {}),
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        // The footer line sits so that the page number's dashes are about 7 mm under the text block (7.5).
        margin: { ...PAGE.margin, header: mm(15), footer: mm(25), gutter: 0 },
        ...(options.pageNumbers ? { pageNumbers: { start: 1 } } : {}),
      },
    },
    ...(options.headerText !== undefined
      ? {
          headers: {
            default: new Header({
              children: [new Paragraph({ style: STYLE.headerLine, children: [run(options.headerText)] })],
            }),
            ...(options.plainFirstPage ? { first: new Header({ children: [] }) } : {}),
          },
        }
      : {}),
    ...(footer ? { footers: { default: footer, ...(options.plainFirstPage ? { first: footer } : {}) } } : {}),
    children: options.children,
  };
}

export type DocumentMeta = {
  title: string;
  subject: string;
  /** The issuing organisation; also written as last-modified-by. */
  creator: string;
  keywords?: string;
  description?: string;
  /** Used as the created/modified time (00:00 Shanghai), so the same data always packs the same. */
  issuedOn: LocalDate;
};

/** Parts packDocument writes in place of docx's own (timestamps from the data; fonts with fallbacks). */
const packOverrides = new WeakMap<Document, { path: string; data: string }[]>();

export function createOfficialDocument(meta: DocumentMeta, sections: ISectionOptions[]): Document {
  const doc = new Document({
    title: meta.title,
    subject: meta.subject,
    creator: meta.creator,
    lastModifiedBy: meta.creator,
    keywords: meta.keywords,
    description: meta.description,
    revision: 1,
    defaultTabStop: BODY_CHAR,
    styles: {
      default: {
        document: {
          run: { font: cjkFont(FONTS.fangsong), size: SIZES.sanhao, language: LANGUAGE },
          paragraph: { spacing: { ...exactLine(BODY_LINE), before: 0, after: 0 } },
        },
      },
      paragraphStyles,
    },
    numbering: { config: numberingConfig() },
    sections,
  });
  packOverrides.set(doc, [
    { path: "docProps/core.xml", data: corePropertiesXml(meta) },
    { path: "word/fontTable.xml", data: FONT_TABLE_XML },
  ]);
  return doc;
}

/** Packs a document into .docx bytes. Documents from createOfficialDocument pack byte-for-byte the same XML. */
export async function packDocument(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(doc, false, packOverrides.get(doc) ?? []);
}

function numberingConfig() {
  const indent = { firstLine: 2 * BODY_CHAR, firstLineChars: 200, left: 0 };
  const level = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: string) => ({
    level: 0,
    format,
    text,
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.NOTHING,
    style: { paragraph: { indent } },
  });
  return [
    { reference: NUMBERING.chinese, levels: [level(LevelFormat.CHINESE_COUNTING, "%1、")] },
    { reference: NUMBERING.chineseParen, levels: [level(LevelFormat.CHINESE_COUNTING, "（%1）")] },
    { reference: NUMBERING.decimal, levels: [level(LevelFormat.DECIMAL, "%1．")] },
    {
      reference: NUMBERING.bullet,
      levels: [
        {
          ...level(LevelFormat.BULLET, "●"),
          // A tab to the next one-character stop (defaultTabStop) leaves a readable gap in Word and LibreOffice.
          suffix: LevelSuffix.TAB,
          style: {
            paragraph: { indent },
            // A small dot: a full-size ● in 宋体 outweighs the text it marks.
            run: { font: cjkFont(FONTS.songti, FONTS.songti), size: 20 },
          },
        },
      ],
    },
  ];
}

function escapeXml(s: string): string {
  return cleanText(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function corePropertiesXml(meta: DocumentMeta): string {
  // 00:00 in Shanghai is 16:00 UTC the day before.
  const stamp = `${addDays(meta.issuedOn, -1)}T16:00:00Z`;
  const el = (name: string, value?: string) => (value ? `<${name}>${escapeXml(value)}</${name}>` : "");
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"',
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    el("dc:title", meta.title),
    el("dc:subject", meta.subject),
    el("dc:creator", meta.creator),
    el("cp:keywords", meta.keywords),
    el("dc:description", meta.description),
    el("cp:lastModifiedBy", meta.creator),
    "<cp:revision>1</cp:revision>",
    "<dc:language>zh-CN</dc:language>",
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`,
    "</cp:coreProperties>",
  ].join("");
}

/**
 * Font declarations with alternates: Word substitutes w:altName when a font is missing, so a machine without
 * 方正小标宋简体 shows titles in 黑体 rather than in whatever default it would otherwise pick.
 */
const FONT_TABLE_XML = (() => {
  const font = (name: string, altName: string | null, charset: string, family: string, pitch: string) =>
    `<w:font w:name="${name}">${altName ? `<w:altName w:val="${altName}"/>` : ""}` +
    `<w:charset w:val="${charset}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
    font(FONTS.latin, null, "00", "roman", "variable"),
    font(FONTS.fangsong, "仿宋", "86", "modern", "fixed"),
    font(FONTS.kaiti, "楷体", "86", "modern", "fixed"),
    font(FONTS.heiti, "SimHei", "86", "modern", "fixed"),
    font(FONTS.songti, "SimSun", "86", "auto", "variable"),
    font(FONTS.title, FONTS.heiti, "86", "script", "fixed"),
    font(FONTS.mono, "Liberation Mono", "00", "modern", "fixed"),
    "</w:fonts>",
  ].join("");
})();
