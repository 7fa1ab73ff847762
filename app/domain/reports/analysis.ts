/**
 * The instructor's problem analysis (问题分析) is written as plain text with a light, Word-like markup that
 * needs no toolbar: a blank line starts a new paragraph, "## " starts a sub-heading, lines beginning with
 * "- " or "• " form a bulleted list and lines beginning with "1." / "1、" / "（1）" a numbered list. The same
 * blocks feed the web page and the Word report, so both show the same structure.
 */
export type RichBlock =
  | { type: "paragraph"; text: string }
  | { type: "bullets"; items: string[] }
  | { type: "numbered"; items: string[] }
  | { type: "heading"; text: string };

export const ANALYSIS_MAX_CHARS = 20_000;

const BULLET = /^\s*[-•·*]\s+(.*)$/;
const NUMBERED = /^\s*(?:\d{1,3}\s*[.、)）]|[（(]\d{1,3}[)）])\s*(.*)$/;
const HEADING = /^\s*#{1,3}\s+(.*)$/;

export function parseAnalysis(text: string): RichBlock[] {
  const blocks: RichBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ type: "paragraph", text: joinLines(paragraph) });
    paragraph = [];
  };
  const pushItem = (type: "bullets" | "numbered", item: string) => {
    flush();
    const last = blocks[blocks.length - 1];
    if (last && last.type === type) last.items.push(item);
    else blocks.push({ type, items: [item] });
  };
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    if (!line) {
      flush();
      // A blank line also ends a list, so two lists separated by a blank line stay two lists.
      blocks.push({ type: "paragraph", text: "" });
      continue;
    }
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: "heading", text: heading[1].trim() });
    } else if (bullet && bullet[1].trim()) {
      pushItem("bullets", bullet[1].trim());
    } else if (numbered && numbered[1].trim()) {
      pushItem("numbered", numbered[1].trim());
    } else {
      const last = blocks[blocks.length - 1];
      // A line right under a list item (no blank line between) continues that item.
      if (!paragraph.length && last && (last.type === "bullets" || last.type === "numbered")) {
        last.items[last.items.length - 1] = joinLines([last.items[last.items.length - 1], line]);
      } else {
        paragraph.push(line);
      }
    }
  }
  flush();
  return blocks.filter((b) => !(b.type === "paragraph" && b.text === ""));
}

/** Chinese text joins wrapped lines without a space; Latin words keep one. */
function joinLines(lines: string[]): string {
  return lines.reduce((acc, line) => {
    if (!acc) return line;
    const latinJoin = /[A-Za-z0-9,.;:]$/.test(acc) && /^[A-Za-z0-9]/.test(line);
    return acc + (latinJoin ? " " : "") + line;
  }, "");
}

/** A Chinese message when the analysis cannot be saved, otherwise undefined. */
export function analysisProblem(text: string): string | undefined {
  if (text.length > ANALYSIS_MAX_CHARS) {
    return `问题分析最多 ${ANALYSIS_MAX_CHARS} 字，当前 ${text.length} 字`;
  }
  return undefined;
}
