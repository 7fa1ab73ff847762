/**
 * The redline between two contract texts (two draft versions, or a version and the previous contract):
 * at clause level, which clauses were added, removed, moved or changed; within a changed clause, what was
 * inserted and deleted, character by character (Chinese has no spaces to split words on). Both levels use
 * jsdiff (npm "diff": diffArrays on the clause order, diffChars on the text, which splits by code point),
 * pure and the same in the browser bundle and the worker.
 *
 * Clauses are matched by id (stable across versions and carried over from the previous contract), then by
 * library template for clauses that entered with a new id (a library clause replacing a previous own wording
 * of the same template). A matched clause off the longest common order, or in another chapter, is "moved".
 */
import { diffArrays, diffChars } from "diff";
import { numberContract, type ContractText, type DraftClause } from "./draft";

export type SegmentOp = "equal" | "insert" | "delete";

export interface TextSegment {
  op: SegmentOp;
  text: string;
}

export type ClauseChangeKind = "unchanged" | "changed" | "added" | "removed";

export const CLAUSE_CHANGE_LABELS: Record<ClauseChangeKind, string> = {
  unchanged: "未修改",
  changed: "已修改",
  added: "新增",
  removed: "删除",
};

export interface RedlinePosition {
  chapterKey: string;
  /** "第三章\u3000工作时间". */
  chapterHeading: string;
  articleNumber: number;
  /** "第十二条". */
  articleLabel: string;
}

export interface RedlineEntry {
  /** The clause's id in the later text (the earlier one's for a removed clause). */
  clauseId: string;
  kind: ClauseChangeKind;
  /** The clause sits elsewhere in the order or in another chapter. */
  moved: boolean;
  title: string;
  /** The heading changed as well (only for matched clauses). */
  titleBefore: string | null;
  before: RedlinePosition | null;
  after: RedlinePosition | null;
  textBefore: string | null;
  textAfter: string | null;
  /** The whole text as equal / insert / delete runs: one insert for an added clause, one delete for a removed one. */
  segments: TextSegment[];
}

export interface RedlineSummary {
  added: number;
  removed: number;
  changed: number;
  moved: number;
  unchanged: number;
}

export interface Redline {
  /** In the later text's order, each removed clause where it stood in the earlier one. */
  entries: RedlineEntry[];
  summary: RedlineSummary;
  /** Nothing added, removed, changed or moved. */
  identical: boolean;
}

/**
 * Character-level differences of two clause texts, by code point. A single common character stranded
 * between changes (a "的" or "，" the two wordings happen to share) is folded into the change, so a
 * rewritten phrase reads as one deletion and one insertion instead of confetti.
 */
export function diffText(before: string, after: string): TextSegment[] {
  const raw: RawSegment[] = diffChars(before, after).map((c) => ({
    op: c.added ? "insert" : c.removed ? "delete" : "equal",
    text: c.value,
  }));
  const folded = raw.map((s, i): RawSegment => {
    const stranded =
      s.op === "equal" &&
      [...s.text].length <= 1 &&
      i > 0 &&
      i < raw.length - 1 &&
      raw[i - 1].op !== "equal" &&
      raw[i + 1].op !== "equal";
    return stranded ? { op: "shared", text: s.text } : s;
  });
  return mergeRuns(folded);
}

/** A diff run, or a common character folded into the change around it ("shared": on both sides). */
type RawSegment = { op: SegmentOp | "shared"; text: string };

/** Adjacent runs grouped: each stretch between equal runs becomes one deletion then one insertion. */
function mergeRuns(segments: readonly RawSegment[]): TextSegment[] {
  const out: TextSegment[] = [];
  let deleted = "";
  let inserted = "";
  const flush = () => {
    if (deleted) out.push({ op: "delete", text: deleted });
    if (inserted) out.push({ op: "insert", text: inserted });
    deleted = "";
    inserted = "";
  };
  for (const s of segments) {
    if (s.op === "equal") {
      flush();
      const last = out[out.length - 1];
      if (last?.op === "equal") last.text += s.text;
      else out.push({ op: "equal", text: s.text });
      continue;
    }
    if (s.op !== "insert") deleted += s.text;
    if (s.op !== "delete") inserted += s.text;
  }
  flush();
  return out;
}

/** The later text rebuilt from segments (a check the UI and tests can rely on). */
export function segmentsAfter(segments: readonly TextSegment[]): string {
  return segments
    .filter((s) => s.op !== "delete")
    .map((s) => s.text)
    .join("");
}

/** The earlier text rebuilt from segments. */
export function segmentsBefore(segments: readonly TextSegment[]): string {
  return segments
    .filter((s) => s.op !== "insert")
    .map((s) => s.text)
    .join("");
}

interface Placed {
  clause: DraftClause;
  position: RedlinePosition;
}

function place(text: ContractText): Placed[] {
  return numberContract(text).flatMap((chapter) =>
    chapter.articles.map((a) => ({
      clause: a.clause,
      position: {
        chapterKey: chapter.key,
        chapterHeading: chapter.heading,
        articleNumber: a.number,
        articleLabel: a.label,
      },
    })),
  );
}

/** earlier index → later index: by id, then by template key among the clauses still unmatched. */
function matchClauses(before: readonly Placed[], after: readonly Placed[]): Map<number, number> {
  const matches = new Map<number, number>();
  const taken = new Set<number>();
  before.forEach((b, i) => {
    const j = after.findIndex((a) => a.clause.id === b.clause.id);
    if (j >= 0) {
      matches.set(i, j);
      taken.add(j);
    }
  });
  before.forEach((b, i) => {
    if (matches.has(i) || b.clause.templateKey === null) return;
    const j = after.findIndex((a, k) => !taken.has(k) && a.clause.templateKey === b.clause.templateKey);
    if (j >= 0) {
      matches.set(i, j);
      taken.add(j);
    }
  });
  return matches;
}

function matchedEntry(b: Placed, a: Placed, moved: boolean): RedlineEntry {
  const same = b.clause.text === a.clause.text;
  return {
    clauseId: a.clause.id,
    kind: same && b.clause.title === a.clause.title ? "unchanged" : "changed",
    moved,
    title: a.clause.title,
    titleBefore: b.clause.title === a.clause.title ? null : b.clause.title,
    before: b.position,
    after: a.position,
    textBefore: b.clause.text,
    textAfter: a.clause.text,
    segments: same ? [{ op: "equal", text: a.clause.text }] : diffText(b.clause.text, a.clause.text),
  };
}

/** The redline from `before` (earlier version or previous contract) to `after`. */
export function compareContracts(before: ContractText, after: ContractText): Redline {
  const b = place(before);
  const a = place(after);
  const matches = matchClauses(b, a);
  const beforeOf = new Map<number, number>([...matches].map(([i, j]) => [j, i]));
  // Both orders as tokens: a matched pair shares its later index, so the LCS keeps the pairs in order.
  const beforeTokens = b.map((_, i) => (matches.has(i) ? `m${matches.get(i)}` : `r${i}`));
  const afterTokens = a.map((_, j) => (beforeOf.has(j) ? `m${j}` : `a${j}`));

  const entries: RedlineEntry[] = [];
  let bi = 0;
  let aj = 0;
  for (const part of diffArrays(beforeTokens, afterTokens)) {
    for (const token of part.value) {
      if (part.removed) {
        if (token.startsWith("r")) {
          const p = b[bi];
          entries.push({
            clauseId: p.clause.id,
            kind: "removed",
            moved: false,
            title: p.clause.title,
            titleBefore: null,
            before: p.position,
            after: null,
            textBefore: p.clause.text,
            textAfter: null,
            segments: [{ op: "delete", text: p.clause.text }],
          });
        }
        bi += 1;
      } else if (part.added) {
        const p = a[aj];
        const from = beforeOf.get(aj);
        if (from !== undefined) entries.push(matchedEntry(b[from], p, true));
        else
          entries.push({
            clauseId: p.clause.id,
            kind: "added",
            moved: false,
            title: p.clause.title,
            titleBefore: null,
            before: null,
            after: p.position,
            textBefore: null,
            textAfter: p.clause.text,
            segments: [{ op: "insert", text: p.clause.text }],
          });
        aj += 1;
      } else {
        const from = b[bi];
        const to = a[aj];
        entries.push(matchedEntry(from, to, from.position.chapterKey !== to.position.chapterKey));
        bi += 1;
        aj += 1;
      }
    }
  }

  const summary: RedlineSummary = {
    added: entries.filter((e) => e.kind === "added").length,
    removed: entries.filter((e) => e.kind === "removed").length,
    changed: entries.filter((e) => e.kind === "changed").length,
    moved: entries.filter((e) => e.moved).length,
    unchanged: entries.filter((e) => e.kind === "unchanged").length,
  };
  const identical = summary.added + summary.removed + summary.changed + summary.moved === 0;
  return { entries, summary, identical };
}
