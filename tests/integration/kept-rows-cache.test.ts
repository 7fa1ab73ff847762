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
import { keptChecksSettled, writeKept } from "../../models/kept-rows";

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

it("after ten minutes checks the document's version by key beside the reader: the same version keeps the cached rows, a moved one is read next", async () => {
  const id = String(new Types.ObjectId());
  const statusOf = async () => (await keptItemRows("org", [id])).get("item")?.st;
  await OrgItems.create({ _id: id, rows: { item: row("issued") }, built: true, version: 1 });
  expect(await statusOf()).toBe("issued");
  const realNow = Date.now.bind(Date);
  let ahead = 0;
  const clock = jest.spyOn(Date, "now").mockImplementation(() => realNow() + ahead);
  try {
    // Rows changed around every writer with the version left as it was: only a full read would show them.
    await OrgItems.updateOne({ _id: id }, { $set: { "rows.item": row("acknowledged") } });
    ahead = 601_000;
    expect(await statusOf()).toBe("issued"); // answered at once; the version is checked beside it
    await keptChecksSettled();
    expect(await statusOf()).toBe("issued"); // the version still holds: the cached rows, not read again
    // A write that moved the version while Redis was unreachable (no stamp): ten minutes on, the check drops
    // the entry.
    await OrgItems.updateOne({ _id: id }, { $set: { "rows.item": row("closed") }, $inc: { version: 1 } });
    expect(await statusOf()).toBe("issued"); // within ten minutes of the check: still the cache
    ahead = 1_250_000;
    expect(await statusOf()).toBe("issued");
    await keptChecksSettled();
    expect(await statusOf()).toBe("closed");
  } finally {
    clock.mockRestore();
  }
});

it("a writer stamps the version it writes before writing (a writer that dies after its write leaves no cache stale)", async () => {
  const id = String(new Types.ObjectId());
  await OrgItems.create({ _id: id, rows: { item: row("issued") }, built: true, version: 1 });
  expect((await keptItemRows("org", [id])).get("item")?.st).toBe("issued");
  const stampKey = (await getRedis().keys(`kept:*:org_items:${id}`))[0];
  // What the stamp says at the moment the update goes to the database.
  const stampsAtWrite: (string | null)[] = [];
  const update = OrgItems.findOneAndUpdate.bind(OrgItems);
  const spy = jest.spyOn(OrgItems, "findOneAndUpdate").mockImplementation(((...args: never[]) => {
    const query = (update as (...a: never[]) => { exec: () => Promise<unknown> })(...args);
    const exec = query.exec.bind(query);
    query.exec = async () => {
      stampsAtWrite.push(await getRedis().get(stampKey));
      return exec();
    };
    return query;
  }) as never);
  try {
    expect(await writeKept(OrgItems, id, 1, { $set: { "rows.item": row("closed") } })).not.toBeNull();
  } finally {
    spy.mockRestore();
  }
  expect(stampsAtWrite).toEqual(["2"]);
  expect((await keptItemRows("org", [id])).get("item")?.st).toBe("closed");
});
