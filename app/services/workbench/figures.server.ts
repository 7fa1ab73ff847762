/**
 * The workbench figures (服务企业, 已建工会, 集体合同生效中, 集体协商进行中) and the enterprise list from
 * documents kept per union organisation (models/enterprise-figures.ts): one row per enterprise directly
 * under it, read by `_id`. A
 * document is built from the enterprises the first time it is read; after that the services that change an
 * enterprise's organisation, union, contract status or archiving call keepEnterpriseFigures, and the work
 * sweep (rebuildEnterpriseFigures) repairs what a crash left behind.
 */
import { Types } from "mongoose";
import { Enterprise, type EnterpriseDoc } from "../../../models/enterprise";
import { EnterpriseFigures, type EnterpriseFiguresDoc } from "../../../models/enterprise-figures";
import { isDuplicateKeyError } from "../../../models/errors";
import { orMissing } from "../../../models/lean-defaults";
import { UnionOrg } from "../../../models/union-org";
import { NO_ROWS, readKeptDocs, retryPause, writeKept } from "../../../models/kept-rows";
import { mapLimit } from "../../lib/map-limit";
import { memoOnInputs } from "../../lib/memo-inputs";

type Flags = Pick<
  EnterpriseDoc,
  | "unionOrgId"
  | "unionEstablishedOn"
  | "contractStatus"
  | "contractValidUntil"
  | "archived"
  | "name"
  | "creditCode"
  | "industry"
  | "headcount"
>;
export const KEPT_FIELDS = {
  unionOrgId: 1,
  unionEstablishedOn: 1,
  contractStatus: 1,
  contractValidUntil: 1,
  archived: 1,
  name: 1,
  creditCode: 1,
  industry: 1,
  headcount: 1,
} as const;
/** The rows' shape: a document of another (older) shape counts as not built. */
const ROW_FORMAT = 2;
const isBuilt = (doc: Pick<EnterpriseFiguresDoc, "built" | "format"> | null | undefined) =>
  !!doc?.built && doc.format === ROW_FORMAT;

/**
 * What is kept of an enterprise: the fields the workbench counts (union, contract status) and the
 * enterprise list's columns and filters.
 */
export interface FigureRow {
  union: boolean;
  contract: string;
  until: string | null;
  name: string;
  creditCode: string;
  industry: string;
  headcount: number;
}

export function figureRowOf(e: Flags): FigureRow {
  return {
    union: !!e.unionEstablishedOn,
    contract: e.contractStatus ?? "none",
    until: e.contractValidUntil ?? null,
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    headcount: e.headcount,
  };
}

export interface Figures {
  total: number;
  withUnion: number;
  inEffect: number;
  bargaining: number;
}

/** The figures of these rows (each enterprise once). */
export function figuresOf(rows: Iterable<Pick<FigureRow, "union" | "contract">>): Figures {
  const figures = { total: 0, withUnion: 0, inEffect: 0, bargaining: 0 };
  for (const row of rows) {
    figures.total++;
    if (row.union) figures.withUnion++;
    if (row.contract === "in_effect") figures.inEffect++;
    if (row.contract === "bargaining") figures.bargaining++;
  }
  return figures;
}

/** The enterprises' rows under each of these organisations, from the records (one read of the enterprises). */
async function rowsFromRecords(orgIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(orgIds.map((id) => [id, {}]));
  const ids = orgIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return out;
  const enterprises = await Enterprise.find({ unionOrgId: { $in: ids }, archived: orMissing(false) })
    .select(KEPT_FIELDS)
    .lean();
  for (const e of enterprises) {
    const rows = out.get(String(e.unionOrgId));
    if (rows) rows[String(e._id)] = JSON.stringify(figureRowOf(e));
  }
  return out;
}

/**
 * Enterprise names by id: from the rows kept for these organisations (the lists read them by `_id`), the
 * others (archived, moved, or under no organisation given) each by `_id`. The map is shared while the kept
 * documents are unchanged: never change it.
 */
export async function enterpriseNames(ids: string[], orgIds: string[]): Promise<ReadonlyMap<string, string>> {
  if (ids.length === 0) return new Map();
  const docs = await orgKeptDocs(orgIds);
  const kept = memoOnInputs("enterprise-names", orgIds.join(","), docs, () => {
    const names = new Map<string, string>();
    for (const rows of docs) for (const [id, row] of rows) names.set(id, row.name);
    return names;
  });
  const missing = [...new Set(ids)].filter((id) => !kept.has(id) && Types.ObjectId.isValid(id));
  if (missing.length === 0) return kept;
  const read = (
    await mapLimit(missing, 16, (id) => Enterprise.findById(id).select({ name: 1 }).lean())
  ).flatMap((e) => (e ? [String(e._id), e.name] : []));
  // The same map again while the kept names and those read are the same (callers keep work keyed by it).
  return memoOnInputs("enterprise-names-read", orgIds.join(","), [kept, ...read], () => {
    const names = new Map(kept);
    for (let i = 0; i < read.length; i += 2) names.set(read[i], read[i + 1]);
    return names;
  });
}

/** The kept rows of these organisations, each document's array in the order given (readKeptDocs). */
export async function orgKeptDocs(orgIds: string[]): Promise<(readonly [string, FigureRow][])[]> {
  const docs = await readKeptDocs<EnterpriseFiguresDoc, FigureRow>(
    EnterpriseFigures,
    orgIds,
    rowsFromRecords,
    isBuilt,
    { format: ROW_FORMAT },
  );
  return [...new Set(orgIds)].map((id) => docs.get(id) ?? NO_ROWS);
}

/**
 * The kept rows of these organisations (enterprise id → its organisation and row), each document by `_id`;
 * the map is shared while the documents are unchanged: never change it.
 */
export async function orgKeptRows(
  orgIds: string[],
): Promise<ReadonlyMap<string, { orgId: string; row: FigureRow }>> {
  const unique = [...new Set(orgIds)];
  const docs = await orgKeptDocs(unique);
  return memoOnInputs("org-kept-rows", unique.join(","), docs, () => {
    const rows = new Map<string, { orgId: string; row: FigureRow }>();
    unique.forEach((orgId, i) => {
      for (const [id, row] of docs[i]) rows.set(id, { orgId, row });
    });
    return rows;
  });
}

/**
 * The figures of each of these organisations' documents, and the enterprises they count: worked out once per
 * cached document (the workbench of a district counts ten thousand rows on every load otherwise).
 */
const docFigures = new WeakMap<
  readonly [string, FigureRow][],
  { figures: Figures; ids: ReadonlySet<string> }
>();
export async function orgFigures(orgIds: string[]) {
  const docs = await readKeptDocs<EnterpriseFiguresDoc, FigureRow>(
    EnterpriseFigures,
    orgIds,
    rowsFromRecords,
    isBuilt,
    { format: ROW_FORMAT },
  );
  return [...docs.values()].map((rows) => {
    let done = docFigures.get(rows);
    if (!done) {
      done = { figures: figuresOf(rows.map(([, row]) => row)), ids: new Set(rows.map(([id]) => id)) };
      docFigures.set(rows, done);
    }
    return done;
  });
}

/** Figures added up. */
export function addFigures(all: Iterable<Figures>): Figures {
  const sum = { total: 0, withUnion: 0, inEffect: 0, bargaining: 0 };
  for (const f of all) {
    sum.total += f.total;
    sum.withUnion += f.withUnion;
    sum.inEffect += f.inEffect;
    sum.bargaining += f.bargaining;
  }
  return sum;
}

/** Enterprise records read by key at once while keeping figures (an import keeps thousands). */
const KEEP_READS_AT_ONCE = 20;
/** Organisation documents kept at once. */
const KEEP_ORGS_AT_ONCE = 4;

/**
 * Puts these enterprises' rows where they belong now, in the documents of these organisations (their old and
 * new organisation after a move): each organisation's turn re-reads, after its document, the records of the
 * enterprises now under it or still in its rows, and writes at the document's version, retried when another
 * writer got there first. Documents nobody has read yet are left alone (their first reader builds them from
 * the records). Never fails the person's action: the sweep repairs.
 */
export async function keepEnterpriseFigures(enterpriseIds: unknown[], orgIds: unknown[]) {
  const ids = [...new Set(enterpriseIds.map(String))].filter((id) => Types.ObjectId.isValid(id));
  const orgs = [...new Set(orgIds.filter((id) => id != null).map(String))];
  const read = (list: string[]) =>
    mapLimit(list, KEEP_READS_AT_ONCE, (id) => Enterprise.findById(id).select(KEPT_FIELDS).lean());
  try {
    // Which organisation each enterprise is under now: an organisation's turn looks only at its own.
    const under = new Map<string, string[]>();
    (await read(ids)).forEach((e, i) => {
      if (!e) return;
      const orgId = String(e.unionOrgId);
      under.set(orgId, [...(under.get(orgId) ?? []), ids[i]]);
    });
    await mapLimit(orgs, KEEP_ORGS_AT_ONCE, async (orgId) => {
      for (let attempt = 0; attempt < 60; attempt++) {
        const doc = await EnterpriseFigures.findById(orgId).lean();
        if (!doc) return;
        const mine = [
          ...new Set([...(under.get(orgId) ?? []), ...ids.filter((id) => doc.rows?.[id] !== undefined)]),
        ];
        const records = await read(mine);
        const set: Record<string, string> = {};
        const unset: Record<string, ""> = {};
        mine.forEach((id, i) => {
          const e = records[i];
          const here = !!e && String(e.unionOrgId) === orgId && !e.archived;
          const json = here ? JSON.stringify(figureRowOf(e)) : null;
          if (json && doc.rows?.[id] !== json) set[`rows.${id}`] = json;
          if (!json && doc.rows?.[id] !== undefined) unset[`rows.${id}`] = "";
        });
        // A placeholder is written even when nothing changes here: its builder must read the records again.
        if (isBuilt(doc) && !Object.keys(set).length && !Object.keys(unset).length) return;
        const update = {
          ...(Object.keys(set).length ? { $set: set } : {}),
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
          ...(Object.keys(set).length || Object.keys(unset).length ? {} : { $set: { built: false } }),
        };
        if (await writeKept(EnterpriseFigures, orgId, doc.version, update)) return;
        await retryPause(attempt);
      }
      console.error(`[workbench] 工作台数字 ${orgId} 更新失败，下次巡检会重建`);
    });
  } catch (error: unknown) {
    console.error(
      `[workbench] 工作台数字更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The (empty, built) document of an organisation just created: no enterprise is under it yet, and the
 * enterprises registered under it later keep it; so its first reader does not read the enterprises.
 */
export async function startEnterpriseFigures(orgId: string) {
  await EnterpriseFigures.create({ _id: orgId, rows: {}, built: true, format: ROW_FORMAT, version: 0 }).catch(
    (error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    },
  );
}

/**
 * Rebuilds every kept document that differs from the enterprises (the seed, the work sweep), and makes
 * those of organisations that nobody has read yet (so no page has to build one). Each document is read, or
 * made as a placeholder, before the records, and written at the version read (see build): a document that
 * changed meanwhile is left to its writer and its next reader.
 */
export async function rebuildEnterpriseFigures(): Promise<{ written: number }> {
  const docs = new Map(
    (await EnterpriseFigures.find({}).lean<EnterpriseFiguresDoc[]>()).map((d) => [d._id, d] as const),
  );
  const orgIds = (await UnionOrg.find().select({ _id: 1 }).lean()).map((o) => String(o._id));
  for (const orgId of orgIds.filter((id) => !docs.has(id))) {
    const placeholder: EnterpriseFiguresDoc = { _id: orgId, rows: {}, built: false, version: 0 };
    const made = await EnterpriseFigures.create(placeholder).then(
      () => true,
      (error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
        return false;
      },
    );
    const doc = made ? placeholder : await EnterpriseFigures.findById(orgId).lean<EnterpriseFiguresDoc>();
    if (doc) docs.set(orgId, doc);
  }
  const enterprises = await Enterprise.find({ archived: orMissing(false) })
    .select(KEPT_FIELDS)
    .lean();
  const wanted = new Map<string, Record<string, string>>();
  for (const e of enterprises) {
    const orgId = String(e.unionOrgId);
    const rows = wanted.get(orgId) ?? {};
    rows[String(e._id)] = JSON.stringify(figureRowOf(e));
    wanted.set(orgId, rows);
  }
  let written = 0;
  const sorted = (rows: Record<string, string>) => JSON.stringify(Object.entries(rows).sort());
  for (const [orgId, doc] of docs) {
    const rows = wanted.get(orgId) ?? {};
    if (isBuilt(doc) && sorted(doc.rows ?? {}) === sorted(rows)) continue;
    if (
      await writeKept(EnterpriseFigures, orgId, doc.version, {
        $set: { rows, built: true, format: ROW_FORMAT },
      })
    )
      written++;
  }
  return { written };
}
