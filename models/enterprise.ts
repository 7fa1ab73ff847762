import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

export interface ContactDoc {
  name: string;
  role?: string;
  phone?: string;
  email?: string;
}

export interface EnterpriseDoc {
  _id: Types.ObjectId;
  name: string;
  /** 统一社会信用代码, upper case, unique. */
  creditCode: string;
  /** 国民经济行业分类门类 A–T. */
  industry: string;
  headcount: number;
  /** Percent, 0–100. */
  womenShare?: number | null;
  address?: string;
  unionOrgId: Types.ObjectId;
  contacts: ContactDoc[];
  unionEstablishedOn?: string | null;
  congressEstablished: boolean;
  openAffairs: boolean;
  contractStatus: "none" | "bargaining" | "in_effect";
  contractValidUntil?: string | null;
  /** `awardedBy`: the awarding organisation, when recorded by a cultivation plan's evaluation. */
  harmoniousDesignations: { year: number; level: string; awardedBy?: string }[];
  /** Uses dispatched workers (drives health-check visibility). */
  usesDispatch?: boolean;
  archived: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const EnterpriseSchema = new Schema<EnterpriseDoc>(
  {
    name: { type: String, required: true, trim: true },
    creditCode: { type: String, required: true, uppercase: true, trim: true },
    industry: { type: String, required: true },
    headcount: { type: Number, required: true },
    womenShare: { type: Number, default: null },
    address: String,
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg", required: true },
    contacts: {
      type: [
        new Schema<ContactDoc>({ name: String, role: String, phone: String, email: String }, { _id: false }),
      ],
      default: [],
    },
    unionEstablishedOn: { type: String, default: null },
    congressEstablished: { type: Boolean, default: false },
    openAffairs: { type: Boolean, default: false },
    contractStatus: { type: String, enum: ["none", "bargaining", "in_effect"], default: "none" },
    contractValidUntil: { type: String, default: null },
    harmoniousDesignations: {
      type: [new Schema({ year: Number, level: String, awardedBy: String }, { _id: false })],
      default: [],
    },
    usesDispatch: { type: Boolean, default: false },
    archived: { type: Boolean, default: false },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
EnterpriseSchema.index({ creditCode: 1 }, { unique: true });
EnterpriseSchema.index({ unionOrgId: 1, name: 1 });
EnterpriseSchema.index({ industry: 1 });

EnterpriseSchema.plugin(leanDefaults);
export const Enterprise =
  (mongoose.models.Enterprise as Model<EnterpriseDoc> | undefined) ??
  mongoose.model<EnterpriseDoc>("Enterprise", EnterpriseSchema);
