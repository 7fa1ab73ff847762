import mongoose, { Schema, Types, type Model } from "mongoose";
import { isDuplicateKeyError } from "./errors";

/**
 * Large contents (rendered Word files, their input snapshots), kept apart from the documents that describe
 * them and only ever read or written by `_id`.
 *
 * Why apart: FerretDB 1.x (SQLite backend) answers every query whose filter is not `{ _id }` alone by reading
 * and decoding every document of the collection. With the bytes inside rendered_documents, each status check
 * or conditional update decoded every stored file, and a batch of N reports cost O(N²). A filter of `_id`
 * alone is looked up by key, so the bytes here are touched only when they are wanted.
 */
export interface FileBlobDoc {
  _id: Types.ObjectId;
  data: Buffer;
  createdAt: Date;
}

const FileBlobSchema = new Schema<FileBlobDoc>(
  {
    data: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const FileBlob =
  (mongoose.models.FileBlob as Model<FileBlobDoc> | undefined) ??
  mongoose.model<FileBlobDoc>("FileBlob", FileBlobSchema, "file_blobs");

/**
 * Stores `data` under `id`; writing the same id again replaces it (idempotent for retried work). Inserts
 * first: nearly every write is new, and FerretDB takes a plain insert in about a third of an upsert's time.
 */
export async function putBlob(id: Types.ObjectId, data: Buffer | string): Promise<void> {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const doc = { _id: id, data: bytes, createdAt: new Date() };
  try {
    await FileBlob.collection.insertOne(doc);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await FileBlob.replaceOne({ _id: id }, doc);
  }
}

/** The bytes stored under `id`, or null. */
export async function getBlob(id: Types.ObjectId): Promise<Buffer | null> {
  const blob = await FileBlob.findById(id).lean();
  if (!blob) return null;
  return toBuffer(blob.data);
}

export async function deleteBlob(id: Types.ObjectId): Promise<void> {
  await FileBlob.deleteOne({ _id: id });
}

/** A lean read gives a BSON Binary rather than a Buffer. */
export function toBuffer(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  const binary = raw as { buffer: Uint8Array };
  return Buffer.from(binary.buffer.buffer, binary.buffer.byteOffset, binary.buffer.byteLength);
}

/**
 * Creates a document that describes a file whose bytes go to file_blobs under the document's own _id
 * (evidence uploads). The bytes are stored first, so a document never exists without them; if the document
 * cannot be created, the bytes are removed again.
 */
export async function createWithBlob<T extends { _id: Types.ObjectId }>(
  model: Model<T>,
  fields: Omit<T, "_id" | "data">,
  bytes: Uint8Array,
): Promise<T> {
  const _id = new Types.ObjectId();
  await putBlob(_id, Buffer.from(bytes));
  try {
    const created = await model.create({ ...fields, _id });
    return created.toObject() as T;
  } catch (error) {
    await deleteBlob(_id);
    throw error;
  }
}

/** The bytes of a file document made by createWithBlob, or of an older one that kept them inline (`data`). */
export async function bytesOf<T extends { _id: Types.ObjectId; data?: Buffer }>(
  model: Model<T>,
  id: Types.ObjectId,
): Promise<Buffer | null> {
  const stored = await getBlob(id);
  if (stored) return stored;
  const legacy = (await model.findById(id).select({ data: 1 }).lean()) as { data?: unknown } | null;
  return legacy?.data ? toBuffer(legacy.data) : null;
}
