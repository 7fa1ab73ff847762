import mongoose, { type Schema } from "mongoose";
import { readyRedis } from "./kept-rows";

/*
 * What a small collection holds, worked out from one query and cached per process beside a counter in Redis
 * (the organisation tree, the published questionnaires and clause libraries): every write through the model
 * moves the counter (the schema's hooks call `changed`), and a read uses the cached value while the counter
 * equals the one read before it was worked out. A value cached over a minute is still answered and worked out
 * again beside the request (what a write made while Redis was unreachable changed shows from then on); the
 * requests that find it stale share one query. No counter (Redis unreachable): the query runs every time.
 * On FerretDB such a query decodes the whole collection; twenty page loads at once would each run it.
 */
const CACHE_MS = 60_000;
const STAMP_SECONDS = 7 * 86_400;

export interface StampedCache<T> {
  /** The value as it is now (cached while the counter holds). */
  read(): Promise<T>;
  /** After every write: this process forgets the value, the others find the counter moved. */
  changed(): Promise<void>;
}

/**
 * A value of `name` worked out by `load`. `same` says whether a value loaded again equals the cached one: the
 * cached object then stays (work kept on it, memoOnInputs, stays valid); without it the new value replaces it.
 */
export function stampedCache<T>(
  name: string,
  load: () => Promise<T>,
  same: (a: T, b: T) => boolean = () => false,
): StampedCache<T> {
  const cache = new Map<string, { stamp: string; at: number; value: T }>();
  /** Loads under way (by database and counter). */
  const loading = new Map<string, Promise<T>>();
  const counterKey = () => `${name}:${mongoose.connection.name}`;

  /** The counter as it is now ("0" set when there is none), or null when Redis is unreachable. */
  async function counterNow(): Promise<string | null> {
    try {
      const client = await readyRedis();
      if (!client) return null;
      const results = await client
        .multi()
        .set(counterKey(), "0", "EX", STAMP_SECONDS, "NX")
        .get(counterKey())
        .exec();
      const value = results?.[1]?.[1];
      return typeof value === "string" ? value : null;
    } catch {
      return null;
    }
  }

  function loadAt(key: string, stamp: string | null): Promise<T> {
    const flight = `${key}@${stamp}`;
    const under = stamp !== null ? loading.get(flight) : undefined;
    if (under) return under;
    const loaded = (async () => {
      const fresh = await load();
      const hit = cache.get(key);
      const value = hit && hit.stamp === stamp && same(hit.value, fresh) ? hit.value : fresh;
      if (stamp !== null) cache.set(key, { stamp, at: Date.now(), value });
      return value;
    })();
    if (stamp !== null) {
      loading.set(flight, loaded);
      void loaded.finally(() => loading.delete(flight)).catch(() => undefined);
    }
    return loaded;
  }

  return {
    async read() {
      const key = counterKey();
      const stamp = await counterNow();
      const hit = cache.get(key);
      if (stamp !== null && hit && hit.stamp === stamp) {
        if (Date.now() - hit.at >= CACHE_MS) void loadAt(key, stamp).catch(() => undefined);
        return hit.value;
      }
      return loadAt(key, stamp);
    },
    async changed() {
      cache.delete(counterKey());
      try {
        const client = await readyRedis();
        if (!client) return;
        await client.multi().incr(counterKey()).expire(counterKey(), STAMP_SECONDS).exec();
      } catch {
        // Redis unreachable: readers find no counter and load.
      }
    },
  };
}

/** Calls `changed` after every write through a model of this schema (saves, inserts, updates, deletes). */
export function afterEveryWrite<D>(schema: Schema<D>, changed: () => Promise<void>) {
  schema.post("save", changed);
  schema.post("insertMany", changed);
  schema.post(
    [
      "updateOne",
      "updateMany",
      "findOneAndUpdate",
      "replaceOne",
      "findOneAndReplace",
      "deleteOne",
      "deleteMany",
      "findOneAndDelete",
    ],
    changed,
  );
}
