/**
 * Prescription items across the enterprises a person may see: filters, pages, the .xlsx export, and
 * the headline figures per union organisation (enterprises checked, reports issued, items issued,
 * % rectified, % overdue).
 */
import ExcelJS from "exceljs";
import { workbookBytes } from "~/lib/xlsx.server";
import { Types } from "mongoose";
import * as z from "zod";
import { todayInShanghai } from "~/domain/dates";
import { formatLegalBasis } from "~/domain/citation-format";
import { PRIORITY_LABELS } from "~/domain/prescriptions/items";
import {
  DUE_STATE_LABELS,
  ITEM_STATUSES,
  ITEM_STATUS_LABELS,
  headlineFigures,
  type HeadlineFigures,
  type ItemStatus,
} from "~/domain/prescriptions/status";
import { listScope, type Principal } from "~/domain/policy";
import { dueWindow, matchesItemFilters, type DueFilter } from "~/domain/prescriptions/list-filters";
import { idParam, oneOf, pageParam, parseQuery } from "~/lib/query";
import { Enterprise } from "../../../models/enterprise";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";
import { itemView } from "./items.server";
import { itemRowOf, keptItemDocs, keptItemRows, type ItemRow } from "./kept-items.server";
import { scopedQuery, countedSubtreeIds } from "../access/list-scope.server";
import { countedSubtreeOf, subtreeOf } from "~/domain/org-tree";
import { mapLimit } from "~/lib/map-limit";
import { keptCheckBuckets } from "../dashboards/rollups.server";
import { NO_ROWS, readAtVersions } from "../../../models/kept-rows";
import { memoOnInputs } from "~/lib/memo-inputs";
import { enterpriseNames } from "../workbench/figures.server";
import { statuteLibrary } from "../../../templates/statutes";
import { orgTree } from "../../../models/org-tree";
import { compareZh } from "~/lib/text";
import { sliceOfSorted } from "~/lib/sorted";

export const ITEM_PAGE_SIZE = 30;
export const EXPORT_MAX_ROWS = 20_000;

export interface ItemFilters {
  status?: ItemStatus;
  severity?: "H" | "M" | "L";
  due?: DueFilter;
  dimension?: string;
  enterpriseId?: string;
  /** A union organisation: its items and those of every organisation below it (the dashboard's links). */
  orgId?: string;
  page: number;
}

const ItemFilterQuery = z.object({
  status: oneOf(ITEM_STATUSES),
  severity: oneOf(["H", "M", "L"]),
  due: oneOf(["overdue", "due_soon", "open"]),
  dimension: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/)
    .optional()
    .catch(undefined),
  enterprise: idParam,
  org: idParam,
  page: pageParam,
});

/** List filters from the URL; unknown values are dropped, never trusted (they can only narrow the scope). */
export function parseItemFilters(params: URLSearchParams): ItemFilters {
  const { enterprise, org, ...rest } = parseQuery(ItemFilterQuery, params);
  const filters: ItemFilters = { page: rest.page };
  if (rest.status) filters.status = rest.status;
  if (rest.severity) filters.severity = rest.severity;
  if (rest.due) filters.due = rest.due;
  if (rest.dimension) filters.dimension = rest.dimension;
  if (enterprise) filters.enterpriseId = enterprise;
  if (org) filters.orgId = org;
  return filters;
}

function queryFor(filters: ItemFilters, now: Date): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filters.status) query.status = filters.status;
  if (filters.severity) query.severity = filters.severity;
  if (filters.dimension) query.dimensionId = filters.dimension;
  if (filters.enterpriseId) query.enterpriseId = new Types.ObjectId(filters.enterpriseId);
  const window = dueWindow(filters, todayInShanghai(now));
  if (window.before) query.dueOn = { $lt: window.before };
  if (window.from && window.to) query.dueOn = { $gte: window.from, $lte: window.to };
  if (window.openOnly) query.status = { $ne: "closed" };
  return query;
}

/** The URL's organisation: its subtree (an empty filter when none is given). */
async function orgFilter(filters: ItemFilters): Promise<Record<string, unknown>> {
  return filters.orgId ? { unionOrgId: { $in: await countedSubtreeIds(filters.orgId) } } : {};
}

async function namesOf(items: Pick<PrescriptionItemDoc, "enterpriseId">[]) {
  const ids = [...new Set(items.map((i) => String(i.enterpriseId)))].map((id) => new Types.ObjectId(id));
  const enterprises = await Enterprise.find({ _id: { $in: ids } })
    .select({ name: 1 })
    .lean();
  return new Map(enterprises.map((e) => [String(e._id), e.name]));
}

/**
 * The list's order: by deadline, prescription number, item number, then id (two organisations' numbers may
 * read alike; without the id, pages could show an item twice and another never).
 */
const byDue = ([idA, a]: readonly [string, ItemRow], [idB, b]: readonly [string, ItemRow]) =>
  a.due < b.due
    ? -1
    : a.due > b.due
      ? 1
      : a.pno < b.pno
        ? -1
        : a.pno > b.pno
          ? 1
          : a.no - b.no || (idA < idB ? -1 : idA > idB ? 1 : 0);

/** More enterprises than this with items: the list offers no enterprise picker (one opens an enterprise's tab). */
export const ENTERPRISE_OPTIONS_MAX = 200;

type Row = readonly [id: string, row: ItemRow];

/**
 * The kept rows of every item a person may see, in parts (each organisation document's rows as cached, and
 * the rows of the person's own enterprises that no such document holds; no item in two parts), and the
 * organisation nodes they were read from.
 */
interface KeptScope {
  parts: (readonly Row[])[];
  orgIds: string[];
}

/** What a part's rows give once per cached array: open and closed rows in the list's order, the enterprises. */
interface PartView {
  open: readonly Row[];
  closed: readonly Row[];
  enterprises: ReadonlySet<string>;
  /** Per day: issued, closed and overdue items per organisation (the headline figures). */
  counts: Map<string, Map<string, { issued: number; closed: number; overdue: number }>>;
}
const partViews = new WeakMap<readonly Row[], PartView>();

function viewOf(part: readonly Row[]): PartView {
  let view = partViews.get(part);
  if (!view) {
    const open = part.filter(([, r]) => r.st !== "closed").sort(byDue);
    const closed = part.filter(([, r]) => r.st === "closed").sort(byDue);
    view = { open, closed, enterprises: new Set(part.map(([, r]) => r.e)), counts: new Map() };
    partViews.set(part, view);
  }
  return view;
}

function countsOn(part: readonly Row[], today: string) {
  const view = viewOf(part);
  let counts = view.counts.get(today);
  if (!counts) {
    counts = new Map();
    for (const [, r] of part) {
      let c = counts.get(r.o);
      if (!c) counts.set(r.o, (c = { issued: 0, closed: 0, overdue: 0 }));
      c.issued++;
      if (r.st === "closed") c.closed++;
      else if (r.due < today) c.overdue++;
    }
    view.counts.clear(); // one day kept
    view.counts.set(today, counts);
  }
  return counts;
}

/**
 * The items a person may see, narrowed to the URL's organisation (its counted subtree) and enterprise, from
 * the kept rows: the documents of the organisation nodes of their scope and of their own enterprises — or of
 * the one enterprise asked for — each by `_id` (the same scope as scopedQuery: items of an organisation in the
 * scope's subtrees, or of one of their enterprises). Nothing is read for a person who sees no items.
 */
async function keptItemsFor(
  user: Principal,
  narrow: { orgId?: string; enterpriseId?: string } = {},
): Promise<KeptScope> {
  const scope = listScope(user, "prescription_item");
  if (scope.kind === "none" || scope.kind === "own") return { parts: [], orgIds: [] };
  const own = scope.kind === "within" ? scope.enterpriseIds : [];
  const needsTree = scope.kind === "all" || scope.orgIds.length > 0 || !!narrow.orgId;
  const tree = needsTree ? (await orgTree()).nodes : [];
  const counted = narrow.orgId
    ? new Set(countedSubtreeOf(tree, narrow.orgId).map((o) => String(o._id)))
    : null;
  const orgIds = (scope.kind === "all" ? tree : subtreeOf(tree, scope.orgIds))
    .map((o) => String(o._id))
    .filter((id) => !counted || counted.has(id));
  if (narrow.enterpriseId) {
    // One enterprise (its tab, a filter): its own document, kept to what the scope lets in.
    const inScope = new Set(orgIds);
    const rows = [...(await keptItemRows("enterprise", [narrow.enterpriseId]))].filter(
      ([, r]) => inScope.has(r.o) || (own.includes(r.e) && (!counted || counted.has(r.o))),
    );
    return { parts: [rows], orgIds: [...new Set(rows.map(([, r]) => r.o))] };
  }
  const [byOrg, byEnterprise] = await Promise.all([
    keptItemDocs("org", orgIds),
    keptItemDocs("enterprise", own),
  ]);
  // An item is kept in the document of the organisation that issued it: own enterprises' rows add only the
  // items of organisations outside those read.
  const read = new Set(orgIds);
  const extra = new Map<string, ItemRow>();
  for (const rows of byEnterprise.values())
    for (const [id, row] of rows)
      if (!read.has(row.o) && (!counted || counted.has(row.o))) extra.set(id, row);
  return { parts: [...byOrg.values(), ...(extra.size ? [[...extra]] : [])], orgIds };
}

/**
 * The list (a page of it) from kept rows: filtered, open items first by deadline, then the closed ones (what
 * needs doing is never behind pages of items rectified long ago), the shown items read by `_id`. The
 * enterprise picker offers the enterprises of all the person's items (`optionsFrom`: not narrowed by the
 * filters), unless they are too many to pick from.
 */
async function pageOfKept(kept: KeptScope, filters: ItemFilters, now: Date, optionsFrom = kept) {
  const today = todayInShanghai(now);
  // Any filter but the page and the organisation (which chose the parts) narrows the rows.
  const filtered = Object.entries(filters).some(
    ([key, value]) => key !== "page" && key !== "orgId" && !!value,
  );
  const matches = ([, r]: Row) =>
    (!filters.enterpriseId || r.e === filters.enterpriseId) &&
    matchesItemFilters({ status: r.st, severity: r.sev, dimensionId: r.dim, dueOn: r.due }, filters, today);
  // Each part sorted once while its document is unchanged; the page is merged from the parts.
  const views = kept.parts.map(viewOf);
  const open = views.map((v) => (filtered ? v.open.filter(matches) : v.open));
  const closed = views.map((v) => (filtered ? v.closed.filter(matches) : v.closed));
  const openCount = open.reduce((n, l) => n + l.length, 0);
  const total = openCount + closed.reduce((n, l) => n + l.length, 0);
  const pages = Math.max(1, Math.ceil(total / ITEM_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const from = (page - 1) * ITEM_PAGE_SIZE;
  const shown = sliceOfSorted(open, byDue, from, ITEM_PAGE_SIZE);
  shown.push(...sliceOfSorted(closed, byDue, Math.max(0, from - openCount), ITEM_PAGE_SIZE - shown.length));
  const everyEnterprise = [...new Set(optionsFrom.parts.flatMap((p) => [...viewOf(p).enterprises]))];
  const offered = everyEnterprise.length <= ENTERPRISE_OPTIONS_MAX;
  const [items, names] = await Promise.all([
    itemsOfRows(shown),
    enterpriseNames(
      offered ? everyEnterprise : [...new Set(shown.map(([, r]) => r.e))],
      offered ? optionsFrom.orgIds : [],
    ),
  ]);
  const enterpriseOptions = offered
    ? everyEnterprise
        .map((id) => ({ id, name: names.get(id) ?? "" }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    : [];
  return listPage(
    items,
    names,
    { total, page, pages, enterpriseOptions, enterprisesWithItems: everyEnterprise.length },
    now,
  );
}

export async function listItems(user: Principal, filters: ItemFilters, now = new Date()) {
  // No items to see (a representative): nothing to read.
  if (listScope(user, "prescription_item").kind === "none")
    return { rows: [], total: 0, page: 1, pages: 1, enterpriseOptions: [], enterprisesWithItems: 0 };
  return pageOfKept(await keptItemsFor(user, filters), filters, now);
}

/**
 * The prescriptions page: the list and the headline figures, the kept rows read once when the list is not
 * narrowed to an organisation (the figures never are).
 */
export async function prescriptionsPage(user: Principal, filters: ItemFilters, now = new Date()) {
  if (listScope(user, "prescription_item").kind === "none")
    return { list: await listItems(user, filters, now), figures: [] };
  const whole = await keptItemsFor(user);
  const [list, figures] = await Promise.all([
    pageOfKept(
      filters.orgId || filters.enterpriseId ? await keptItemsFor(user, filters) : whole,
      filters,
      now,
      whole,
    ),
    headlineFrom(user, whole, now),
  ]);
  return { list, figures };
}

/** Whether a cached item still reads as its kept row says (what the list filtered and sorted it by). */
const agreesWithRow = (item: ListedItem, row: ItemRow) =>
  JSON.stringify(itemRowOf(item)) === JSON.stringify(row);

/** An item as the lists read it: every field but its events (each by key at its kept row's version). */
export type ListedItem = Omit<PrescriptionItemDoc, "events">;

/**
 * The items of these kept rows, in their order, without their events: each read by `_id` at the version its
 * row gives, and kept in the process while that version holds (an item not found is left out).
 */
export async function itemsOfRows(rows: readonly Row[]): Promise<ListedItem[]> {
  const rowOf = new Map(rows);
  const read = await readAtVersions<ListedItem, PrescriptionItemDoc>(
    PrescriptionItem,
    rows.map(([id, r]) => [id, r.v] as const),
    "list",
    LISTED_FIELDS,
    (id, item) => agreesWithRow(item, rowOf.get(id)!),
  );
  return rows.flatMap(([id]) => read.get(id) ?? []);
}

const LISTED_FIELDS: Record<string, 1> = Object.fromEntries(
  Object.keys(PrescriptionItem.schema.paths)
    .map((path) => path.split(".")[0])
    .filter((field) => field !== "events" && field !== "__v")
    .map((field) => [field, 1]),
);

/** A page of the list as the page shows it: each item's view with its enterprise's name. */
function listPage<T extends object>(
  items: ListedItem[],
  names: ReadonlyMap<string, string>,
  counts: T,
  now: Date,
) {
  return {
    rows: items.map((i) => ({
      ...itemView({ ...i, events: [] }, now),
      enterpriseName: names.get(String(i.enterpriseId)) ?? "",
    })),
    ...counts,
  };
}

/**
 * The items of the filtered list by the database's query, by deadline, prescription number, item number and id
 * (at most EXPORT_MAX_ROWS): the export's rows, and what the kept lists are tested against.
 */
export async function queriedItems(user: Principal, filters: Omit<ItemFilters, "page">, now = new Date()) {
  const all = { ...filters, page: 1 };
  return PrescriptionItem.find(
    await scopedQuery(user, "prescription_item", queryFor(all, now), await orgFilter(all)),
  )
    .select({ events: 0 })
    .sort({ dueOn: 1, prescriptionNo: 1, no: 1, _id: 1 })
    .limit(EXPORT_MAX_ROWS)
    .lean();
}

/**
 * The filtered list (all pages) as an .xlsx workbook for the enterprises and the organisations: sheet 1 the
 * items, one row each, with the organisation, the legal basis as prose, the deadline, where it stands, the
 * rectification note and the closing date (no column repeats another: priority stands for severity, and
 * the deadline state is left empty once an item is closed); sheet 2 the headline figures per organisation.
 */
export async function exportItems(user: Principal, filters: ItemFilters, now = new Date()): Promise<Buffer> {
  const items = await queriedItems(user, filters, now);
  const [names, orgNames, figures] = await Promise.all([
    namesOf(items),
    orgNamesOf(items),
    headlineByOrg(user, now),
  ]);
  const book = new ExcelJS.Workbook();
  book.creator = "工会协商通";
  const sheet = book.addWorksheet("整改事项");
  sheet.columns = [
    { header: "企业", key: "enterprise", width: 30 },
    { header: "工会组织", key: "org", width: 20 },
    { header: "处方编号", key: "no", width: 20 },
    { header: "序号", key: "seq", width: 6 },
    { header: "存在的问题", key: "title", width: 40 },
    { header: "法律依据", key: "legalBasis", width: 40 },
    { header: "整改要求", key: "action", width: 48 },
    { header: "责任人", key: "owner", width: 16 },
    { header: "整改期限", key: "dueOn", width: 12 },
    { header: "优先级", key: "priority", width: 8 },
    { header: "状态", key: "status", width: 10 },
    { header: "期限提醒", key: "due", width: 10 },
    { header: "整改说明", key: "note", width: 40 },
    { header: "销号日期", key: "closedOn", width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const item of items) {
    const view = itemView({ ...item, events: [] }, now);
    sheet.addRow({
      enterprise: names.get(String(item.enterpriseId)) ?? "",
      org: orgNames.get(String(item.unionOrgId)) ?? "",
      no: item.prescriptionNo,
      seq: item.no,
      title: item.title,
      legalBasis: item.legalBasis ? formatLegalBasis(item.legalBasis, statuteLibrary) : "",
      action: item.action,
      owner: item.owner,
      dueOn: item.dueOn,
      priority: PRIORITY_LABELS[item.priority],
      status: ITEM_STATUS_LABELS[item.status],
      // Closed items have no deadline to watch: 已销号 is in 状态 already.
      due: view.due === "closed" ? "" : DUE_STATE_LABELS[view.due],
      note: item.note,
      closedOn: item.closedAt ? todayInShanghai(item.closedAt) : "",
    });
  }
  sheet.eachRow((row) => {
    row.alignment = { vertical: "top", wrapText: true };
  });

  const summary = book.addWorksheet("按组织汇总");
  summary.columns = [
    { header: "工会组织", key: "org", width: 26 },
    { header: "体检企业数", key: "checked", width: 12 },
    { header: "体检报告数", key: "reports", width: 12 },
    { header: "整改事项数", key: "items", width: 12 },
    { header: "已销号", key: "closed", width: 10 },
    { header: "已逾期", key: "overdue", width: 10 },
    { header: "整改完成率（%）", key: "rectified", width: 16 },
    { header: "逾期率（%）", key: "overduePct", width: 12 },
  ];
  summary.getRow(1).font = { bold: true };
  summary.views = [{ state: "frozen", ySplit: 1 }];
  for (const f of figures) {
    const row = summary.addRow({
      org: f.orgName,
      checked: f.enterprisesChecked,
      reports: f.reportsIssued,
      items: f.itemsIssued,
      closed: f.itemsClosed,
      overdue: f.itemsOverdue,
      rectified: f.rectifiedPct ?? "—",
      overduePct: f.overduePct ?? "—",
    });
    if (f.orgId === null) row.font = { bold: true };
  }
  summary.addRow([]);
  summary.addRow([
    `统计时间：${todayInShanghai(now)}。各组织只计直属企业；整改完成率、逾期率以整改事项数为分母；汇总不受上表筛选条件影响。`,
  ]);
  return workbookBytes(book);
}

async function orgNamesOf(items: Pick<PrescriptionItemDoc, "unionOrgId">[]) {
  const ids = [...new Set(items.map((i) => String(i.unionOrgId)))];
  const { byId } = await orgTree();
  return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!.name] as const] : [])));
}

export interface OrgFigures extends HeadlineFigures {
  orgId: string | null;
  orgName: string;
}

/**
 * Headline figures per union organisation the person may see (each node counts what is hung directly under
 * it: its enterprises' checks, their reports, and the items it issued), plus a total row. From kept rows
 * only: the items' (keptItemsFor) and the checks' in the dashboard's check buckets of those organisations.
 */
export async function headlineByOrg(user: Principal, now = new Date()): Promise<OrgFigures[]> {
  if (listScope(user, "prescription_item").kind === "none") return [];
  return headlineFrom(user, await keptItemsFor(user), now);
}

async function headlineFrom(user: Principal, kept: KeptScope, now: Date): Promise<OrgFigures[]> {
  const scope = listScope(user, "prescription_item");
  if (scope.kind === "none" || scope.kind === "own") return [];
  const today = todayInShanghai(now);
  const own = new Set(scope.kind === "within" ? scope.enterpriseIds : []);
  const inScopeOrgs = new Set(kept.orgIds);
  // An enterprise of the person's own keeps its checks in its organisation's bucket (also where its items were
  // issued, should it have moved since).
  const ownOrgs = own.size
    ? (
        await mapLimit(
          [...own].filter((id) => Types.ObjectId.isValid(id)),
          16,
          (id) => Enterprise.findById(id).select({ unionOrgId: 1 }).lean(),
        )
      ).flatMap((e) => (e ? [String(e.unionOrgId)] : []))
    : [];
  if (own.size) for (const part of kept.parts) for (const [, r] of part) if (own.has(r.e)) ownOrgs.push(r.o);
  const bucketOrgs = [...new Set([...kept.orgIds, ...ownOrgs])];
  const buckets = await keptCheckBuckets(bucketOrgs);
  const arrays = bucketOrgs.map((id) => buckets.get(id) ?? NO_ROWS);
  // The checks' figures per organisation, worked out once while the buckets are the same cached arrays.
  const checkFigures = memoOnInputs(
    "headline-checks",
    JSON.stringify([bucketOrgs, kept.orgIds, [...own].sort()]),
    arrays,
    () => {
      const out = new Map<string, { checked: Set<string>; reports: number }>();
      bucketOrgs.forEach((orgId, i) => {
        for (const [, row] of arrays[i]) {
          if (!inScopeOrgs.has(orgId) && !own.has(row.e)) continue;
          if (!row.acc && !row.rep) continue;
          let f = out.get(orgId);
          if (!f) out.set(orgId, (f = { checked: new Set(), reports: 0 }));
          if (row.acc) f.checked.add(row.e);
          if (row.rep) f.reports++;
        }
      });
      return out;
    },
  );
  const figures = new Map<string, HeadlineCounts>();
  const at = (orgId: string) => {
    let f = figures.get(orgId);
    if (!f) figures.set(orgId, (f = { checked: new Set(), reports: 0, issued: 0, closed: 0, overdue: 0 }));
    return f;
  };
  // The sets are shared (read only from here on).
  for (const [orgId, c] of checkFigures) Object.assign(at(orgId), { checked: c.checked, reports: c.reports });
  for (const part of kept.parts)
    for (const [orgId, c] of countsOn(part, today)) {
      const f = at(orgId);
      f.issued += c.issued;
      f.closed += c.closed;
      f.overdue += c.overdue;
    }
  if (scope.kind === "within") for (const id of scope.orgIds) at(id);
  const { byId } = await orgTree();
  const orgs = [...figures.keys()].flatMap((id) => byId.get(id) ?? []);
  const countsOf = (list: HeadlineCounts[]) =>
    headlineFigures({
      enterprisesChecked: list.reduce((a, f) => a + f.checked.size, 0),
      reportsIssued: list.reduce((a, f) => a + f.reports, 0),
      itemsIssued: list.reduce((a, f) => a + f.issued, 0),
      itemsClosed: list.reduce((a, f) => a + f.closed, 0),
      itemsOverdue: list.reduce((a, f) => a + f.overdue, 0),
    });
  const rows: OrgFigures[] = orgs
    .sort((a, b) => a.ancestors.length - b.ancestors.length || compareZh(a.name, b.name))
    .map((org) => ({
      orgId: String(org._id),
      orgName: org.name,
      ...countsOf([figures.get(String(org._id))!]),
    }));
  return [
    ...rows,
    { orgId: null, orgName: "合计", ...countsOf(orgs.map((o) => figures.get(String(o._id))!)) },
  ];
}

interface HeadlineCounts {
  checked: ReadonlySet<string>;
  reports: number;
  issued: number;
  closed: number;
  overdue: number;
}
