/**
 * Prescription items kept per enterprise (models/enterprise-items.ts): the list of an enterprise's items
 * (what HR and the chair see) reads one document by `_id`, filters, orders and pages its rows in memory,
 * then reads the page's items by `_id`. The services that create or change an item call keepEnterpriseItems
 * with the item as written; a document is built from the items on its first read, and the work sweep
 * (rebuildEnterpriseItems) repairs what a crash left behind.
 */
import { Types } from "mongoose";
import type { ItemStatus } from "~/domain/prescriptions/status";
import { EnterpriseItems, type EnterpriseItemsDoc } from "../../../models/enterprise-items";
import { readKeptRows, retryPause } from "../../../models/kept-rows";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";
import { updateAtVersion } from "../../../models/write-claim";

type ItemFields = Pick<
  PrescriptionItemDoc,
  | "_id"
  | "enterpriseId"
  | "status"
  | "severity"
  | "dimensionId"
  | "dueOn"
  | "prescriptionNo"
  | "no"
  | "version"
>;
const ITEM_FIELDS = {
  enterpriseId: 1,
  status: 1,
  severity: 1,
  dimensionId: 1,
  dueOn: 1,
  prescriptionNo: 1,
  no: 1,
  version: 1,
} as const;

/** What is kept of an item: what the list filters and orders by, and the version it was kept at. */
export interface ItemRow {
  st: ItemStatus;
  sev: string | null;
  dim: string;
  due: string;
  pno: string;
  no: number;
  v: number;
}

function itemRowOf(i: ItemFields): ItemRow {
  return {
    st: i.status,
    sev: i.severity ?? null,
    dim: i.dimensionId,
    due: i.dueOn,
    pno: i.prescriptionNo,
    no: i.no,
    v: i.version ?? 0,
  };
}

const isBuilt = (doc: EnterpriseItemsDoc | null | undefined) => !!doc?.built;

/** The items' rows of these enterprises, from the items (one read). */
async function rowsFromRecords(enterpriseIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(enterpriseIds.map((id) => [id, {}]));
  const ids = enterpriseIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return out;
  for (const i of await PrescriptionItem.find({ enterpriseId: { $in: ids } })
    .select(ITEM_FIELDS)
    .lean()) {
    const rows = out.get(String(i.enterpriseId));
    if (rows) rows[String(i._id)] = JSON.stringify(itemRowOf(i));
  }
  return out;
}

/** The kept rows of these enterprises' items (item id → its enterprise and row), each document by `_id`. */
export async function enterpriseItemRows(
  enterpriseIds: string[],
): Promise<Map<string, { enterpriseId: string; row: ItemRow }>> {
  const kept = await readKeptRows<EnterpriseItemsDoc, ItemRow>(
    EnterpriseItems,
    enterpriseIds.filter((id) => Types.ObjectId.isValid(id)),
    rowsFromRecords,
    isBuilt,
  );
  return new Map([...kept].map(([id, { key, row }]) => [id, { enterpriseId: key, row }]));
}

/**
 * Puts these items, as just written, in their enterprises' documents: a row is written only over an older
 * version of the same item (two writers of one item may land in either order), at the document's version,
 * retried when another writer got there first. A document nobody has read yet is left alone (its first
 * reader builds it); a placeholder is written too, so that its builder reads the items again. Never fails
 * the person's action: the sweep repairs.
 */
export async function keepEnterpriseItems(items: ItemFields[]) {
  const byEnterprise = new Map<string, ItemFields[]>();
  for (const i of items) {
    const id = String(i.enterpriseId);
    byEnterprise.set(id, [...(byEnterprise.get(id) ?? []), i]);
  }
  try {
    for (const [enterpriseId, mine] of byEnterprise) {
      let written = false;
      for (let attempt = 0; attempt < 60 && !written; attempt++) {
        const doc = await EnterpriseItems.findById(enterpriseId).lean<EnterpriseItemsDoc>();
        if (!doc) break;
        const set: Record<string, string> = {};
        for (const i of mine) {
          const kept = doc.rows?.[String(i._id)];
          const keptVersion = kept ? (JSON.parse(kept) as ItemRow).v : -1;
          const json = JSON.stringify(itemRowOf(i));
          if (keptVersion < (i.version ?? 0) || (keptVersion === (i.version ?? 0) && kept !== json))
            set[`rows.${String(i._id)}`] = json;
        }
        if (doc.built && Object.keys(set).length === 0) break;
        const update = Object.keys(set).length ? { $set: set } : { $set: { built: false } };
        if (await updateAtVersion(EnterpriseItems, enterpriseId, doc.version, update)) written = true;
        else await retryPause(attempt);
      }
    }
  } catch (error: unknown) {
    console.error(
      `[prescriptions] 企业整改事项列表更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Rebuilds every kept document that differs from the items (the seed, the work sweep). Each document is read
 * before the items and written at the version read: a document that changed meanwhile is left to its writer.
 * Documents nobody has read are not made here (their first reader builds them).
 */
export async function rebuildEnterpriseItems(): Promise<{ written: number }> {
  const docs = await EnterpriseItems.find({}).lean<EnterpriseItemsDoc[]>();
  if (docs.length === 0) return { written: 0 };
  const wanted = await rowsFromRecords(docs.map((d) => d._id));
  const sorted = (rows: Record<string, string>) => JSON.stringify(Object.entries(rows).sort());
  let written = 0;
  for (const doc of docs) {
    const rows = wanted.get(doc._id) ?? {};
    if (doc.built && sorted(doc.rows ?? {}) === sorted(rows)) continue;
    if (await updateAtVersion(EnterpriseItems, doc._id, doc.version, { $set: { rows, built: true } }))
      written++;
  }
  return { written };
}
