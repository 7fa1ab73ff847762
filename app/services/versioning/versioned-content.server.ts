/**
 * Versioned JSON content administered by platform admins: questionnaire templates (templates.server.ts)
 * and clause libraries of collective contracts (contracts/library.server.ts). A key holds numbered
 * versions: an import or a new draft takes max version + 1 (the unique (key, version) index settles two
 * admins at once), publishing freezes a draft and archives the version published before it (a claim on
 * the version being replaced settles two publishes at once), and the content shipped with the code is
 * published once — an admin's later versions are never overwritten by a restart.
 */
import { createHash } from "node:crypto";
import { Types, type Model } from "mongoose";
import { isDuplicateKeyError } from "../../../models/errors";
import type { VersionedContentDoc } from "../../../models/versioned-content";
import { claimOrRecover, releaseClaim, updateAtCounter } from "../../../models/write-claim";
import type { PathError } from "~/domain/path-errors";
import { conflict, UserError } from "../../lib/http.server";

type Store = Model<VersionedContentDoc>;

/**
 * Publishes the shipped content of `key` (idempotent): version 1 on an empty database, and the next version
 * whenever the shipped content changes — the version published before it is archived. Two processes
 * starting at once are settled by the unique (key, version) index.
 */
export async function ensureShippedVersion(
  model: Store,
  shipped: { key: string; title: string; content: string },
): Promise<void> {
  const shippedHash = createHash("sha256").update(shipped.content).digest("hex");
  const versions = await model
    .find({ key: shipped.key })
    .select({ version: 1, status: 1, shippedHash: 1, content: 1 })
    .lean();
  if (
    versions.some((v) => v.shippedHash === shippedHash || (!v.shippedHash && v.content === shipped.content))
  )
    return;
  const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
  try {
    await model.create({
      key: shipped.key,
      version,
      status: "published",
      title: shipped.title,
      content: shipped.content,
      shippedHash,
      publishedAt: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return;
  }
  const previous = versions.filter((v) => v.status === "published").map((v) => v._id);
  if (previous.length) {
    await model.updateMany({ _id: { $in: previous }, status: "published" }, { $set: { status: "archived" } });
  }
}

/** The newest published version of a key, whole. */
export async function latestPublishedVersion(model: Store, key: string) {
  return model.findOne({ key, status: "published" }).sort({ version: -1 }).lean();
}

async function nextVersionNumber(model: Store, key: string): Promise<number> {
  const newest = await model.findOne({ key }).sort({ version: -1 }).select({ version: 1 }).lean();
  return (newest?.version ?? 0) + 1;
}

/** Creates a draft at max version + 1 of the key; a lost race for that number is retried once. */
export async function createDraftVersion(
  model: Store,
  draft: { key: string; title: string; content: string; createdBy: string },
  conflictMessage: string,
): Promise<VersionedContentDoc> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const version = await nextVersionNumber(model, draft.key);
    try {
      const created = await model.create({
        key: draft.key,
        version,
        status: "draft",
        title: draft.title,
        content: draft.content,
        createdBy: new Types.ObjectId(draft.createdBy),
        rev: 0,
      });
      return created.toObject();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw conflict(conflictMessage);
}

/** Only a draft can be published: a published or archived version is refused, saying which it is. */
export function refuseUnlessDraft(doc: Pick<VersionedContentDoc, "status" | "version">): void {
  if (doc.status !== "draft")
    throw new UserError(
      doc.status === "published" ? `v${doc.version} 已经发布` : `v${doc.version} 已归档，不能发布`,
    );
}

/**
 * Publishes a draft (the caller checked it is a valid draft: refuseUnlessDraft, then its content): it is frozen from then on and the version
 * published before it is archived. Returns the saved version, the version it replaced (0 for none) and the
 * versions archived.
 */
export async function publishDraftVersion(
  model: Store,
  doc: Pick<VersionedContentDoc, "_id" | "key" | "rev">,
  messages: { racing: string; stale: string },
): Promise<{ saved: VersionedContentDoc; replacing: number; archived: number[] }> {
  const publishedVersion = async () => (await latestPublishedVersion(model, doc.key))?.version ?? 0;
  const replacing = await publishedVersion();
  const claimKey = `${model.collection.name}:${doc.key}:publish-after:${replacing}`;
  const won = await claimOrRecover(claimKey, async () => (await publishedVersion()) === replacing);
  if (!won) throw conflict(messages.racing);
  const saved = await updateAtCounter(
    model,
    doc._id,
    "rev",
    doc.rev,
    { $set: { status: "published", publishedAt: new Date() } },
    { status: "draft" },
  );
  if (!saved) {
    await releaseClaim(claimKey);
    throw conflict(messages.stale);
  }
  const previous = await model
    .find({ key: doc.key, status: "published", _id: { $ne: doc._id } })
    .select({ version: 1 })
    .lean();
  if (previous.length) {
    await model.updateMany(
      { _id: { $in: previous.map((p) => p._id) }, status: "published" },
      { $set: { status: "archived" } },
    );
  }
  return { saved, replacing, archived: previous.map((p) => p.version).sort((a, b) => a - b) };
}

/** An import's or a draft's validation errors as a form error: the messages by path, in the order found. */
export function invalidContent(errors: PathError[], what: string): UserError {
  const byPath: Record<string, string[]> = {};
  for (const e of errors) (byPath[e.path] ??= []).push(e.message);
  return new UserError(`${what}有 ${errors.length} 处错误，未保存任何内容`, byPath);
}
