import mongoose, { Schema, type Model, type Types } from "mongoose";
import type { Side } from "./bargaining-case";

/**
 * The parts of a bargaining case kept beside it, each keyed by the case id (and side or round number) so
 * that a page reads them by `_id` alone (FerretDB answers only `_id` look-ups by key).
 */

/** One representative on a side's list (集体合同规定 第19–24条). */
export interface RepresentativeDoc {
  name: string;
  /** Job or position, as written on the list. */
  title: string;
  /** The person's account, when they have one (they then see the case). */
  userId: Types.ObjectId | null;
  chief: boolean;
  /** An outside professional (第23条: at most a third, never the chief). */
  outsider: boolean;
  /** The chief is the union chair (employee side) / the legal representative (employer side). */
  holdsOffice: boolean;
  /** A written delegation is on file for a chief who does not hold the office (第20、21条). */
  writtenDelegation: boolean;
}

/** A side's list: `_id` is "<caseId>:<side>". */
export interface RepresentativeListDoc {
  _id: string;
  caseId: Types.ObjectId;
  side: Side;
  members: RepresentativeDoc[];
  /** A written delegation where the chief is not the union chair / legal representative (第20、21条). */
  delegation: string;
  updatedByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const RepresentativeListSchema = new Schema<RepresentativeListDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    side: { type: String, required: true },
    members: {
      type: [
        new Schema<RepresentativeDoc>(
          {
            name: { type: String, required: true },
            title: { type: String, default: "" },
            userId: { type: Schema.Types.ObjectId, default: null },
            chief: { type: Boolean, default: false },
            outsider: { type: Boolean, default: false },
            holdsOffice: { type: Boolean, default: false },
            writtenDelegation: { type: Boolean, default: false },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    delegation: { type: String, default: "" },
    updatedByName: { type: String, default: "" },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);

export const RepresentativeList =
  (mongoose.models.RepresentativeList as Model<RepresentativeListDoc> | undefined) ??
  mongoose.model<RepresentativeListDoc>(
    "RepresentativeList",
    RepresentativeListSchema,
    "bargaining_representatives",
  );

export const representativeListId = (caseId: Types.ObjectId | string, side: Side) =>
  `${String(caseId)}:${side}`;

export interface SignOffDoc {
  byName: string;
  at: Date;
}

/** A bargaining meeting (协商会议, 第34条) and its minutes; `_id` is "<caseId>:<no>". */
export interface RoundDoc {
  _id: string;
  caseId: Types.ObjectId;
  no: number;
  heldOn: string;
  place: string;
  /** The chief who chairs (the two chair in turn). */
  chairSide: Side;
  attendees: string;
  agenda: string;
  minutes: string;
  minutesByName: string;
  signOff: { employee: SignOffDoc | null; employer: SignOffDoc | null };
  /** 第35条: suspension with the next time, place and topics. */
  suspension: { nextOn: string; place: string; topics: string; byName: string } | null;
  minutesRenderId: Types.ObjectId | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const SignOffSchema = new Schema<SignOffDoc>(
  { byName: { type: String, required: true }, at: { type: Date, required: true } },
  { _id: false },
);

const RoundSchema = new Schema<RoundDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    no: { type: Number, required: true },
    heldOn: { type: String, required: true },
    place: { type: String, required: true },
    chairSide: { type: String, required: true },
    attendees: { type: String, default: "" },
    agenda: { type: String, default: "" },
    minutes: { type: String, default: "" },
    minutesByName: { type: String, default: "" },
    signOff: {
      employee: { type: SignOffSchema, default: null },
      employer: { type: SignOffSchema, default: null },
    },
    suspension: {
      type: new Schema({ nextOn: String, place: String, topics: String, byName: String }, { _id: false }),
      default: null,
    },
    minutesRenderId: { type: Schema.Types.ObjectId, default: null },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
RoundSchema.index({ caseId: 1, no: 1 }, { unique: true });

export const BargainingRound =
  (mongoose.models.BargainingRound as Model<RoundDoc> | undefined) ??
  mongoose.model<RoundDoc>("BargainingRound", RoundSchema, "bargaining_rounds");

export const roundId = (caseId: Types.ObjectId | string, no: number) => `${String(caseId)}:${no}`;

/**
 * A side's private notes (caucus notes). A collection of their own, one document per case and side
 * ("<caseId>:caucus:<side>"), read only through the side's own key after the policy allowed that side:
 * nothing that serves the other side, the documents or exports ever reads this collection.
 */
export interface CaucusNoteDoc {
  text: string;
  topicKey: string;
  byName: string;
  at: Date;
}

export interface CaucusDoc {
  _id: string;
  caseId: Types.ObjectId;
  side: Side;
  notes: CaucusNoteDoc[];
  version: number;
}

const CaucusSchema = new Schema<CaucusDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    side: { type: String, required: true },
    notes: {
      type: [
        new Schema<CaucusNoteDoc>(
          { text: String, topicKey: String, byName: String, at: Date },
          { _id: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const CaucusNotes =
  (mongoose.models.CaucusNotes as Model<CaucusDoc> | undefined) ??
  mongoose.model<CaucusDoc>("CaucusNotes", CaucusSchema, "bargaining_caucus_notes");

export const caucusId = (caseId: Types.ObjectId | string, side: Side) => `${String(caseId)}:caucus:${side}`;

/**
 * The wage data form of a case (工资集体协商试行办法 第8条); `_id` is the case id. Money in integer fen,
 * rates in integer basis points, as app/domain/bargaining/costing.ts computes with them.
 */
export interface WageDataDoc {
  _id: Types.ObjectId;
  year: number;
  averageWageFen: number;
  payrollFen: number;
  headcount: number;
  lowerBp: number;
  baselineBp: number;
  upperBp: number;
  cpiBp: number;
  minimumMonthlyFen: number;
  minimumHourlyFen: number | null;
  productivityGrowthBp: number | null;
  profitFen: number | null;
  /** The raise proposed (of the average wage), and the lowest monthly wage standard proposed. */
  proposedRaiseBp: number | null;
  lowestStandardFen: number | null;
  updatedByName: string;
  version: number;
  updatedAt: Date;
}

const int = { type: Number, required: true };
const optionalInt = { type: Number, default: null };

const WageDataSchema = new Schema<WageDataDoc>(
  {
    year: int,
    averageWageFen: int,
    payrollFen: int,
    headcount: int,
    lowerBp: int,
    baselineBp: int,
    upperBp: int,
    cpiBp: int,
    minimumMonthlyFen: int,
    minimumHourlyFen: optionalInt,
    productivityGrowthBp: optionalInt,
    profitFen: optionalInt,
    proposedRaiseBp: optionalInt,
    lowestStandardFen: optionalInt,
    updatedByName: { type: String, default: "" },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);

export const WageData =
  (mongoose.models.WageData as Model<WageDataDoc> | undefined) ??
  mongoose.model<WageDataDoc>("WageData", WageDataSchema, "bargaining_wage_data");
