import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";
import { orgsChanged } from "./org-tree";
import { afterEveryWrite } from "./stamped-cache";
import { ORG_KINDS, type OrgKind } from "../app/domain/roles";

/**
 * A node of the union organisation tree (市总工会 → 区总工会 → 街道/镇/园区总工会).
 * `ancestors` is the path from the root (materialised path), so "this node's subtree" is one query.
 */
export interface UnionOrgDoc {
  _id: Types.ObjectId;
  name: string;
  kind: OrgKind;
  parentId?: Types.ObjectId | null;
  ancestors: Types.ObjectId[];
  archived: boolean;
  /** Region whose collective-contract rules apply (national default when empty). */
  ruleSet?: string;
  /**
   * 机关代字 in document numbers (湖滨工体〔2026〕2号), 2–6 Chinese characters, set by the admin; unique
   * through org_codes. Unset: derived from the name (app/domain/document-number.ts).
   */
  shortCode?: string;
  /** The red head (版头) printed on its prescriptions, e.g. "湖滨街道总工会文件"; none when unset. */
  redHead?: string;
  /**
   * The congress approval rule an admin chose (bargaining.md "Counting thresholds"): "more_than_half"
   * (过半数, where a local regulation requires it, with its basis in approvalRuleNote) or "half_or_more"
   * (the rule set's own rule, not an ancestor's choice); unset: inherited.
   */
  approvalRule?: string;
  approvalRuleNote?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const UnionOrgSchema = new Schema<UnionOrgDoc>(
  {
    name: { type: String, required: true, trim: true },
    kind: { type: String, enum: ORG_KINDS, required: true },
    parentId: { type: Schema.Types.ObjectId, ref: "UnionOrg", default: null },
    ancestors: { type: [Schema.Types.ObjectId], default: [] },
    archived: { type: Boolean, default: false },
    ruleSet: { type: String },
    shortCode: { type: String },
    redHead: { type: String },
    approvalRule: { type: String },
    approvalRuleNote: { type: String },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
UnionOrgSchema.index({ name: 1 }, { unique: true });
UnionOrgSchema.index({ ancestors: 1 });
UnionOrgSchema.index({ parentId: 1 });

UnionOrgSchema.plugin(leanDefaults);
// Every write moves the cached tree's counter (models/org-tree.ts).
afterEveryWrite(UnionOrgSchema, orgsChanged);
export const UnionOrg =
  (mongoose.models.UnionOrg as Model<UnionOrgDoc> | undefined) ??
  mongoose.model<UnionOrgDoc>("UnionOrg", UnionOrgSchema, "union_orgs");

/**
 * One row per short code in use: the unique key that a sparse unique index on shortCode would give on
 * MongoDB (FerretDB 1.x has none). Taken before the organisation's code is set, released after it changes.
 */
const OrgCodeSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true, ref: "UnionOrg" },
  },
  { versionKey: false },
);
export const OrgCode =
  (mongoose.models.OrgCode as Model<{ _id: string; orgId: Types.ObjectId }> | undefined) ??
  mongoose.model<{ _id: string; orgId: Types.ObjectId }>("OrgCode", OrgCodeSchema, "org_codes");
