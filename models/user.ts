import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";
import { ROLES, type Role } from "../app/domain/roles";

export interface RoleGrantDoc {
  role: Role;
  unionOrgId?: Types.ObjectId;
  enterpriseId?: Types.ObjectId;
  /** Instructor grants only: heads that organisation (countersigns cultivation plans). */
  head?: boolean;
}

export interface UserDoc {
  _id: Types.ObjectId;
  /** Lower-case sign-in name, unique. */
  accountName: string;
  displayName: string;
  /** Mainland mobile; uniqueness is kept by the user_mobiles collection (no sparse unique index on FerretDB). */
  mobile?: string;
  passwordHash?: string;
  status: "pending" | "active" | "disabled";
  mustChangePassword: boolean;
  roles: RoleGrantDoc[];
  passwordChangedAt?: Date;
  createdBy?: Types.ObjectId;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const RoleGrantSchema = new Schema<RoleGrantDoc>(
  {
    role: { type: String, enum: ROLES, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, ref: "UnionOrg" },
    enterpriseId: { type: Schema.Types.ObjectId, ref: "Enterprise" },
    head: { type: Boolean },
  },
  { _id: false },
);

const UserSchema = new Schema<UserDoc>(
  {
    accountName: { type: String, required: true, unique: true, lowercase: true, trim: true },
    displayName: { type: String, required: true, trim: true },
    mobile: { type: String },
    passwordHash: { type: String },
    status: { type: String, enum: ["pending", "active", "disabled"], required: true, default: "pending" },
    mustChangePassword: { type: Boolean, default: false },
    roles: { type: [RoleGrantSchema], default: [] },
    passwordChangedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId, ref: "User" },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
UserSchema.index({ "roles.enterpriseId": 1 });
UserSchema.index({ "roles.unionOrgId": 1 });

UserSchema.plugin(leanDefaults);
export const User =
  (mongoose.models.User as Model<UserDoc> | undefined) ?? mongoose.model<UserDoc>("User", UserSchema);

/** One row per mobile number: the unique key that a sparse index would give on MongoDB. */
const UserMobileSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
  },
  { versionKey: false },
);
UserMobileSchema.index({ userId: 1 });
export const UserMobile =
  (mongoose.models.UserMobile as Model<{ _id: string; userId: Types.ObjectId }> | undefined) ??
  mongoose.model<{ _id: string; userId: Types.ObjectId }>("UserMobile", UserMobileSchema, "user_mobiles");
