import { sliceOfSorted } from "~/lib/sorted";
import { seededRandom } from "../../../scripts/seeded-random";

describe("sliceOfSorted", () => {
  it("gives the rows of several sorted lists as sorting them all would, ties in list order", () => {
    const random = seededRandom(7);
    for (let round = 0; round < 300; round++) {
      const lists = Array.from({ length: Math.floor(random() * 6) }, (_, l) =>
        Array.from({ length: Math.floor(random() * 8) }, (_, i) => ({
          v: Math.floor(random() * 10),
          tag: `${l}:${i}`,
        })).sort((a, b) => a.v - b.v),
      );
      const order = (a: { v: number }, b: { v: number }) => a.v - b.v;
      const all = lists.flat().sort(order);
      for (const [from, count] of [
        [0, 0],
        [0, 1],
        [0, 3],
        [2, 3],
        [5, 100],
        [40, 5],
      ])
        expect(sliceOfSorted(lists, order, from, count)).toEqual(all.slice(from, from + count));
    }
  });
});
