/**
 * Kept documents are cached per process beside a stamp per document in Redis (models/kept-rows.ts): the
 * cache answers while the stamp equals the version it holds; a write through writeKept (any process's)
 * moves the stamp and every process reads the document again; with no stamp (Redis flushed) the document
 * is read.
 */
import { Types } from "mongoose";
import { getRedis } from "~/lib/redis.server";
import { keptItemRows } from "~/services/prescriptions/kept-items.server";
import { OrgItems } from "../../models/enterprise-items";
import { writeKept } from "../../models/kept-rows";

const orgId = String(new Types.ObjectId());
const row = (st: string) =>
  JSON.stringify({
    st,
    sev: "H",
    dim: "LC",
    due: "2026-12-31",
    pno: "缓存处〔2026〕1号",
    no: 1,
    e: "e",
    o: orgId,
    v: 1,
  });
const statusNow = async () => (await keptItemRows("org", [orgId])).get("item")?.st;

it("answers from the cache while the stamp holds, reads again after a stamped write or without a stamp", async () => {
  await OrgItems.create({ _id: orgId, rows: { item: row("issued") }, built: true, version: 1 });
  expect(await statusNow()).toBe("issued");

  // Written around writeKept (no stamp moved): this process still answers from its cache, which shows that
  // it uses one (a process that never read the document would read it).
  await OrgItems.updateOne(
    { _id: orgId },
    { $set: { "rows.item": row("acknowledged") }, $inc: { version: 1 } },
  );
  expect(await statusNow()).toBe("issued");

  // A write through writeKept, as another process's would be: the stamp moves, the document is read again.
  const doc = (await OrgItems.findById(orgId).lean())!;
  expect(
    await writeKept(OrgItems, orgId, doc.version, { $set: { "rows.item": row("in_progress") } }),
  ).not.toBeNull();
  expect(await statusNow()).toBe("in_progress");
  expect(await statusNow()).toBe("in_progress");

  // Redis flushed: no stamp, so the document is read (and stamped again).
  const keys = await getRedis().keys(`kept:*:org_items:${orgId}`);
  expect(keys).toHaveLength(1);
  await getRedis().del(...keys);
  await OrgItems.updateOne({ _id: orgId }, { $set: { "rows.item": row("closed") }, $inc: { version: 1 } });
  expect(await statusNow()).toBe("closed");
  expect(await getRedis().get(keys[0])).toBe(String((await OrgItems.findById(orgId).lean())!.version));
});
