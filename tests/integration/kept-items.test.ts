/**
 * The prescription items kept per enterprise and per organisation (models/enterprise-items.ts) against the
 * database's query (queriedItems, the export's): HR's and the chair's lists read their enterprise's kept rows,
 * an instructor's and an admin's read their organisations'. After a seeded random series of item actions
 * through the services (some at the same moment, with first reads in between), every page of every list
 * holds the queried items in the same order (open ones first), for every filter, and the headline figures
 * count them; an item changed around the services is caught, and the sweep's rebuild repairs it.
 */
import { Types } from "mongoose";
import { createPrescriptionDraft, issuePrescription } from "~/services/prescriptions/drafting.server";
import { actOnItem } from "~/services/prescriptions/items.server";
import { rebuildKeptItems } from "~/services/prescriptions/kept-items.server";
import {
  headlineByOrg,
  listItems,
  queriedItems,
  type ItemFilters,
} from "~/services/prescriptions/list.server";
import type { CurrentUser } from "~/services/accounts/auth.server";
import { addDays, todayInShanghai } from "~/domain/dates";
import { EnterpriseItems, OrgItems } from "../../models/enterprise-items";
import type { EnterpriseDoc } from "../../models/enterprise";
import { Prescription, PrescriptionItem } from "../../models/prescription";
import { seededRandom } from "../../scripts/seeded-random";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

const SEED = Number(process.env.ITEMS_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

let instructor: Browser;
let admin: Browser;
let street: Awaited<ReturnType<typeof makeOrg>>;
let hr: Browser;
let chair: Browser;
let hrOther: Browser;
let enterprise: EnterpriseDoc;
let other: EnterpriseDoc;

async function issueOn(e: EnterpriseDoc) {
  const a = await makeAcceptedAssessment(e, instructor.user);
  const draft = await createPrescriptionDraft(instructor.user, String(a._id));
  const fresh = (await Prescription.findById(draft._id).lean())!;
  await issuePrescription(instructor.user, String(a._id), fresh.version);
}

beforeAll(async () => {
  const org = await makeOrg({ name: "事项列表测试工会" });
  street = await makeOrg({ name: "事项列表测试街道工会", parent: org });
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
  admin = await signInAs(await makeUser({ role: "admin" }));
  enterprise = await makeEnterprise(org, { name: "事项列表甲有限公司" });
  other = await makeEnterprise(street, { name: "事项列表乙有限公司" });
  hr = await signInAs(await makeUser({ role: "hr", enterprise }));
  chair = await signInAs(await makeUser({ role: "chair", enterprise }));
  hrOther = await signInAs(await makeUser({ role: "hr", enterprise: other }));
  await issueOn(enterprise);
  await issueOn(other);
});

/** Every page of a list, as "id:status" in order, with its total. */
async function allPages(user: CurrentUser, filters: Omit<ItemFilters, "page">) {
  const rows: string[] = [];
  let total = -1;
  for (let page = 1; ; page++) {
    const list = await listItems(user, { ...filters, page });
    total = list.total;
    rows.push(...list.rows.map((r) => `${r.id}:${r.status}`));
    if (page >= list.pages) break;
  }
  return { total, rows };
}

const FILTERS: Omit<ItemFilters, "page">[] = [
  {},
  { status: "issued" },
  { status: "closed" },
  { status: "submitted" },
  { severity: "H" },
  { severity: "M" },
  { due: "overdue" },
  { due: "due_soon" },
  { due: "open" },
  { due: "overdue", status: "closed" },
  { dimension: "LC" },
];

/** A list by the query: open items first, then the closed ones, each by deadline (as the list orders them). */
async function queried(user: CurrentUser, filters: Omit<ItemFilters, "page">) {
  const items = await queriedItems(user, filters);
  const rows = [
    ...items.filter((i) => i.status !== "closed"),
    ...items.filter((i) => i.status === "closed"),
  ].map((i) => `${String(i._id)}:${i.status}`);
  return { total: rows.length, rows };
}

/** Every list of these people (kept rows) against the query, for every filter (narrowed as `narrow`). */
async function compareLists(people: Browser[], narrow: Omit<ItemFilters, "page"> = {}) {
  for (const filters of FILTERS) {
    for (const person of people) {
      const expected = await queried(person.user, { ...filters, ...narrow });
      expect(expected.total).toBeGreaterThanOrEqual(0);
      expect([filters, await allPages(person.user, { ...filters, ...narrow })]).toEqual([filters, expected]);
    }
  }
}

/** The headline figures' items against the query: issued, closed and overdue, per organisation and in all. */
async function compareFigures(person: Browser) {
  const items = await queriedItems(person.user, {});
  const today = todayInShanghai(new Date());
  const figures = await headlineByOrg(person.user);
  for (const f of figures) {
    const mine = items.filter((i) => f.orgId === null || String(i.unionOrgId) === f.orgId);
    expect([f.orgName, f.itemsIssued, f.itemsClosed, f.itemsOverdue]).toEqual([
      f.orgName,
      mine.length,
      mine.filter((i) => i.status === "closed").length,
      mine.filter((i) => i.status !== "closed" && i.dueOn < today).length,
    ]);
  }
}

/** Two actions at once may pick the same item: the second is refused as a conflict, as a person's would be. */
function conflictOnly(error: unknown) {
  if (!(error instanceof Response && error.status === 409)) throw error;
}

/** One step: an item of the enterprise moved on by whoever may (HR acknowledges and submits, the instructor verifies or rejects). */
async function act(e: EnterpriseDoc, person: Browser) {
  const items = await PrescriptionItem.find({ enterpriseId: e._id, status: { $ne: "closed" } }).lean();
  if (!items.length) return;
  const item = pick(items);
  const id = String(item._id);
  if (item.status === "issued") await actOnItem(person.user, id, item.version, "acknowledge");
  else if (item.status === "acknowledged" || item.status === "in_progress")
    await actOnItem(person.user, id, item.version, "submit", { note: "已整改" });
  else if (item.status === "submitted")
    await actOnItem(instructor.user, id, item.version, rand() < 0.7 ? "verify" : "reject", {
      reason: "材料不全",
    });
}

it(`every item list from the kept rows (HR's, the chair's, an instructor's, an admin's) equals the query after a random series (seed ${SEED})`, async () => {
  // Deadlines spread over the past and the coming weeks, so the overdue and due-soon filters find items.
  const today = todayInShanghai(new Date());
  for (const item of await PrescriptionItem.find({}).lean())
    await PrescriptionItem.updateOne(
      { _id: item._id },
      { $set: { dueOn: addDays(today, Math.floor(rand() * 60) - 30) } },
    );
  // Written around the services: the kept documents the issues built follow, as the sweep would make them.
  await rebuildKeptItems();
  const mine = await PrescriptionItem.countDocuments({ enterpriseId: enterprise._id });
  expect(mine).toBeGreaterThan(30); // more than a page
  for (let step = 0; step < 40; step++) {
    const r = rand();
    if (r < 0.6) await act(enterprise, hr);
    else if (r < 0.8)
      // At the same moment: two actions on the enterprise's items and HR's list (its first read builds).
      await Promise.all([
        act(enterprise, hr).catch(conflictOnly),
        act(enterprise, hr).catch(conflictOnly),
        listItems(hr.user, { page: 1 }),
      ]);
    else await act(other, hrOther);
  }
  await compareLists([hr, chair, hrOther, instructor, admin]);
  await compareLists([instructor, admin], { enterpriseId: String(enterprise._id) });
  await compareLists([instructor, admin, hrOther], { orgId: String(street._id) });
  for (const person of [hr, hrOther, instructor, admin]) await compareFigures(person);
  expect((await listItems(hr.user, { page: 1 })).enterpriseOptions).toEqual([
    { id: String(enterprise._id), name: enterprise.name },
  ]);
  expect(await EnterpriseItems.findById(String(enterprise._id)).lean()).toMatchObject({ built: true });
  expect(await OrgItems.findById(String(street._id)).lean()).toMatchObject({ built: true });
});

it("an item changed around the services is caught, and the sweep's rebuild repairs it; twice is once", async () => {
  const item = (await PrescriptionItem.findOne({
    enterpriseId: enterprise._id,
    status: { $ne: "closed" },
  }).lean())!;
  await PrescriptionItem.updateOne({ _id: item._id }, { $set: { status: "closed", closedAt: new Date() } });
  // Both kept lists of the item miss the change: its enterprise's (HR) and its organisation's (the instructor).
  for (const person of [hr, instructor]) {
    const kept = await listItems(person.user, {
      page: 1,
      status: "closed",
      enterpriseId: String(enterprise._id),
    });
    const expected = await queried(person.user, { status: "closed", enterpriseId: String(enterprise._id) });
    expect(kept.total).toBe(expected.total - 1);
  }
  expect((await listItems(instructor.user, { page: 1, status: "closed" })).total).toBe(
    (await queried(instructor.user, { status: "closed" })).total - 1,
  );
  // The rebuild writes the enterprise's document and the organisation's.
  expect((await rebuildKeptItems()).written).toBe(2);
  expect((await rebuildKeptItems()).written).toBe(0);
  await compareLists([hr, chair, instructor]);
});

it("a representative's list is empty without reading items; an enterprise filter outside the scope is empty", async () => {
  const rep = await signInAs(await makeUser({ role: "rep", enterprise }));
  expect((await listItems(rep.user, { page: 1 })).total).toBe(0);
  expect((await listItems(hr.user, { page: 1, enterpriseId: String(other._id) })).total).toBe(0);
  expect((await listItems(hr.user, { page: 1, enterpriseId: String(new Types.ObjectId()) })).total).toBe(0);
});
