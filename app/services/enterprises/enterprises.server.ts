import { Types } from "mongoose";
import { enterpriseAccounts, keepAccount } from "../accounts/kept-accounts.server";
import * as z from "zod";
import { todayInShanghai } from "~/domain/dates";
import {
  type ContractStatus,
  contractFactsOf,
  contractStateOf,
  EnterpriseInputSchema,
  INDUSTRIES,
  matchesEnterpriseFilters,
  SIZE_BANDS,
  type ListedEnterprise,
  type ContractState,
  type EnterpriseInput,
} from "~/domain/enterprise";
import { can, listScope, type Principal } from "~/domain/policy";
import { idParam, oneOf, pageParam, parseFilterQuery, textParam } from "~/lib/query";
import { contractExpiredWhere, contractInEffectWhere } from "~/domain/dashboards/figures";
import { Enterprise, type EnterpriseDoc } from "../../../models/enterprise";
import { DuplicateError, explainDuplicate } from "../../../models/errors";
import { UnionOrg } from "../../../models/union-org";
import { orMissing } from "../../../models/lean-defaults";
import { updateAtVersion } from "../../../models/write-claim";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { scopedQuery, countedSubtreeIds } from "../access/list-scope.server";
import { orgPathOf } from "../orgs/orgs.server";
import { noteChange } from "../dashboards/rollups.server";
import {
  figureRowOf,
  keepEnterpriseFigures,
  KEPT_FIELDS,
  orgKeptRows,
  type FigureRow,
} from "../workbench/figures.server";
import { countedSubtreeOf, subtreeOf } from "~/domain/org-tree";
import { orgTree } from "../../../models/org-tree";
import { memoOnInputs } from "~/lib/memo-inputs";

export const PAGE_SIZE = 20;

export interface EnterpriseFilters {
  q?: string;
  orgId?: string;
  industry?: string;
  size?: string;
  contract?: string;
  union?: string;
  page?: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** List filters from the URL; unknown values are dropped, never trusted (they can only narrow the scope). */
const FilterQuery = z.object({
  q: textParam(50),
  org: idParam,
  industry: oneOf(INDUSTRIES.map((i) => i.code) as [string, ...string[]]),
  size: oneOf(SIZE_BANDS.map((b) => b.id) as [string, ...string[]]),
  contract: oneOf(["none", "bargaining", "in_effect", "expired"]),
  union: oneOf(["yes", "no"]),
  page: pageParam,
});

export function parseFilters(params: URLSearchParams): EnterpriseFilters {
  return parseEnterpriseFilters(params).filters;
}

/** The filters and the labels of those given but unreadable (ignored; the list page names them). */
export function parseEnterpriseFilters(params: URLSearchParams): {
  filters: EnterpriseFilters;
  invalid: string[];
} {
  const { filters, invalid } = parseFilterQuery(FilterQuery, params, {
    q: "名称或信用代码",
    org: "工会组织",
    industry: "行业",
    size: "规模",
    contract: "集体合同",
    union: "工会",
  });
  const { org, ...rest } = filters;
  return { filters: { ...rest, orgId: org }, invalid };
}

async function buildQuery(user: Principal, filters: EnterpriseFilters, now = new Date()) {
  const and: Record<string, unknown>[] = [{ archived: orMissing(false) }];
  if (filters.q) {
    const rx = new RegExp(escapeRegex(filters.q), "i");
    and.push({ $or: [{ name: rx }, { creditCode: rx }] });
  }
  if (filters.orgId) and.push({ unionOrgId: { $in: await countedSubtreeIds(filters.orgId) } });
  if (filters.industry) and.push({ industry: filters.industry });
  if (filters.size) {
    const band = SIZE_BANDS.find((b) => b.id === filters.size)!;
    const range: Record<string, number> = { $gte: band.min };
    if (band.max !== undefined && band.max !== null) range.$lte = band.max;
    and.push({ headcount: range });
  }
  // "none" is the default: records older than the field lack it.
  // In effect and expired as the dashboard counts them (one definition: isContractInEffect).
  if (filters.contract === "in_effect") and.push(contractInEffectWhere(todayInShanghai(now)));
  else if (filters.contract === "expired") and.push(contractExpiredWhere(todayInShanghai(now)));
  else if (filters.contract)
    and.push({ contractStatus: filters.contract === "none" ? orMissing("none") : filters.contract });
  if (filters.union === "yes") and.push({ unionEstablishedOn: { $nin: [null, ""] } });
  if (filters.union === "no") and.push({ unionEstablishedOn: { $in: [null, ""] } });
  return scopedQuery(user, "enterprise", ...and);
}

export interface EnterpriseRow {
  id: string;
  name: string;
  creditCode: string;
  industry: string;
  industryName: string;
  headcount: number;
  unionOrgName: string;
  unionEstablished: boolean;
  /** Derived in China time: an in-effect contract past its end date shows as expired. */
  contractStatus: ContractState;
  contractValidUntil: string | null;
}

async function orgNames(ids: Types.ObjectId[]) {
  const { byId } = await orgTree();
  return new Map(
    ids.flatMap((id) => (byId.has(String(id)) ? [[String(id), byId.get(String(id))!.name] as const] : [])),
  );
}

/** What a list row shows of an enterprise, read from its record or from its kept row. */
type Listed = ListedEnterprise & { id: string; orgId: string; creditCode: string };

const listedOfDoc = (e: EnterpriseDoc): Listed => ({
  id: String(e._id),
  orgId: String(e.unionOrgId),
  name: e.name,
  creditCode: e.creditCode,
  industry: e.industry,
  headcount: e.headcount,
  union: !!e.unionEstablishedOn,
  contractStatus: e.contractStatus ?? "none",
  contractValidUntil: e.contractValidUntil ?? null,
});

const listedOfKept = (id: string, orgId: string, row: FigureRow): Listed => ({
  id,
  orgId,
  name: row.name,
  creditCode: row.creditCode,
  industry: row.industry,
  headcount: row.headcount,
  union: row.union,
  contractStatus: row.contract as ContractStatus,
  contractValidUntil: row.until,
});

function presentRow(e: Listed, names: Map<string, string>, today: string): EnterpriseRow {
  return {
    id: e.id,
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    industryName: INDUSTRIES.find((i) => i.code === e.industry)?.name ?? e.industry,
    headcount: e.headcount,
    unionOrgName: names.get(e.orgId) ?? "—",
    unionEstablished: e.union,
    contractStatus: contractStateOf(e, today),
    contractValidUntil: e.contractValidUntil,
  };
}

/**
 * The enterprises the person may list, by name, as kept per organisation (workbench/figures.server.ts): the
 * organisation tree read once (a small collection), then each organisation's document by `_id`, and the
 * person's own enterprises (outside those organisations) by `_id`. With `orgId`, only those under it that
 * the dashboard counts (archived organisations left out), as countedSubtreeIds.
 */
async function keptEnterprisesFor(user: Principal, orgId?: string) {
  const scope = listScope(user, "enterprise");
  if (scope.kind === "none" || scope.kind === "own") return { rows: [], orgNames: new Map<string, string>() };
  const { nodes: tree } = await orgTree();
  const counted = orgId ? new Set(countedSubtreeOf(tree, orgId).map((o) => String(o._id))) : null;
  const orgIds = (scope.kind === "all" ? tree : subtreeOf(tree, scope.orgIds))
    .map((o) => String(o._id))
    .filter((id) => !counted || counted.has(id));
  const kept = await orgKeptRows(orgIds);
  // By name, worked out once while the kept documents are unchanged (the same map).
  const sorted = memoOnInputs("enterprise-list", orgIds.join(","), [kept], () =>
    [...kept].map(([id, { orgId: at, row }]) => listedOfKept(id, at, row)).sort(byName),
  );
  const own = scope.kind === "within" ? scope.enterpriseIds.filter((id) => !kept.has(id)) : [];
  const extra: Listed[] = [];
  for (const e of await Promise.all(
    own
      .filter((id) => Types.ObjectId.isValid(id))
      .map((id) => Enterprise.findById(id).select(KEPT_FIELDS).lean()),
  ))
    if (e && !e.archived && (!counted || counted.has(String(e.unionOrgId))))
      extra.push(listedOfKept(String(e._id), String(e.unionOrgId), figureRowOf(e)));
  return {
    rows: extra.length ? [...sorted, ...extra].sort(byName) : sorted,
    orgNames: new Map(tree.map((o) => [String(o._id), o.name])),
  };
}

/** Names in the database's order (by code point), then by id. */
const byName = (a: Listed, b: Listed) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The enterprise list: filtered, by name, a page at a time, from the kept rows (no query over enterprises). */
export async function listEnterprises(user: CurrentUser, filters: EnterpriseFilters) {
  if (!can(user, "enterprise:list", { type: "system" })) throw forbidden();
  const today = todayInShanghai(new Date());
  const { rows: kept, orgNames: names } = await keptEnterprisesFor(user, filters.orgId);
  // Already by name.
  const matching = kept.filter((e) => matchesEnterpriseFilters(e, filters, today));
  const total = matching.length;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // Past the end shows the last page.
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
  return {
    rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((e) => presentRow(e, names, today)),
    total,
    page,
    pageCount,
  };
}

/** Loads an enterprise the person may see (403 otherwise, 404 when missing). */
export async function loadEnterpriseFor(
  user: Principal,
  id: string,
  action: "enterprise:view" | "enterprise:update" = "enterprise:view",
) {
  if (!Types.ObjectId.isValid(id)) throw notFound("企业不存在");
  const enterprise = await Enterprise.findById(id).lean();
  if (!enterprise) throw notFound("企业不存在");
  const orgPath = await orgPathOf(enterprise.unionOrgId);
  if (!can(user, action, { type: "enterprise", enterpriseId: id, orgPath })) throw forbidden();
  return { enterprise, orgPath };
}

export async function getEnterprise(user: CurrentUser, id: string) {
  const { enterprise, orgPath } = await loadEnterpriseFor(user, id);
  const names = await orgNames(orgPath.map((o) => new Types.ObjectId(o)));
  return {
    ...presentRow(listedOfDoc(enterprise), names, todayInShanghai(new Date())),
    version: enterprise.version,
    /** As stored (the edit form needs it; contractStatus above may read "expired"). */
    storedContractStatus: enterprise.contractStatus,
    contract: contractFactsOf(enterprise, todayInShanghai(new Date())),
    womenShare: enterprise.womenShare ?? null,
    address: enterprise.address ?? "",
    unionOrgId: String(enterprise.unionOrgId),
    orgTrail: orgPath.map((o) => names.get(o) ?? "—"),
    contacts: enterprise.contacts,
    unionEstablishedOn: enterprise.unionEstablishedOn ?? null,
    congressEstablished: enterprise.congressEstablished,
    openAffairs: enterprise.openAffairs,
    usesDispatch: enterprise.usesDispatch ?? false,
    harmoniousDesignations: enterprise.harmoniousDesignations,
    canEdit: can(user, "enterprise:update", { type: "enterprise", enterpriseId: id, orgPath }),
    /** The 法律体检 tab: instructors, HR and the chair (not representatives). */
    canViewHealthChecks: can(user, "assessment:view", { type: "enterprise", enterpriseId: id, orgPath }),
    /** The 法律处方 tab: who may read the enterprise's prescription items (not representatives). */
    canViewPrescriptions: can(user, "prescription:view", { type: "enterprise", enterpriseId: id, orgPath }),
    /** The 培育助推 tab: who may read the enterprise's cultivation plans. */
    canViewCultivation: can(user, "plan:view", { type: "plan", enterpriseId: id, orgPath }),
  };
}

async function checkTargetOrg(user: CurrentUser, unionOrgId: string) {
  if (!Types.ObjectId.isValid(unionOrgId))
    throw new UserError("请选择所属工会", { unionOrgId: ["请选择所属工会"] });
  const org = await UnionOrg.findById(unionOrgId).lean();
  if (!org || org.archived)
    throw new UserError("所属工会不存在或已归档", { unionOrgId: ["所属工会不存在或已归档"] });
  const orgPath = await orgPathOf(org._id);
  if (!can(user, "enterprise:create", { type: "org", orgPath }))
    throw forbidden("您无权在该工会组织下登记企业");
  return org;
}

function toDoc(input: EnterpriseInput) {
  return {
    name: input.name,
    creditCode: input.creditCode,
    industry: input.industry,
    headcount: input.headcount,
    womenShare: input.womenShare ?? null,
    address: input.address ?? "",
    unionOrgId: new Types.ObjectId(input.unionOrgId),
    contacts: input.contacts ?? [],
    unionEstablishedOn: input.unionEstablishedOn ?? null,
    congressEstablished: input.congressEstablished ?? false,
    openAffairs: input.openAffairs ?? false,
    contractStatus: input.contractStatus ?? "none",
    contractValidUntil: input.contractValidUntil ?? null,
    harmoniousDesignations: input.harmoniousDesignations ?? [],
    usesDispatch: (input as { usesDispatch?: boolean }).usesDispatch ?? false,
  };
}

function duplicateToUserError(error: unknown): unknown {
  const explained = explainDuplicate(error, { creditCode: "统一社会信用代码" });
  if (explained instanceof DuplicateError)
    return new UserError(explained.message, { creditCode: [explained.message] });
  return explained;
}

export function validateEnterpriseInput(raw: unknown) {
  const parsed = EnterpriseInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new UserError("请检查填写的内容", fieldErrors);
}

export async function createEnterprise(user: CurrentUser, raw: unknown) {
  const input = validateEnterpriseInput(raw);
  const org = await checkTargetOrg(user, input.unionOrgId);
  try {
    const created = await Enterprise.create(toDoc(input));
    await noteChange("enterprise", created._id);
    await keepEnterpriseFigures([created._id], [created.unionOrgId]);
    await audit(
      { id: user.id, name: user.displayName },
      {
        action: "enterprise.create",
        resourceType: "enterprise",
        resourceId: String(created._id),
        resourceName: created.name,
        unionOrgId: String(org._id),
        enterpriseId: String(created._id),
        after: created.toObject(),
      },
    );
    return created;
  } catch (error) {
    throw duplicateToUserError(error);
  }
}

export async function updateEnterprise(user: CurrentUser, id: string, version: number, raw: unknown) {
  const { enterprise } = await loadEnterpriseFor(user, id, "enterprise:update");
  const input = validateEnterpriseInput(raw);
  if (String(enterprise.unionOrgId) !== input.unionOrgId) await checkTargetOrg(user, input.unionOrgId);
  if (enterprise.version !== version) throw conflict("该企业信息已被他人修改，请刷新后重试");
  let saved;
  try {
    saved = await updateAtVersion(Enterprise, enterprise._id, version, { $set: toDoc(input) });
  } catch (error) {
    throw duplicateToUserError(error);
  }
  if (!saved) throw conflict("该企业信息已被他人修改，请刷新后重试");
  await noteChange("enterprise", saved._id);
  await keepEnterpriseFigures([saved._id], [enterprise.unionOrgId, saved.unionOrgId]);
  if (!saved.unionOrgId.equals(enterprise.unionOrgId)) {
    // Its accounts are listed under its organisation: they move with it.
    for (const account of await enterpriseAccounts([saved._id]))
      await keepAccount(account._id, { orgs: [enterprise.unionOrgId] });
  }
  await audit(
    { id: user.id, name: user.displayName },
    {
      action: "enterprise.update",
      resourceType: "enterprise",
      resourceId: id,
      resourceName: saved.name,
      unionOrgId: String(saved.unionOrgId),
      enterpriseId: id,
      before: enterprise,
      after: saved,
    },
  );
  return saved;
}

/** For export: every row matching the filters (no paging), with the organisation name. */
export async function enterprisesForExport(user: CurrentUser, filters: EnterpriseFilters) {
  if (!can(user, "enterprise:export", { type: "system" })) throw forbidden();
  const query = await buildQuery(user, filters);
  const docs = await Enterprise.find(query).sort({ name: 1 }).limit(50_000).lean();
  const names = await orgNames(
    [...new Set(docs.map((d) => String(d.unionOrgId)))].map((id) => new Types.ObjectId(id)),
  );
  return docs.map((d) => ({ doc: d, unionOrgName: names.get(String(d.unionOrgId)) ?? "" }));
}

/**
 * Enterprises of the person's list scope to pick (a form choosing many): narrowed to an organisation's counted
 * subtree and to names holding `q`, those in `exclude` left out, by name; the first `limit` and how many match
 * (a district has thousands: the form asks to narrow them).
 */
export async function pickEnterprises(
  user: Principal,
  { orgId, q, exclude }: { orgId?: string; q?: string; exclude: ReadonlySet<string> },
  limit: number,
) {
  const { rows } = await keptEnterprisesFor(user, orgId || undefined);
  const code = q?.toUpperCase();
  const matching = rows.filter(
    (e) => !exclude.has(e.id) && (!q || e.name.includes(q) || (!!code && e.creditCode.includes(code))),
  );
  return {
    // Already by name.
    options: matching.slice(0, limit).map((e) => ({ id: e.id, name: e.name })),
    total: matching.length,
  };
}

/** How many enterprises a picker lists at once (the person narrows by organisation or name for the rest). */
export const PICK_SHOWN = 200;

/**
 * A picker's choices from the page's query (`pickOrg`, `q`: the enterprise picker's filter): the first `limit`
 * enterprises of the person's scope by name (pickEnterprises) and how many match. A malformed organisation
 * id matches nothing; the name is cut to 50 characters.
 */
export async function enterprisePick(
  user: Principal,
  params: URLSearchParams,
  { limit = PICK_SHOWN, exclude = new Set<string>() }: { limit?: number; exclude?: ReadonlySet<string> } = {},
) {
  const org = (params.get("pickOrg") ?? "").trim().slice(0, 24);
  const q = (params.get("q") ?? "").trim().slice(0, 50);
  const { options, total } = await pickEnterprises(user, { orgId: org, q, exclude }, limit);
  return { options, total, org, q };
}
