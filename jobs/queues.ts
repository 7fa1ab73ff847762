import Queue from "bull";
import { Redis } from "ioredis";
import { getConfig } from "../app/config.server";

/**
 * Bull queues. Only jobs/ imports bull, so a later move to BullMQ touches one folder.
 * Job payloads carry ids only; the state a person sees lives in the database.
 */
export const QUEUES = {
  /** System self-checks (the round trip on /system). */
  system: "system",
  /** Word documents: risk reports, prescriptions. */
  documents: "documents",
  /** Repeatable sweeps: expired sessions, deadlines, lost jobs. */
  sweeps: "sweeps",
  /** Dashboard roll-ups: a change whose apply failed in the request, subtree totals, the full rebuild. */
  dashboards: "dashboards",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const queues = new Map<string, Queue.Queue>();
let shared: { client: Redis; subscriber: Redis } | undefined;

function connection(url: string) {
  // Bull needs these two options on shared ioredis connections (STACK-NOTES: bull).
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
  redis.on("error", () => {
    // ioredis reconnects by itself; queue-level errors are logged by the queue's listener.
  });
  return redis;
}

export function getQueue(name: QueueName): Queue.Queue {
  const existing = queues.get(name);
  if (existing) return existing;
  const { REDIS_URL, QUEUE_PREFIX, JOB_LOCK_SECONDS } = getConfig();
  if (!shared) {
    shared = { client: connection(REDIS_URL), subscriber: connection(REDIS_URL) };
    // Bull adds its own listeners to a shared connection for every queue on it; with all our queues that
    // passes Node's default of 10 and printed a false "memory leak" warning at every worker start.
    const perQueue = 4;
    for (const c of [shared.client, shared.subscriber])
      c.setMaxListeners(Object.keys(QUEUES).length * perQueue + 10);
  }
  const { client, subscriber } = shared;
  const queue = new Queue(name, {
    prefix: QUEUE_PREFIX,
    createClient: (type) => {
      if (type === "client") return client;
      if (type === "subscriber") return subscriber;
      return connection(REDIS_URL); // every blocking client gets its own connection
    },
    // A worker that dies mid-job stops renewing its lock; after the lock lapses the job is "stalled" and
    // handed to another worker (or the same one restarted). Jobs are idempotent, so running again is safe.
    settings: {
      lockDuration: JOB_LOCK_SECONDS * 1000,
      stalledInterval: JOB_LOCK_SECONDS * 1000,
      maxStalledCount: 3,
    },
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: 1_000,
      removeOnFail: 5_000,
    },
  });
  queue.on("error", (error) => {
    console.error(`[queue ${name}] ${error.message}`);
  });
  queues.set(name, queue);
  return queue;
}

export async function closeQueues() {
  await Promise.all([...queues.values()].map((queue) => queue.close()));
  queues.clear();
  if (shared) {
    shared.client.disconnect();
    shared.subscriber.disconnect();
    shared = undefined;
  }
}

/**
 * Removes every Redis key under a queue prefix (test runs and benchmarks use a prefix of their own and
 * clean it up afterwards). Its own connection: callers may have closed the queues already.
 */
export async function deleteQueueKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
