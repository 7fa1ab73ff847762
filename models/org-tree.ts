import mongoose from "mongoose";
import { requestMemo } from "../app/lib/server-timing.server";
import { stampedCache } from "./stamped-cache";
import type { UnionOrgDoc } from "./union-org";

/*
 * The organisation tree, cached per process (models/stamped-cache.ts): a few hundred small nodes that nearly
 * every page reads (scopes, names, paths). On FerretDB any filter but an `_id` decodes the whole collection,
 * and a page that names fifty organisations read them one key at a time. Every write through the UnionOrg
 * model moves the cache's counter (the schema's hooks in union-org.ts call orgsChanged).
 */
/** The tree as read: every node, and the nodes by id. */
export interface OrgTree {
  nodes: readonly UnionOrgDoc[];
  byId: ReadonlyMap<string, UnionOrgDoc>;
}

const tree = stampedCache<OrgTree>(
  "orgs",
  async () => {
    const nodes = await mongoose.model<UnionOrgDoc>("UnionOrg").find().lean();
    return { nodes, byId: new Map(nodes.map((o) => [String(o._id), o])) };
  },
  (a, b) => JSON.stringify(a.nodes) === JSON.stringify(b.nodes),
);

/** Called after every write to the organisations: other processes' caches read the tree again. */
export async function orgsChanged() {
  await tree.changed();
}

/**
 * Every organisation node (archived ones too), as stored, and by id; shared between requests, so callers
 * must not change them.
 */
export function orgTree(): Promise<OrgTree> {
  // Once per GET request: a page asks for it from many places (scopes, paths, rule sets), each a Redis trip.
  return requestMemo("orgTree", () => tree.read());
}
