/**
 * The yardstick of bench/reports.ts (c): a bare `docx` document with the same content as a generated
 * report — the same paragraphs with the same text, the same tables with the same cells — and nothing else:
 * no styles, numbering, fonts, headers, footers, sections or image.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import JSZip from "jszip";

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const textOf = (xml: string) =>
  decode([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));

type Block = { type: "paragraph"; text: string } | { type: "table"; rows: string[][] };

/** The body's top-level paragraphs and tables, in order, as plain text. */
export async function documentBlocks(docx: Uint8Array): Promise<Block[]> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file("word/document.xml")!.async("string");
  const body = xml.slice(xml.indexOf("<w:body>"), xml.lastIndexOf("</w:body>"));
  const blocks: Block[] = [];
  for (const m of body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>|<w:p\/>/g)) {
    if (m[0].startsWith("<w:tbl>")) {
      const rows = [...m[0].matchAll(/<w:tr(?: [^>]*)?>[\s\S]*?<\/w:tr>/g)].map((row) =>
        [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => textOf(cell[0])),
      );
      blocks.push({ type: "table", rows });
    } else {
      blocks.push({ type: "paragraph", text: textOf(m[0]) });
    }
  }
  return blocks;
}

/** A function that builds and packs the bare document (both timed, as buildFile does both). */
export async function bareDocumentLike(docx: Uint8Array) {
  const blocks = await documentBlocks(docx);
  const paragraphs = blocks.filter((b) => b.type === "paragraph").length;
  const tables = blocks.filter((b) => b.type === "table");
  const cells = tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + r.length, 0), 0);
  const pack = () =>
    Packer.toBuffer(
      new Document({
        sections: [
          {
            children: blocks.map((b) =>
              b.type === "paragraph"
                ? new Paragraph(b.text)
                : new Table({
                    rows: b.rows.map(
                      (cells) =>
                        new TableRow({
                          children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })),
                        }),
                    ),
                  }),
            ),
          },
        ],
      }),
    );
  return { pack, description: `${paragraphs} paragraphs, ${tables.length} tables / ${cells} cells` };
}
