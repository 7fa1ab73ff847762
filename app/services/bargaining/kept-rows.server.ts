/**
 * The rows pages read instead of the cases (models/bargaining-summary.ts): one document per (owner, case)
 * with a derived `_id`, and one small index per owner listing its case ids. A change to a case rewrites its
 * own rows only; the index is written when a case first appears under an owner, through updateAtVersion so
 * that two cases opened at once under one owner take turns instead of losing one another.
 */
import type { Model, Types } from "mongoose";
import { BargainingCase, type BargainingCaseDoc } from "../../../models/bargaining-case";
import {
  EnterpriseCaseIndex,
  EnterpriseCaseRow,
  LegacyEnterpriseSummary,
  LegacyOrgSummary,
  PipelineIndex,
  PipelineRow,
  type CaseRowDoc,
  type KeptRowDoc,
  type RowIndexDoc,
} from "../../../models/bargaining-summary";
import { updateAtVersion } from "../../../models/write-claim";
import { readStamped, stamp } from "../../../models/kept-rows";
import { noteChange } from "../dashboards/rollups.server";

export function rowOf(doc: BargainingCaseDoc): CaseRowDoc {
  const open = doc.deadlines
    .filter((d) => !d.metOn && d.key !== "expiry" && d.key !== "renewal_window" && d.key !== "effective")
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1))[0];
  return {
    caseId: String(doc._id),
    title: doc.title,
    kind: doc.kind,
    scope: doc.scope,
    status: doc.status,
    enterpriseIds: doc.enterpriseIds.map(String),
    enterpriseNames: doc.enterpriseNames,
    unionOrgId: String(doc.unionOrgId),
    offerSentOn: doc.dates.offerSentOn ?? null,
    nextDueOn: open?.dueOn ?? null,
    nextDueLabel: open?.label ?? "",
    expiresOn: doc.dates.expiresOn ?? null,
    effectiveOn: doc.dates.effectiveOn ?? null,
    termYears: doc.termYears ?? null,
    repUserIds: doc.repUserIds.map(String),
    campaignId: doc.campaignId ? String(doc.campaignId) : null,
    renewsCaseId: doc.renewsCaseId ? String(doc.renewsCaseId) : null,
    renewedByCaseId: doc.renewedByCaseId ? String(doc.renewedByCaseId) : null,
    caseVersion: doc.version,
    updatedAt: new Date(),
  };
}

/** Whether a kept row says what the case says now (the sweep rewrites it otherwise). */
export function rowIsCurrent(kept: CaseRowDoc | null, doc: BargainingCaseDoc): boolean {
  if (!kept) return false;
  const row = rowOf(doc);
  return (
    kept.caseVersion === row.caseVersion &&
    kept.status === row.status &&
    (kept.renewedByCaseId ?? null) === row.renewedByCaseId &&
    kept.nextDueOn === row.nextDueOn &&
    kept.repUserIds.join() === row.repUserIds.join()
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds a case id to an owner's index; concurrent adders take turns on the index's version. */
async function addToIndex(model: Model<RowIndexDoc>, ownerId: Types.ObjectId, caseId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const index = await model.findById(ownerId).lean();
    if (index?.caseIds.includes(caseId)) return;
    if (!index) {
      try {
        await stamp(model as never, String(ownerId), 0); // stamped before each write (models/kept-rows.ts)
        await model.create({ _id: ownerId, caseIds: [caseId], version: 0, updatedAt: new Date() });
        return;
      } catch {
        // Another writer created it first: read it again and join it.
        continue;
      }
    }
    await stamp(model as never, String(ownerId), index.version + 1);
    const saved = await updateAtVersion(model, ownerId, index.version, {
      $set: { caseIds: [...index.caseIds, caseId], updatedAt: new Date() },
    });
    if (saved) return;
    await sleep(5 + Math.floor(Math.random() * 20 * Math.min(attempt + 1, 10)));
  }
  throw new Error(`无法登记协商案件 ${caseId} 的列表行，请稍后重试`);
}

/** Writes one row document unless a newer one (from a later version of the case) is already there. */
async function writeRow(model: Model<KeptRowDoc>, ownerId: Types.ObjectId, row: CaseRowDoc) {
  const _id = `${String(ownerId)}:${row.caseId}`;
  const kept = await model.findById(_id).select({ caseVersion: 1 }).lean();
  if (kept && kept.caseVersion > row.caseVersion) return;
  await stamp(model as never, _id, row.caseVersion);
  await model.replaceOne({ _id }, { ...row, _id, ownerId: String(ownerId) }, { upsert: true });
}

/**
 * Writes the case's rows for each of its enterprises and for its organisation, and enters the case in
 * their indexes the first time. A row lost to a crash is rewritten by the next change or by the sweep.
 */
export async function refreshSummaries(doc: BargainingCaseDoc) {
  const row = rowOf(doc);
  for (const enterpriseId of doc.enterpriseIds) {
    await writeRow(EnterpriseCaseRow, enterpriseId, row);
    await addToIndex(EnterpriseCaseIndex, enterpriseId, row.caseId);
  }
  await writeRow(PipelineRow, doc.unionOrgId, row);
  await addToIndex(PipelineIndex, doc.unionOrgId, row.caseId);
  await noteChange("case", doc._id);
}

/** The kept pipeline row of a case (for the sweep's comparison). */
export async function pipelineRowOf(doc: Pick<BargainingCaseDoc, "_id" | "unionOrgId">) {
  return PipelineRow.findById(`${String(doc.unionOrgId)}:${String(doc._id)}`).lean();
}

/**
 * An owner whose index is missing may still have rows in the first design's document: its cases are read
 * by id and written the new way, once.
 */
async function migrateLegacy(legacy: typeof LegacyOrgSummary, ownerId: Types.ObjectId): Promise<boolean> {
  const old = await legacy.findById(ownerId).lean();
  const ids = Object.keys(old?.cases ?? {}).filter((id) => /^[0-9a-f]{24}$/i.test(id));
  if (ids.length === 0) return false;
  const cases = await Promise.all(ids.map((id) => BargainingCase.findById(id).lean()));
  for (const doc of cases) if (doc) await refreshSummaries(doc);
  return true;
}

/**
 * Owners found without an index and without a first-design document, per database: nothing writes the
 * first design's documents any more, so such an owner's rows start with its index (read through the cache).
 */
const withoutLegacy = new Set<string>();

async function rowsOf(
  indexModel: Model<RowIndexDoc>,
  rowModel: Model<KeptRowDoc>,
  legacy: typeof LegacyOrgSummary,
  ownerIds: Types.ObjectId[],
): Promise<Map<string, CaseRowDoc[]>> {
  // Indexes and rows through the process cache of kept documents (every write stamps its version): all the
  // owners' indexes in one go, then all their rows.
  const owners = [...new Set(ownerIds.map(String))];
  const readIndexes = (ids: string[]) =>
    readStamped(indexModel, ids, {
      versionField: "version",
      parse: (d) => d.caseIds,
      sizeOf: (ids) => ids.length,
    });
  const indexes = await readIndexes(owners);
  const missing = owners.filter(
    (id) => !indexes.get(id) && !withoutLegacy.has(`${legacy.db.name}:${legacy.collection.name}:${id}`),
  );
  for (const id of missing) {
    const owner = ownerIds.find((o) => String(o) === id)!;
    if (await migrateLegacy(legacy, owner)) indexes.set(id, (await readIndexes([id])).get(id) ?? null);
    else withoutLegacy.add(`${legacy.db.name}:${legacy.collection.name}:${id}`);
  }
  const rowIds = owners.flatMap((owner) => (indexes.get(owner) ?? []).map((caseId) => `${owner}:${caseId}`));
  // One keyed read per row not cached, in parallel (FerretDB answers `_id` look-ups only by key).
  const rows = await readStamped(rowModel, rowIds, {
    versionField: "caseVersion",
    parse: (r) => r as CaseRowDoc,
    sizeOf: () => 1,
  });
  return new Map(
    owners.map((owner) => [
      owner,
      (indexes.get(owner) ?? []).flatMap((caseId) => rows.get(`${owner}:${caseId}`) ?? []),
    ]),
  );
}

/** The rows of an enterprise's cases, for its 集体协商 tab. */
export async function enterpriseRows(enterpriseId: Types.ObjectId): Promise<CaseRowDoc[]> {
  return (await manyEnterprisesRows([enterpriseId])).get(String(enterpriseId)) ?? [];
}

/** The rows of several enterprises' cases (enterprise id → rows), read together. */
export function manyEnterprisesRows(enterpriseIds: Types.ObjectId[]): Promise<Map<string, CaseRowDoc[]>> {
  return rowsOf(EnterpriseCaseIndex, EnterpriseCaseRow, LegacyEnterpriseSummary, enterpriseIds);
}

/** The rows of the cases several organisations hold (organisation id → rows), for the pipeline, read together. */
export function manyOrgsRows(orgIds: Types.ObjectId[]): Promise<Map<string, CaseRowDoc[]>> {
  return rowsOf(PipelineIndex, PipelineRow, LegacyOrgSummary, orgIds);
}
