import mongoose, { Schema, type Model, type Types } from "mongoose";
import { leanDefaults } from "./lean-defaults";

/**
 * One in-app notification for one person. Written once by notifyUsers (a sweep or a use case), then only
 * `readAt` changes. The unique (userId, dedupeKey) index is what makes notifying idempotent: a sweep that
 * runs again inserts the same keys and gets duplicate-key errors, which the service counts as "already
 * notified" (FerretDB enforces unique indexes atomically, unlike conditional updates).
 */
export interface NotificationDoc {
  _id: Types.ObjectId;
  /** The recipient. */
  userId: Types.ObjectId;
  /** What happened, e.g. "prescription.due_soon", "prescription.overdue", "report.ready". */
  kind: string;
  title: string;
  body?: string;
  /** A path inside the app ("/enterprises/…"); never an absolute or protocol-relative URL. */
  link?: string;
  /** Identifies the event, e.g. "prescription.due_soon:<itemId>:2026-05-01"; one per recipient. */
  dedupeKey: string;
  readAt: Date | null;
  createdAt: Date;
}

const NotificationSchema = new Schema<NotificationDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, ref: "User" },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: String,
    link: String,
    dedupeKey: { type: String, required: true },
    readAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
NotificationSchema.index({ userId: 1, dedupeKey: 1 }, { unique: true });
// The unread badge and the "仅看未读" list; readAt is null until read.
NotificationSchema.index({ userId: 1, readAt: 1, createdAt: -1 });
// The full list, newest first.
NotificationSchema.index({ userId: 1, createdAt: -1 });

NotificationSchema.plugin(leanDefaults);
export const Notification =
  (mongoose.models.Notification as Model<NotificationDoc> | undefined) ??
  mongoose.model<NotificationDoc>("Notification", NotificationSchema, "notifications");
