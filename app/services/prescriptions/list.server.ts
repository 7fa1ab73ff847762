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
import { Assessment } from "../../../models/assessment";
import { Enterprise } from "../../../models/enterprise";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";
import { RenderedDocument } from "../../../models/rendered-document";
import { UnionOrg } from "../../../models/union-org";
import { itemView } from "./items.server";
import { enterpriseItemRows, type ItemRow } from "./kept-items.server";
import { isNothing, scopedQuery, countedSubtreeIds } from "../access/list-scope.server";
import { statuteLibrary } from "../../../templates/statutes";

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

/** The list's order: by deadline, prescription number and item number (the database's sort). */
const byDue = (a: ItemRow, b: ItemRow) =>
  a.due < b.due ? -1 : a.due > b.due ? 1 : a.pno < b.pno ? -1 : a.pno > b.pno ? 1 : a.no - b.no;

/**
 * The enterprises whose items are the person's whole list when it is theirs alone (HR, the chair: a scope
 * of enterprises, no organisation, and no organisation filter): then the list reads their kept rows.
 */
function ownEnterprisesOnly(user: Principal, filters: ItemFilters): string[] | null {
  const scope = listScope(user, "prescription_item");
  if (scope.kind !== "within" || scope.orgIds.length > 0 || filters.orgId) return null;
  return scope.enterpriseIds;
}

/** listItems for a person whose list is their own enterprises' items: from the kept rows, by `_id`. */
async function listOwnItems(enterpriseIds: string[], filters: ItemFilters, now: Date) {
  const today = todayInShanghai(now);
  const kept = await enterpriseItemRows(enterpriseIds);
  const enterpriseOptions = (
    await Promise.all(
      [...new Set([...kept.values()].map((k) => k.enterpriseId))].map((id) =>
        Enterprise.findById(id).select({ name: 1 }).lean(),
      ),
    )
  )
    .flatMap((e) => (e ? [{ id: String(e._id), name: e.name }] : []))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const matching = [...kept].filter(
    ([, k]) =>
      (!filters.enterpriseId || k.enterpriseId === filters.enterpriseId) &&
      matchesItemFilters(
        { status: k.row.st, severity: k.row.sev, dimensionId: k.row.dim, dueOn: k.row.due },
        filters,
        today,
      ),
  );
  // Open items first, by deadline, then the closed ones (as listItems).
  const open = matching.filter(([, k]) => k.row.st !== "closed").sort(([, a], [, b]) => byDue(a.row, b.row));
  const closed = matching
    .filter(([, k]) => k.row.st === "closed")
    .sort(([, a], [, b]) => byDue(a.row, b.row));
  const total = matching.length;
  const pages = Math.max(1, Math.ceil(total / ITEM_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const shown = [...open, ...closed].slice((page - 1) * ITEM_PAGE_SIZE, page * ITEM_PAGE_SIZE);
  const items = (
    await Promise.all(shown.map(([id]) => PrescriptionItem.findById(id).select({ events: 0 }).lean()))
  ).filter((i) => !!i);
  const names = new Map(enterpriseOptions.map((e) => [e.id, e.name]));
  return listPage(items, names, { total, page, pages, enterpriseOptions }, now);
}

export async function listItems(user: Principal, filters: ItemFilters, now = new Date()) {
  // No items to see (a representative): nothing to read.
  if (listScope(user, "prescription_item").kind === "none")
    return { rows: [], total: 0, page: 1, pages: 1, enterpriseOptions: [] };
  const own = ownEnterprisesOnly(user, filters);
  if (own) return listOwnItems(own, filters, now);
  const enterpriseOptions = await enterpriseOptionsFor(user);
  const query = await scopedQuery(
    user,
    "prescription_item",
    queryFor(filters, now),
    await orgFilter(filters),
  );
  // Open items first, by deadline, then the closed ones: what needs doing is never behind pages of
  // items rectified long ago. Two queries, each in the index order (status, dueOn).
  const open = { $and: [query, { status: { $ne: "closed" } }] };
  const closed = { $and: [query, { status: "closed" }] };
  const [openCount, closedCount] = await Promise.all([
    PrescriptionItem.countDocuments(open),
    PrescriptionItem.countDocuments(closed),
  ]);
  const total = openCount + closedCount;
  const pages = Math.max(1, Math.ceil(total / ITEM_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const from = (page - 1) * ITEM_PAGE_SIZE;
  const slice = (filter: Record<string, unknown>, skip: number, limit: number) =>
    limit <= 0
      ? Promise.resolve([])
      : PrescriptionItem.find(filter)
          .select({ events: 0 })
          .sort({ dueOn: 1, prescriptionNo: 1, no: 1 })
          .skip(skip)
          .limit(limit)
          .lean();
  const openRows = await slice(open, from, Math.min(ITEM_PAGE_SIZE, openCount - from));
  const closedRows = await slice(closed, Math.max(0, from - openCount), ITEM_PAGE_SIZE - openRows.length);
  const items = [...openRows, ...closedRows];
  return listPage(items, await namesOf(items), { total, page, pages, enterpriseOptions }, now);
}

/** A page of the list as the page shows it: each item's view with its enterprise's name. */
function listPage<T extends object>(
  items: Omit<PrescriptionItemDoc, "events">[],
  names: Map<string, string>,
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

async function enterpriseOptionsFor(user: Principal) {
  const visible = await scopedQuery(user, "prescription_item");
  if (isNothing(visible)) return [];
  const ids = await PrescriptionItem.distinct("enterpriseId", visible);
  const enterprises = await Enterprise.find({ _id: { $in: ids } })
    .select({ name: 1 })
    .sort({ name: 1 })
    .lean();
  return enterprises.map((e) => ({ id: String(e._id), name: e.name }));
}

/**
 * The filtered list (all pages) as an .xlsx workbook for the enterprises and the organisations: sheet 1 the
 * items, one row each, with the organisation, the legal basis as prose, the deadline, where it stands, the
 * rectification note and the closing date (no column repeats another: priority stands for severity, and
 * the deadline state is left empty once an item is closed); sheet 2 the headline figures per organisation.
 */
export async function exportItems(user: Principal, filters: ItemFilters, now = new Date()): Promise<Buffer> {
  const items = await PrescriptionItem.find(
    await scopedQuery(user, "prescription_item", queryFor(filters, now), await orgFilter(filters)),
  )
    .select({ events: 0 })
    .sort({ dueOn: 1, prescriptionNo: 1, no: 1 })
    .limit(EXPORT_MAX_ROWS)
    .lean();
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
  const orgs = await Promise.all(ids.map((id) => UnionOrg.findById(id).select({ name: 1 }).lean()));
  return new Map(orgs.flatMap((o) => (o ? [[String(o._id), o.name] as const] : [])));
}

export interface OrgFigures extends HeadlineFigures {
  orgId: string | null;
  orgName: string;
}

/**
 * Headline figures per union organisation the person may see (each node counts the enterprises hung
 * directly under it), plus a total row. Counted in the database, grouped by organisation.
 */
export async function headlineByOrg(user: Principal, now = new Date()): Promise<OrgFigures[]> {
  const items = await scopedQuery(user, "prescription_item");
  if (isNothing(items)) return [];
  const scope = listScope(user, "prescription_item");
  const today = todayInShanghai(now);
  const [checks, reportFiles, overdueItems] = await Promise.all([
    scopedQuery(user, "accepted_check", { status: "accepted" }),
    scopedQuery(user, "accepted_check", { kind: "report", status: "done" }),
    scopedQuery(user, "prescription_item", { status: { $ne: "closed" }, dueOn: { $lt: today } }),
  ]);
  const [checked, reports, byStatus, overdue] = await Promise.all([
    Assessment.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: checks },
      { $group: { _id: { org: "$unionOrgId", enterprise: "$enterpriseId" } } },
      { $group: { _id: "$_id.org", n: { $sum: 1 } } },
    ]),
    RenderedDocument.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: reportFiles },
      { $group: { _id: { org: "$unionOrgId", source: "$sourceId" } } },
      { $group: { _id: "$_id.org", n: { $sum: 1 } } },
    ]),
    PrescriptionItem.aggregate<{ _id: { org: Types.ObjectId; status: ItemStatus }; n: number }>([
      { $match: items },
      { $group: { _id: { org: "$unionOrgId", status: "$status" }, n: { $sum: 1 } } },
    ]),
    PrescriptionItem.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: overdueItems },
      { $group: { _id: "$unionOrgId", n: { $sum: 1 } } },
    ]),
  ]);
  const orgIds = new Set<string>([
    ...checked.map((r) => String(r._id)),
    ...reports.map((r) => String(r._id)),
    ...byStatus.map((r) => String(r._id.org)),
  ]);
  if (scope.kind === "within") scope.orgIds.forEach((id) => orgIds.add(id));
  const orgs = await UnionOrg.find({ _id: { $in: [...orgIds].map((id) => new Types.ObjectId(id)) } })
    .select({ name: 1, ancestors: 1 })
    .lean();
  const counts = (orgId: string | null) => {
    const match = (id: unknown) => orgId === null || String(id) === orgId;
    const sum = (rows: { _id: unknown; n: number }[]) =>
      rows.filter((r) => match(r._id)).reduce((a, r) => a + r.n, 0);
    const items = byStatus.filter((r) => match(r._id.org));
    return headlineFigures({
      enterprisesChecked: sum(checked),
      reportsIssued: sum(reports),
      itemsIssued: items.reduce((a, r) => a + r.n, 0),
      itemsClosed: items.filter((r) => r._id.status === "closed").reduce((a, r) => a + r.n, 0),
      itemsOverdue: sum(overdue),
    });
  };
  const rows: OrgFigures[] = orgs
    .sort((a, b) => a.ancestors.length - b.ancestors.length || a.name.localeCompare(b.name, "zh-CN"))
    .map((org) => ({ orgId: String(org._id), orgName: org.name, ...counts(String(org._id)) }));
  return [...rows, { orgId: null, orgName: "合计", ...counts(null) }];
}
