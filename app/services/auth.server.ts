import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { createCookie, redirect } from "@remix-run/node";
import { Types } from "mongoose";
import { cookieSecure, getConfig } from "~/config.server";
import type { Principal } from "~/domain/policy";
import type { RoleGrant } from "~/domain/roles";
import { Activation, Session } from "../../models/session";
import { User, UserMobile, type UserDoc } from "../../models/user";
import { audit } from "./audit.server";
import { clientIp, forbidden } from "./http.server";
import { clearFailures, isLocked, recordFailure, type LockInfo } from "./throttle.server";

const SESSION_DAYS = 7;
const TOUCH_EVERY_MS = 5 * 60_000;

export interface CurrentUser extends Principal {
  accountName: string;
  displayName: string;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const config = getConfig();
  cookie ??= createCookie("ghxs_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: cookieSecure(config),
    path: "/",
    secrets: [config.SESSION_SECRET],
    maxAge: SESSION_DAYS * 86_400,
  });
  return cookie;
}

const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");
const randomToken = () => crypto.randomBytes(32).toString("base64url");

export function hashPassword(password: string) {
  // 2 = Algorithm.Argon2id (a const enum, which isolatedModules cannot import).
  return hash(password, { algorithm: 2 });
}

/** Password rules, in one place: 8–72 characters with letters and digits. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8) return "密码至少 8 位";
  if (password.length > 72) return "密码最多 72 位";
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return "密码须同时包含字母和数字";
  return undefined;
}

function toGrants(user: Pick<UserDoc, "roles">): RoleGrant[] {
  return user.roles.map((g) => ({
    role: g.role,
    unionOrgId: g.unionOrgId?.toString(),
    enterpriseId: g.enterpriseId?.toString(),
    ...(g.head && g.role === "instructor" ? { head: true } : {}),
  }));
}

async function readToken(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 10 ? value : undefined;
}

/** The signed-in user, or null. Expired sessions and disabled accounts count as signed out. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const session = await Session.findById(sha256(token)).lean();
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const user = await User.findById(session.userId).lean();
  if (!user || user.status !== "active") return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: new Date() } });
  }
  return currentUserOf(user, { sessionId: session._id, csrfToken: session.csrfToken });
}

function currentUserOf(
  user: Pick<UserDoc, "_id" | "accountName" | "displayName" | "mustChangePassword" | "roles">,
  session: { sessionId: string; csrfToken: string },
): CurrentUser {
  return {
    id: user._id.toString(),
    accountName: user.accountName,
    displayName: user.displayName,
    mustChangePassword: user.mustChangePassword,
    roles: toGrants(user),
    ...session,
  };
}

/**
 * The user a background job acts for (a batch started by them), with their current rights; null when the
 * account is gone or no longer active. There is no session behind it.
 */
export async function actingUser(userId: string | Types.ObjectId): Promise<CurrentUser | null> {
  const user = await User.findById(userId).lean();
  if (!user || user.status !== "active") return null;
  return currentUserOf(user, { sessionId: "", csrfToken: "" });
}

/** For loaders: the signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(
  request: Request,
  { allowPasswordChange = false } = {},
): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  const url = new URL(request.url);
  if (!user) {
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (user.mustChangePassword && !allowPasswordChange) throw redirect("/account?mustChange=1");
  return user;
}

/** For actions: the signed-in user, after checking the form's per-session CSRF token. */
export async function requireActionUser(
  request: Request,
  form: FormData,
  options: { allowPasswordChange?: boolean } = {},
): Promise<CurrentUser> {
  const user = await requireUser(request, options);
  const sent = form.get("_csrf");
  const expected = Buffer.from(user.csrfToken);
  // Compare bytes, not characters: a same-length token with non-ASCII characters must be a 403, not a
  // RangeError from timingSafeEqual.
  const given = typeof sent === "string" ? Buffer.from(sent) : undefined;
  if (!given || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw forbidden("页面已过期或请求来源不可信，请刷新页面后重试");
  }
  return user;
}

export type SignInResult =
  { ok: true; setCookie: string; user: CurrentUser } | { ok: false; message: string; lock?: LockInfo };

function lockMessage(lock: LockInfo) {
  const at = new Date(lock.until).toLocaleTimeString("zh-CN", {
    timeZone: "Asia/Shanghai",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  const minutes = Math.max(1, Math.ceil((lock.until - Date.now()) / 60_000));
  return `登录失败次数过多，账号已暂时锁定。请在 ${at} 之后（约 ${minutes} 分钟后）重试`;
}

async function findByIdentifier(identifier: string) {
  const id = identifier.trim().toLowerCase();
  if (/^1[3-9]\d{9}$/.test(id)) {
    const link = await UserMobile.findById(id).lean();
    if (link) return User.findById(link.userId).lean();
  }
  return User.findOne({ accountName: id }).lean();
}

/** Sign-in with account name or mobile number + password, throttled per account and per IP. */
export async function signIn(request: Request, identifier: string, password: string): Promise<SignInResult> {
  const ip = clientIp(request);
  const typed = identifier.trim().toLowerCase();
  const user = await findByIdentifier(typed);
  // Throttle the account, whichever identifier was typed: failures by mobile number and by account name
  // count together, and a lock cannot be side-stepped by switching between them.
  const account = user?.accountName ?? typed;
  const lock = await isLocked(account, ip);
  if (lock) {
    await audit(
      { id: user?._id.toString(), name: user?.displayName ?? typed, ip },
      {
        action: "auth.sign_in",
        outcome: "failure",
        resourceType: "user",
        resourceId: user?._id.toString(),
        detail: "locked",
      },
    );
    return { ok: false, message: lockMessage(lock), lock };
  }
  const valid = !!user?.passwordHash && (await verify(user.passwordHash, password).catch(() => false));
  if (!user || !valid || user.status !== "active") {
    const newLock = await recordFailure(account, ip);
    await audit(
      { id: user?._id.toString(), name: user?.displayName ?? account, ip },
      {
        action: "auth.sign_in",
        outcome: "failure",
        resourceType: "user",
        resourceId: user?._id.toString(),
        detail: !user
          ? "unknown account"
          : user.status !== "active"
            ? `status ${user.status}`
            : "bad password",
      },
    );
    if (newLock) return { ok: false, message: lockMessage(newLock), lock: newLock };
    if (user && valid && user.status === "disabled")
      return { ok: false, message: "该账号已停用，请联系管理员" };
    if (user && valid && user.status === "pending")
      return { ok: false, message: "该账号尚未激活，请使用激活链接设置密码" };
    return { ok: false, message: "账号或密码不正确" };
  }
  await clearFailures(account);
  const token = randomToken();
  const now = new Date();
  const session = await Session.create({
    _id: sha256(token),
    userId: user._id,
    csrfToken: randomToken(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    ip,
    userAgent: request.headers.get("user-agent")?.slice(0, 300),
  });
  await audit(
    { id: user._id.toString(), name: user.displayName, ip },
    { action: "auth.sign_in", resourceType: "user", resourceId: user._id.toString() },
  );
  return {
    ok: true,
    setCookie: await sessionCookie().serialize(token),
    user: {
      id: user._id.toString(),
      accountName: user.accountName,
      displayName: user.displayName,
      mustChangePassword: user.mustChangePassword,
      roles: toGrants(user),
      sessionId: session._id,
      csrfToken: session.csrfToken,
    },
  };
}

export async function signOut(user: CurrentUser, ip?: string) {
  await Session.deleteOne({ _id: user.sessionId });
  await audit({ id: user.id, name: user.displayName, ip }, { action: "auth.sign_out" });
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Ends every session of the user (all browsers), including this one. */
export async function signOutEverywhere(user: CurrentUser, ip?: string) {
  const { deletedCount } = await Session.deleteMany({ userId: new Types.ObjectId(user.id) });
  await audit(
    { id: user.id, name: user.displayName, ip },
    { action: "auth.sign_out_everywhere", detail: `${deletedCount} 个会话` },
  );
  return sessionCookie().serialize("", { maxAge: 0 });
}

/**
 * Changes the password after checking the current one. Every session of the user is revoked, then a
 * fresh one is issued for this browser, so other browsers must sign in again.
 */
export async function changePassword(
  request: Request,
  user: CurrentUser,
  current: string,
  next: string,
): Promise<{ ok: true; setCookie: string } | { ok: false; field: "current" | "next"; message: string }> {
  const stored = await User.findById(user.id).lean();
  if (!stored?.passwordHash || !(await verify(stored.passwordHash, current).catch(() => false))) {
    return { ok: false, field: "current", message: "当前密码不正确" };
  }
  const problem = passwordProblem(next);
  if (problem) return { ok: false, field: "next", message: problem };
  if (current === next) return { ok: false, field: "next", message: "新密码不能与当前密码相同" };
  await User.updateOne(
    { _id: stored._id },
    {
      $set: {
        passwordHash: await hashPassword(next),
        passwordChangedAt: new Date(),
        mustChangePassword: false,
      },
    },
  );
  await Session.deleteMany({ userId: stored._id });
  const ip = clientIp(request);
  await audit(
    { id: user.id, name: user.displayName, ip },
    { action: "auth.change_password", resourceType: "user", resourceId: user.id },
  );
  const token = randomToken();
  const now = new Date();
  await Session.create({
    _id: sha256(token),
    userId: stored._id,
    csrfToken: randomToken(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    ip,
    userAgent: request.headers.get("user-agent")?.slice(0, 300),
  });
  return { ok: true, setCookie: await sessionCookie().serialize(token) };
}

/** Removes expired sessions and activation links (FerretDB has no TTL indexes); run by a repeatable job. */
export async function sweepExpiredSessions(now = new Date()) {
  const { deletedCount } = await Session.deleteMany({ expiresAt: { $lte: now } });
  await Activation.deleteMany({ expiresAt: { $lte: now } });
  return deletedCount;
}

export const tokenHash = sha256;
export const newToken = randomToken;
