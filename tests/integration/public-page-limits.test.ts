/**
 * The public pages without an account (a training's sign-in link, a survey link) are limited per client
 * address: past the limit both the page and its form answer 429 with a Chinese message, other addresses
 * are unaffected, and an X-Forwarded-For from a peer that is not a trusted proxy changes nothing.
 */
import { PUBLIC_LIMITS } from "~/lib/throttle.server";
import { loader as signLoader, action as signAction } from "~/routes/trainings.sign.$token";
import { loader as answerLoader, action as answerAction } from "~/routes/surveys.answer.$token";
import { getRedis } from "~/lib/redis.server";
import { routeArgs } from "../support/factories";

const BASE = "http://app.test";
let n = 0;
/** A fresh address per test, so tests do not share counts. */
const nextAddress = () => `198.51.100.${++n}`;

const get = (path: string, ip: string, forwardedFor?: string) =>
  new Request(`${BASE}${path}`, {
    headers: { "x-client-ip": ip, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
  });
const post = (path: string, ip: string, forwardedFor?: string) =>
  new Request(`${BASE}${path}`, {
    method: "POST",
    headers: {
      "x-client-ip": ip,
      "content-type": "application/x-www-form-urlencoded",
      ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
    },
    body: new URLSearchParams({ intent: "sign-in", enterpriseId: "x", name: "张三" }),
  });

/** The status a call ends with: a thrown Response's status, or 200 for a returned value. */
async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

async function repeat(times: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < times; i += 50)
    await Promise.all(Array.from({ length: Math.min(50, times - i) }, (_, k) => statusOf(() => run(i + k))));
}

describe("public pages are limited per address", () => {
  beforeAll(async () => {
    // The client refuses commands until connected (and the limits then let everything through).
    const redis = getRedis();
    if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  });

  it("the sign-in link's form: past the limit a 429 with a Chinese message and Retry-After; another address still gets through", async () => {
    const ip = nextAddress();
    const path = "/trainings/sign/not-a-token";
    const args = (request: Request) => routeArgs(request, { token: "not-a-token" });
    // Every submission counts, whatever became of it (here: a link that does not exist).
    await repeat(PUBLIC_LIMITS.submit, (i) => signAction(args(post(path, ip, `203.0.113.${i % 250}`))));
    let refusal: Response | undefined;
    try {
      await signAction(args(post(path, ip, "203.0.113.77")));
    } catch (error) {
      refusal = error as Response;
    }
    expect(refusal?.status).toBe(429);
    expect(await refusal!.text()).toMatch(/访问过于频繁，请 \d+ 分钟后再试/);
    expect(Number(refusal!.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await statusOf(() => signLoader(args(get(path, ip))))).toBe(404); // page loads are counted apart
    expect(await statusOf(() => signAction(args(post(path, nextAddress()))))).toBe(404);
  });

  it("the survey link's page: past the limit a 429; the form is refused the same way", async () => {
    const ip = nextAddress();
    const path = "/surveys/answer/not-a-token";
    const args = (request: Request) => routeArgs(request, { token: "not-a-token" });
    await repeat(PUBLIC_LIMITS.view, () => answerLoader(args(get(path, ip))));
    expect(await statusOf(() => answerLoader(args(get(path, ip))))).toBe(429);
    expect(await statusOf(() => answerLoader(args(get(path, nextAddress()))))).toBe(404);
    const other = nextAddress();
    await repeat(PUBLIC_LIMITS.submit, () => answerAction(args(post(path, other))));
    expect(await statusOf(() => answerAction(args(post(path, other))))).toBe(429);
  });
});
