import crypto from "node:crypto";
import mongoose, { Schema, Types, type Model } from "mongoose";
import type { RecordFileRef } from "./cultivation-plan";

/** 政策培训 / 云上课堂: a session an instructor holds for the enterprises of their organisation. */
export interface TrainingDoc {
  _id: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  topic: string;
  mode: "onsite" | "online";
  date: string;
  time?: string;
  place?: string;
  onlineLink?: string;
  invited: { enterpriseId: Types.ObjectId; name: string }[];
  materials: RecordFileRef[];
  /** The per-session sign-in link's secret (attendees sign in without an account). */
  signInToken: string;
  createdBy: Types.ObjectId;
  createdByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const TrainingSchema = new Schema<TrainingDoc>(
  {
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    topic: { type: String, required: true },
    mode: { type: String, enum: ["onsite", "online"], required: true },
    date: { type: String, required: true },
    time: String,
    place: String,
    onlineLink: String,
    invited: {
      type: [new Schema({ enterpriseId: Schema.Types.ObjectId, name: String }, { _id: false })],
      default: [],
    },
    materials: {
      type: [
        new Schema<RecordFileRef>(
          { fileId: Schema.Types.ObjectId, name: String, contentType: String, size: Number },
          { _id: false },
        ),
      ],
      default: [],
    },
    signInToken: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
TrainingSchema.index({ unionOrgId: 1, date: -1 });
TrainingSchema.index({ signInToken: 1 }, { unique: true });

export const Training =
  (mongoose.models.Training as Model<TrainingDoc> | undefined) ??
  mongoose.model<TrainingDoc>("Training", TrainingSchema, "cultivation_trainings");

/**
 * The sign-in token names the training (`<trainingId>.<secret>`), so the public page finds it by _id and
 * then compares the secret.
 */
export const signInLinkToken = (t: Pick<TrainingDoc, "_id" | "signInToken">) =>
  `${String(t._id)}.${t.signInToken}`;

/** One attendee of one training: the _id is derived from (training, enterprise, name), so signing in twice is one row. */
export interface AttendanceDoc {
  _id: Types.ObjectId;
  trainingId: Types.ObjectId;
  enterpriseId: Types.ObjectId;
  enterpriseName: string;
  name: string;
  by: "self" | "instructor";
  at: Date;
  satisfaction?: number;
  comment?: string;
  /** Lets the attendee who signed in leave feedback afterwards (hash of a secret shown once). */
  feedbackKeyHash?: string;
}

const AttendanceSchema = new Schema<AttendanceDoc>(
  {
    trainingId: { type: Schema.Types.ObjectId, required: true },
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    enterpriseName: { type: String, required: true },
    name: { type: String, required: true },
    by: { type: String, enum: ["self", "instructor"], required: true },
    at: { type: Date, required: true },
    satisfaction: Number,
    comment: String,
    feedbackKeyHash: String,
  },
  { versionKey: false },
);
AttendanceSchema.index({ trainingId: 1 });

export const Attendance =
  (mongoose.models.Attendance as Model<AttendanceDoc> | undefined) ??
  mongoose.model<AttendanceDoc>("Attendance", AttendanceSchema, "cultivation_attendances");

export function attendanceIdFor(trainingId: Types.ObjectId | string, enterpriseId: string, name: string) {
  const key = `${String(trainingId)}:${enterpriseId}:${name.replace(/\s+/g, "")}`;
  return new Types.ObjectId(crypto.createHash("sha256").update(key).digest("hex").slice(0, 24));
}
