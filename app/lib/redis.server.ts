import { Redis } from "ioredis";
import { getConfig } from "~/config.server";
import { withTimeout } from "~/lib/with-timeout";

/**
 * The app's own Redis client (health checks, sign-in throttling). Bull's connections live in jobs/.
 * No offline queue: while Redis is down a command fails at once instead of hanging a request, and
 * ioredis keeps reconnecting in the background so the app recovers by itself.
 */
let client: Redis | undefined;

export function getRedis(): Redis {
  if (!client) {
    client = new Redis(getConfig().REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 200, 1_000),
      lazyConnect: false,
    });
    client.on("error", () => {
      // Reported through /healthz; ioredis reconnects on its own.
    });
  }
  return client;
}

export async function redisStatus(timeoutMs = 1_500): Promise<{ ok: boolean; error?: string }> {
  try {
    const redis = getRedis();
    const pong = await withTimeout(redis.ping(), timeoutMs);
    return { ok: pong === "PONG" };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function closeRedis() {
  if (client) {
    client.disconnect();
    client = undefined;
  }
}
