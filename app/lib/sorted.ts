/**
 * Lists each already in one order, read as if merged: a district's pages keep their rows sorted per kept
 * document (sorted once while the document is unchanged) and show a page of tens of thousands.
 */

/**
 * The rows `from` to `from + count` of these lists merged in `order` (ties: the earlier list first, as a
 * stable sort of the lists one after another would give).
 */
export function sliceOfSorted<T>(
  lists: readonly (readonly T[])[],
  order: (a: T, b: T) => number,
  from: number,
  count: number,
): T[] {
  const at = lists.map(() => 0);
  const out: T[] = [];
  for (let index = 0; out.length < count; index++) {
    let best = -1;
    for (let i = 0; i < lists.length; i++)
      if (at[i] < lists[i].length && (best === -1 || order(lists[i][at[i]], lists[best][at[best]]) < 0))
        best = i;
    if (best === -1) break;
    const next = lists[best][at[best]++];
    if (index >= from) out.push(next);
  }
  return out;
}
