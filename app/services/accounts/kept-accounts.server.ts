/**
 * Accounts kept per enterprise (models/enterprise-accounts.ts) and per union organisation
 * (models/org-accounts.ts). Who holds which role in an enterprise — its HR managers and union chair, told of
 * each step; the accounts a representative may be linked to — is the enterprise's document, read by `_id`;
 * the account list is its organisations' documents. The services that create an account or change its roles
 * or status call keepAccount (and moving an enterprise, for its accounts); a document is built from the
 * accounts on its first read, and the work sweep (rebuildKeptAccounts) repairs what a crash left behind.
 */
import { grantsInEnterprises, instructsOneOf } from "~/domain/policy";
import { Types } from "mongoose";
import type { Role } from "~/domain/roles";
import { EnterpriseAccounts } from "../../../models/enterprise-accounts";
import { keepFreshRowsIn, readKeptDocs, rebuildKept, type KeptRowsDoc } from "../../../models/kept-rows";
import { User, type RoleGrantDoc, type UserDoc } from "../../../models/user";
import { Enterprise } from "../../../models/enterprise";
import { OrgAccounts } from "../../../models/org-accounts";

/** The key of the organisation document of accounts bound to no organisation or enterprise (admins). */
export const PLATFORM = "platform";

/** What is kept of an account in one enterprise: its names, its status and its roles there. */
export interface AccountRow {
  n: string;
  a: string;
  st: UserDoc["status"];
  g: Role[];
}

type AccountFields = Pick<UserDoc, "_id" | "displayName" | "accountName" | "status" | "roles">;
const ACCOUNT_FIELDS = { displayName: 1, accountName: 1, status: 1, roles: 1 } as const;

const isBuilt = (doc: KeptRowsDoc) => doc.built;

/** The account's row in this enterprise's document, or null when it holds no role there. */
function rowIn(u: AccountFields, enterpriseId: string): string | null {
  const roles = grantsInEnterprises(u, new Set([enterpriseId])).map((g) => g.role);
  if (roles.length === 0) return null;
  const row: AccountRow = { n: u.displayName, a: u.accountName, st: u.status, g: [...new Set(roles)] };
  return JSON.stringify(row);
}

/** The accounts' rows of these enterprises, from the accounts (one read). */
async function rowsFromRecords(keys: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(keys.map((id) => [id, {}]));
  const ids = keys.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return out;
  for (const u of await User.find({ "roles.enterpriseId": { $in: ids } })
    .select(ACCOUNT_FIELDS)
    .lean<AccountFields[]>()) {
    for (const g of u.roles) {
      const key = String(g.enterpriseId ?? "");
      const rows = out.get(key);
      const json = rows ? rowIn(u, key) : null;
      if (rows && json) rows[String(u._id)] = json;
    }
  }
  return out;
}

/** An account as the policy's helpers read it (isEnterpriseHr, holdsEnterpriseRole, grantsInEnterprises). */
export interface KeptAccount {
  _id: Types.ObjectId;
  displayName: string;
  accountName: string;
  status: UserDoc["status"];
  roles: { role: Role; enterpriseId: Types.ObjectId }[];
}

/**
 * The accounts that hold a role in these enterprises (each enterprise's document by `_id`), with their roles
 * there only; `active` keeps those that can sign in. An account of several of them is given once.
 */
export async function enterpriseAccounts(
  enterpriseIds: readonly (Types.ObjectId | string)[],
  { active = false } = {},
): Promise<KeptAccount[]> {
  const keys = [...new Set(enterpriseIds.map(String))].filter((id) => Types.ObjectId.isValid(id));
  if (keys.length === 0) return [];
  const docs = await readKeptDocs<KeptRowsDoc, AccountRow>(
    EnterpriseAccounts,
    keys,
    rowsFromRecords,
    isBuilt,
  );
  const out = new Map<string, KeptAccount>();
  for (const [key, rows] of docs) {
    for (const [id, row] of rows) {
      if (active && row.st !== "active") continue;
      const account = out.get(id) ?? {
        _id: new Types.ObjectId(id),
        displayName: row.n,
        accountName: row.a,
        status: row.st,
        roles: [],
      };
      account.roles.push(...row.g.map((role) => ({ role, enterpriseId: new Types.ObjectId(key) })));
      out.set(id, account);
    }
  }
  return [...out.values()];
}

/** What is kept of an account in the organisations' documents: all of it the account list shows. */
export interface OrgAccountRow {
  n: string;
  a: string;
  m?: string;
  st: UserDoc["status"];
  /** Created at (ISO time): the list is newest first. */
  c: string;
  r: { role: Role; o?: string; e?: string; h?: true }[];
}

type ListedFields = AccountFields & Pick<UserDoc, "mobile" | "createdAt">;
const LISTED_FIELDS = { ...ACCOUNT_FIELDS, mobile: 1, createdAt: 1 } as const;

function orgRowOf(u: ListedFields): string {
  const row: OrgAccountRow = {
    n: u.displayName,
    a: u.accountName,
    ...(u.mobile ? { m: u.mobile } : {}),
    st: u.status,
    c: new Date(u.createdAt).toISOString(),
    r: u.roles.map((g: RoleGrantDoc) => ({
      role: g.role,
      ...(g.unionOrgId ? { o: String(g.unionOrgId) } : {}),
      ...(g.enterpriseId ? { e: String(g.enterpriseId) } : {}),
      ...(g.head ? { h: true as const } : {}),
    })),
  };
  return JSON.stringify(row);
}

/**
 * The organisation documents an account belongs in: the organisations it instructs, those its enterprises are
 * directly under (`orgOf`: enterprise id → its organisation), and "platform" when it is bound to neither.
 */
function orgKeysOf(u: Pick<UserDoc, "roles">, orgOf: ReadonlyMap<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const g of u.roles) {
    if (g.unionOrgId) keys.add(String(g.unionOrgId));
    const org = g.enterpriseId ? orgOf.get(String(g.enterpriseId)) : undefined;
    if (org) keys.add(org);
  }
  if (keys.size === 0) keys.add(PLATFORM);
  return keys;
}

/** Each of these enterprises' organisation (by key). */
async function orgsOfEnterprises(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
  const docs = await Promise.all(
    unique.map((id) => Enterprise.findById(id).select({ unionOrgId: 1 }).lean()),
  );
  return new Map(docs.flatMap((d) => (d ? [[String(d._id), String(d.unionOrgId)] as const] : [])));
}

/** The accounts' rows of these organisation documents, from the accounts and enterprises (one read of each). */
async function orgRowsFromRecords(keys: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(keys.map((id) => [id, {}]));
  if (keys.length === 0) return out;
  const enterprises = await Enterprise.find({}).select({ unionOrgId: 1 }).lean();
  const orgOf = new Map(enterprises.map((e) => [String(e._id), String(e.unionOrgId)]));
  for (const u of await User.find({}).select(LISTED_FIELDS).lean<ListedFields[]>()) {
    for (const key of orgKeysOf(u, orgOf)) {
      const rows = out.get(key);
      if (rows) rows[String(u._id)] = orgRowOf(u);
    }
  }
  return out;
}

/**
 * Puts an account, as it now stands, in the documents of the enterprises it holds a role in and of the
 * organisations it belongs under, and takes it out of those of `formerly` (enterprises of its roles before the
 * change, organisations it was under: an enterprise moved) where it belongs no more. Each document is read
 * first, then the account (keepFreshRowsIn). Never fails the person's action: the sweep repairs.
 */
export async function keepAccount(
  userId: Types.ObjectId | string,
  formerly: { enterprises?: readonly unknown[]; orgs?: readonly unknown[] } = {},
) {
  try {
    const id = String(userId);
    const now = await User.findById(id).select({ roles: 1 }).lean();
    const enterpriseIds = (now?.roles ?? []).flatMap((g) => (g.enterpriseId ? [String(g.enterpriseId)] : []));
    const enterpriseKeys = new Set([
      ...enterpriseIds,
      ...(formerly.enterprises ?? []).map((e) => String(e ?? "")),
    ]);
    for (const key of enterpriseKeys) {
      if (!Types.ObjectId.isValid(key)) continue;
      await keepFreshRowsIn(EnterpriseAccounts, key, async () => {
        const u = await User.findById(id).select(ACCOUNT_FIELDS).lean<AccountFields>();
        return { [id]: u ? rowIn(u, key) : null };
      });
    }
    const orgKeys = new Set([
      ...orgKeysOf(now ?? { roles: [] }, await orgsOfEnterprises(enterpriseIds)),
      ...(formerly.orgs ?? []).map((o) => String(o ?? "")),
      PLATFORM,
    ]);
    for (const key of orgKeys) {
      if (key !== PLATFORM && !Types.ObjectId.isValid(key)) continue;
      await keepFreshRowsIn(OrgAccounts, key, async () => {
        const u = await User.findById(id).select(LISTED_FIELDS).lean<ListedFields>();
        if (!u) return { [id]: null };
        const orgOf = await orgsOfEnterprises(
          u.roles.flatMap((g) => (g.enterpriseId ? [String(g.enterpriseId)] : [])),
        );
        return { [id]: orgKeysOf(u, orgOf).has(key) ? orgRowOf(u) : null };
      });
    }
  } catch (error: unknown) {
    console.error(
      `[accounts] 账号列表更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The accounts kept in these organisations' documents (key → its rows), each by `_id`; cached arrays. */
export async function orgAccountDocs(keys: string[]) {
  return readKeptDocs<KeptRowsDoc, OrgAccountRow>(
    OrgAccounts,
    keys.filter((k) => k === PLATFORM || Types.ObjectId.isValid(k)),
    orgRowsFromRecords,
    isBuilt,
  );
}

/**
 * The active accounts that instruct one of these organisations (told of a check or a case there): from the
 * organisations' documents, by `_id` (an instructor is kept in the document of each node it instructs).
 */
export async function orgInstructors(orgIds: readonly string[]): Promise<Types.ObjectId[]> {
  const keys = [...new Set(orgIds.map(String))];
  const ids = new Set<string>();
  for (const rows of (await orgAccountDocs(keys)).values())
    for (const [id, row] of rows) {
      const grants = { roles: row.r.map((g) => ({ role: g.role, unionOrgId: g.o })) };
      if (row.st === "active" && instructsOneOf(grants, keys)) ids.add(id);
    }
  return [...ids].map((id) => new Types.ObjectId(id));
}

/** Rebuilds every kept enterprise and organisation document that differs from the accounts (the sweep). */
export async function rebuildKeptAccounts(): Promise<{ written: number }> {
  return {
    written:
      (await rebuildKept(EnterpriseAccounts, rowsFromRecords)) +
      (await rebuildKept(OrgAccounts, orgRowsFromRecords)),
  };
}
