import { getConfig } from "~/config.server";
import { getRedis } from "./redis.server";

/**
 * Sign-in throttling in Redis: after LOGIN_MAX_FAILURES failures (default 5) within the lock window, the
 * account is locked for LOGIN_LOCK_MINUTES (default 15); an IP is locked after four times as many
 * failures across accounts. If Redis is down, sign-in still works (availability over throttling), and
 * /healthz reports the outage.
 */
export interface LockInfo {
  scope: "account" | "ip";
  until: number;
}

const key = (kind: string, id: string) => `${getConfig().QUEUE_PREFIX}:login:${kind}:${id}`;

export async function isLocked(account: string, ip: string): Promise<LockInfo | null> {
  try {
    const redis = getRedis();
    const [accountTtl, ipTtl] = await Promise.all([
      redis.pttl(key("lock:acct", account)),
      redis.pttl(key("lock:ip", ip)),
    ]);
    if (accountTtl > 0) return { scope: "account", until: Date.now() + accountTtl };
    if (ipTtl > 0) return { scope: "ip", until: Date.now() + ipTtl };
    return null;
  } catch {
    return null;
  }
}

/** Counts a failure; returns the lock when this failure reached the limit. */
export async function recordFailure(account: string, ip: string): Promise<LockInfo | null> {
  const { LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES } = getConfig();
  const windowMs = LOGIN_LOCK_MINUTES * 60_000;
  try {
    const redis = getRedis();
    const results = await redis
      .multi()
      .incr(key("fail:acct", account))
      .pexpire(key("fail:acct", account), windowMs)
      .incr(key("fail:ip", ip))
      .pexpire(key("fail:ip", ip), windowMs)
      .exec();
    const accountFailures = Number(results?.[0]?.[1] ?? 0);
    const ipFailures = Number(results?.[2]?.[1] ?? 0);
    if (accountFailures >= LOGIN_MAX_FAILURES) {
      await redis.set(key("lock:acct", account), "1", "PX", windowMs);
      await redis.del(key("fail:acct", account));
      return { scope: "account", until: Date.now() + windowMs };
    }
    if (ipFailures >= LOGIN_MAX_FAILURES * 4) {
      await redis.set(key("lock:ip", ip), "1", "PX", windowMs);
      await redis.del(key("fail:ip", ip));
      return { scope: "ip", until: Date.now() + windowMs };
    }
    return null;
  } catch {
    return null;
  }
}

export async function clearFailures(account: string) {
  try {
    await getRedis().del(key("fail:acct", account));
  } catch {
    // Redis down: nothing to clear.
  }
}
