/**
 * Document numbers (报告编号, 处方编号): gap-free, each taken once, per series, also when other processes
 * take numbers of the same series (the in-process hint is then behind and must catch up).
 */
import { nextNumber, Sequence } from "../../models/sequence";

it("counts from 1 per series", async () => {
  expect([await nextNumber("t:a"), await nextNumber("t:a"), await nextNumber("t:a")]).toEqual([1, 2, 3]);
  expect(await nextNumber("t:b")).toBe(1);
  expect(await nextNumber("t:a")).toBe(4);
});

it("gives twenty simultaneous requests twenty different numbers, without gaps", async () => {
  const taken = await Promise.all(Array.from({ length: 20 }, () => nextNumber("t:c")));
  expect([...taken].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
});

it("catches up with numbers another process took", async () => {
  expect(await nextNumber("t:d")).toBe(1);
  // Another process takes 2–6, then 7–40: this process's hint (1) is behind both times.
  const takeElsewhere = (from: number, to: number) =>
    Sequence.insertMany(
      Array.from({ length: to - from + 1 }, (_, i) => ({
        _id: `t:d#${from + i}`,
        series: "t:d",
        n: from + i,
        at: new Date(),
      })),
    );
  await takeElsewhere(2, 3);
  expect(await nextNumber("t:d")).toBe(4);
  await takeElsewhere(5, 40);
  expect(await nextNumber("t:d")).toBe(41);
  expect(await nextNumber("t:d")).toBe(42);
  expect(await Sequence.countDocuments({ series: "t:d" })).toBe(42);
});
