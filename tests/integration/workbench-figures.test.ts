/**
 * The workbench figures kept per organisation (models/enterprise-figures.ts) against a full count of the
 * enterprises: after a seeded random series of registrations, edits and moves, some at the same moment, with
 * the workbench read at random points (its first read builds the documents), every kept document holds
 * exactly its organisation's enterprises and every person's figures equal the four counts the workbench
 * made before. A change written around the services is caught by the comparison, and the sweep repairs it.
 */
import ExcelJS from "exceljs";
import {
  createEnterprise,
  enterprisesForExport,
  listEnterprises,
  updateEnterprise,
  type EnterpriseFilters,
} from "~/services/enterprises/enterprises.server";
import { contractStateOf } from "~/domain/enterprise";
import { todayInShanghai } from "~/domain/dates";
import { UnionOrg, type UnionOrgDoc } from "../../models/union-org";
import { ENTERPRISE_COLUMNS } from "~/services/enterprises/enterprise-excel.server";
import {
  confirmImport,
  getImportBatch,
  previewImport,
} from "~/services/enterprises/enterprise-import.server";
import { createOrg } from "~/services/orgs/orgs.server";
import { scopedQuery } from "~/services/access/list-scope.server";
import type { CurrentUser } from "~/services/accounts/auth.server";
import { rebuildEnterpriseFigures } from "~/services/workbench/figures.server";
import { workbenchFor } from "~/services/workbench/workbench.server";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { User } from "../../models/user";
import { forgetKeptRows } from "../../models/kept-rows";
import { EnterpriseFigures } from "../../models/enterprise-figures";
import { orMissing } from "../../models/lean-defaults";
import { seededRandom } from "../../scripts/seeded-random";
import {
  enterpriseRaw,
  makeEnterprise,
  makeOrg,
  makeUser,
  nextCreditCode,
  signInAs,
  type Browser,
} from "../support/factories";

const SEED = Number(process.env.FIGURES_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

let orgs: UnionOrgDoc[];
const people: Record<"admin" | "instA" | "instA1" | "instB" | "hr", Browser> = {} as never;

beforeAll(async () => {
  const city = await makeOrg({ name: "测试市总工会" });
  const distA = await makeOrg({ name: "甲区总工会", parent: city });
  const distB = await makeOrg({ name: "乙区总工会", parent: city });
  const a1 = await makeOrg({ name: "甲一街道总工会", parent: distA });
  const a2 = await makeOrg({ name: "甲二街道总工会", parent: distA });
  const b1 = await makeOrg({ name: "乙一街道总工会", parent: distB });
  orgs = [city, distA, distB, a1, a2, b1];
  // Enterprises written directly, before anyone read the workbench: the first read builds from them.
  const own = await makeEnterprise(b1, { unionEstablishedOn: "2020-01-01", contractStatus: "in_effect" });
  await makeEnterprise(a1, { contractStatus: "bargaining" });
  people.admin = await signInAs(await makeUser({ role: "admin" }));
  people.instA = await signInAs(await makeUser({ role: "instructor", org: distA }));
  people.instA1 = await signInAs(await makeUser({ role: "instructor", org: a1 }));
  people.instB = await signInAs(await makeUser({ role: "instructor", org: distB }));
  people.hr = await signInAs(await makeUser({ role: "hr", enterprise: own }));
});

/** The four counts the workbench made before it kept its figures (a filter over all enterprises). */
async function recount(user: CurrentUser) {
  const count = async (filter: Record<string, unknown> = {}) =>
    Enterprise.countDocuments(await scopedQuery(user, "enterprise", { archived: orMissing(false) }, filter));
  return {
    total: await count(),
    withUnion: await count({ unionEstablishedOn: { $nin: [null, ""] } }),
    inEffect: await count({ contractStatus: "in_effect" }),
    bargaining: await count({ contractStatus: "bargaining" }),
  };
}

/** Every kept document against its organisation's enterprises, in the same shape (ids with their flags). */
async function compareDocuments() {
  const kept: Record<string, string[]> = {};
  const records: Record<string, string[]> = {};
  const flags = (e: Pick<EnterpriseDoc, "_id" | "unionEstablishedOn" | "contractStatus">) =>
    `${String(e._id)}:${e.unionEstablishedOn ? "union" : "-"}:${e.contractStatus ?? "none"}`;
  for (const doc of await EnterpriseFigures.find({ built: true }).lean()) {
    kept[doc._id] = Object.entries(doc.rows ?? {})
      .map(([id, json]) => {
        const row = JSON.parse(json) as { union: boolean; contract: string };
        return `${id}:${row.union ? "union" : "-"}:${row.contract}`;
      })
      .sort();
    records[doc._id] = (await Enterprise.find({ unionOrgId: doc._id, archived: orMissing(false) }).lean())
      .map(flags)
      .sort();
  }
  return { kept, records };
}

async function comparePeople() {
  const seen: Record<string, unknown> = {};
  const counted: Record<string, unknown> = {};
  for (const [who, person] of Object.entries(people)) {
    seen[who] = (await workbenchFor(person.user)).figures;
    counted[who] = await recount(person.user);
  }
  return { seen, counted };
}

/** Every page of the enterprise list (from the kept rows) against the database's query (the export's). */
async function compareLists() {
  const filterSets: EnterpriseFilters[] = [
    {},
    { q: "甲方" },
    { q: "alpha" },
    { industry: "C" },
    { size: "100_299" },
    { size: "1000_plus" },
    { contract: "in_effect" },
    { contract: "bargaining" },
    { contract: "none" },
    { union: "yes" },
    { union: "no" },
    { orgId: String(orgs[1]._id) },
    { orgId: String(orgs[1]._id), union: "yes", q: "企业" },
  ];
  for (const who of ["admin", "instA", "instA1", "instB"] as const) {
    for (const filters of filterSets) {
      const listed: string[] = [];
      let total = -1;
      for (let page = 1; ; page++) {
        const list = await listEnterprises(people[who].user, { ...filters, page });
        total = list.total;
        listed.push(...list.rows.map((r) => `${r.name}|${r.id}|${r.contractStatus}|${r.unionOrgName}`));
        if (page >= list.pageCount) break;
      }
      const names = new Map((await UnionOrg.find().lean()).map((o) => [String(o._id), o.name]));
      const expected = (await enterprisesForExport(people[who].user, filters)).map(({ doc }) => {
        const state = contractStateOf(doc, todayInShanghai(new Date()));
        return `${doc.name}|${String(doc._id)}|${state}|${names.get(String(doc.unionOrgId))}`;
      });
      expect([who, filters, total, listed]).toEqual([who, filters, expected.length, expected]);
    }
  }
}

/** A contract status, with the end date the form asks for when in effect. */
function someContract() {
  const contractStatus = pick(["none", "bargaining", "in_effect"]);
  return { contractStatus, contractValidUntil: contractStatus === "in_effect" ? "2027-12-31" : "" };
}
const someUnion = () => (rand() < 0.5 ? "2021-03-01" : "");

async function register() {
  await createEnterprise(people.admin.user, {
    ...enterpriseRaw({
      name: `${pick(["随机", "甲方", "Alpha"])}企业${Math.floor(rand() * 1e9)}有限公司`,
      creditCode: nextCreditCode(),
      industry: "C",
      headcount: pick([10, 50, 150, 500, 1500]),
      unionOrgId: pick(orgs)._id,
    }),
    unionEstablishedOn: someUnion(),
    ...someContract(),
  });
}

/** An edit by the instructor's admin: union, contract status, and now and then a move to another node. */
async function edit(e: EnterpriseDoc) {
  const fresh = (await Enterprise.findById(e._id).lean())!;
  await updateEnterprise(
    people.admin.user,
    String(fresh._id),
    fresh.version,
    enterpriseRaw(fresh, {
      unionOrgId: String(rand() < 0.3 ? pick(orgs)._id : fresh.unionOrgId),
      unionEstablishedOn: someUnion(),
      ...someContract(),
    }),
  );
}

describe("the kept workbench figures", () => {
  it(`equal a full count after a random series of changes (seed ${SEED})`, async () => {
    for (let step = 0; step < 40; step++) {
      const r = rand();
      const all = await Enterprise.find({}).lean();
      if (r < 0.3) await register();
      else if (r < 0.6) await edit(pick(all));
      else if (r < 0.8) {
        // At the same moment: two edits of different enterprises (often under one node), a registration and
        // a first read of the workbench.
        const [x, y] = [pick(all), pick(all)];
        await Promise.all([
          edit(x),
          ...(x._id.equals(y._id) ? [] : [edit(y)]),
          register(),
          workbenchFor(pick(Object.values(people)).user),
        ]);
      } else {
        await workbenchFor(pick(Object.values(people)).user);
      }
    }
    const people1 = await comparePeople();
    expect(people1.seen).toEqual(people1.counted);
    const docs = await compareDocuments();
    expect(Object.keys(docs.kept).sort()).toEqual(orgs.map((o) => String(o._id)).sort());
    expect(docs.kept).toEqual(docs.records);
    await compareLists();
  });

  it("built at once by several first readers while enterprises are registered: still exact", async () => {
    // A new subtree nobody has read (a kept document is never removed: its claims live on, keyed by version).
    const street = await makeOrg({ name: "丙街道总工会", parent: orgs[0] });
    const park = await makeOrg({ name: "丙园区工会", parent: street });
    for (let i = 0; i < 5; i++) await makeEnterprise(pick([street, park]), { contractStatus: "bargaining" });
    orgs.push(street, park);
    const inst = await signInAs(await makeUser({ role: "instructor", org: street }));
    await Promise.all([
      workbenchFor(inst.user),
      workbenchFor(people.admin.user),
      register(),
      workbenchFor(inst.user),
      register(),
      workbenchFor(inst.user),
    ]);
    const { seen, counted } = await comparePeople();
    expect(seen).toEqual(counted);
    expect((await workbenchFor(inst.user)).figures).toEqual(await recount(inst.user));
    // The admin's account figure: every account (the collection's count).
    expect((await workbenchFor(people.admin.user)).admin?.users).toBe(await User.countDocuments());
    const docs = await compareDocuments();
    expect(Object.keys(docs.kept)).toEqual(expect.arrayContaining([String(street._id), String(park._id)]));
    expect(docs.kept).toEqual(docs.records);
    await compareLists();
  });

  it("a change written around the services is caught, and the sweep's rebuild repairs it", async () => {
    await comparePeople(); // every document built
    const e = (await Enterprise.find({ contractStatus: { $ne: "in_effect" } }).lean())[0];
    await Enterprise.updateOne({ _id: e._id }, { $set: { contractStatus: "in_effect" } });
    const before = await compareDocuments();
    expect(before.kept).not.toEqual(before.records);
    expect((await rebuildEnterpriseFigures()).written).toBe(1);
    const after = await compareDocuments();
    expect(after.kept).toEqual(after.records);
    expect((await rebuildEnterpriseFigures()).written).toBe(0);
    const { seen, counted } = await comparePeople();
    expect(seen).toEqual(counted);
  });

  it("an import over several organisations keeps each document exact, without a first read to build them", async () => {
    await comparePeople(); // every document built, so the import's keep writes them
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("企业名单");
    sheet.addRow(ENTERPRISE_COLUMNS.map((c) => c.header));
    for (let i = 0; i < 30; i++) {
      const cells: Record<string, ExcelJS.CellValue> = {
        企业名称: `工作台导入企业${nextCreditCode().slice(-6)}有限公司`,
        统一社会信用代码: nextCreditCode(),
        行业门类: "C",
        职工人数: 60,
        女职工占比: 30,
        所属工会: orgs[i % 4].name,
        是否建立职代会: "否",
        是否实行厂务公开: "否",
      };
      sheet.addRow(ENTERPRISE_COLUMNS.map((c) => cells[c.label] ?? null));
    }
    const batchId = await previewImport(
      people.admin.user,
      "工作台导入.xlsx",
      new Uint8Array(await book.xlsx.writeBuffer()),
    );
    const batch = await getImportBatch(people.admin.user, batchId);
    expect(batch.rows.filter((r) => r.errors.length === 0)).toHaveLength(30);
    const total = (await workbenchFor(people.admin.user)).figures.total;
    await confirmImport(people.admin.user, batchId, batch.version);
    // Read straight from the documents (no first read to build them): the import itself put the rows there.
    const docs = await compareDocuments();
    expect(docs.kept).toEqual(docs.records);
    expect((await workbenchFor(people.admin.user)).figures.total).toBe(total + 30);
    const { seen, counted } = await comparePeople();
    expect(seen).toEqual(counted);
    await compareLists();
  });

  it("an organisation created through the service has its document at once; the sweep makes placeholders before it reads", async () => {
    const created = await createOrg(people.admin.user, {
      name: "丁街道总工会",
      kind: "street",
      parentId: String(orgs[0]._id),
    });
    expect(await EnterpriseFigures.findById(String(created._id)).lean()).toMatchObject({
      built: true,
      rows: {},
      version: 0,
    });
    await register(); // elsewhere: the new organisation is not among those a registration picks yet
    orgs.push(created.toObject());
    await createEnterprise(people.admin.user, {
      ...enterpriseRaw({
        name: `丁街道企业${nextCreditCode().slice(-6)}有限公司`,
        creditCode: nextCreditCode(),
        industry: "C",
        headcount: 20,
        unionOrgId: created._id,
      }),
      unionEstablishedOn: "",
      contractStatus: "none",
      contractValidUntil: "",
    });
    let docs = await compareDocuments();
    expect(Object.keys(docs.kept[String(created._id)])).toHaveLength(1);
    expect(docs.kept).toEqual(docs.records);

    // One made around the services, whose document nobody has made: the sweep makes it as a placeholder
    // (version 0) before reading the enterprises, then writes it at that version.
    const direct = await makeOrg({ name: "戊街道总工会", parent: orgs[0] });
    await makeEnterprise(direct, { contractStatus: "in_effect" });
    orgs.push(direct);
    expect(await EnterpriseFigures.findById(String(direct._id)).lean()).toBeNull();
    expect((await rebuildEnterpriseFigures()).written).toBe(1);
    expect(await EnterpriseFigures.findById(String(direct._id)).lean()).toMatchObject({
      built: true,
      version: 1,
    });
    docs = await compareDocuments();
    expect(docs.kept).toEqual(docs.records);
    const { seen, counted } = await comparePeople();
    expect(seen).toEqual(counted);
  });

  it("a document kept in the older shape (union and contract only) is built again on its next read", async () => {
    await comparePeople(); // every document built
    const doc = (await EnterpriseFigures.findById(String(orgs[3]._id)).lean())!;
    const older = Object.fromEntries(
      Object.entries(doc.rows).map(([id, json]) => {
        const { union, contract } = JSON.parse(json) as { union: boolean; contract: string };
        return [id, JSON.stringify({ union, contract })];
      }),
    );
    expect(Object.keys(older).length).toBeGreaterThan(0);
    await EnterpriseFigures.updateOne({ _id: doc._id }, { $set: { rows: older }, $unset: { format: "" } });
    // Written as an older version of the app left it: read by a process that has not cached it.
    forgetKeptRows();
    await compareLists();
    expect(await EnterpriseFigures.findById(doc._id).lean()).toMatchObject({ built: true, format: 2 });
    const docs = await compareDocuments();
    expect(docs.kept).toEqual(docs.records);
  });
});
