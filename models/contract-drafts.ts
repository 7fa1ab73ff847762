import mongoose, { Schema, type Model, type Types } from "mongoose";
import type { DraftVersion, SuggestedChange } from "../app/domain/contracts/draft";

/**
 * Contract drafts of a bargaining case and the employee side's clause review, each record keyed so that a
 * page reads it by `_id` alone (FerretDB answers only `_id` look-ups by key) and each new record is its own
 * insert under a derived `_id` (unique keys are enforced atomically; concurrent writers of one document
 * would lose writes):
 * - contract_draft_versions "<caseId>:v<n>": 第n稿, immutable once inserted (the number is taken by the
 *   insert: two new versions at once get n and n + 1, never the same n);
 * - contract_review_threads "<caseId>:t<n>" and their replies "<caseId>:t<n>:r<m>";
 * - contract_suggestions "<caseId>:s<n>".
 * A case's records are found by reading n = 1, 2, … by key until one is missing (numbers are never
 * deleted). The review collections hold the employee side's internal work: only code that the policy
 * allowed draft_review:take_part reads them; no document, export or employer-side page does.
 */

export interface ContractDraftVersionDoc {
  /** "<caseId>:v<n>". */
  _id: string;
  caseId: string;
  number: number;
  /** The domain's DraftVersion, stored as is (arrays of sub-documents only; no arrays inside arrays). */
  draft: DraftVersion;
  /** sha256 hex of the canonical JSON of the draft's chapters (app/domain/contracts/case-draft.ts). */
  textHash: string;
  createdAt: Date;
  createdBy: Types.ObjectId;
  createdByName: string;
  /** How the version was made: assembled from the library and the board, or from accepted suggestions. */
  basis: "assembled" | "suggestions";
}

const DraftVersionSchema = new Schema<ContractDraftVersionDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    number: { type: Number, required: true },
    draft: { type: Schema.Types.Mixed, required: true },
    textHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, default: "" },
    basis: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

export const ContractDraftVersion =
  (mongoose.models.ContractDraftVersion as Model<ContractDraftVersionDoc> | undefined) ??
  mongoose.model<ContractDraftVersionDoc>(
    "ContractDraftVersion",
    DraftVersionSchema,
    "contract_draft_versions",
  );

export const draftVersionId = (caseId: Types.ObjectId | string, n: number) => `${String(caseId)}:v${n}`;

export interface ReviewThreadDoc {
  /** "<caseId>:t<n>". */
  _id: string;
  caseId: string;
  n: number;
  clauseId: string;
  /** The version the thread was opened on. */
  versionNumber: number;
  openedBy: Types.ObjectId;
  openedByName: string;
  text: string;
  resolved: boolean;
  resolvedByName: string;
  resolvedAt: Date | null;
  version: number;
  createdAt: Date;
}

const ThreadSchema = new Schema<ReviewThreadDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    n: { type: Number, required: true },
    clauseId: { type: String, required: true },
    versionNumber: { type: Number, required: true },
    openedBy: { type: Schema.Types.ObjectId, required: true },
    openedByName: { type: String, required: true },
    text: { type: String, required: true },
    resolved: { type: Boolean, default: false },
    resolvedByName: { type: String, default: "" },
    resolvedAt: { type: Date, default: null },
    version: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ReviewThread =
  (mongoose.models.ReviewThread as Model<ReviewThreadDoc> | undefined) ??
  mongoose.model<ReviewThreadDoc>("ReviewThread", ThreadSchema, "contract_review_threads");

export const threadId = (caseId: Types.ObjectId | string, n: number) => `${String(caseId)}:t${n}`;

export interface ReviewReplyDoc {
  /** "<threadId>:r<m>". */
  _id: string;
  threadId: string;
  m: number;
  text: string;
  byId: Types.ObjectId;
  byName: string;
  at: Date;
}

const ReplySchema = new Schema<ReviewReplyDoc>(
  {
    _id: { type: String, required: true },
    threadId: { type: String, required: true },
    m: { type: Number, required: true },
    text: { type: String, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ReviewReply =
  (mongoose.models.ReviewReply as Model<ReviewReplyDoc> | undefined) ??
  mongoose.model<ReviewReplyDoc>("ReviewReply", ReplySchema, "contract_review_replies");

export const replyId = (thread: string, m: number) => `${thread}:r${m}`;

export interface SuggestionDoc {
  /** "<caseId>:s<n>". */
  _id: string;
  caseId: string;
  n: number;
  clauseId: string;
  /** The version the suggestion was written against. */
  versionNumber: number;
  change: SuggestedChange;
  /** The proposer's explanation. */
  note: string;
  proposedBy: Types.ObjectId;
  proposedByName: string;
  /** pending / accepted / declined / withdrawn (app/domain/contracts/review.ts). */
  status: string;
  decidedByName: string;
  decidedAt: Date | null;
  /** A decline's reason, shown to the proposer. */
  reason: string;
  /** The version the accepted suggestion entered. */
  acceptedInVersion: number | null;
  version: number;
  createdAt: Date;
}

const SuggestionSchema = new Schema<SuggestionDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    n: { type: Number, required: true },
    clauseId: { type: String, required: true },
    versionNumber: { type: Number, required: true },
    change: { type: Schema.Types.Mixed, required: true },
    note: { type: String, default: "" },
    proposedBy: { type: Schema.Types.ObjectId, required: true },
    proposedByName: { type: String, required: true },
    status: { type: String, required: true, default: "pending" },
    decidedByName: { type: String, default: "" },
    decidedAt: { type: Date, default: null },
    reason: { type: String, default: "" },
    acceptedInVersion: { type: Number, default: null },
    version: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const ContractSuggestion =
  (mongoose.models.ContractSuggestion as Model<SuggestionDoc> | undefined) ??
  mongoose.model<SuggestionDoc>("ContractSuggestion", SuggestionSchema, "contract_suggestions");

export const suggestionId = (caseId: Types.ObjectId | string, n: number) => `${String(caseId)}:s${n}`;
