/**
 * A person's list scope as a database filter: where listScope (app/domain/policy.ts, which decides) meets
 * the collections (which rows name their organisation, enterprise or owner how). Every list, export,
 * picker and figure builds its query with scopedQuery, so a filter from the URL can only narrow what the
 * person may see: { $and: [scope, ...filters] }, never { ...scope, ...filters } (a filter naming another
 * enterprise would replace the scope's enterprise condition).
 */
import { Types } from "mongoose";
import { listScope, type ListKind, type Principal } from "~/domain/policy";
import { Enterprise } from "../../../models/enterprise";
import { orgTree } from "../../../models/org-tree";
import type { UnionOrgDoc } from "../../../models/union-org";
import { countedSubtreeOf, subtreeOf } from "~/domain/org-tree";

export type Filter = Record<string, unknown>;

/** Matches no document (a scope of "none"). */
export const NOTHING: Filter = Object.freeze({ _id: { $in: [] } });

const toIds = (ids: string[]) =>
  ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id));

/** Ids of the given nodes and every node below them (from the cached tree, models/org-tree.ts). */
export async function subtreeIds(rootIds: string[]): Promise<Types.ObjectId[]> {
  const roots = toIds(rootIds);
  if (roots.length === 0) return [];
  return subtreeOf((await orgTree()).nodes, roots.map(String)).map((n) => n._id);
}

/**
 * A list's organisation filter (the dashboard's figures link to lists with it): the organisation and every
 * node below it that the dashboard counts, so archived ones are left out (their own records, such as the
 * trainings an archived union hosted, are in no figure). Access scopes use subtreeIds.
 */
export async function countedSubtreeIds(rootId: string): Promise<Types.ObjectId[]> {
  const roots = toIds([rootId]);
  if (roots.length === 0) return [];
  return countedSubtreeOf((await orgTree()).nodes, String(roots[0])).map((n) => n._id);
}

async function enterprisesUnder(orgIds: Types.ObjectId[]): Promise<Types.ObjectId[]> {
  if (orgIds.length === 0) return [];
  const docs = await Enterprise.find({ unionOrgId: { $in: orgIds } })
    .select({ _id: 1 })
    .lean();
  return docs.map((e) => e._id);
}

interface Within {
  /** The scope's organisation nodes with their subtrees. */
  orgs: Types.ObjectId[];
  enterprises: Types.ObjectId[];
}

type Conditions = (w: Within) => Promise<[field: string, ids: Types.ObjectId[]][]>;

/** Per kind: the conditions of a "within" scope, any of which lets a row in. */
const WITHIN: Record<ListKind, Conditions> = {
  enterprise: async (w) => [
    ["unionOrgId", w.orgs],
    ["_id", w.enterprises],
  ],
  prescription_item: async (w) => [
    ["unionOrgId", w.orgs],
    ["enterpriseId", w.enterprises],
  ],
  accepted_check: async (w) => [
    ["unionOrgId", w.orgs],
    ["enterpriseId", w.enterprises],
  ],
  // Entries about an enterprise carry its id (and not always its organisation).
  audit_entry: async (w) => [
    ["unionOrgId", w.orgs],
    ["enterpriseId", [...w.enterprises, ...(await enterprisesUnder(w.orgs))]],
  ],
  // Accounts bound to a node of the subtree or to an enterprise under it.
  account: async (w) => [
    ["roles.unionOrgId", w.orgs],
    ["roles.enterpriseId", [...w.enterprises, ...(await enterprisesUnder(w.orgs))]],
  ],
  org: async (w) => [["_id", w.orgs]],
  notification: async () => [],
  report_batch: async () => [],
};

/** Per kind: the field naming a row's owner, for "own" scopes. */
const OWNER: Partial<Record<ListKind, string>> = { notification: "userId", report_batch: "createdBy" };

/** The rows of `kind` the person may see, as a filter (NOTHING when none). */
export async function scopeFilter(user: Principal, kind: ListKind): Promise<Filter> {
  const scope = listScope(user, kind);
  switch (scope.kind) {
    case "all":
      return {};
    case "none":
      return NOTHING;
    case "own": {
      const field = OWNER[kind];
      const [id] = toIds([scope.userId]);
      return field && id ? { [field]: id } : NOTHING;
    }
    case "within": {
      const conditions = (
        await WITHIN[kind]({ orgs: await subtreeIds(scope.orgIds), enterprises: toIds(scope.enterpriseIds) })
      )
        .filter(([, ids]) => ids.length > 0)
        .map(([field, ids]) => ({ [field]: { $in: ids } }));
      if (conditions.length === 0) return NOTHING;
      return conditions.length === 1 ? conditions[0] : { $or: conditions };
    }
  }
}

const isEmpty = (f: Filter) => Object.keys(f).length === 0;

/**
 * The query of a list: the person's scope AND every filter given (from the URL or the page), so filters
 * only ever narrow the scope.
 */
export async function scopedQuery(user: Principal, kind: ListKind, ...filters: Filter[]): Promise<Filter> {
  const parts = [await scopeFilter(user, kind), ...filters].filter((f) => !isEmpty(f));
  return parts.length === 0 ? {} : { $and: parts };
}

/**
 * The organisation nodes a person's lists may show (the policy's "org" list scope): "all" for a scope
 * without limits, else their ids. For pages that read kept per-organisation documents by key.
 */
export async function visibleOrgIds(user: Principal): Promise<Types.ObjectId[] | "all"> {
  const scope = listScope(user, "org");
  if (scope.kind === "all") return "all";
  // The "org" scope is the instructed subtrees (WITHIN.org): read from the cached tree.
  return scope.kind === "within" ? subtreeIds(scope.orgIds) : [];
}

/** The organisation nodes a person's lists may show (visibleOrgIds), from the cached tree. */
export async function visibleOrgs(user: Principal): Promise<UnionOrgDoc[]> {
  const visible = await visibleOrgIds(user);
  const { nodes, byId } = await orgTree();
  return visible === "all" ? [...nodes] : visible.flatMap((id) => byId.get(String(id)) ?? []);
}
