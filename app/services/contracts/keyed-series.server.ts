/**
 * Records of a case numbered 1, 2, 3 … under derived `_id`s ("<caseId>:v<n>"): found by reading the keys in
 * order until one is missing (numbers are never deleted), and added by inserting the next key — a unique
 * `_id` is the one thing FerretDB enforces atomically, so two writers at once get n and n + 1.
 */
import { isDuplicateKeyError } from "../../../models/errors";

const BATCH = 8;

/** Every record of the series, in order: keyed reads in small parallel batches until the first gap. */
export async function readSeries<T>(read: (n: number) => Promise<T | null>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 1; ; start += BATCH) {
    const batch = await Promise.all(Array.from({ length: BATCH }, (_, i) => read(start + i)));
    for (const item of batch) {
      if (item === null) return out;
      out.push(item);
    }
  }
}

/** Inserts the record numbered one above `known` (or the next free one above it); returns its number. */
export async function insertNext<T>(
  known: number,
  create: (n: number) => Promise<T>,
): Promise<{ n: number; saved: T }> {
  for (let n = known + 1; n < known + 200; n++) {
    try {
      return { n, saved: await create(n) };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error("编号分配失败，请重试");
}
