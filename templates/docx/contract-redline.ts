/**
 * 集体合同草案修改对照: the redline between two versions of a draft (or the previous contract and a
 * version), clause by clause in the later text's order — added, removed, changed or moved articles, each
 * with its text marked within the clause character by character: deleted words struck through in red,
 * inserted words underlined in blue, as Word's own revision marks read. Unchanged articles are counted,
 * not repeated; the opening sentence gives the counts (a table of the same counts at the end only repeated
 * them, on a page of its own). Plain data in, Document out.
 */
import { Paragraph, type Document } from "docx";
import type { LocalDate } from "../../app/domain/dates";
import {
  blankLine,
  body,
  cleanDocumentData,
  createOfficialDocument,
  heading2,
  officialSection,
  run,
  STYLE,
  subtitle,
  title,
} from "./official-style";

export type ContractRedlineData = {
  /** The draft's title. */
  contractTitle: string;
  enterpriseName: string;
  unionName: string;
  fromLabel: string;
  toLabel: string;
  madeOn: LocalDate;
  summary: { added: number; removed: number; changed: number; moved: number; unchanged: number };
  entries: {
    /** "第五条（工资支付）" in the later text, or in the earlier one for a removed clause. */
    where: string;
    kindLabel: string;
    moved: boolean;
    /** Where it stood before, when it moved or was renumbered: "原第四条". */
    before: string | null;
    segments: { op: "equal" | "insert" | "delete"; text: string }[];
  }[];
};

const DELETED = { strike: true, color: "C00000" } as const;
const INSERTED = { underline: {}, color: "1F4E9E" } as const;

function marked(segments: ContractRedlineData["entries"][number]["segments"]): Paragraph {
  return new Paragraph({
    style: STYLE.body,
    children: segments.map((s) =>
      run(s.text, s.op === "delete" ? DELETED : s.op === "insert" ? INSERTED : {}),
    ),
  });
}

export function buildContractRedline(input: ContractRedlineData): Document {
  const data = cleanDocumentData(input);
  const s = data.summary;
  const children: Paragraph[] = [
    title("集体合同草案修改对照"),
    subtitle(data.contractTitle),
    subtitle(`（${data.fromLabel} → ${data.toLabel}）`),
    blankLine(),
    body(
      `与${data.fromLabel}相比，${data.toLabel}新增条款${s.added}条、删除${s.removed}条、修改${s.changed}条、调整位置${s.moved}条，其余${s.unchanged}条未修改。` +
        "删除的文字以红色删除线标示，增加的文字以蓝色下划线标示。",
    ),
  ];
  if (data.entries.length === 0) children.push(body("两稿条款文字完全相同。"));
  data.entries.forEach((e) => {
    const notes = [e.kindLabel, e.moved ? "位置调整" : "", e.before ? e.before : ""]
      .filter(Boolean)
      .join("，");
    children.push(heading2(`${e.where}（${notes}）`), marked(e.segments));
  });
  return createOfficialDocument(
    {
      title: "集体合同草案修改对照",
      subject: `${data.contractTitle}（${data.fromLabel} → ${data.toLabel}）`,
      creator: data.unionName,
      keywords: "集体合同;草案;修改对照",
      issuedOn: data.madeOn,
    },
    [officialSection({ pageNumbers: "dash", children })],
  );
}
