/**
 * Rows of the dashboard from the records (app/domain/dashboards/rows.ts): one record by `_id` (the
 * incremental path, after a service changed it), or every record of a kind in one pass (the rebuild and the
 * recount). Both go through the same pure row functions.
 */
import { Types } from "mongoose";
import {
  attendanceRow,
  caseRow,
  checkRow,
  enterpriseRow,
  itemRow,
  planRow,
  responseRow,
  trainingRow,
  type FactKind,
  type Placed,
} from "~/domain/dashboards/rows";
import { Assessment } from "../../../models/assessment";
import { BargainingCase } from "../../../models/bargaining-case";
import { CultivationPlan } from "../../../models/cultivation-plan";
import { SurveyResponse } from "../../../models/cultivation-survey";
import { Attendance, Training } from "../../../models/cultivation-training";
import { Enterprise } from "../../../models/enterprise";
import { PrescriptionItem } from "../../../models/prescription";
import { findReportOf, Report } from "../../../models/report";
import { rowOf } from "../bargaining/kept-rows.server";

export type AnyPlaced = Placed<FactKind>;

/** The bucket of a placed row: "<orgId>:<part>". */
export const bucketIdOf = (p: { orgId: string; part: string }) => `${p.orgId}:${p.part}`;

const CHECK_FIELDS = {
  unionOrgId: 1,
  enterpriseId: 1,
  status: 1,
  "profile.industry": 1,
  acceptedAt: 1,
  riskLevel: 1,
  overall: 1,
  score: 1,
};
const ITEM_FIELDS = {
  unionOrgId: 1,
  enterpriseId: 1,
  status: 1,
  issuedOn: 1,
  dueOn: 1,
  closedAt: 1,
  dimensionId: 1,
  title: 1,
};
const PLAN_FIELDS = { unionOrgId: 1, enterpriseId: 1, year: 1, status: 1, milestones: 1 };
/** Everything rowOf reads (the pipeline's next deadline), without the topics and positions. */
const CASE_FIELDS = { topics: 0, positions: 0, offer: 0, response: 0 };
const ENTERPRISE_FIELDS = {
  unionOrgId: 1,
  industry: 1,
  unionEstablishedOn: 1,
  contractStatus: 1,
  contractValidUntil: 1,
  archived: 1,
};
const TRAINING_FIELDS = { unionOrgId: 1, date: 1, invited: 1 };

/** The row of one record as it is now, or null when it is gone (or not counted, as an archived enterprise). */
export async function derive(kind: FactKind, id: string): Promise<AnyPlaced | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const _id = new Types.ObjectId(id);
  switch (kind) {
    case "enterprise": {
      const e = await Enterprise.findById(_id).select(ENTERPRISE_FIELDS).lean();
      return e ? enterpriseRow(e) : null;
    }
    case "check": {
      const a = await Assessment.findById(_id).select(CHECK_FIELDS).lean();
      return a ? checkRow(a, await findReportOf(a._id)) : null;
    }
    case "item": {
      const i = await PrescriptionItem.findById(_id).select(ITEM_FIELDS).lean();
      return i ? itemRow(i) : null;
    }
    case "case": {
      const c = await BargainingCase.findById(_id).select(CASE_FIELDS).lean();
      return c ? caseRow(c, rowOf(c).nextDueOn) : null;
    }
    case "plan": {
      const p = await CultivationPlan.findById(_id).select(PLAN_FIELDS).lean();
      return p ? planRow(p) : null;
    }
    case "training": {
      const t = await Training.findById(_id).select(TRAINING_FIELDS).lean();
      return t ? trainingRow(t) : null;
    }
    case "attendance": {
      const a = await Attendance.findById(_id).select({ trainingId: 1, enterpriseId: 1 }).lean();
      if (!a) return null;
      return attendanceRow(a, await Training.findById(a.trainingId).select(TRAINING_FIELDS).lean());
    }
    case "response": {
      const r = await SurveyResponse.findById(_id).select({ comment: 0 }).lean();
      return r ? responseRow(r) : null;
    }
  }
}

/** Every record of a kind with its row (the rebuild and the recount): one pass over the collection. */
export async function* scanKind(kind: FactKind): AsyncGenerator<[string, AnyPlaced]> {
  const each = async function* <T extends { _id: Types.ObjectId }>(
    cursor: AsyncIterable<T>,
    place: (doc: T) => AnyPlaced | null,
  ): AsyncGenerator<[string, AnyPlaced]> {
    for await (const doc of cursor) {
      const placed = place(doc);
      if (placed) yield [String(doc._id), placed];
    }
  };
  const batch = 2000;
  switch (kind) {
    case "enterprise":
      yield* each(Enterprise.find().select(ENTERPRISE_FIELDS).lean().cursor({ batchSize: batch }), (e) =>
        enterpriseRow(e),
      );
      return;
    case "check": {
      const reports = new Map<
        string,
        { _id: Types.ObjectId; createdAt: Date; reportNo: string; version: number }
      >();
      for await (const r of Report.find()
        .select({ assessmentId: 1, createdAt: 1, reportNo: 1, version: 1 })
        .lean()
        .cursor({ batchSize: batch }))
        reports.set(String(r.assessmentId), r);
      yield* each(Assessment.find().select(CHECK_FIELDS).lean().cursor({ batchSize: batch }), (a) =>
        checkRow(a, reports.get(String(a._id)) ?? null),
      );
      return;
    }
    case "item":
      yield* each(PrescriptionItem.find().select(ITEM_FIELDS).lean().cursor({ batchSize: batch }), (i) =>
        itemRow(i),
      );
      return;
    case "case":
      yield* each(BargainingCase.find().select(CASE_FIELDS).lean().cursor({ batchSize: batch }), (c) =>
        caseRow(c, rowOf(c).nextDueOn),
      );
      return;
    case "plan":
      yield* each(CultivationPlan.find().select(PLAN_FIELDS).lean().cursor({ batchSize: batch }), (p) =>
        planRow(p),
      );
      return;
    case "training":
      yield* each(Training.find().select(TRAINING_FIELDS).lean().cursor({ batchSize: batch }), (t) =>
        trainingRow(t),
      );
      return;
    case "attendance": {
      const trainings = new Map(
        (await Training.find().select(TRAINING_FIELDS).lean()).map((t) => [String(t._id), t]),
      );
      yield* each(
        Attendance.find().select({ trainingId: 1, enterpriseId: 1 }).lean().cursor({ batchSize: batch }),
        (a) => attendanceRow(a, trainings.get(String(a.trainingId)) ?? null),
      );
      return;
    }
    case "response":
      yield* each(SurveyResponse.find().select({ comment: 0 }).lean().cursor({ batchSize: batch }), (r) =>
        responseRow(r),
      );
      return;
  }
}

/**
 * The records of a kind changed at or after `since` (the rebuild re-applies them: they may have changed
 * while it read). Answers and attendances are only ever added; the rebuild keeps those added meanwhile.
 */
export async function changedSince(kind: FactKind, since: Date): Promise<string[]> {
  const filter = { updatedAt: { $gte: since } };
  const ids = (docs: { _id: Types.ObjectId }[]) => docs.map((d) => String(d._id));
  switch (kind) {
    case "enterprise":
      return ids(await Enterprise.find(filter).select({ _id: 1 }).lean());
    case "check":
      return ids(await Assessment.find(filter).select({ _id: 1 }).lean());
    case "item":
      return ids(await PrescriptionItem.find(filter).select({ _id: 1 }).lean());
    case "case":
      return ids(await BargainingCase.find(filter).select({ _id: 1 }).lean());
    case "plan":
      return ids(await CultivationPlan.find(filter).select({ _id: 1 }).lean());
    case "training":
      return ids(await Training.find(filter).select({ _id: 1 }).lean());
    case "attendance":
    case "response":
      return [];
  }
}
