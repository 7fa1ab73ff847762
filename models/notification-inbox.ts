import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * One person's notifications as the pages need them, kept in one document read by `_id` (the person's id,
 * hex): every page's bell reads the unread count here and the notification centre pages through the rows,
 * then reads the shown notifications by key (any filter but `{ _id }` decodes the whole notifications
 * collection on FerretDB). Written by the notification service only (notifyUsers, reading), taking turns
 * through the version claim (models/write-claim.ts); built once from the records when missing, repaired
 * by the work sweep (rebuildNotificationInboxes).
 */
export interface InboxRow {
  id: Types.ObjectId;
  at: Date;
  read: boolean;
}

export interface NotificationInboxDoc {
  _id: string;
  /** Newest first (createdAt, then _id, descending), as the list shows them. */
  rows: InboxRow[];
  /** How many rows are unread (the bell). */
  unread: number;
  version: number;
}

const RowSchema = new Schema<InboxRow>(
  {
    id: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    read: { type: Boolean, required: true },
  },
  { _id: false },
);

const NotificationInboxSchema = new Schema<NotificationInboxDoc>(
  {
    _id: { type: String, required: true },
    rows: { type: [RowSchema], default: [] },
    unread: { type: Number, required: true, default: 0 },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const NotificationInbox =
  (mongoose.models.NotificationInbox as Model<NotificationInboxDoc> | undefined) ??
  mongoose.model<NotificationInboxDoc>("NotificationInbox", NotificationInboxSchema, "notification_inboxes");
