import { getConfig } from "~/config.server";
import { getRedis } from "./redis.server";

/**
 * Sign-in throttling in Redis, by (account, address) and by address, never by account alone: someone who
 * knows an account name can lock it only from their own address, and its owner still signs in from theirs.
 *
 * - (account, address): LOGIN_MAX_FAILURES failures (default 5) within the window lock that pair for
 *   LOGIN_LOCK_MINUTES (default 15); every further lock of the same pair within a day lasts twice as long
 *   (15, 30, 60 … minutes, at most a day).
 * - address: four times as many failures across accounts lock the address, growing the same way.
 * - account: failures from every address are counted so that the owner is told (once per window) when
 *   their account sees repeated failures; the count locks nothing.
 *
 * If Redis is down, sign-in still works (availability over throttling), and /healthz reports the outage.
 */
export interface LockInfo {
  /** "account": this account from this address; "ip": this address, for every account. */
  scope: "account" | "ip";
  until: number;
}

export interface FailureOutcome {
  /** The lock this failure caused, if it reached a limit. */
  lock: LockInfo | null;
  /** Set on the failure that reached the account's limit across addresses (at most once per window). */
  warnOwner: { failures: number } | null;
}

const DAY_MS = 86_400_000;
const key = (kind: string, id: string) => `${getConfig().QUEUE_PREFIX}:login:${kind}:${id}`;
const pairId = (account: string, ip: string) => `${encodeURIComponent(account)}|${ip}`;

export async function isLocked(account: string, ip: string): Promise<LockInfo | null> {
  try {
    const redis = getRedis();
    const [pairTtl, ipTtl] = await Promise.all([
      redis.pttl(key("lock:pair", pairId(account, ip))),
      redis.pttl(key("lock:ip", ip)),
    ]);
    if (pairTtl > 0) return { scope: "account", until: Date.now() + pairTtl };
    if (ipTtl > 0) return { scope: "ip", until: Date.now() + ipTtl };
    return null;
  } catch {
    return null;
  }
}

/** Locks `id` for the window, doubled for each earlier lock of it within a day. */
async function lock(kind: "pair" | "ip", id: string, windowMs: number): Promise<number> {
  const redis = getRedis();
  const count = await redis.incr(key(`locks:${kind}`, id));
  await redis.pexpire(key(`locks:${kind}`, id), DAY_MS);
  const duration = Math.min(DAY_MS, windowMs * 2 ** Math.min(count - 1, 10));
  await redis.set(key(`lock:${kind}`, id), "1", "PX", duration);
  await redis.del(key(`fail:${kind}`, id));
  return Date.now() + duration;
}

/** Counts a failure of `account` from `ip`; says whether it caused a lock or should warn the owner. */
export async function recordFailure(account: string, ip: string): Promise<FailureOutcome> {
  const { LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES } = getConfig();
  const windowMs = LOGIN_LOCK_MINUTES * 60_000;
  const pair = pairId(account, ip);
  try {
    const redis = getRedis();
    const results = await redis
      .multi()
      .incr(key("fail:pair", pair))
      .pexpire(key("fail:pair", pair), windowMs)
      .incr(key("fail:ip", ip))
      .pexpire(key("fail:ip", ip), windowMs)
      .incr(key("fail:account", account))
      .pexpire(key("fail:account", account), windowMs)
      .exec();
    const pairFailures = Number(results?.[0]?.[1] ?? 0);
    const ipFailures = Number(results?.[2]?.[1] ?? 0);
    const accountFailures = Number(results?.[4]?.[1] ?? 0);
    let warnOwner: FailureOutcome["warnOwner"] = null;
    if (accountFailures >= LOGIN_MAX_FAILURES) {
      const first = await redis.set(key("warned:account", account), "1", "PX", windowMs, "NX");
      if (first === "OK") warnOwner = { failures: accountFailures };
    }
    if (pairFailures >= LOGIN_MAX_FAILURES) {
      return { lock: { scope: "account", until: await lock("pair", pair, windowMs) }, warnOwner };
    }
    if (ipFailures >= LOGIN_MAX_FAILURES * 4) {
      return { lock: { scope: "ip", until: await lock("ip", ip, windowMs) }, warnOwner };
    }
    return { lock: null, warnOwner };
  } catch {
    return { lock: null, warnOwner: null };
  }
}

/** After a successful sign-in: this address's failures and lock history for the account are forgotten. */
export async function clearFailures(account: string, ip: string) {
  try {
    const pair = pairId(account, ip);
    await getRedis().del(key("fail:pair", pair), key("locks:pair", pair));
  } catch {
    // Redis down: nothing to clear.
  }
}

/**
 * The public pages without an account (a training's sign-in link, a survey link) are limited per client
 * address (TRUSTED_PROXIES aware, like sign-in), so one machine cannot flood a session with made-up
 * attendees or hammer the links. The limits are generous because a venue's or a workshop's people often
 * share one address: PUBLIC_LIMITS per PUBLIC_WINDOW_MS, counted apart for page loads and submissions.
 * If Redis is down the pages still work (availability over throttling).
 */
const PUBLIC_WINDOW_MS = 10 * 60_000;
export const PUBLIC_LIMITS = { view: 1200, submit: 300 } as const;

/** Counts one request of a public page from `ip`; the seconds to wait when over the limit, else null. */
export async function publicPageWait(ip: string, kind: keyof typeof PUBLIC_LIMITS): Promise<number | null> {
  try {
    const k = `${getConfig().QUEUE_PREFIX}:public:${kind}:${ip}`;
    const results = await getRedis().multi().set(k, "0", "PX", PUBLIC_WINDOW_MS, "NX").incr(k).pttl(k).exec();
    const count = Number(results?.[1]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? 0);
    return count > PUBLIC_LIMITS[kind] ? Math.max(1, Math.ceil(ttl / 1000)) : null;
  } catch {
    return null;
  }
}
