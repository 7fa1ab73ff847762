import { Types } from "mongoose";
import { liveSessionsOf } from "./user-sessions.server";
import { keepAccount, orgAccountDocs, PLATFORM, type OrgAccountRow } from "./kept-accounts.server";
import { memoOnInputs } from "../../lib/memo-inputs";
import { subtreeOf } from "~/domain/org-tree";
import { can, holdsGrant, listScope, type Principal, orgGrantIndex } from "~/domain/policy";
import { ROLE_BINDING, ROLE_LABELS, type Role } from "~/domain/roles";
import { Enterprise } from "../../../models/enterprise";
import { DuplicateError, explainDuplicate, isDuplicateKeyError } from "../../../models/errors";
import { Activation, Session } from "../../../models/session";
import { UnionOrg } from "../../../models/union-org";
import { orgTree } from "../../../models/org-tree";
import { User, UserMobile } from "../../../models/user";
import { claim, updateAtVersion } from "../../../models/write-claim";
import { audit } from "../audit/audit.server";
import { hashPassword, newToken, passwordProblem, tokenHash, type CurrentUser } from "./auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { visibleOrgIds } from "../access/list-scope.server";
import { enterpriseNames } from "../workbench/figures.server";
import { orgPathOf } from "../orgs/orgs.server";
import { formatDateTime } from "~/domain/dates";

const ACTIVATION_DAYS = 7;

const fmt = (d?: Date | null) => formatDateTime(d);

export async function listMySessions(user: CurrentUser) {
  // From the sessions kept under the account (one read by key), the newest twenty by key.
  const sessions = await liveSessionsOf(user.id, 20);
  return sessions.map((s) => ({
    id: s._id.slice(0, 8),
    current: s._id === user.sessionId,
    createdAt: fmt(s.createdAt),
    lastSeenAt: fmt(s.lastSeenAt),
    ip: s.ip ?? "—",
    userAgent: (s.userAgent ?? "").slice(0, 80),
  }));
}

export interface GrantInput {
  role: Role;
  unionOrgId?: string;
  enterpriseId?: string;
}

/** Resolves a grant's organisation path (for the policy) and checks its target exists. */
async function describeGrant(grant: GrantInput) {
  const binding = Object.hasOwn(ROLE_BINDING, grant.role) ? ROLE_BINDING[grant.role] : undefined;
  if (!binding) throw new UserError("请选择角色", { role: ["请选择角色"] });
  if (binding === "platform") return { role: grant.role, orgPath: [] as string[] };
  if (binding === "org") {
    if (!grant.unionOrgId || !Types.ObjectId.isValid(grant.unionOrgId)) {
      throw new UserError("工会指导员须绑定一个工会组织", { unionOrgId: ["请选择工会组织"] });
    }
    const org = await UnionOrg.findById(grant.unionOrgId).lean();
    if (!org || org.archived)
      throw new UserError("所选工会组织不存在或已归档", { unionOrgId: ["所选工会组织不存在或已归档"] });
    return { role: grant.role, orgPath: await orgPathOf(org._id), unionOrgId: String(org._id) };
  }
  if (!grant.enterpriseId || !Types.ObjectId.isValid(grant.enterpriseId)) {
    throw new UserError(`${ROLE_LABELS[grant.role]}须绑定一家企业`, { enterpriseId: ["请选择企业"] });
  }
  const enterprise = await Enterprise.findById(grant.enterpriseId).lean();
  if (!enterprise || enterprise.archived)
    throw new UserError("所选企业不存在", { enterpriseId: ["所选企业不存在"] });
  return {
    role: grant.role,
    orgPath: await orgPathOf(enterprise.unionOrgId),
    enterpriseId: String(enterprise._id),
  };
}

export interface CreateAccountInput {
  accountName: string;
  displayName: string;
  mobile?: string;
  grant: GrantInput;
}

function checkAccountInput(input: CreateAccountInput) {
  const errors: Record<string, string[]> = {};
  const accountName = input.accountName.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(accountName)) {
    errors.accountName = ["账号为 3–32 位，以字母开头，可含字母、数字、下划线、点和连字符"];
  }
  const displayName = input.displayName.trim();
  if (displayName.length < 2 || displayName.length > 30) errors.displayName = ["姓名应为 2 到 30 个字"];
  const mobile = input.mobile?.trim() || undefined;
  if (mobile && !/^1[3-9]\d{9}$/.test(mobile)) errors.mobile = ["手机号应为 11 位大陆手机号"];
  if (Object.keys(errors).length) throw new UserError("请检查填写的内容", errors);
  return { accountName, displayName, mobile };
}

/**
 * Creates an account that the person activates through a one-time link (valid 7 days), where they set
 * their own password. Instructors may create HR, chair and representative accounts for enterprises in
 * their subtree; admins any account.
 */
export async function createAccount(actor: CurrentUser, input: CreateAccountInput) {
  const { accountName, displayName, mobile } = checkAccountInput(input);
  const grant = await describeGrant(input.grant);
  if (!can(actor, "account:manage", { type: "account", grants: [grant] })) {
    throw forbidden("您无权为该组织或企业开通此类账号");
  }
  let user;
  try {
    user = await User.create({
      accountName,
      displayName,
      mobile,
      status: "pending",
      roles: [{ role: grant.role, unionOrgId: grant.unionOrgId, enterpriseId: grant.enterpriseId }],
      createdBy: new Types.ObjectId(actor.id),
    });
  } catch (error) {
    const explained = explainDuplicate(error, { accountName: "账号" });
    if (explained instanceof DuplicateError)
      throw new UserError(explained.message, { accountName: [explained.message] });
    throw explained;
  }
  if (mobile) {
    try {
      await UserMobile.create({ _id: mobile, userId: user._id });
    } catch (error) {
      await User.deleteOne({ _id: user._id });
      if (isDuplicateKeyError(error))
        throw new UserError("该手机号已被其他账号使用", { mobile: ["该手机号已被其他账号使用"] });
      throw error;
    }
  }
  const link = await issueActivation(user._id);
  await keepAccount(user._id);
  await audit(
    { id: actor.id, name: actor.displayName },
    {
      action: "account.create",
      resourceType: "user",
      resourceId: String(user._id),
      resourceName: `${displayName}（${accountName}）`,
      unionOrgId: grant.orgPath.at(-1),
      enterpriseId: grant.enterpriseId,
      after: { accountName, displayName, mobile, role: grant.role },
    },
  );
  return { userId: String(user._id), activationPath: link };
}

/** A new activation link; links sent to the account before stop working (only the newest one counts). */
async function issueActivation(userId: Types.ObjectId) {
  const token = newToken();
  const id = tokenHash(token);
  await Activation.create({
    _id: id,
    userId,
    expiresAt: new Date(Date.now() + ACTIVATION_DAYS * 86_400_000),
  });
  await revokeOtherActivations(userId, id);
  return `/activate/${token}`;
}

async function revokeOtherActivations(userId: Types.ObjectId, keep: string) {
  await Activation.deleteMany({ userId, _id: { $ne: keep }, usedAt: { $exists: false } });
}

/**
 * A new activation link for an account (password reset by an admin or instructor). The old password stops
 * working at once (it is removed and the account waits for activation) and every session ends, so someone
 * who knew the password is out before the owner has even opened the link.
 */
export async function resetAccess(actor: CurrentUser, userId: string) {
  const target = await loadManageable(actor, userId);
  await User.updateOne(
    { _id: target._id },
    {
      $unset: { passwordHash: 1 },
      $set: { status: target.status === "disabled" ? "disabled" : "pending", passwordChangedAt: new Date() },
    },
  );
  await Session.deleteMany({ userId: target._id });
  await keepAccount(target._id);
  const link = await issueActivation(target._id);
  await audit(
    { id: actor.id, name: actor.displayName },
    { action: "account.reset", resourceType: "user", resourceId: userId, resourceName: target.displayName },
  );
  return link;
}

async function loadManageable(actor: CurrentUser, userId: string) {
  if (!Types.ObjectId.isValid(userId)) throw notFound("账号不存在");
  const target = await User.findById(userId).lean();
  if (!target) throw notFound("账号不存在");
  const grants = await Promise.all(
    target.roles.map((g) =>
      describeGrant({
        role: g.role,
        unionOrgId: g.unionOrgId?.toString(),
        enterpriseId: g.enterpriseId?.toString(),
      }),
    ),
  );
  if (!can(actor, "account:manage", { type: "account", userId, grants })) throw forbidden("您无权管理该账号");
  return target;
}

/** Adds a role to an existing account (one person may hold several roles). */
export async function addRole(actor: CurrentUser, userId: string, grantInput: GrantInput) {
  const target = await loadManageable(actor, userId);
  const grant = await describeGrant(grantInput);
  if (!can(actor, "account:manage", { type: "account", grants: [grant] }))
    throw forbidden("您无权授予该角色");
  if (holdsGrant(target, grant)) throw new UserError("该账号已有此角色");
  await User.updateOne(
    { _id: target._id },
    {
      $push: { roles: { role: grant.role, unionOrgId: grant.unionOrgId, enterpriseId: grant.enterpriseId } },
    },
  );
  await keepAccount(target._id);
  await audit(
    { id: actor.id, name: actor.displayName },
    {
      action: "account.add_role",
      resourceType: "user",
      resourceId: userId,
      resourceName: target.displayName,
      after: { role: grant.role },
    },
  );
}

/**
 * Marks (or unmarks) an instructor's grant on one union organisation as that organisation's head, who
 * countersigns its cultivation plans. Admins only; the account must instruct that organisation. The write
 * is at the version the account was read at (a concurrent change is a conflict, never a lost write).
 */
export async function setOrgHead(actor: CurrentUser, userId: string, unionOrgId: string, head: boolean) {
  if (!Types.ObjectId.isValid(userId)) throw notFound("账号不存在");
  const target = await User.findById(userId).lean();
  if (!target) throw notFound("账号不存在");
  const grants = await Promise.all(
    target.roles.map((g) =>
      describeGrant({
        role: g.role,
        unionOrgId: g.unionOrgId?.toString(),
        enterpriseId: g.enterpriseId?.toString(),
      }),
    ),
  );
  if (!can(actor, "account:head", { type: "account", userId, grants }))
    throw forbidden("只有平台管理员可以设置工会组织负责人");
  const index = orgGrantIndex(target, unionOrgId);
  if (index < 0) throw new UserError("该账号不是该工会组织的指导员，不能设为负责人");
  if (!!target.roles[index].head === head) return { changed: false };
  const roles = target.roles.map((g, i) => {
    if (i !== index) return g;
    const { head: _old, ...rest } = g;
    return head ? { ...rest, head: true } : rest;
  });
  const saved = await updateAtVersion(User, target._id, target.version ?? 0, { $set: { roles } });
  if (!saved) throw conflict("该账号刚被他人修改，请刷新后重试");
  await keepAccount(target._id);
  const org = await UnionOrg.findById(unionOrgId).select({ name: 1 }).lean();
  await audit(
    { id: actor.id, name: actor.displayName },
    {
      action: head ? "account.set_head" : "account.clear_head",
      resourceType: "user",
      resourceId: userId,
      resourceName: target.displayName,
      unionOrgId,
      before: { head: !head },
      after: { head, org: org?.name },
    },
  );
  return { changed: true };
}

export async function setAccountDisabled(actor: CurrentUser, userId: string, disabled: boolean) {
  const target = await loadManageable(actor, userId);
  if (String(target._id) === actor.id) throw new UserError("不能停用自己的账号");
  const status = disabled ? "disabled" : target.passwordHash ? "active" : "pending";
  await User.updateOne({ _id: target._id }, { $set: { status } });
  await keepAccount(target._id);
  if (disabled) await Session.deleteMany({ userId: target._id });
  await audit(
    { id: actor.id, name: actor.displayName },
    {
      action: disabled ? "account.disable" : "account.enable",
      resourceType: "user",
      resourceId: userId,
      resourceName: target.displayName,
      before: { status: target.status },
      after: { status },
    },
  );
}

export async function describeActivation(token: string) {
  const activation = await Activation.findById(tokenHash(token)).lean();
  if (!activation || activation.usedAt || activation.expiresAt.getTime() < Date.now()) return null;
  const user = await User.findById(activation.userId).lean();
  if (!user || user.status === "disabled") return null;
  return { displayName: user.displayName, accountName: user.accountName };
}

/** Sets the password through a one-time link; the link works once (a unique claim settles races). */
export async function activateAccount(token: string, password: string) {
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem, { password: [problem] });
  const id = tokenHash(token);
  const activation = await Activation.findById(id).lean();
  if (!activation || activation.usedAt || activation.expiresAt.getTime() < Date.now()) {
    throw new UserError("激活链接无效或已过期，请联系开通账号的指导员重新发送");
  }
  // A link sent before the account was disabled must not bring it back (describeActivation agrees).
  const target = await User.findById(activation.userId).select({ status: 1 }).lean();
  if (!target || target.status === "disabled") throw new UserError("该账号已停用，请联系管理员");
  if (!(await claim(`activation:${id}`))) throw new UserError("该激活链接已被使用");
  await Activation.updateOne({ _id: id }, { $set: { usedAt: new Date() } });
  await revokeOtherActivations(activation.userId, id);
  const user = await User.findOneAndUpdate(
    { _id: activation.userId, status: { $ne: "disabled" } },
    {
      $set: {
        passwordHash: await hashPassword(password),
        status: "active",
        mustChangePassword: false,
        passwordChangedAt: new Date(),
      },
    },
    { new: true },
  ).lean();
  if (!user) throw new UserError("该账号已停用，请联系管理员");
  await keepAccount(user._id);
  await Session.deleteMany({ userId: activation.userId });
  await audit(
    { id: String(activation.userId), name: user.displayName },
    { action: "account.activate", resourceType: "user", resourceId: String(activation.userId) },
  );
  return user;
}

export interface AccountRow {
  id: string;
  accountName: string;
  displayName: string;
  mobile?: string;
  status: string;
  roles: string[];
  /** Organisation-bound (instructor) grants, with whether the person heads that organisation. */
  orgGrants: { unionOrgId: string; orgName: string; head: boolean }[];
}

/**
 * The accounts of a list scope, newest first, from the organisations' kept documents: every one (and the
 * platform's) for a scope without limits, the subtrees' for an instructor, none otherwise. Worked out once
 * while the documents are unchanged.
 */
async function accountsInScope(actor: Principal): Promise<readonly (readonly [string, OrgAccountRow])[]> {
  const scope = listScope(actor, "account");
  if (scope.kind === "none" || scope.kind === "own") return [];
  const { nodes } = await orgTree();
  const keys =
    scope.kind === "all"
      ? [...nodes.map((n) => String(n._id)), PLATFORM]
      : subtreeOf(nodes, scope.orgIds).map((n) => String(n._id));
  const docs = [...(await orgAccountDocs(keys)).values()];
  return memoOnInputs("accounts-in-scope", keys.join(","), docs, () => {
    const byId = new Map<string, OrgAccountRow>();
    for (const rows of docs) for (const [id, row] of rows) byId.set(id, row);
    return [...byId].sort(([ia, a], [ib, b]) =>
      a.c < b.c ? 1 : a.c > b.c ? -1 : ia < ib ? 1 : ia > ib ? -1 : 0,
    );
  });
}

/** Accounts the person may manage: all for admins; for instructors, those tied to their subtree. */
export async function listAccounts(actor: Principal, { page = 1, pageSize = 30 } = {}) {
  // Enterprise staff have no account list (the page is account:list): their scope is empty.
  const all = await accountsInScope(actor);
  const total = all.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  // Past the end shows the last page.
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const users = all.slice((current - 1) * pageSize, current * pageSize);
  // The page's organisations from the cached tree, its enterprises from the rows kept under the organisations
  // the person sees (others by key; a filter on ids would read every enterprise).
  const distinct = (ids: unknown[]) => [...new Set(ids.filter(Boolean).map(String))];
  const { byId } = await orgTree();
  const orgs = distinct(users.flatMap(([, u]) => u.r.map((g) => g.o))).map((id) => byId.get(id));
  const entIds = distinct(users.flatMap(([, u]) => u.r.map((g) => g.e)));
  const seen = await visibleOrgIds(actor);
  const entNames = await enterpriseNames(entIds, seen === "all" ? [...byId.keys()] : seen.map(String));
  const names = new Map([
    ...orgs.flatMap((d) => (d ? [[String(d._id), d.name] as const] : [])),
    ...entIds.flatMap((id) => (entNames.has(id) ? [[id, entNames.get(id)!] as const] : [])),
  ]);
  const rows: AccountRow[] = users.map(([id, u]) => ({
    id,
    accountName: u.a,
    displayName: u.n,
    mobile: u.m,
    status: u.st,
    roles: u.r.map((g) => {
      const where = names.get(g.o ?? g.e ?? "");
      const label = where ? `${ROLE_LABELS[g.role]}·${where}` : ROLE_LABELS[g.role];
      return g.h && ROLE_BINDING[g.role] === "org" ? `${label}（负责人）` : label;
    }),
    orgGrants: u.r
      .filter((g) => ROLE_BINDING[g.role] === "org" && g.o)
      .map((g) => ({ unionOrgId: g.o!, orgName: names.get(g.o!) ?? "", head: !!g.h })),
  }));
  return { rows, total, page: current, pageCount };
}
