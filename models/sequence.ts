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

/** The next number of `series`, starting at 1. */
export async function nextNumber(series: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const last = await Sequence.findOne({ series }).sort({ n: -1 }).select({ n: 1 }).lean();
    const n = (last?.n ?? 0) + 1;
    try {
      await Sequence.create({ _id: `${series}#${n}`, series, n, at: new Date() });
      return n;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error(`编号 ${series} 分配失败，请重试`);
}
