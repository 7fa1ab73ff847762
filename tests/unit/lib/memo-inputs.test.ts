import { memoOnInputs } from "~/lib/memo-inputs";

it("gives the kept result while every input is the same object, and works it out again when one changes", () => {
  let runs = 0;
  const compute = (rows: readonly number[]) => () => {
    runs += 1;
    return rows.reduce((a, b) => a + b, 0);
  };
  const a = [1, 2, 3];
  const b = [10];
  expect(memoOnInputs("t-same", "k", [a, b], compute(a))).toBe(6);
  expect(memoOnInputs("t-same", "k", [a, b], compute(a))).toBe(6);
  expect(runs).toBe(1);
  // An equal array that is not the same object (a document read again) counts as changed.
  const a2 = [1, 2, 3, 4];
  expect(memoOnInputs("t-same", "k", [a2, b], compute(a2))).toBe(10);
  expect(runs).toBe(2);
  // Another key (scope, filters) is its own result; strings compare by value.
  expect(memoOnInputs("t-same", "other", [a2, "x"], compute(a))).toBe(6);
  expect(memoOnInputs("t-same", "other", [a2, "x"], compute(a))).toBe(6);
  expect(memoOnInputs("t-same", "other", [a2, "y"], compute(a2))).toBe(10);
  expect(runs).toBe(4);
  // Fewer inputs than before: changed.
  expect(memoOnInputs("t-same", "other", [a2], compute(a))).toBe(6);
  expect(runs).toBe(5);
});

it("keeps at most 24 results per use, dropping the least recently used", () => {
  const input = [0];
  let runs = 0;
  const get = (key: string) =>
    memoOnInputs("t-bound", key, [input], () => {
      runs += 1;
      return key;
    });
  for (let i = 0; i < 24; i++) get(`k${i}`);
  get("k0"); // used again: now the most recent
  get("k24"); // the 25th: k1 goes
  expect(runs).toBe(25);
  get("k0");
  expect(runs).toBe(25);
  get("k1");
  expect(runs).toBe(26);
});
