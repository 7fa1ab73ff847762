/**
 * What an autosave of one answer does with the answer as it is stored. A browser window sends its edits
 * with the revision it last saw (`baseRev`), its own id (one per page load) and the number of the edit
 * (rising within the window). A revision saved since by another window or person makes the edit stale —
 * the person is asked which to keep — unless it already holds the same value. A revision saved since by
 * the same window is its own earlier edit (its answer had not come back yet, or the page was left while
 * it was on its way): a later edit builds on it, and an edit that arrives late or twice changes nothing.
 */
export interface StoredAnswer {
  rev: number;
  /** JSON of the value. */
  value: string;
  writer?: string;
  writerSeq?: number;
}

export interface AnswerEdit {
  baseRev: number;
  /** JSON of the validated value. */
  value: string;
  writer?: { id: string; seq: number };
}

export type SaveDecision =
  | { kind: "write"; rev: number }
  /** Nothing to write: the stored revision holds this edit, or a later one of the same window. */
  | { kind: "unchanged"; rev: number }
  | { kind: "stale" };

export function decideSave(stored: StoredAnswer | undefined, edit: AnswerEdit): SaveDecision {
  const current = stored?.rev ?? 0;
  const own = edit.writer !== undefined && stored?.writer === edit.writer.id;
  if (own && edit.writer!.seq <= (stored?.writerSeq ?? 0)) return { kind: "unchanged", rev: current };
  if (current === edit.baseRev || own) return { kind: "write", rev: current + 1 };
  if (stored && stored.value === edit.value) return { kind: "unchanged", rev: current };
  return { kind: "stale" };
}
