/**
 * Accounts kept per enterprise (models/enterprise-accounts.ts): who holds which role in an enterprise — its
 * HR managers and union chair, told of each step; the accounts a representative may be linked to — read as
 * the enterprise's document by `_id`. The services that create an account or change its roles or status call
 * keepAccount; a document is built from the accounts on its first read, and the work sweep
 * (rebuildEnterpriseAccounts) repairs what a crash left behind.
 */
import { Types } from "mongoose";
import type { Role } from "~/domain/roles";
import { EnterpriseAccounts } from "../../../models/enterprise-accounts";
import { keepFreshRowsIn, readKeptDocs, rebuildKept, type KeptRowsDoc } from "../../../models/kept-rows";
import { User, type UserDoc } from "../../../models/user";

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
  const roles = u.roles.filter((g) => String(g.enterpriseId ?? "") === enterpriseId).map((g) => g.role);
  if (roles.length === 0) return null;
  const row: AccountRow = { n: u.displayName, a: u.accountName, st: u.status, g: [...new Set(roles)].sort() };
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

/**
 * Puts an account, as it now stands, in the documents of the enterprises it holds a role in, and takes it out
 * of those of `formerly` (the enterprises of its roles before the change) where it holds none now. Never
 * fails the person's action: the sweep repairs.
 */
export async function keepAccount(userId: Types.ObjectId | string, formerly: readonly unknown[] = []) {
  try {
    const id = String(userId);
    const now = await User.findById(id).select({ roles: 1 }).lean();
    const keys = new Set([
      ...(now?.roles ?? []).map((g) => String(g.enterpriseId ?? "")),
      ...formerly.map((e) => String(e ?? "")),
    ]);
    for (const key of keys) {
      if (!Types.ObjectId.isValid(key)) continue;
      await keepFreshRowsIn(EnterpriseAccounts, key, async () => {
        const u = await User.findById(id).select(ACCOUNT_FIELDS).lean<AccountFields>();
        return { [id]: u ? rowIn(u, key) : null };
      });
    }
  } catch (error: unknown) {
    console.error(
      `[accounts] 企业账号列表更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Rebuilds every kept enterprise document that differs from the accounts (the seed, the work sweep). */
export async function rebuildEnterpriseAccounts(): Promise<{ written: number }> {
  return { written: await rebuildKept(EnterpriseAccounts, rowsFromRecords) };
}
