import crypto from "node:crypto";
import { keepSession } from "./user-sessions.server";
import { hash, verify } from "@node-rs/argon2";
import { createCookie, redirect } from "@remix-run/node";
import { Types } from "mongoose";
import { cookieSecure, getConfig } from "~/config.server";
import type { Principal } from "~/domain/policy";
import { ROLE_BINDING, type RoleGrant } from "~/domain/roles";
import { Activation, Session } from "../../../models/session";
import { User, UserMobile, type UserDoc } from "../../../models/user";
import { checkFormHeaders, readForm, type ReadFormOptions } from "~/lib/form.server";
import { audit } from "../audit/audit.server";
import { clientIp, forbidden, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { clearFailures, isLocked, recordFailure, type LockInfo } from "../../lib/throttle.server";
import { requestMemo } from "~/lib/server-timing.server";

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

let loginCookie: ReturnType<typeof createCookie> | undefined;
/** Holds the sign-in form's CSRF token (there is no session yet to hold it). */
function loginCsrfCookie() {
  const config = getConfig();
  loginCookie ??= createCookie("ghxs_login", {
    httpOnly: true,
    sameSite: "strict",
    secure: cookieSecure(config),
    // "/", not "/login": the form posts to /login.data when scripts run, which "/login" does not cover.
    path: "/",
    secrets: [config.SESSION_SECRET],
  });
  return loginCookie;
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
    // Only an organisation-bound (instructor) grant can head its organisation.
    ...(g.head && ROLE_BINDING[g.role] === "org" ? { head: true } : {}),
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
  // Once per page load: the root loader and the page's loader both ask.
  return requestMemo(`user:${sha256(token)}`, () => userOfToken(token));
}

async function userOfToken(token: string): Promise<CurrentUser | null> {
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

/** Throws 403 unless the form carries this session's CSRF token. */
function checkCsrfToken(user: CurrentUser, form: FormData) {
  const sent = form.get("_csrf");
  const expected = Buffer.from(user.csrfToken);
  // Compare bytes, not characters: a same-length token with non-ASCII characters must be a 403, not a
  // RangeError from timingSafeEqual.
  const given = typeof sent === "string" ? Buffer.from(sent) : undefined;
  if (!given || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw forbidden("页面已过期或请求来源不可信，请刷新页面后重试");
  }
}

/** For actions: the signed-in user, after checking the form's per-session CSRF token. */
export async function requireActionUser(
  request: Request,
  form: FormData,
  options: { allowPasswordChange?: boolean } = {},
): Promise<CurrentUser> {
  const user = await requireUser(request, options);
  checkCsrfToken(user, form);
  return user;
}

/**
 * For every action of a signed-in person: the body's type and declared size are checked, then the session
 * (a signed-out request, an upload included, is sent to sign in before a byte of its body is read), then
 * the form is read within its limit (app/lib/form.server.ts) and its CSRF token checked.
 */
export async function requireActionForm(
  request: Request,
  options: ReadFormOptions & { allowPasswordChange?: boolean } = {},
): Promise<{ user: CurrentUser; form: FormData }> {
  checkFormHeaders(request, options);
  const user = await requireUser(request, options);
  const form = await readForm(request, options);
  checkCsrfToken(user, form);
  return { user, form };
}

/**
 * The sign-in form's CSRF token (double submit: the form's hidden field must equal the signed cookie), and
 * the Set-Cookie header when this browser has no token yet.
 */
export async function loginCsrf(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing: unknown = await loginCsrfCookie().parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing };
  const token = randomToken();
  return { token, setCookie: await loginCsrfCookie().serialize(token) };
}

/** Throws 403 unless the sign-in form carries the token of this browser's sign-in cookie. */
export async function checkLoginCsrf(request: Request, form: FormData) {
  const expected: unknown = await loginCsrfCookie().parse(request.headers.get("Cookie"));
  const sent = form.get("_csrf");
  const a = typeof expected === "string" ? Buffer.from(expected) : undefined;
  const b = typeof sent === "string" ? Buffer.from(sent) : undefined;
  if (!a || !b || a.length < 32 || a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
    throw forbidden("登录页面已过期或请求来源不可信，请刷新页面后重新登录");
  }
}

export interface SignedIn {
  setCookie: string;
  user: CurrentUser;
}

/** A refused sign-in: the message the person sees, and the lock when throttling refused it. */
export class SignInRefused extends UserError {
  constructor(
    message: string,
    readonly lock?: LockInfo,
  ) {
    super(message);
    this.name = "SignInRefused";
  }
}

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

let dummyHash: Promise<string> | undefined;

/**
 * The hash of a password nobody has. An unknown account (or one without a password yet) is verified against
 * it, so a sign-in takes as long whether the account exists or not and its time tells nothing.
 */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken());
  return dummyHash;
}

/** Tells the account's owner, in the app, that their account sees repeated failed sign-ins. */
async function warnOwner(user: Pick<UserDoc, "_id">, failures: number, ip: string) {
  const { LOGIN_LOCK_MINUTES } = getConfig();
  await notifyUsers({
    userIds: [user._id],
    kind: "account.sign_in_failures",
    title: "您的账号多次登录失败",
    body:
      `最近 ${LOGIN_LOCK_MINUTES} 分钟内，您的账号有 ${failures} 次密码错误的登录尝试，最近一次来自 ${ip}。` +
      "如果不是您本人所为，请修改密码；如果忘记了密码，请联系工会指导员或管理员重置。",
    link: "/account",
    dedupeKey: `sign_in_failures:${Math.floor(Date.now() / (LOGIN_LOCK_MINUTES * 60_000))}`,
  });
}

/**
 * Sign-in with account name or mobile number + password, throttled per (account, address) and per address
 * (throttle.server.ts). Refusals are SignInRefused errors; unknown accounts and wrong passwords get the
 * same message and take the same time.
 */
export async function signIn(request: Request, identifier: string, password: string): Promise<SignedIn> {
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
    throw new SignInRefused(lockMessage(lock), lock);
  }
  const storedHash = user?.passwordHash || (await dummyPasswordHash());
  const matches = await verify(storedHash, password).catch(() => false);
  const valid = !!user?.passwordHash && matches;
  if (!user || !valid || user.status !== "active") {
    const outcome = await recordFailure(account, ip);
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
    if (user && outcome.warnOwner) await warnOwner(user, outcome.warnOwner.failures, ip);
    if (outcome.lock) throw new SignInRefused(lockMessage(outcome.lock), outcome.lock);
    if (user && valid && user.status === "disabled") throw new SignInRefused("该账号已停用，请联系管理员");
    if (user && valid && user.status === "pending")
      throw new SignInRefused("该账号尚未激活，请使用激活链接设置密码");
    throw new SignInRefused("账号或密码不正确");
  }
  await clearFailures(account, ip);
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
  await keepSession(session);
  await audit(
    { id: user._id.toString(), name: user.displayName, ip },
    { action: "auth.sign_in", resourceType: "user", resourceId: user._id.toString() },
  );
  return {
    setCookie: await sessionCookie().serialize(token),
    user: currentUserOf(user, { sessionId: session._id, csrfToken: session.csrfToken }),
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
 * fresh one is issued for this browser, so other browsers must sign in again. A wrong current password or
 * a weak new one is a UserError naming the field.
 */
export async function changePassword(
  request: Request,
  user: CurrentUser,
  current: string,
  next: string,
): Promise<{ setCookie: string }> {
  const refuse = (field: "current" | "next", message: string) =>
    new UserError(message, { [field]: [message] });
  const stored = await User.findById(user.id).lean();
  if (!stored?.passwordHash || !(await verify(stored.passwordHash, current).catch(() => false))) {
    throw refuse("current", "当前密码不正确");
  }
  const problem = passwordProblem(next);
  if (problem) throw refuse("next", problem);
  if (current === next) throw refuse("next", "新密码不能与当前密码相同");
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
  const session = await Session.create({
    _id: sha256(token),
    userId: stored._id,
    csrfToken: randomToken(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    ip,
    userAgent: request.headers.get("user-agent")?.slice(0, 300),
  });
  await keepSession(session);
  return { setCookie: await sessionCookie().serialize(token) };
}

/**
 * Re-entering one's password to confirm a signature (a chief signing the collective contract): a wrong
 * password is a UserError on the field, and the account's owner gets the usual lock-out protection from
 * the sign-in throttle only at sign-in (a signed-in session is already authenticated).
 */
export async function confirmPassword(user: CurrentUser, password: string): Promise<void> {
  const stored = await User.findById(user.id).select({ passwordHash: 1 }).lean();
  if (!stored?.passwordHash || !(await verify(stored.passwordHash, password).catch(() => false)))
    throw new UserError("密码不正确，签字未完成", { password: ["密码不正确"] });
}

/** Removes expired sessions and activation links (FerretDB has no TTL indexes); run by a repeatable job. */
export async function sweepExpiredSessions(now = new Date()) {
  const { deletedCount } = await Session.deleteMany({ expiresAt: { $lte: now } });
  await Activation.deleteMany({ expiresAt: { $lte: now } });
  return deletedCount;
}

export const tokenHash = sha256;
export const newToken = randomToken;
