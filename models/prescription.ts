import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";
import { keyedOrOlder } from "./derived-ids";
import type { Citation } from "../app/domain/health-check/types";
import type { Priority } from "../app/domain/prescriptions/items";
import { ITEM_STATUSES, type ItemStatus } from "../app/domain/prescriptions/status";

type Severity = "H" | "M" | "L";

/**
 * A draft item, kept inside its prescription until issue. No arrays in arrays (FerretDB 1.x): ruleIds are
 * comma-joined and citations written "劳动法#41,劳动合同法#30" (models/prescription.ts encodes them).
 */
export interface DraftItemDoc {
  key: string;
  ruleIds: string;
  dimensionId: string;
  severity: Severity | null;
  title: string;
  legalBasis: string;
  /** Absent in drafts saved before citations were kept. */
  citations?: string;
  action: string;
  owner: string;
  dueOn: string;
  priority: Priority;
}

/**
 * The legal prescription (法律处方) of one accepted assessment. While a draft the instructor shapes its
 * items here; issuing numbers it, freezes the items into PrescriptionItem documents (tracked one by one)
 * and renders the Word file.
 */
export interface PrescriptionDoc {
  _id: Types.ObjectId;
  assessmentId: Types.ObjectId;
  reportId?: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  status: "draft" | "issued";
  prescriptionNo?: string;
  items: DraftItemDoc[];
  createdBy: Types.ObjectId;
  issuedBy?: Types.ObjectId;
  issuedByName?: string;
  issuedAt?: Date;
  issuedOn?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const DraftItemSchema = new Schema<DraftItemDoc>(
  {
    key: { type: String, required: true },
    ruleIds: { type: String, default: "" },
    dimensionId: { type: String, default: "" },
    severity: { type: String, default: null },
    title: { type: String, required: true },
    legalBasis: { type: String, default: "" },
    citations: { type: String, default: "" },
    action: { type: String, required: true },
    owner: { type: String, required: true },
    dueOn: { type: String, required: true },
    priority: { type: String, required: true },
  },
  { _id: false },
);

/** Citations as a draft item stores them: "劳动法#41,劳动合同法#30". */
export function encodeCitations(citations: readonly Citation[]): string {
  return citations.map((c) => `${c.statute}#${c.article}`).join(",");
}

export function decodeCitations(text: string | undefined): Citation[] {
  return (text ?? "")
    .split(",")
    .filter(Boolean)
    .flatMap((part) => {
      const [statute, article] = part.split("#");
      return statute && article ? [{ statute, article }] : [];
    });
}

const PrescriptionSchema = new Schema<PrescriptionDoc>(
  {
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    reportId: { type: Schema.Types.ObjectId, ref: "Report" },
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise", required: true },
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg", required: true },
    status: { type: String, enum: ["draft", "issued"], required: true, default: "draft" },
    prescriptionNo: String,
    items: { type: [DraftItemSchema], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    issuedBy: Schema.Types.ObjectId,
    issuedByName: String,
    issuedAt: Date,
    issuedOn: String,
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
PrescriptionSchema.index({ assessmentId: 1 }, { unique: true });
PrescriptionSchema.index({ enterpriseId: 1, status: 1 });

PrescriptionSchema.plugin(leanDefaults);
export const Prescription =
  (mongoose.models.Prescription as Model<PrescriptionDoc> | undefined) ??
  mongoose.model<PrescriptionDoc>("Prescription", PrescriptionSchema);

/**
 * The prescription of an assessment, or null: by key (created with _id = the assessment's _id), those from
 * before that through a map read once per process (models/derived-ids.ts).
 */
export const findPrescriptionOf = keyedOrOlder(Prescription, "assessmentId");

export interface ItemEventDoc {
  action: "issue" | "acknowledge" | "work" | "submit" | "verify" | "reject";
  by: Types.ObjectId;
  byName: string;
  at: Date;
  note?: string;
}

/** One issued prescription item, tracked until the instructor verifies it. */
export interface PrescriptionItemDoc {
  _id: Types.ObjectId;
  prescriptionId: Types.ObjectId;
  assessmentId: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  prescriptionNo: string;
  no: number;
  ruleIds: string[];
  dimensionId: string;
  severity: Severity | null;
  title: string;
  legalBasis: string;
  /** The articles cited, kept from the finding; absent or empty in items issued before they were kept. */
  citations?: Citation[];
  action: string;
  owner: string;
  dueOn: string;
  priority: Priority;
  status: ItemStatus;
  /** HR's account of what was done. */
  note: string;
  rejectReason?: string;
  /** The instructor who issued it, who verifies it and is notified about it. */
  instructorId: Types.ObjectId;
  issuedOn: string;
  submittedAt?: Date;
  closedAt?: Date;
  events: ItemEventDoc[];
  /**
   * Its evidence files, in upload order, so the item page reads them by key; absent on items from before
   * (their files are found by a query until their next upload or removal writes the list).
   */
  evidenceIds?: Types.ObjectId[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const PrescriptionItemSchema = new Schema<PrescriptionItemDoc>(
  {
    prescriptionId: { type: Schema.Types.ObjectId, ref: "Prescription", required: true },
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise", required: true },
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg", required: true },
    prescriptionNo: { type: String, required: true },
    no: { type: Number, required: true },
    ruleIds: { type: [String], default: [] },
    dimensionId: { type: String, default: "" },
    severity: { type: String, default: null },
    title: { type: String, required: true },
    legalBasis: { type: String, default: "" },
    citations: {
      type: [new Schema<Citation>({ statute: String, article: String }, { _id: false })],
      default: undefined,
    },
    action: { type: String, required: true },
    owner: { type: String, required: true },
    dueOn: { type: String, required: true },
    priority: { type: String, required: true },
    status: { type: String, enum: ITEM_STATUSES, required: true, default: "issued" },
    note: { type: String, default: "" },
    rejectReason: String,
    instructorId: { type: Schema.Types.ObjectId, required: true },
    issuedOn: { type: String, required: true },
    submittedAt: Date,
    closedAt: Date,
    evidenceIds: { type: [Schema.Types.ObjectId], default: undefined },
    events: {
      type: [
        new Schema<ItemEventDoc>(
          { action: String, by: Schema.Types.ObjectId, byName: String, at: Date, note: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
PrescriptionItemSchema.index({ prescriptionId: 1, no: 1 }, { unique: true });
PrescriptionItemSchema.index({ unionOrgId: 1, status: 1 });
PrescriptionItemSchema.index({ enterpriseId: 1, status: 1 });
PrescriptionItemSchema.index({ status: 1, dueOn: 1 });

PrescriptionItemSchema.plugin(leanDefaults);
export const PrescriptionItem =
  (mongoose.models.PrescriptionItem as Model<PrescriptionItemDoc> | undefined) ??
  mongoose.model<PrescriptionItemDoc>("PrescriptionItem", PrescriptionItemSchema, "prescription_items");

/** Evidence of rectification, uploaded by HR per item; the bytes are in file_blobs under the same _id. */
export interface ItemEvidenceDoc {
  _id: Types.ObjectId;
  itemId: Types.ObjectId;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  /** Legacy: the bytes inline, in files uploaded before file_blobs. */
  data?: Buffer;
  uploadedBy: Types.ObjectId;
  uploadedByName: string;
  uploadedAt: Date;
}

const ItemEvidenceSchema = new Schema<ItemEvidenceDoc>(
  {
    itemId: { type: Schema.Types.ObjectId, ref: "PrescriptionItem", required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    data: Buffer,
    uploadedBy: { type: Schema.Types.ObjectId, required: true },
    uploadedByName: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
ItemEvidenceSchema.index({ itemId: 1, uploadedAt: 1 });

export const ItemEvidence =
  (mongoose.models.ItemEvidence as Model<ItemEvidenceDoc> | undefined) ??
  mongoose.model<ItemEvidenceDoc>("ItemEvidence", ItemEvidenceSchema, "item_evidence");
