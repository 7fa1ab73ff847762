/**
 * The one place the vote reads a draft version. Versions are written by the drafts part of the case
 * (collection `contract_draft_versions`, `_id` "<caseId>:v<n>", { caseId, number, draft, textHash,
 * createdAt, createdBy }); the case records which one the sides agreed in `agreedDraftVersion`. Read by
 * `_id` through the raw collection so this module depends on the shape, not on the drafts model.
 */
import mongoose, { type Types } from "mongoose";
import type { DraftVersion } from "~/domain/contracts";

export interface AgreedDraft {
  number: number;
  draft: DraftVersion;
  textHash: string;
}

interface StoredVersion {
  _id: string;
  number: number;
  draft: DraftVersion;
  textHash: string;
}

/** A stored version of a case's draft by number, or null. */
export async function getDraftVersion(
  caseId: Types.ObjectId | string,
  number: number,
): Promise<AgreedDraft | null> {
  const doc = await mongoose.connection
    .collection<StoredVersion>("contract_draft_versions")
    .findOne({ _id: `${String(caseId)}:v${number}` });
  if (!doc || typeof doc.textHash !== "string" || !doc.draft) return null;
  return { number: doc.number, draft: doc.draft, textHash: doc.textHash };
}

/** The version the sides agreed (the case's `agreedDraftVersion`), or null when none is. */
export async function getAgreedDraft(caseId: Types.ObjectId | string): Promise<AgreedDraft | null> {
  const doc = await mongoose.connection
    .collection<{ _id: Types.ObjectId; agreedDraftVersion?: number | null }>("bargaining_cases")
    .findOne({ _id: new mongoose.Types.ObjectId(String(caseId)) }, { projection: { agreedDraftVersion: 1 } });
  const number = doc?.agreedDraftVersion;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1) return null;
  return getDraftVersion(caseId, number);
}
