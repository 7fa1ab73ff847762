/**
 * The audit trail's kept order (models/audit-log.ts): after a random series of entries, older entries from
 * before the rows, a number taken and never written, Redis losing its count and entries recorded at once,
 * /audit's pages, walked by their cursors, list exactly what a full query of the entries returns, for an
 * admin and for an instructor's subtree, with and without an action filter.
 */
import mongoose, { Types } from "mongoose";
import { getRedis } from "~/lib/redis.server";
import { audit } from "~/services/audit/audit.server";
import { listAudit } from "~/services/audit/audit-log.server";
import { scopedQuery } from "~/services/access/list-scope.server";
import { AuditEntry } from "../../models/audit";
import {
  AuditChunk,
  AuditLogState,
  AuditRowModel,
  CHUNK,
  SETTLE_MS,
  forgetAuditNumbers,
  walkAuditRows,
} from "../../models/audit-log";
import { forgetKeptRows } from "../../models/kept-rows";
import { seededRandom } from "../../scripts/seeded-random";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";

const ACTIONS = ["enterprise.update", "account.create", "assessment.return", "org.rename"];

let admin: Browser;
let instructor: Browser;
let orgs: { _id: Types.ObjectId }[];
let enterprises: { _id: Types.ObjectId; unionOrgId: Types.ObjectId }[];

/** Every entry the person sees with this filter, newest first, page after page by the cursors. */
async function listed(who: Browser, action = "") {
  const ids: string[] = [];
  let before: number | null = null;
  for (let page = 1; page < 1_000; page++) {
    const result = await listAudit(who.user, { page, action, before });
    ids.push(...result.entries.map((e) => e.id));
    if (result.next === null) return ids;
    expect(result.next).toBeLessThan(before ?? Infinity);
    before = result.next;
  }
  throw new Error("the pages never ended");
}

/** What a full query returns: the entries in the person's scope, newest first. */
async function queried(who: Browser, action = "") {
  const filter = await scopedQuery(who.user, "audit_entry", action ? { action } : {});
  return (await AuditEntry.find(filter).sort({ at: -1, _id: -1 }).select({ _id: 1 }).lean()).map((e) =>
    String(e._id),
  );
}

async function expectListsMatch() {
  for (const [who, name] of [
    [admin, "admin"],
    [instructor, "instructor"],
  ] as const)
    for (const action of ["", ...ACTIONS])
      expect({ who: name, action, ids: await listed(who, action) }).toEqual({
        who: name,
        action,
        ids: await queried(who, action),
      });
}

const random = seededRandom(20261202);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

/** One entry about a random enterprise or organisation, or none (a sign-in). */
function randomEntry(): { action: string; enterpriseId?: string; unionOrgId?: string } {
  const roll = random();
  const enterprise = pick(enterprises);
  return {
    action: pick(ACTIONS),
    ...(roll < 0.5
      ? { enterpriseId: String(enterprise._id), unionOrgId: String(enterprise.unionOrgId) }
      : roll < 0.7
        ? { enterpriseId: String(enterprise._id) }
        : roll < 0.9
          ? { unionOrgId: String(pick(orgs)._id) }
          : {}),
  };
}

const actor = { name: "测试操作人" };

beforeAll(async () => {
  const city = await makeOrg({ name: "日志城市总工会" });
  const district = await makeOrg({ name: "日志区总工会", parent: city });
  const street = await makeOrg({ name: "日志街道总工会", parent: district });
  const other = await makeOrg({ name: "日志另一区总工会", parent: city });
  orgs = [city, district, street, other];
  enterprises = [];
  for (const org of [district, street, other, other]) enterprises.push(await makeEnterprise(org));
  // Entries from before the rows existed: written straight into the collection, at times in the past.
  const past = Date.now() - 86_400_000;
  await AuditEntry.insertMany(
    Array.from({ length: 230 }, (_, i) => {
      const entry = randomEntry();
      const oid = (id?: string) => (id ? new Types.ObjectId(id) : undefined);
      return {
        at: new Date(past + i * 1000),
        actorName: "旧记录",
        action: entry.action,
        outcome: "success",
        unionOrgId: oid(entry.unionOrgId),
        enterpriseId: oid(entry.enterpriseId),
      };
    }),
  );
  admin = await signInAs(await makeUser({ role: "admin" }));
  instructor = await signInAs(await makeUser({ role: "instructor", org: district }));
});

it("numbers older entries once, below zero, in sealed blocks, and lists them after the newer ones", async () => {
  for (let i = 0; i < 40; i++) await audit(actor, randomEntry());
  await expectListsMatch();
  const state = await AuditLogState.findById("build").lean();
  // 230 older entries, and the sign-ins made before the first list (written with rows) are not among them.
  expect(state).toMatchObject({ done: true, low: -230 });
  expect(
    (await AuditChunk.find({ _id: { $in: ["-1", "-2", "-3"] } }).lean()).map((c) => c.rows.length),
  ).toEqual(expect.arrayContaining([100, 100, 30]));

  // A builder that stopped before marking its work done is run again and gives the same numbers.
  await AuditLogState.updateOne({ _id: "build" }, { $set: { done: false, claimedAt: new Date(0) } });
  forgetAuditNumbers();
  forgetKeptRows();
  await expectListsMatch();
  expect(await AuditLogState.findById("build").lean()).toMatchObject({ done: true, low: -230 });
});

it("pages through a random series of entries as the full query does, sealing whole blocks", async () => {
  for (let i = 0; i < 2 * CHUNK + 17; i++) await audit(actor, randomEntry());
  await expectListsMatch();
  // The blocks below the newest one are sealed, each once, with its hundred rows.
  const sealed = await AuditChunk.find({ _id: { $in: ["0", "1"] } }).lean();
  expect(sealed.map((c) => c.rows.length).sort((a, b) => a - b)).toEqual([CHUNK - 1, CHUNK]); // block 0 has no number 0
  // A process that remembers nothing reads the sealed blocks and lists the same.
  forgetKeptRows();
  forgetAuditNumbers();
  await expectListsMatch();
});

it("entries recorded at once all get their own number and are all listed", async () => {
  await Promise.all(Array.from({ length: 30 }, () => audit(actor, randomEntry())));
  const rows = await AuditRowModel.find().select({ n: 1 }).lean();
  expect(new Set(rows.map((r) => r.n)).size).toBe(rows.length);
  await expectListsMatch();
});

it("a number taken and never written leaves its block open until it has settled, and the list whole", async () => {
  // Another process takes a number and dies before writing its row.
  const key = `audit:head:${mongoose.connection.name}:${(await AuditLogState.findById("epoch").lean())!.epoch}`;
  const lost = await getRedis().incr(key);
  for (let i = 0; i < CHUNK + 5; i++) await audit(actor, randomEntry());
  await expectListsMatch();
  const block = String(Math.floor(lost / CHUNK));
  expect(await AuditChunk.findById(block).lean()).toBeNull();

  // Once a row numbered above the gap is older than SETTLE_MS, the number can no longer be written: sealed.
  await AuditRowModel.updateOne(
    { _id: String(lost + 1) },
    { $set: { at: new Date(Date.now() - SETTLE_MS - 1000) } },
  );
  forgetKeptRows();
  await expectListsMatch();
  const sealed = await AuditChunk.findById(block).lean();
  expect(sealed?.rows.map((r) => r.n)).not.toContain(lost);
  expect(sealed?.rows).toHaveLength(CHUNK - 1 - (block === "0" ? 1 : 0));
});

it("after Redis loses the count, a process that knew nothing numbers on above the highest row", async () => {
  const key = `audit:head:${mongoose.connection.name}:${(await AuditLogState.findById("epoch").lean())!.epoch}`;
  const before = Number(await getRedis().get(key));
  await getRedis().del(key);
  forgetAuditNumbers();
  forgetKeptRows();
  await audit(actor, { action: "org.rename", unionOrgId: String(orgs[1]._id) });
  const newest = await AuditRowModel.findOne().sort({ n: -1 }).lean();
  expect(newest!.n).toBeGreaterThan(before);
  expect((await listed(admin))[0]).toBe(String(newest!.id));
  await expectListsMatch();
});

it("a filter that matches little stops at its bound and says where to go on", async () => {
  const first = await walkAuditRows(null, () => false, 50, 150);
  expect(first.rows).toEqual([]);
  expect(first.next).not.toBeNull();
  const second = await walkAuditRows(first.next, () => true, 5, 150);
  // The next walk starts right below what the first looked at.
  const head = (await walkAuditRows(null, () => true, 1, 10)).rows[0].n;
  expect(second.rows[0].n).toBeLessThan(first.next!);
  expect(head - second.rows[0].n).toBeGreaterThanOrEqual(150);
  const page = await listAudit(admin.user, { action: "account.activate" });
  expect(page.entries).toEqual([]);
});
