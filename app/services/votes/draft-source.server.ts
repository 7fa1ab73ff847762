/**
 * The one place the vote reads a draft version: 第n稿 as the drafts part of the case wrote it
 * (models/contract-drafts.ts, `_id` "<caseId>:v<n>", read by key), and the version the sides agreed, which
 * the case records in `agreedDraftVersion`.
 */
import type { Types } from "mongoose";
import type { DraftVersion } from "~/domain/contracts";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { ContractDraftVersion, draftVersionId } from "../../../models/contract-drafts";

export interface AgreedDraft {
  number: number;
  draft: DraftVersion;
  textHash: string;
}

/** A stored version of a case's draft by number, or null. */
export async function getDraftVersion(
  caseId: Types.ObjectId | string,
  number: number,
): Promise<AgreedDraft | null> {
  const doc = await ContractDraftVersion.findById(draftVersionId(caseId, number))
    .select({ number: 1, draft: 1, textHash: 1 })
    .lean();
  return doc ? { number: doc.number, draft: doc.draft, textHash: doc.textHash } : null;
}

/** The version the sides agreed (the case's `agreedDraftVersion`), or null when none is. */
export async function getAgreedDraft(
  doc: Pick<BargainingCaseDoc, "_id" | "agreedDraftVersion">,
): Promise<AgreedDraft | null> {
  const number = doc.agreedDraftVersion;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1) return null;
  return getDraftVersion(doc._id, number);
}
