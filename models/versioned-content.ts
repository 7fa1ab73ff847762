import mongoose, { Schema, type Model, type Types } from "mongoose";
import { VERSION_STATUSES, type VersionStatus } from "../app/domain/versioning";
import { leanDefaults } from "./lean-defaults";
import { afterEveryWrite, stampedCache, type StampedCache } from "./stamped-cache";

/**
 * A version of versioned content (questionnaire templates, clause libraries of collective contracts;
 * app/services/versioning): a key's numbered versions, the content stored as JSON text because it is only
 * ever read and written whole (and may nest arrays, which FerretDB 1.x cannot store).
 */
export interface VersionedContentDoc {
  _id: Types.ObjectId;
  key: string;
  version: number;
  status: VersionStatus;
  title: string;
  content: string;
  publishedAt?: Date;
  /** For versions published from the shipped default: a hash of the shipped content they carry. */
  shippedHash?: string;
  createdBy?: Types.ObjectId;
  /** Optimistic-concurrency counter for edits of a draft (the content's own version number is `version`). */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The newest published version of each key, per collection, as cached (stamped-cache.ts). */
type Published = ReadonlyMap<string, Readonly<VersionedContentDoc>>;
const publishedCaches = new Map<string, StampedCache<Published>>();

function publishedCache(name: string, collection: string): StampedCache<Published> {
  let cache = publishedCaches.get(collection);
  if (!cache) {
    cache = stampedCache<Published>(
      `published:${collection}`,
      async () => {
        const docs = await mongoose
          .model<VersionedContentDoc>(name)
          .find({ status: "published" })
          .sort({ version: 1 })
          .lean();
        // The newest of each key last, so it stays.
        return new Map(docs.map((d) => [d.key, Object.freeze(d)]));
      },
      // Loaded again and equal in every field (JSON): the cached map stays, and what was parsed of it.
      (a, b) => JSON.stringify([...a]) === JSON.stringify([...b]),
    );
    publishedCaches.set(collection, cache);
  }
  return cache;
}

/**
 * The newest published version of a key (null for none), from this process's cache of the published versions
 * (every write through the model moves its counter): for page loads and drafts, which read it every time.
 * Shared between requests: callers must not change it.
 */
export async function cachedPublishedVersion(
  model: Model<VersionedContentDoc>,
  key: string,
): Promise<Readonly<VersionedContentDoc> | null> {
  return (await publishedCache(model.modelName, model.collection.name).read()).get(key) ?? null;
}

/** The schema of one collection of versioned content: one version per (key, version). */
function versionedContentSchema(name: string, collection: string): Schema<VersionedContentDoc> {
  const schema = new Schema<VersionedContentDoc>(
    {
      key: { type: String, required: true },
      version: { type: Number, required: true },
      status: { type: String, enum: VERSION_STATUSES, required: true, default: "draft" },
      title: { type: String, required: true },
      content: { type: String, required: true },
      publishedAt: Date,
      shippedHash: String,
      createdBy: { type: Schema.Types.ObjectId, ref: "User" },
      rev: { type: Number, required: true, default: 0 },
    },
    { timestamps: true },
  );
  schema.index({ key: 1, version: 1 }, { unique: true });
  schema.index({ status: 1, key: 1 });
  schema.plugin(leanDefaults);
  // Every write moves the published versions' counter (cachedPublishedVersion).
  afterEveryWrite(schema, async () => publishedCache(name, collection).changed());
  return schema;
}

/** The model of one collection of versioned content (registered once, also when the module is reloaded). */
export function versionedContentModel(name: string, collection: string): Model<VersionedContentDoc> {
  return (
    (mongoose.models[name] as Model<VersionedContentDoc> | undefined) ??
    mongoose.model<VersionedContentDoc>(name, versionedContentSchema(name, collection), collection)
  );
}
