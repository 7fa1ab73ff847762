import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * The congress (职工代表大会 or 职工大会) that votes on a bargaining case's agreed draft (集体合同规定 第36条),
 * its votes, and the records of a secret ballot. Every record is read by its `_id` (FerretDB looks up only
 * `_id` by key); the few scans (a vote's markers and ballots) happen when the vote is counted, not on a
 * voter's page.
 *
 * SECRECY (app/domain/votes/index.ts, README "The congress vote"): the has-voted marker and the ballot are
 * separate records with nothing in common but the vote. A marker names the member and holds no choice, no
 * code, no time; a ballot holds the choice and its receipt code under a random `_id`, with no voter, no
 * time finer than the vote's day, and no sequence. These schemas have no timestamps and no version key, so
 * mongoose adds nothing either.
 */

/** A person on the roster; `id` is the roster's own (stable across edits), `userId` the account, if any. */
export interface CongressMemberDoc {
  id: string;
  name: string;
  employeeNo: string;
  gender: "female" | "male";
  frontLine: boolean;
  unit: string | null;
  userId: Types.ObjectId | null;
}

/** `_id` is the case id. */
export interface CongressDoc {
  _id: string;
  caseId: Types.ObjectId;
  /** congress (职工代表大会) / assembly (职工大会). */
  kind: "congress" | "assembly";
  members: CongressMemberDoc[];
  /** For the composition warnings: the enterprise's workforce. */
  workforce: { employees: number; women: number } | null;
  /** The latest vote's number (0: none yet); votes are "<caseId>:<n>". */
  currentVote: number;
  updatedByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const MemberSchema = new Schema<CongressMemberDoc>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    employeeNo: { type: String, required: true },
    gender: { type: String, required: true },
    frontLine: { type: Boolean, required: true },
    unit: { type: String, default: null },
    userId: { type: Schema.Types.ObjectId, default: null },
  },
  { _id: false },
);

const CongressSchema = new Schema<CongressDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, default: "congress" },
    members: { type: [MemberSchema], default: [] },
    workforce: {
      type: new Schema({ employees: Number, women: Number }, { _id: false }),
      default: null,
    },
    currentVote: { type: Number, default: 0 },
    updatedByName: { type: String, default: "" },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, minimize: false },
);

export const Congress =
  (mongoose.models.Congress as Model<CongressDoc> | undefined) ??
  mongoose.model<CongressDoc>("Congress", CongressSchema, "congresses");

export type VoteStatusDoc = "preparing" | "open" | "counting" | "closed";

/** One sitting that votes on one draft version: `_id` is "<caseId>:<n>". */
export interface CongressVoteDoc {
  _id: string;
  caseId: Types.ObjectId;
  number: number;
  /** The draft voted on (contract_draft_versions "<caseId>:v<n>") and its text's hash at submission. */
  draftVersion: number;
  textHash: string;
  heldOn: string;
  place: string;
  status: VoteStatusDoc;
  /** The roster as it stood when the meeting was called (its size is what quorum and approval count against). */
  rosterSize: number;
  /** Roster ids of those checked in. */
  presentIds: string[];
  /** The two tellers who enter paper slips, each on their own account. */
  tellers: { userId: Types.ObjectId; name: string }[];
  /** How many paper slips were printed (their codes live in congress_paper_slips, away from the check-ins). */
  paperSlips: number;
  /** The quorum check when the vote opened (QuorumResult). */
  quorum: Record<string, unknown> | null;
  /** The day of the vote (Asia/Shanghai): the only time any ballot of it carries. */
  day: string | null;
  openedByName: string;
  /** The tally (VoteResult) and the online markers whose ballot never arrived. */
  result: Record<string, unknown> | null;
  interrupted: number;
  resultRenderId: Types.ObjectId | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const CongressVoteSchema = new Schema<CongressVoteDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true },
    draftVersion: { type: Number, required: true },
    textHash: { type: String, required: true },
    heldOn: { type: String, required: true },
    place: { type: String, default: "" },
    status: { type: String, required: true, default: "preparing" },
    rosterSize: { type: Number, required: true },
    presentIds: { type: [String], default: [] },
    tellers: {
      type: [new Schema({ userId: Schema.Types.ObjectId, name: String }, { _id: false })],
      default: [],
    },
    paperSlips: { type: Number, default: 0 },
    quorum: { type: Schema.Types.Mixed, default: null },
    day: { type: String, default: null },
    openedByName: { type: String, default: "" },
    result: { type: Schema.Types.Mixed, default: null },
    interrupted: { type: Number, default: 0 },
    resultRenderId: { type: Schema.Types.ObjectId, default: null },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, minimize: false },
);

export const CongressVote =
  (mongoose.models.CongressVote as Model<CongressVoteDoc> | undefined) ??
  mongoose.model<CongressVoteDoc>("CongressVote", CongressVoteSchema, "congress_votes");

export const voteIdOf = (caseId: Types.ObjectId | string, n: number) => `${String(caseId)}:${n}`;

/**
 * Receipt codes of a vote kept apart from everything that names people (the vote's check-ins, tellers):
 * `kind` "slips" holds the codes printed on the paper slips, "published" every counted ballot's code,
 * sorted, with the totals and without any choice. `_id` "<voteId>:slips" / "<voteId>:published".
 */
export interface VoteCodesDoc {
  _id: string;
  voteId: string;
  kind: "slips" | "published";
  codes: string[];
  totals: { approve: number; oppose: number; abstain: number; total: number } | null;
  version: number;
}

const VoteCodesSchema = new Schema<VoteCodesDoc>(
  {
    _id: { type: String, required: true },
    voteId: { type: String, required: true },
    kind: { type: String, required: true },
    codes: { type: [String], default: [] },
    totals: { type: Schema.Types.Mixed, default: null },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false, timestamps: false, minimize: false },
);

export const VoteCodes =
  (mongoose.models.VoteCodes as Model<VoteCodesDoc> | undefined) ??
  mongoose.model<VoteCodesDoc>("VoteCodes", VoteCodesSchema, "congress_codes");

export const slipsIdOf = (voteId: string) => `${voteId}:slips`;
export const publishedIdOf = (voteId: string) => `${voteId}:published`;

/**
 * "Has voted": `_id` "<voteId>:<memberId>" is the one-ballot-per-member key (an insert is atomic). Written
 * BEFORE the ballot. No choice, no code, no time.
 */
export interface VotedMarkerDoc {
  _id: string;
  voteId: string;
  memberId: string;
  /** online: cast on the phone; paper: handed a slip. */
  channel: "online" | "paper";
}

const VotedMarkerSchema = new Schema<VotedMarkerDoc>(
  {
    _id: { type: String, required: true },
    voteId: { type: String, required: true },
    memberId: { type: String, required: true },
    channel: { type: String, required: true },
  },
  { versionKey: false, timestamps: false },
);
VotedMarkerSchema.index({ voteId: 1 });

export const VotedMarker =
  (mongoose.models.VotedMarker as Model<VotedMarkerDoc> | undefined) ??
  mongoose.model<VotedMarkerDoc>("VotedMarker", VotedMarkerSchema, "congress_voted");

export const markerIdOf = (voteId: string, memberId: string) => `${voteId}:${memberId}`;

/**
 * A voter's pass to the open vote: `_id` "<caseId>:<userId>", the vote and the roster member it lets vote.
 * Written when the vote opens, for every present member with an account (check-in, the roster and the
 * links are frozen from then until the vote closes), so that a ballot reads two small documents by key —
 * this pass and the vote — instead of the case, its organisation and the whole roster. It names a voter
 * and holds nothing of any ballot (no choice, no code, no time); a pass of an earlier vote points at a
 * closed vote and is ignored.
 */
export interface VoterPassDoc {
  _id: string;
  voteId: string;
  memberId: string;
}

const VoterPassSchema = new Schema<VoterPassDoc>(
  {
    _id: { type: String, required: true },
    voteId: { type: String, required: true },
    memberId: { type: String, required: true },
  },
  { versionKey: false, timestamps: false },
);

export const VoterPass =
  (mongoose.models.VoterPass as Model<VoterPassDoc> | undefined) ??
  mongoose.model<VoterPassDoc>("VoterPass", VoterPassSchema, "congress_voter_passes");

export const voterPassIdOf = (caseId: Types.ObjectId | string, userId: string) =>
  `${String(caseId)}:${userId}`;

/**
 * A ballot: a random `_id`, the vote, the choice and its receipt code; the day of the vote at most. While
 * the vote is open ballots live in `congress_ballots`; counting moves them to `congress_counted_ballots`
 * under "<voteId>:<code>" in code order, so not even the storage engine's insertion order survives.
 */
export interface BallotDoc {
  _id: string;
  voteId: string;
  choice: "approve" | "oppose" | "abstain";
  receiptCode: string;
  paper: boolean;
  day: string;
}

function ballotSchema() {
  const schema = new Schema<BallotDoc>(
    {
      _id: { type: String, required: true },
      voteId: { type: String, required: true },
      choice: { type: String, required: true },
      receiptCode: { type: String, required: true },
      paper: { type: Boolean, required: true },
      day: { type: String, required: true },
    },
    { versionKey: false, timestamps: false },
  );
  schema.index({ voteId: 1, receiptCode: 1 }, { unique: true });
  return schema;
}

export const BallotRecord =
  (mongoose.models.BallotRecord as Model<BallotDoc> | undefined) ??
  mongoose.model<BallotDoc>("BallotRecord", ballotSchema(), "congress_ballots");

export const CountedBallot =
  (mongoose.models.CountedBallot as Model<BallotDoc> | undefined) ??
  mongoose.model<BallotDoc>("CountedBallot", ballotSchema(), "congress_counted_ballots");

/** One teller's entry of one paper slip: `_id` "<voteId>:<teller 1|2>:<code>" (re-entry corrects it). */
export interface PaperEntryDoc {
  _id: string;
  voteId: string;
  teller: 1 | 2;
  receiptCode: string;
  choice: "approve" | "oppose" | "abstain";
}

const PaperEntrySchema = new Schema<PaperEntryDoc>(
  {
    _id: { type: String, required: true },
    voteId: { type: String, required: true },
    teller: { type: Number, required: true },
    receiptCode: { type: String, required: true },
    choice: { type: String, required: true },
  },
  { versionKey: false, timestamps: false },
);
PaperEntrySchema.index({ voteId: 1 });

export const PaperEntry =
  (mongoose.models.PaperEntry as Model<PaperEntryDoc> | undefined) ??
  mongoose.model<PaperEntryDoc>("PaperEntry", PaperEntrySchema, "congress_paper_entries");

export interface SignatureDoc {
  userId: Types.ObjectId;
  /** The account that signed, and the chief's name on the representatives list. */
  byName: string;
  chiefName: string;
  at: Date;
}

/**
 * The contract from signing to effect: `_id` "<caseId>:v<draftVersion>". The signed text is frozen here
 * (a copy of the voted draft, its canonical text and SHA-256) once both chiefs signed; filing, the
 * authority's receipt, an objection and the publication date follow.
 */
export interface ContractRecordDoc {
  _id: string;
  caseId: Types.ObjectId;
  draftVersion: number;
  voteId: string;
  signatures: { employee: SignatureDoc | null; employer: SignatureDoc | null };
  /** Frozen at the second signature. */
  text: Record<string, unknown> | null;
  canonicalText: string;
  hash: string;
  signedOn: string | null;
  contractRenderId: Types.ObjectId | null;
  filing: {
    authority: string;
    filedOn: string;
    copies: number;
    contactName: string;
    byName: string;
    renderId: Types.ObjectId | null;
  } | null;
  /** 上海: the day the employer received the union's written notice of approval (starts the filing period). */
  approvalNoticeReceivedOn: string | null;
  receivedOn: string | null;
  objection: { on: string; clauseIds: string[]; clauseTitles: string[]; note: string; byName: string } | null;
  publishedOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const SignatureSchema = new Schema<SignatureDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    chiefName: { type: String, default: "" },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const ContractRecordSchema = new Schema<ContractRecordDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    draftVersion: { type: Number, required: true },
    voteId: { type: String, required: true },
    signatures: {
      employee: { type: SignatureSchema, default: null },
      employer: { type: SignatureSchema, default: null },
    },
    text: { type: Schema.Types.Mixed, default: null },
    canonicalText: { type: String, default: "" },
    hash: { type: String, default: "" },
    signedOn: { type: String, default: null },
    contractRenderId: { type: Schema.Types.ObjectId, default: null },
    filing: {
      type: new Schema(
        {
          authority: String,
          filedOn: String,
          copies: Number,
          contactName: String,
          byName: String,
          renderId: { type: Schema.Types.ObjectId, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    approvalNoticeReceivedOn: { type: String, default: null },
    receivedOn: { type: String, default: null },
    objection: {
      type: new Schema(
        { on: String, clauseIds: [String], clauseTitles: [String], note: String, byName: String },
        { _id: false },
      ),
      default: null,
    },
    publishedOn: { type: String, default: null },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, minimize: false },
);

export const ContractRecord =
  (mongoose.models.ContractRecord as Model<ContractRecordDoc> | undefined) ??
  mongoose.model<ContractRecordDoc>("ContractRecord", ContractRecordSchema, "contract_records");

export const contractRecordIdOf = (caseId: Types.ObjectId | string, draftVersion: number) =>
  `${String(caseId)}:v${draftVersion}`;
