import mongoose, { Schema, type Model, type Types } from "mongoose";

/** A signed-in browser. _id is the SHA-256 of the cookie token, so a leaked database gives no live cookies. */
export interface SessionDoc {
  _id: string;
  userId: Types.ObjectId;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  ip?: string;
  userAgent?: string;
}

const SessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    ip: String,
    userAgent: String,
  },
  { versionKey: false },
);
SessionSchema.index({ userId: 1 });
SessionSchema.index({ expiresAt: 1 });

export const Session =
  (mongoose.models.Session as Model<SessionDoc> | undefined) ??
  mongoose.model<SessionDoc>("Session", SessionSchema);

/** One-time activation links for accounts created by an admin or instructor. */
export interface ActivationDoc {
  _id: string;
  userId: Types.ObjectId;
  expiresAt: Date;
  usedAt?: Date;
}
const ActivationSchema = new Schema<ActivationDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
  },
  { versionKey: false, timestamps: true },
);
ActivationSchema.index({ userId: 1 });
ActivationSchema.index({ expiresAt: 1 });
export const Activation =
  (mongoose.models.Activation as Model<ActivationDoc> | undefined) ??
  mongoose.model<ActivationDoc>("Activation", ActivationSchema);
