import mongoose, { Schema, type Model, type Types } from "mongoose";

/**
 * A spring offer campaign (集中要约行动): an instructor sends offers to a selection of enterprises at once.
 * The click records the selection ("preparing"); a worker job opens one case per enterprise (found, not
 * made twice: the case's open-case lock and `campaignId` settle repeats) and asks for its offer letter,
 * recording the renders it waits for ("running"). Progress is read from those rendered documents, so it
 * survives worker restarts and Redis loss, like report batches.
 */
export const CAMPAIGN_STATUSES = ["preparing", "running", "done"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignDoc {
  _id: Types.ObjectId;
  name: string;
  kind: string;
  unionOrgId: Types.ObjectId;
  unionOrgName: string;
  offerText: string;
  sentOn: string;
  createdBy: Types.ObjectId;
  createdByName: string;
  enterpriseIds: Types.ObjectId[];
  /** How many enterprises preparation has been through. */
  prepared: number;
  /** Enterprises that could not get an offer (e.g. a case of that kind already open), with why. */
  skipped: { enterpriseId: Types.ObjectId; reason: string }[];
  caseIds: Types.ObjectId[];
  renderIds: Types.ObjectId[];
  status: CampaignStatus;
  finishedAt?: Date;
  /** Kept as it finishes (settleRenders): its done renders' count and its failed renders. */
  doneCount?: number;
  failedRenderIds?: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const CampaignSchema = new Schema<CampaignDoc>(
  {
    name: { type: String, required: true },
    kind: { type: String, required: true },
    unionOrgId: { type: Schema.Types.ObjectId, required: true },
    unionOrgName: { type: String, required: true },
    offerText: { type: String, default: "" },
    sentOn: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    enterpriseIds: { type: [Schema.Types.ObjectId], default: [] },
    prepared: { type: Number, default: 0 },
    skipped: {
      type: [new Schema({ enterpriseId: Schema.Types.ObjectId, reason: String }, { _id: false })],
      default: [],
    },
    caseIds: { type: [Schema.Types.ObjectId], default: [] },
    renderIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: CAMPAIGN_STATUSES, required: true, default: "preparing" },
    finishedAt: Date,
    doneCount: { type: Number, default: undefined },
    failedRenderIds: { type: [Schema.Types.ObjectId], default: undefined },
  },
  { timestamps: true },
);
CampaignSchema.index({ unionOrgId: 1, createdAt: -1 });
CampaignSchema.index({ status: 1 });

export const Campaign =
  (mongoose.models.Campaign as Model<CampaignDoc> | undefined) ??
  mongoose.model<CampaignDoc>("Campaign", CampaignSchema, "bargaining_campaigns");
