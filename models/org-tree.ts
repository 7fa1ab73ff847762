import mongoose from "mongoose";
import { requestMemo } from "../app/lib/server-timing.server";
import { readyRedis } from "./kept-rows";
import type { UnionOrgDoc } from "./union-org";

/*
 * The organisation tree, cached per process: a few hundred small nodes that nearly every page reads (scopes,
 * names, paths). On FerretDB any filter but an `_id` decodes the whole collection, and a page that names
 * fifty organisations read them one key at a time. Every write through the UnionOrg model moves a counter
 * in Redis (the schema's hooks in union-org.ts call orgsChanged); a read uses the cached nodes while the
 * counter equals the one read before they were read. Nodes cached over a minute are still answered and read
 * again beside the request (what a write made while Redis was unreachable changed shows from then on); the
 * requests that find the cache stale share one read. No counter (Redis unreachable): the nodes are read.
 */
const CACHE_MS = 60_000;
const STAMP_SECONDS = 7 * 86_400;
/** The tree as read: every node, and the nodes by id. */
export interface OrgTree {
  nodes: readonly UnionOrgDoc[];
  byId: ReadonlyMap<string, UnionOrgDoc>;
}
const cache = new Map<string, { stamp: string; at: number; tree: OrgTree }>();
const counterKey = () => `orgs:${mongoose.connection.name}`;

/** Called after every write to the organisations: other processes' caches read the tree again. */
export async function orgsChanged() {
  cache.delete(counterKey());
  try {
    const client = await readyRedis();
    if (!client) return;
    await client.multi().incr(counterKey()).expire(counterKey(), STAMP_SECONDS).exec();
  } catch {
    // Redis unreachable: readers find no counter and read the tree.
  }
}

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

/**
 * Every organisation node (archived ones too), as stored, and by id; shared between requests, so callers
 * must not change them.
 */
export function orgTree(): Promise<OrgTree> {
  // Once per GET request: a page asks for it from many places (scopes, paths, rule sets), each a Redis trip.
  return requestMemo("orgTree", currentTree);
}

/** Reads of the tree under way (by counter): requests that find the cache stale share one read. */
const reading = new Map<string, Promise<OrgTree>>();

function readTree(key: string, stamp: string | null): Promise<OrgTree> {
  const flight = `${key}@${stamp}`;
  const under = stamp !== null ? reading.get(flight) : undefined;
  if (under) return under;
  const read = (async () => {
    const nodes = await mongoose.model<UnionOrgDoc>("UnionOrg").find().lean();
    const hit = cache.get(key);
    // The same nodes as cached: the cached objects stay (work kept on them stays valid), made young again.
    const tree: OrgTree =
      hit && hit.stamp === stamp && JSON.stringify(hit.tree.nodes) === JSON.stringify(nodes)
        ? hit.tree
        : { nodes, byId: new Map(nodes.map((o) => [String(o._id), o])) };
    if (stamp !== null) cache.set(key, { stamp, at: Date.now(), tree });
    return tree;
  })();
  if (stamp !== null) {
    reading.set(flight, read);
    void read.finally(() => reading.delete(flight)).catch(() => undefined);
  }
  return read;
}

async function currentTree(): Promise<OrgTree> {
  const key = counterKey();
  const stamp = await counterNow();
  const hit = cache.get(key);
  if (stamp !== null && hit && hit.stamp === stamp) {
    // Older than a minute (a write made while Redis was unreachable moved no counter): still answered, and
    // read again beside the request, once.
    if (Date.now() - hit.at >= CACHE_MS) void readTree(key, stamp).catch(() => undefined);
    return hit.tree;
  }
  return readTree(key, stamp);
}
