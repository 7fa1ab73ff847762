/**
 * Records of a case numbered 1, 2, 3 … under derived `_id`s ("<caseId>:v<n>"): found by reading the keys in
 * order until one is missing (numbers are never deleted), and added by inserting the next key — a unique
 * `_id` is the one thing FerretDB enforces atomically, so two writers at once get n and n + 1.
 */
import { isDuplicateKeyError } from "../../../models/errors";

/** The first batch of keys read at once, and the largest: batches double, as most series are short. */
const FIRST_BATCH = 2;
const MAX_BATCH = 16;

/**
 * Every record of the series, in order: keyed reads in parallel batches (2, 4, 8, then 16 keys) until the
 * first gap: a series of one record costs two reads, a series of thirty records five rounds.
 */
export async function readSeries<T>(read: (n: number) => Promise<T | null>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 1, size = FIRST_BATCH; ; start += size, size = Math.min(size * 2, MAX_BATCH)) {
    const batch = await Promise.all(Array.from({ length: size }, (_, i) => read(start + i)));
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
