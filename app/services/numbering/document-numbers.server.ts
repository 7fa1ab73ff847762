/**
 * Takes the next number of an organisation's report or prescription series and writes it as a document
 * number with the organisation's short code (湖滨工体〔2026〕2号). Numbers already given keep their text.
 */
import type { Types } from "mongoose";
import { formatDocumentNo, orgShortCode, type NumberedDocument } from "~/domain/document-number";
import { nextNumber } from "../../../models/sequence";
import { UnionOrg } from "../../../models/union-org";

/** The series stays "<kind>:<org id>:<year>" (as before codes), so numbering simply continues. */
export async function takeDocumentNo(
  kind: NumberedDocument,
  unionOrgId: Types.ObjectId,
  year: string,
): Promise<string> {
  const org = await UnionOrg.findById(unionOrgId).select({ name: 1, shortCode: 1 }).lean();
  const n = await nextNumber(`${kind}:${String(unionOrgId)}:${year}`);
  return formatDocumentNo(kind, orgShortCode({ name: org?.name ?? "", shortCode: org?.shortCode }), year, n);
}
