/**
 * Results worked out from cached arrays that are never changed in place (the rows of kept documents,
 * models/kept-rows.ts, which hands out the same array while a document is unchanged): a result is kept while
 * every input is the very same object, under a key naming everything else it depends on (a scope, filters).
 * A district's lists otherwise rebuild, filter and sort ten thousand rows on every load, which under twenty
 * people at once is most of a page's time. Each use has its own store of at most MAX_KEYS results, the least
 * recently used going first.
 */
const MAX_KEYS = 24;

interface Kept {
  inputs: readonly unknown[];
  value: unknown;
}

const stores = new Map<string, Map<string, Kept>>();

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function memoOnInputs<T>(use: string, key: string, inputs: readonly unknown[], compute: () => T): T {
  let store = stores.get(use);
  if (!store) stores.set(use, (store = new Map()));
  const hit = store.get(key);
  store.delete(key);
  if (hit && same(hit.inputs, inputs)) {
    store.set(key, hit);
    return hit.value as T;
  }
  const value = compute();
  store.set(key, { inputs, value });
  for (const oldest of store.keys()) {
    if (store.size <= MAX_KEYS) break;
    store.delete(oldest);
  }
  return value;
}
