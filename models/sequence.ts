import mongoose, { Schema, type Model } from "mongoose";
import { isDuplicateKeyError } from "./errors";

/**
 * Gap-free document numbers (报告编号, 处方编号) without transactions: each number is its own document
 * with a unique _id "<series>#<n>", so two writers can never take the same number (FerretDB 1.x does not
 * isolate $inc read-modify-writes, but it does enforce unique keys atomically).
 */
interface SequenceDoc {
  _id: string;
  series: string;
  n: number;
  at: Date;
}

const SequenceSchema = new Schema<SequenceDoc>(
  {
    _id: { type: String, required: true },
    series: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
SequenceSchema.index({ series: 1, n: -1 });

export const Sequence =
  (mongoose.models.Sequence as Model<SequenceDoc> | undefined) ??
  mongoose.model<SequenceDoc>("Sequence", SequenceSchema, "sequences");

/**
 * The last number this process took or saw per series: the next try is one above it, an insert by _id that
 * FerretDB checks by key, instead of finding the series' highest number, which it answers by reading every
 * number of every series. Numbers are never deleted, so the hint can only be behind (another process took
 * numbers since); then the insert meets a duplicate and the next one up is tried, and after a few misses the
 * highest number is read again.
 */
const lastTaken = new Map<string, number>();
const MISSES_BEFORE_REREAD = 3;

/** The next number of `series`, starting at 1: the lowest number above every number already taken. */
export async function nextNumber(series: string): Promise<number> {
  let hint = lastTaken.get(series);
  let misses = 0;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (hint === undefined || misses >= MISSES_BEFORE_REREAD) {
      const last = await Sequence.findOne({ series }).sort({ n: -1 }).select({ n: 1 }).lean();
      hint = last?.n ?? 0;
      misses = 0;
    }
    const n = hint + 1;
    try {
      await Sequence.create({ _id: `${series}#${n}`, series, n, at: new Date() });
      lastTaken.set(series, n);
      return n;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      hint = n;
      misses += 1;
    }
  }
  throw new Error(`编号 ${series} 分配失败，请重试`);
}
