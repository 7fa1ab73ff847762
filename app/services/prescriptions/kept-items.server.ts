/**
 * Prescription items kept per enterprise and per union organisation (models/enterprise-items.ts): a list of
 * items (HR's and the chair's of their enterprise, an instructor's of their organisations) reads these
 * documents by `_id`, filters, orders and pages their rows in memory, then reads the page's items by `_id`.
 * The services that create or change an item call keepItems with the item as written; a document is built
 * from the items on its first read, and the work sweep (rebuildKeptItems) repairs what a crash left behind.
 */
import { Types, type Model } from "mongoose";
import type { ItemStatus } from "~/domain/prescriptions/status";
import { EnterpriseItems, OrgItems, type KeptItemsDoc } from "../../../models/enterprise-items";
import { keepRowsIn, readKeptDocs, readKeptRows, rebuildKept } from "../../../models/kept-rows";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";

type ItemFields = Pick<
  PrescriptionItemDoc,
  | "_id"
  | "enterpriseId"
  | "unionOrgId"
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
  unionOrgId: 1,
  status: 1,
  severity: 1,
  dimensionId: 1,
  dueOn: 1,
  prescriptionNo: 1,
  no: 1,
  version: 1,
} as const;

/** What is kept of an item: what the lists filter and order by, whose it is, and the version it was kept at. */
export interface ItemRow {
  st: ItemStatus;
  sev: string | null;
  dim: string;
  due: string;
  pno: string;
  no: number;
  /** The enterprise and the union organisation. */
  e: string;
  o: string;
  v: number;
}

export function itemRowOf(i: ItemFields): ItemRow {
  return {
    st: i.status,
    sev: i.severity ?? null,
    dim: i.dimensionId,
    due: i.dueOn,
    pno: i.prescriptionNo,
    no: i.no,
    e: String(i.enterpriseId),
    o: String(i.unionOrgId),
    v: i.version ?? 0,
  };
}

/** A row of an older shape (before `e` and `o`) makes its document be built again on its next read. */
const isBuilt = (doc: KeptItemsDoc | null | undefined) => {
  if (!doc?.built) return false;
  for (const json of Object.values(doc.rows ?? {})) return json.includes('"o":');
  return true;
};

/** The two ways items are kept: the field that names the document, and its collection. */
const KEPT = {
  enterprise: { model: EnterpriseItems, field: "enterpriseId" },
  org: { model: OrgItems, field: "unionOrgId" },
} as const satisfies Record<string, { model: Model<KeptItemsDoc>; field: keyof ItemFields }>;
type Keeping = keyof typeof KEPT;

/** The items' rows of these enterprises or organisations, from the items (one read). */
function rowsFromRecords(by: Keeping) {
  return async (keys: string[]): Promise<Map<string, Record<string, string>>> => {
    const out = new Map<string, Record<string, string>>(keys.map((id) => [id, {}]));
    const ids = keys.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    if (ids.length === 0) return out;
    for (const i of await PrescriptionItem.find({ [KEPT[by].field]: { $in: ids } })
      .select(ITEM_FIELDS)
      .lean()) {
      const rows = out.get(String(i[KEPT[by].field]));
      if (rows) rows[String(i._id)] = JSON.stringify(itemRowOf(i));
    }
    return out;
  };
}

/**
 * The kept rows of each of these enterprises' or organisations' documents (key → its rows), each by `_id`; an
 * array is the cached one while its document is unchanged (never change it).
 */
export async function keptItemDocs(by: Keeping, keys: string[]) {
  return readKeptDocs<KeptItemsDoc, ItemRow>(
    KEPT[by].model,
    keys.filter((id) => Types.ObjectId.isValid(id)),
    rowsFromRecords(by),
    isBuilt,
  );
}

/** The kept rows of the items of these enterprises or organisations (item id → row), each document by `_id`. */
export async function keptItemRows(by: Keeping, keys: string[]): Promise<Map<string, ItemRow>> {
  const kept = await readKeptRows<KeptItemsDoc, ItemRow>(
    KEPT[by].model,
    keys.filter((id) => Types.ObjectId.isValid(id)),
    rowsFromRecords(by),
    isBuilt,
  );
  return new Map([...kept].map(([id, { row }]) => [id, row]));
}

/**
 * Puts these items, as just written, in their enterprises' and organisations' documents: a row is written
 * only over an older version of the same item (two writers of one item may land in either order), at the
 * document's version, retried when another writer got there first. A document nobody has read yet is left
 * alone (its first reader builds it); a placeholder is written too, so that its builder reads the items
 * again. Never fails the person's action: the sweep repairs.
 */
export async function keepItems(items: ItemFields[]) {
  try {
    for (const by of ["enterprise", "org"] as const) {
      const byKey = new Map<string, ItemFields[]>();
      for (const i of items) {
        const key = String(i[KEPT[by].field]);
        byKey.set(key, [...(byKey.get(key) ?? []), i]);
      }
      for (const [key, mine] of byKey)
        await keepRowsIn(
          KEPT[by].model,
          key,
          mine.map((i) => ({
            id: String(i._id),
            version: i.version ?? 0,
            json: JSON.stringify(itemRowOf(i)),
          })),
          (json) => (JSON.parse(json) as ItemRow).v,
        );
    }
  } catch (error: unknown) {
    console.error(
      `[prescriptions] 整改事项列表更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Rebuilds every kept document that differs from the items (the seed, the work sweep). Each document is read
 * before the items and written at the version read: a document that changed meanwhile is left to its writer.
 * Documents nobody has read are not made here (their first reader builds them).
 */
export async function rebuildKeptItems(): Promise<{ written: number }> {
  let written = 0;
  for (const by of ["enterprise", "org"] as const)
    written += await rebuildKept(KEPT[by].model, rowsFromRecords(by));
  return { written };
}
