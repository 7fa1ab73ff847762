import { decideSave, type StoredAnswer } from "~/domain/health-check/autosave";

const A = "a".repeat(32);
const B = "b".repeat(32);
const stored = (rev: number, value: string, writer?: string, writerSeq?: number): StoredAnswer => ({
  rev,
  value,
  writer,
  writerSeq,
});

describe("decideSave", () => {
  it.each([
    ["a first answer", undefined, { baseRev: 0, value: '"x"' }, { kind: "write", rev: 1 }],
    ["on the revision it saw", stored(3, '"x"'), { baseRev: 3, value: '"y"' }, { kind: "write", rev: 4 }],
    [
      "on the revision it saw, from a window",
      stored(3, '"x"', B, 9),
      { baseRev: 3, value: '"y"', writer: { id: A, seq: 1 } },
      { kind: "write", rev: 4 },
    ],
    [
      "another window saved since",
      stored(4, '"x"', B, 2),
      { baseRev: 3, value: '"y"', writer: { id: A, seq: 5 } },
      { kind: "stale" },
    ],
    [
      "someone saved since without a window id (an older page)",
      stored(4, '"x"'),
      { baseRev: 3, value: '"y"', writer: { id: A, seq: 5 } },
      { kind: "stale" },
    ],
    [
      "another window saved the same value since",
      stored(4, '"y"', B, 2),
      { baseRev: 3, value: '"y"', writer: { id: A, seq: 5 } },
      { kind: "unchanged", rev: 4 },
    ],
    [
      "this window's earlier edit saved since (its answer not back yet)",
      stored(4, '"x"', A, 4),
      { baseRev: 3, value: '"xy"', writer: { id: A, seq: 5 } },
      { kind: "write", rev: 5 },
    ],
    [
      "this window's edit arriving twice",
      stored(4, '"xy"', A, 5),
      { baseRev: 3, value: '"xy"', writer: { id: A, seq: 5 } },
      { kind: "unchanged", rev: 4 },
    ],
    [
      "this window's older edit arriving after its newer one",
      stored(5, '"xyz"', A, 6),
      { baseRev: 4, value: '"xy"', writer: { id: A, seq: 5 } },
      { kind: "unchanged", rev: 5 },
    ],
    [
      "this window's repeated edit on the revision it saw",
      stored(4, '"xy"', A, 5),
      { baseRev: 4, value: '"xy"', writer: { id: A, seq: 5 } },
      { kind: "unchanged", rev: 4 },
    ],
  ] as const)("%s", (_, current, edit, decision) => {
    expect(decideSave(current, edit)).toEqual(decision);
  });
});
