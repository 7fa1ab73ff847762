import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * A collective bargaining case (集体协商): one enterprise, or several for an industry or area contract
 * (劳动合同法 第53条), from the offer (要约) to the contract's expiry or renewal.
 *
 * Everything a case page shows is on this one document (read by `_id`): the topics with their board
 * status, each side's positions (kept flat with a topic key: FerretDB 1.x stores no arrays inside arrays),
 * the dates of each step, and the deadlines the domain computed with their rule set and article, so lists
 * and the sweep can use them without recomputing. Representatives, rounds, caucus notes and the wage data
 * form live in their own collections, keyed by the case id. Every write goes through updateAtVersion on
 * `version` (two people moving one case at once: one wins, the other is told to refresh).
 *
 * The next issue (drafts, congress vote, signing, filing) adds its own collections keyed by the case and
 * moves `status` on through the same state machine; `dates` and `contract` already hold its fields.
 */
export type Side = "employee" | "employer";

export interface TopicDoc {
  key: string;
  title: string;
  /** statute (集体合同规定 第8条), wage (工资集体协商试行办法 第7条), finding (health check), custom. */
  source: string;
  /** The article or the finding's legal basis, as cited. */
  basis: string;
  /** A health-check finding offered as a topic: its prescription item. */
  prescriptionItemId?: Types.ObjectId | null;
  /** on_table / counter / ta / withdrawn (app/domain/bargaining/topics.ts). */
  status: string;
  /** The side that put the topic on the table, and the side whose position is the latest. */
  tabledBy: Side;
  lastPositionBy: Side;
  employeePosition: string;
  employerPosition: string;
  /** Text both sides tentatively agreed, once TA. */
  agreedText: string;
  updatedAt: Date;
}

export interface PositionDoc {
  topicKey: string;
  side: Side;
  text: string;
  /** The board status the move left the topic in. */
  status: string;
  roundNo: number | null;
  byName: string;
  at: Date;
}

/** A deadline as the domain computed it (app/domain/bargaining/deadlines.ts), kept for lists and the sweep. */
export interface DeadlineDoc {
  /** The domain's DeadlineKind (response, coordination, filing, …). */
  key: string;
  label: string;
  /** The last day after any holiday shift. */
  dueOn: string;
  /** The last day as counted, before any shift. */
  rawDueOn: string;
  shifted: boolean;
  /** The counting and any shift, in Chinese. */
  reason: string;
  ruleSetId: string;
  ruleSetName: string;
  /** The article that sets the period, e.g. {statute: "集体合同规定", article: "32"}. */
  source: { statute: string; article: string } | null;
  /** "《集体合同规定》第三十二条" or "…未作规定，适用…". */
  sourceLabel: string;
  /** True when a year involved had no holiday calendar: the raw date stands and is said to be uncorrected. */
  withoutCalendar: boolean;
  /** Who owes the step: employee / employer / authority / both. */
  owedBy: string;
  /** Set when the step was done. */
  metOn: string | null;
}

export interface CaseEventDoc {
  action: string;
  side: Side | null;
  byName: string;
  at: Date;
  note: string;
}

export interface BargainingCaseDoc {
  _id: Types.ObjectId;
  title: string;
  /** comprehensive / wage / women / safety. */
  kind: string;
  /** enterprise / industry / area. */
  scope: string;
  enterpriseIds: Types.ObjectId[];
  enterpriseNames: string[];
  /** The enterprise whose page and staff lead the case (the first one). */
  leadEnterpriseId: Types.ObjectId;
  unionOrgId: Types.ObjectId;
  initiatorSide: Side;
  status: string;
  ruleSetId: string;
  ruleSetName: string;
  topics: TopicDoc[];
  positions: PositionDoc[];
  dates: {
    offerSentOn?: string | null;
    offerReceivedOn?: string | null;
    respondedOn?: string | null;
    representativesOn?: string | null;
    preparedOn?: string | null;
    firstRoundOn?: string | null;
    agreedDraftOn?: string | null;
    signedOn?: string | null;
    /** 上海: the employer received the union's written notice that the congress approved the draft. */
    approvalNoticeReceivedOn?: string | null;
    filedOn?: string | null;
    reviewReceivedOn?: string | null;
    effectiveOn?: string | null;
    expiresOn?: string | null;
    /** 第48条: the day the contract was published to all employees. */
    publishedOn?: string | null;
  };
  deadlines: DeadlineDoc[];
  offer: { text: string; sentByName: string; addressee: string };
  response: {
    decision: string | null;
    reason: string;
    extraTopics: string;
    byName: string;
  };
  /** 第33条: one neutral recorder who is no representative. */
  recorderName: string;
  agenda: string;
  coordination: {
    requestedOn: string | null;
    requestedBy: Side | null;
    reason: string;
    acceptedOn: string | null;
    /** Records before extensionDays: true meant the longest extension the rule set allows. */
    extended: boolean;
    /** The extension the labour administration decided, in days (1–15, 第52条); null: none. */
    extensionDays?: number | null;
    endedOn: string | null;
  };
  /**
   * An industry or area case (劳动合同法 第53条): who speaks for the employers (an enterprise association's
   * representative, or the enterprises' own); empty for an enterprise case.
   */
  employerParty?: string;
  /** The industry or area an industry or area contract covers, e.g. "云溪区餐饮业". */
  coverage?: string;
  /** The two parties as the letters name them, for an industry or area case (union organisation, employers). */
  partyNames?: { employee: string; employer: string } | null;
  /**
   * The approval rule an admin chose for the organisation when the case opened (过半数 where a local rule
   * requires it, bargaining.md "Counting thresholds"); null: the rule set's own.
   */
  approvalRule?: { value: string; note: string; fromOrg: string } | null;
  /** User accounts named as representatives on either side (who may open the case). */
  repUserIds: Types.ObjectId[];
  employeeRepUserIds: Types.ObjectId[];
  employerRepUserIds: Types.ObjectId[];
  roundCount: number;
  /**
   * The draft version (第n稿, contract_draft_versions "<caseId>:v<n>") the sides agreed by the agree_draft
   * action: it passed the pre-vote checks with no unresolved comment. What the congress votes on.
   */
  agreedDraftVersion?: number | null;
  /** The contract's term in years once agreed (1–3, 第38条): with the effective date it gives the expiry. */
  termYears: number | null;
  /** Rendered Word files: offer letter, response letter (ids in rendered_documents). */
  offerRenderId?: Types.ObjectId | null;
  responseRenderId?: Types.ObjectId | null;
  /** The case whose contract this one renews (第38条), and the case opened to renew this one's. */
  renewsCaseId?: Types.ObjectId | null;
  renewedByCaseId?: Types.ObjectId | null;
  campaignId?: Types.ObjectId | null;
  events: CaseEventDoc[];
  createdBy: Types.ObjectId;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const TopicSchema = new Schema<TopicDoc>(
  {
    key: { type: String, required: true },
    title: { type: String, required: true },
    source: { type: String, required: true },
    basis: { type: String, default: "" },
    prescriptionItemId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, required: true },
    tabledBy: { type: String, required: true },
    lastPositionBy: { type: String, required: true },
    employeePosition: { type: String, default: "" },
    employerPosition: { type: String, default: "" },
    agreedText: { type: String, default: "" },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

const PositionSchema = new Schema<PositionDoc>(
  {
    topicKey: { type: String, required: true },
    side: { type: String, required: true },
    text: { type: String, default: "" },
    status: { type: String, required: true },
    roundNo: { type: Number, default: null },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const DeadlineSchema = new Schema<DeadlineDoc>(
  {
    key: { type: String, required: true },
    label: { type: String, required: true },
    dueOn: { type: String, required: true },
    rawDueOn: { type: String, required: true },
    shifted: { type: Boolean, default: false },
    reason: { type: String, default: "" },
    ruleSetId: { type: String, required: true },
    ruleSetName: { type: String, required: true },
    source: {
      type: new Schema({ statute: String, article: String }, { _id: false }),
      default: null,
    },
    sourceLabel: { type: String, default: "" },
    withoutCalendar: { type: Boolean, default: false },
    owedBy: { type: String, required: true },
    metOn: { type: String, default: null },
  },
  { _id: false },
);

const EventSchema = new Schema<CaseEventDoc>(
  {
    action: { type: String, required: true },
    side: { type: String, default: null },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
    note: { type: String, default: "" },
  },
  { _id: false },
);

const dateField = { type: String, default: null };

const BargainingCaseSchema = new Schema<BargainingCaseDoc>(
  {
    title: { type: String, required: true },
    kind: { type: String, required: true },
    scope: { type: String, required: true, default: "enterprise" },
    enterpriseIds: { type: [Schema.Types.ObjectId], required: true },
    enterpriseNames: { type: [String], default: [] },
    leadEnterpriseId: { type: Schema.Types.ObjectId, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    initiatorSide: { type: String, required: true },
    status: { type: String, required: true },
    ruleSetId: { type: String, required: true },
    ruleSetName: { type: String, required: true },
    topics: { type: [TopicSchema], default: [] },
    positions: { type: [PositionSchema], default: [] },
    dates: {
      offerSentOn: dateField,
      offerReceivedOn: dateField,
      respondedOn: dateField,
      representativesOn: dateField,
      preparedOn: dateField,
      firstRoundOn: dateField,
      agreedDraftOn: dateField,
      signedOn: dateField,
      approvalNoticeReceivedOn: dateField,
      filedOn: dateField,
      reviewReceivedOn: dateField,
      effectiveOn: dateField,
      expiresOn: dateField,
      publishedOn: dateField,
    },
    deadlines: { type: [DeadlineSchema], default: [] },
    offer: {
      text: { type: String, default: "" },
      sentByName: { type: String, default: "" },
      addressee: { type: String, default: "" },
    },
    response: {
      decision: { type: String, default: null },
      reason: { type: String, default: "" },
      extraTopics: { type: String, default: "" },
      byName: { type: String, default: "" },
    },
    recorderName: { type: String, default: "" },
    agenda: { type: String, default: "" },
    coordination: {
      requestedOn: dateField,
      requestedBy: { type: String, default: null },
      reason: { type: String, default: "" },
      acceptedOn: dateField,
      extended: { type: Boolean, default: false },
      extensionDays: { type: Number, default: null },
      endedOn: dateField,
    },
    employerParty: { type: String, default: "" },
    coverage: { type: String, default: "" },
    partyNames: {
      type: new Schema({ employee: String, employer: String }, { _id: false }),
      default: null,
    },
    approvalRule: {
      type: new Schema({ value: String, note: String, fromOrg: String }, { _id: false }),
      default: null,
    },
    repUserIds: { type: [Schema.Types.ObjectId], default: [] },
    employeeRepUserIds: { type: [Schema.Types.ObjectId], default: [] },
    employerRepUserIds: { type: [Schema.Types.ObjectId], default: [] },
    roundCount: { type: Number, default: 0 },
    termYears: { type: Number, default: null },
    agreedDraftVersion: { type: Number, default: null },
    offerRenderId: { type: Schema.Types.ObjectId, default: null },
    responseRenderId: { type: Schema.Types.ObjectId, default: null },
    renewsCaseId: { type: Schema.Types.ObjectId, default: null },
    renewedByCaseId: { type: Schema.Types.ObjectId, default: null },
    campaignId: { type: Schema.Types.ObjectId, default: null },
    events: { type: [EventSchema], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, minimize: false },
);
BargainingCaseSchema.index({ leadEnterpriseId: 1, status: 1 });
BargainingCaseSchema.index({ unionOrgId: 1, status: 1 });
BargainingCaseSchema.index({ status: 1 });
BargainingCaseSchema.index({ campaignId: 1 });

export const BargainingCase =
  (mongoose.models.BargainingCase as Model<BargainingCaseDoc> | undefined) ??
  mongoose.model<BargainingCaseDoc>("BargainingCase", BargainingCaseSchema, "bargaining_cases");

/**
 * One open case per enterprise and kind: inserted with the case, removed when it ends. Its unique `_id`
 * ("<enterpriseId>:<kind>") settles two offers sent at once (FerretDB enforces unique keys atomically).
 */
const OpenCaseLockSchema = new Schema(
  { _id: { type: String, required: true }, caseId: { type: Schema.Types.ObjectId, required: true } },
  { versionKey: false },
);

export const OpenCaseLock =
  (mongoose.models.OpenCaseLock as Model<{ _id: string; caseId: Types.ObjectId }> | undefined) ??
  mongoose.model<{ _id: string; caseId: Types.ObjectId }>(
    "OpenCaseLock",
    OpenCaseLockSchema,
    "bargaining_open_cases",
  );
