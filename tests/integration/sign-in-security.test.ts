/**
 * Issue 13, accounts: throttling by (account, address) and by address (a lock-out cannot be forced from
 * another address; X-Forwarded-For does not change the address), growing locks, the owner told of repeated
 * failures, an access reset ending the old password and sessions at once, sign-in time not telling whether
 * an account exists, the sign-in form's CSRF token and the redirect after sign-in.
 */
import { resetAccess } from "~/services/accounts/accounts.server";
import { getCurrentUser, signIn, SignInRefused } from "~/services/accounts/auth.server";
import { getRedis } from "~/lib/redis.server";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { Notification } from "../../models/notification";
import { Session } from "../../models/session";
import { User } from "../../models/user";
import {
  BASE_URL,
  PASSWORD,
  loginRequest,
  makeEnterprise,
  makeOrg,
  makeUser,
  nextIp,
  pageRequest,
  routeArgs,
  signInAs,
  thrownResponse,
  type Browser,
} from "../support/factories";

const WRONG = "账号或密码不正确";

/** signIn's outcome: "ok", or the refusal's message and lock scope. */
async function attempt(request: Request, account: string, password: string) {
  try {
    await signIn(request, account, password);
    return { ok: true as const };
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    return { ok: false as const, message: error.message, scope: error.lock?.scope, until: error.lock?.until };
  }
}

const whoIs = async (cookie: string) => (await getCurrentUser(pageRequest({ cookie }, "/")))?.id ?? null;

/** A request from `peer` (the connection's address, as scripts/server.js writes it) with a forged header. */
function forwardedRequest(peer: string, forwardedFor: string) {
  return new Request(`${BASE_URL}/login`, {
    method: "POST",
    headers: { "x-client-ip": peer, "x-forwarded-for": forwardedFor, "user-agent": "jest" },
  });
}

let admin: Browser;

beforeAll(async () => {
  admin = await signInAs(await makeUser({ role: "admin", accountName: "sec.admin" }));
});

describe("throttling by (account, address) and by address", () => {
  it("five wrong passwords from one address do not lock the right password out from another address", async () => {
    const user = await makeUser({ role: "admin", accountName: "target.admin" });
    const attacker = nextIp();
    for (let i = 0; i < 5; i++) await attempt(loginRequest(attacker), "target.admin", "Wrong12345");
    // Even dozens of tries from the attacker's address only keep that address out.
    for (let i = 0; i < 10; i++) await attempt(loginRequest(attacker), "target.admin", "Wrong12345");
    const fromAttacker = await attempt(loginRequest(attacker), "target.admin", PASSWORD);
    expect(fromAttacker).toMatchObject({ ok: false, scope: "account" });
    expect(fromAttacker.ok === false && fromAttacker.message).toMatch(/^登录失败次数过多/);

    const owner = await signInAs(user, nextIp());
    expect(await whoIs(owner.cookie)).toBe(user.id);
  });

  it("many addresses each guessing a little never lock the owner out", async () => {
    const user = await makeUser({ role: "admin", accountName: "popular.admin" });
    for (let i = 0; i < 12; i++) {
      const ip = nextIp();
      for (let j = 0; j < 4; j++) {
        expect(await attempt(loginRequest(ip), "popular.admin", "Wrong12345")).toEqual({
          ok: false,
          message: WRONG,
          scope: undefined,
          until: undefined,
        });
      }
    }
    expect(await whoIs((await signInAs(user, nextIp())).cookie)).toBe(user.id);
  });

  it("each further lock of the same account from the same address lasts twice as long", async () => {
    await makeUser({ role: "admin", accountName: "growing.admin" });
    const ip = nextIp();
    const lockFor = async () => {
      let last;
      for (let i = 0; i < 5; i++) last = await attempt(loginRequest(ip), "growing.admin", "Wrong12345");
      expect(last).toMatchObject({ ok: false, scope: "account" });
      return (last as { until: number }).until - Date.now();
    };
    const first = await lockFor();
    expect(first).toBeGreaterThan(14 * 60_000);
    expect(first).toBeLessThanOrEqual(15 * 60_000);
    // The lock runs out (as if 15 minutes had passed): the next five failures lock for 30 minutes.
    const prefix = process.env.QUEUE_PREFIX!;
    await getRedis().del(`${prefix}:login:lock:pair:growing.admin|${ip}`);
    const second = await lockFor();
    expect(second).toBeGreaterThan(29 * 60_000);
    expect(second).toBeLessThanOrEqual(30 * 60_000);
    await getRedis().del(`${prefix}:login:lock:pair:growing.admin|${ip}`);
    const third = await lockFor();
    expect(third).toBeGreaterThan(59 * 60_000);
  });

  it("rotating X-Forwarded-For does not escape the per-address limit", async () => {
    const peer = nextIp();
    for (let i = 0; i < 19; i++) {
      expect(
        await attempt(forwardedRequest(peer, `198.51.${i}.${i + 1}`), `xff.guess.${i}`, "Wrong12345"),
      ).toEqual({ ok: false, message: WRONG, scope: undefined, until: undefined });
    }
    const twentieth = await attempt(forwardedRequest(peer, "198.51.100.200"), "xff.guess.19", "Wrong12345");
    expect(twentieth).toMatchObject({ ok: false, scope: "ip" });
    const user = await makeUser({ role: "admin", accountName: "xff.innocent" });
    // Still locked, whatever the header now claims.
    expect(await attempt(forwardedRequest(peer, "203.0.113.77"), "xff.innocent", PASSWORD)).toMatchObject({
      ok: false,
      scope: "ip",
    });
    expect((await attempt(loginRequest(nextIp()), "xff.innocent", PASSWORD)).ok).toBe(true);
    // The session records the connection's address, not the forged one.
    await attempt(forwardedRequest(nextIp(), "203.0.113.78"), "xff.innocent", PASSWORD);
    const ips = (await Session.find({ userId: user.doc._id }).lean()).map((s) => s.ip);
    expect(ips).not.toContain("203.0.113.78");
  });

  it("tells the owner once when their account sees repeated failures, from any addresses", async () => {
    const user = await makeUser({ role: "admin", accountName: "warned.admin" });
    for (let i = 0; i < 4; i++) await attempt(loginRequest(nextIp()), "warned.admin", "Wrong12345");
    expect(await Notification.countDocuments({ userId: user.doc._id })).toBe(0);
    await attempt(loginRequest(nextIp()), "warned.admin", "Wrong12345");
    for (let i = 0; i < 6; i++) await attempt(loginRequest(nextIp()), "warned.admin", "Wrong12345");
    const notes = await Notification.find({ userId: user.doc._id }).lean();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      kind: "account.sign_in_failures",
      title: "您的账号多次登录失败",
      link: "/account",
    });
    expect(notes[0].body).toContain("5 次密码错误的登录尝试");
    // Failures for accounts that do not exist notify nobody.
    for (let i = 0; i < 6; i++) await attempt(loginRequest(nextIp()), "nobody.at.all", "Wrong12345");
  });
});

describe("an access reset", () => {
  it("stops the old password at once and ends every session; the new link sets a new one", async () => {
    const org = await makeOrg();
    const enterprise = await makeEnterprise(org);
    const user = await makeUser({ role: "hr", enterprise, accountName: "reset.hr" });
    const browsers = [await signInAs(user), await signInAs(user)];
    const link = await resetAccess(admin.user, user.id);

    for (const b of browsers) expect(await whoIs(b.cookie)).toBeNull();
    expect(await Session.countDocuments({ userId: user.doc._id })).toBe(0);
    expect(await attempt(loginRequest(), "reset.hr", PASSWORD)).toMatchObject({ ok: false, message: WRONG });
    const stored = await User.findById(user.id).lean();
    expect(stored?.passwordHash).toBeUndefined();
    expect(stored?.status).toBe("pending");

    const { activateAccount } = await import("~/services/accounts/accounts.server");
    await activateAccount(link.replace("/activate/", ""), "Fresh2026x");
    expect((await attempt(loginRequest(), "reset.hr", "Fresh2026x")).ok).toBe(true);
    expect((await attempt(loginRequest(), "reset.hr", PASSWORD)).ok).toBe(false);
  });
});

describe("sign-in time", () => {
  it("is the same for an unknown account and an existing one (median of 30 each within 20 %)", async () => {
    await makeUser({ role: "admin", accountName: "timed.admin" });
    const time = async (account: string) => {
      const start = process.hrtime.bigint();
      await attempt(loginRequest(nextIp()), account, "Wrong12345");
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    // Warm both paths once (the dummy hash is made on first use), then alternate.
    await time("timed.admin");
    await time("nobody.timed");
    const existing: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 30; i++) {
      existing.push(await time("timed.admin"));
      unknown.push(await time(`nobody.timed.${i}`));
    }
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [a, b] = [median(existing), median(unknown)];
    expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThan(0.2);
  });
});

describe("the sign-in form", () => {
  beforeAll(async () => {
    await makeUser({ role: "admin", accountName: "redir.admin" });
  });

  type LoaderData = { data: { csrf: string }; init: { headers?: Record<string, string> } | null };

  async function openLoginPage() {
    const page = (await loginLoader(routeArgs(pageRequest(null, "/login")))) as unknown as LoaderData;
    const setCookie = page.init?.headers?.["Set-Cookie"];
    expect(setCookie).toMatch(/^ghxs_login=.+; Path=\/; HttpOnly; SameSite=Strict$/);
    return { token: page.data.csrf, cookie: setCookie!.split(";")[0] };
  }

  function post(fields: Record<string, string>, cookie?: string, ip = nextIp()) {
    const headers: Record<string, string> = { "x-client-ip": ip };
    if (cookie) headers.Cookie = cookie;
    return new Request(`${BASE_URL}/login`, { method: "POST", headers, body: new URLSearchParams(fields) });
  }

  it("carries a CSRF token: a post without it, or with another browser's, is refused", async () => {
    await makeUser({ role: "admin", accountName: "form.admin" });
    const fields = { identifier: "form.admin", password: PASSWORD, redirectTo: "/" };
    const mine = await openLoginPage();
    const theirs = await openLoginPage();
    expect(mine.token).not.toBe(theirs.token);

    const refused = [
      await thrownResponse(loginAction(routeArgs(post(fields)))),
      await thrownResponse(loginAction(routeArgs(post(fields, mine.cookie)))),
      await thrownResponse(loginAction(routeArgs(post({ ...fields, _csrf: mine.token })))),
      await thrownResponse(loginAction(routeArgs(post({ ...fields, _csrf: theirs.token }, mine.cookie)))),
    ];
    for (const r of refused)
      expect(r).toEqual({ status: 403, message: "登录页面已过期或请求来源不可信，请刷新页面后重新登录" });
    expect(
      await Session.countDocuments({ userId: (await User.findOne({ accountName: "form.admin" }))!._id }),
    ).toBe(0);

    const ok = (await loginAction(
      routeArgs(post({ ...fields, _csrf: mine.token }, mine.cookie)),
    )) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/^ghxs_session=/);
  });

  it.each([
    ["/\t/evil.example", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["/enterprises?q=1", "/enterprises?q=1"],
  ])("sends the person from redirectTo %j to %s", async (redirectTo, location) => {
    const { token, cookie } = await openLoginPage();
    const response = (await loginAction(
      routeArgs(post({ identifier: "redir.admin", password: PASSWORD, redirectTo, _csrf: token }, cookie)),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(location);
  });

  it.each([
    ["JSON", { "Content-Type": "application/json" }, '{"identifier":"a"}', 415],
    ["text/plain", { "Content-Type": "text/plain" }, "identifier=a", 415],
    ["no body", {}, null, 415],
    ["broken multipart", { "Content-Type": "multipart/form-data; boundary=zz" }, "--zz\r\nbroken", 400],
    ["oversize", { "Content-Type": "application/x-www-form-urlencoded" }, `a=${"x".repeat(40_000)}`, 413],
  ])("answers a %s body with a 4xx and a Chinese message", async (_label, headers, body, status) => {
    const request = new Request(`${BASE_URL}/login`, { method: "POST", headers, body });
    const refused = await thrownResponse(loginAction(routeArgs(request)));
    expect(refused.status).toBe(status);
    expect(refused.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
