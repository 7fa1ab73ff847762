/**
 * Factories for integration tests: every test creates the data it needs (CONVENTIONS.md). Organisations,
 * enterprises and users are written straight through the models (fast, no audit entries); signing in goes
 * through the real service, so the cookie and CSRF token are the ones a browser would get.
 */
import { keepAccount } from "../../app/services/accounts/kept-accounts.server";
import crypto from "node:crypto";
import { Types } from "mongoose";
import { makeCreditCode } from "~/domain/credit-code";
import type { OrgKind, Role } from "~/domain/roles";
import { hashPassword, signIn, type CurrentUser } from "~/services/accounts/auth.server";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { UnionOrg, type UnionOrgDoc } from "../../models/union-org";
import { User, UserMobile, type UserDoc } from "../../models/user";
import { keepEnterpriseFigures } from "~/services/workbench/figures.server";

export const PASSWORD = "Secret2026";
export const BASE_URL = "http://app.test";

let seq = 0;
const next = () => ++seq;

/** A credit code no other factory call in this process returns (valid check character). */
export function nextCreditCode(): string {
  return makeCreditCode(`91440300MA${String(1_000_000 + next()).slice(-7)}`);
}

/** A distinct client IP, so throttling counters of one test never touch another's. */
export function nextIp(): string {
  const n = next();
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export async function makeOrg(
  input: { name?: string; kind?: OrgKind; parent?: Pick<UnionOrgDoc, "_id" | "ancestors"> | null } = {},
): Promise<UnionOrgDoc> {
  const parent = input.parent ?? null;
  const created = await UnionOrg.create({
    name: input.name ?? `测试工会${next()}`,
    kind: input.kind ?? (parent ? "street" : "city"),
    parentId: parent?._id ?? null,
    ancestors: parent ? [...parent.ancestors, parent._id] : [],
  });
  return created.toObject();
}

export async function makeEnterprise(
  org: Pick<UnionOrgDoc, "_id">,
  overrides: Partial<Omit<EnterpriseDoc, "_id" | "unionOrgId">> = {},
): Promise<EnterpriseDoc> {
  const n = next();
  const created = await Enterprise.create({
    name: `测试企业${n}有限公司`,
    creditCode: nextCreditCode(),
    industry: "C",
    headcount: 100 + n,
    unionOrgId: org._id,
    ...overrides,
  });
  await keepEnterprisesWrittenDirectly([created]);
  return created.toObject();
}

let defaultHash: Promise<string> | undefined;

export interface MadeUser {
  doc: UserDoc;
  id: string;
  accountName: string;
  password: string;
}

/** An active account holding one role (bound to an org for instructors, an enterprise for HR/chair/rep). */
export async function makeUser(input: {
  role: Role;
  org?: Pick<UnionOrgDoc, "_id">;
  enterprise?: Pick<EnterpriseDoc, "_id">;
  accountName?: string;
  displayName?: string;
  mobile?: string;
  status?: UserDoc["status"];
  password?: string;
}): Promise<MadeUser> {
  const n = next();
  const password = input.password ?? PASSWORD;
  const passwordHash =
    password === PASSWORD ? await (defaultHash ??= hashPassword(PASSWORD)) : await hashPassword(password);
  const accountName = input.accountName ?? `${input.role}.${n}`;
  const created = await User.create({
    accountName,
    displayName: input.displayName ?? `测试用户${n}`,
    mobile: input.mobile,
    passwordHash,
    status: input.status ?? "active",
    mustChangePassword: false,
    roles: [{ role: input.role, unionOrgId: input.org?._id, enterpriseId: input.enterprise?._id }],
  });
  if (input.mobile) await UserMobile.create({ _id: input.mobile, userId: created._id });
  // Written around the services: kept in its enterprise's accounts as createAccount would.
  await keepAccount(created._id);
  return { doc: created.toObject(), id: String(created._id), accountName, password };
}

/** A signed-in browser: its session cookie ("name=value"), its CSRF token and the user as services see it. */
export interface Browser {
  cookie: string;
  csrf: string;
  user: CurrentUser;
  ip: string;
}

export function loginRequest(ip = nextIp()): Request {
  return new Request(`${BASE_URL}/login`, {
    method: "POST",
    headers: { "x-client-ip": ip, "user-agent": "jest" },
  });
}

export async function signInAs(
  who: { accountName: string; password?: string },
  ip = nextIp(),
): Promise<Browser> {
  let result;
  try {
    result = await signIn(loginRequest(ip), who.accountName, who.password ?? PASSWORD);
  } catch (error) {
    throw new Error(`测试账号 ${who.accountName} 登录失败：${(error as Error).message}`);
  }
  return { cookie: cookiePair(result.setCookie), csrf: result.user.csrfToken, user: result.user, ip };
}

/** "ghxs_session=…; Path=/; HttpOnly" → "ghxs_session=…" (what the browser sends back). */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0];
}

export function pageRequest(browser: Pick<Browser, "cookie"> | null, path: string): Request {
  return new Request(`${BASE_URL}${path}`, { headers: browser ? { Cookie: browser.cookie } : {} });
}

/** A form post as the browser sends it; `_csrf` is the session's token unless given (or null to omit). */
export function formRequest(
  browser: Pick<Browser, "cookie" | "csrf">,
  path: string,
  fields: Record<string, string>,
  csrf: string | null = browser.csrf,
): Request {
  const body = new URLSearchParams(fields);
  if (csrf !== null) body.set("_csrf", csrf);
  return new Request(`${BASE_URL}${path}`, { method: "POST", headers: { Cookie: browser.cookie }, body });
}

/** The raw input createEnterprise/updateEnterprise validate, from a stored enterprise plus changes. */
export function enterpriseRaw(
  e: Pick<EnterpriseDoc, "name" | "creditCode" | "industry" | "headcount" | "unionOrgId">,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    headcount: e.headcount,
    unionOrgId: String(e.unionOrgId),
    congressEstablished: false,
    openAffairs: false,
    usesDispatch: false,
    contractStatus: "none",
    ...overrides,
  };
}

/** The same as form fields (what enterprises.new / enterprises.$id.edit post). */
export function enterpriseForm(
  e: Pick<EnterpriseDoc, "name" | "creditCode" | "industry" | "headcount" | "unionOrgId">,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    headcount: String(e.headcount),
    womenShare: "",
    address: "",
    unionOrgId: String(e.unionOrgId),
    unionEstablishedOn: "",
    contractStatus: "none",
    contractValidUntil: "",
    harmoniousDesignations: "",
    ...overrides,
  };
}

/** What a promise rejected with; fails the test when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("预期被拒绝，实际成功了");
}

/** The status of the Response a loader, action or service threw (other errors fail the test as they are). */
export async function thrownStatus(promise: Promise<unknown>): Promise<number> {
  const error = await rejectionOf(promise);
  if (error instanceof Response) return error.status;
  throw error;
}

/** The thrown Response's status and Chinese message. */
export async function thrownResponse(
  promise: Promise<unknown>,
): Promise<{ status: number; message: string }> {
  const error = await rejectionOf(promise);
  if (!(error instanceof Response)) throw error;
  return { status: error.status, message: await error.text() };
}

export const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
export const randomToken = () => crypto.randomBytes(8).toString("hex");

/** Arguments Remix passes to a loader or action. */
export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}

/**
 * After a test wrote enterprises around the services (created, changed or deleted them directly): the kept
 * rows of their organisations (the workbench figures and the enterprise list) follow, as the services'
 * own writes make them. Give the organisations before and after a move.
 */
export async function keepEnterprisesWrittenDirectly(
  enterprises: Pick<EnterpriseDoc, "_id" | "unionOrgId">[],
  alsoOrgs: unknown[] = [],
) {
  await keepEnterpriseFigures(
    enterprises.map((e) => e._id),
    [...enterprises.map((e) => e.unionOrgId), ...alsoOrgs],
  );
}
