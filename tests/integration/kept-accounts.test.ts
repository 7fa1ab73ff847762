/**
 * The accounts kept per enterprise (models/enterprise-accounts.ts) and per organisation
 * (models/org-accounts.ts) against the database's query of the accounts: after a seeded random series of
 * account changes through the services (created, given a role in another enterprise, disabled and enabled,
 * reset, activated, made an organisation's head; an enterprise moved to another organisation; some at the
 * same moment, with first reads in between), every enterprise's kept accounts are the queried ones with their
 * roles there, who is told of a step (its active HR managers) and who may be linked to a representative
 * agree, and every page of the account list of an admin and of each instructor holds the queried accounts;
 * an account changed around the services is repaired by the sweep's rebuild.
 */
import { Types } from "mongoose";
import { instructsOneOf } from "~/domain/policy";
import { UserError } from "~/lib/http.server";
import {
  activateAccount,
  addRole,
  createAccount,
  listAccounts,
  resetAccess,
  setAccountDisabled,
  setOrgHead,
} from "~/services/accounts/accounts.server";
import { scopedQuery } from "~/services/access/list-scope.server";
import { updateEnterprise } from "~/services/enterprises/enterprises.server";
import { Enterprise } from "../../models/enterprise";
import { OrgAccounts } from "../../models/org-accounts";
import {
  enterpriseAccounts,
  orgInstructors,
  rebuildKeptAccounts,
} from "~/services/accounts/kept-accounts.server";
import { enterpriseHrIds } from "~/services/health-check/notices.server";
import { linkableAccounts } from "~/services/bargaining/representatives.server";
import type { Role } from "~/domain/roles";
import { EnterpriseAccounts } from "../../models/enterprise-accounts";
import { forgetKeptRows } from "../../models/kept-rows";
import { User } from "../../models/user";
import type { EnterpriseDoc } from "../../models/enterprise";
import { seededRandom } from "../../scripts/seeded-random";
import {
  enterpriseRaw,
  makeEnterprise,
  makeOrg,
  makeUser,
  signInAs,
  type Browser,
} from "../support/factories";

const SEED = Number(process.env.ACCOUNTS_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const ROLES: Role[] = ["hr", "chair", "rep"];

let instructor: Browser;
let streetInstructor: Browser;
let admin: Browser;
let districtId: string;
let streetId: string;
const enterprises: EnterpriseDoc[] = [];
const made: string[] = [];
/** Instructors the admin made (the district instructor's steps leave them alone). */
const instructorsMade: string[] = [];
const links = new Map<string, string>();
let n = 0;

beforeAll(async () => {
  const org = await makeOrg({ name: "企业账号测试工会" });
  const street = await makeOrg({ name: "企业账号测试街道工会", parent: org });
  districtId = String(org._id);
  streetId = String(street._id);
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
  streetInstructor = await signInAs(await makeUser({ role: "instructor", org: street }));
  admin = await signInAs(await makeUser({ role: "admin" }));
  for (const name of ["企业账号甲有限公司", "企业账号乙有限公司", "企业账号丙有限公司"])
    enterprises.push(await makeEnterprise(org, { name }));
});

/** Each enterprise's accounts by the database's query: id → "name|status|roles there". */
async function queried(e: EnterpriseDoc) {
  const users = await User.find({ "roles.enterpriseId": e._id }).lean();
  return Object.fromEntries(
    users
      .map((u) => {
        const roles = [
          ...new Set(u.roles.filter((g) => String(g.enterpriseId) === String(e._id)).map((g) => g.role)),
        ].sort();
        return [String(u._id), `${u.displayName}|${u.status}|${roles.join(",")}`];
      })
      .sort(),
  );
}

async function kept(e: EnterpriseDoc) {
  const accounts = await enterpriseAccounts([e._id]);
  return Object.fromEntries(
    accounts
      .map((a) => [
        String(a._id),
        `${a.displayName}|${a.status}|${[...a.roles.map((g) => g.role)].sort().join(",")}`,
      ])
      .sort(),
  );
}

/** Every page of a person's account list, as "id:status:roles", against the query it replaced. */
async function expectListAgrees(label: string, person: Browser) {
  const shown: string[] = [];
  for (let page = 1; page < 100; page++) {
    const list = await listAccounts(person.user, { page, pageSize: 7 });
    shown.push(
      ...list.rows.map(
        (r) => `${r.id}:${r.status}:${r.roles.length}:${r.orgGrants.map((g) => g.head).join(",")}`,
      ),
    );
    if (page >= list.pageCount) break;
  }
  const users = await User.find(await scopedQuery(person.user, "account"))
    .sort({ createdAt: -1, _id: -1 })
    .lean();
  expect({ label, seed: SEED, who: person.user.displayName, shown }).toEqual({
    label,
    seed: SEED,
    who: person.user.displayName,
    shown: users.map(
      (u) =>
        `${String(u._id)}:${u.status}:${u.roles.length}:${u.roles
          .filter((g) => g.role === "instructor")
          .map((g) => !!g.head)
          .join(",")}`,
    ),
  });
}

async function expectAgrees(label: string) {
  for (const person of [admin, instructor, streetInstructor]) await expectListAgrees(label, person);
  // Who is told of a check or a case of these organisations: their active instructors.
  for (const orgIds of [[districtId], [streetId], [streetId, districtId]]) {
    const instructing = await User.find({
      "roles.unionOrgId": { $in: orgIds.map((id) => new Types.ObjectId(id)) },
      status: "active",
    }).lean();
    expect({ label, seed: SEED, orgIds, ids: (await orgInstructors(orgIds)).map(String).sort() }).toEqual({
      label,
      seed: SEED,
      orgIds,
      ids: instructing
        .filter((u) => instructsOneOf(u, orgIds))
        .map((u) => String(u._id))
        .sort(),
    });
  }
  for (const e of enterprises) {
    expect({ label, seed: SEED, e: e.name, rows: await kept(e) }).toEqual({
      label,
      seed: SEED,
      e: e.name,
      rows: await queried(e),
    });
    const active = await User.find({ "roles.enterpriseId": e._id, status: "active" }).lean();
    const hrs = active.filter((u) =>
      u.roles.some((g) => g.role === "hr" && String(g.enterpriseId) === String(e._id)),
    );
    expect((await enterpriseHrIds(e._id)).map(String).sort()).toEqual(hrs.map((u) => String(u._id)).sort());
    expect(
      (await linkableAccounts({ enterpriseIds: [e._id] })).map((a) => `${a.id}:${a.roles.join(",")}`).sort(),
    ).toEqual(
      active
        .map(
          (u) =>
            `${String(u._id)}:${u.roles
              .filter((g) => String(g.enterpriseId) === String(e._id))
              .map((g) => g.role)
              .join(",")}`,
        )
        .sort(),
    );
  }
}

/** Refusals a person would see (already holds the role, cannot disable oneself…) change nothing: skipped. */
const refusedOnly = (error: unknown) => {
  if (error instanceof Response || error instanceof UserError) return;
  throw error;
};

async function step() {
  const r = rand();
  if (r < 0.08 && made.length > 0) {
    // An instructor of the district or the street (told of checks and cases there), made or disabled and
    // enabled again by the admin (an instructor may not manage another).
    if (instructorsMade.length > 0 && rand() < 0.4) {
      await setAccountDisabled(admin.user, pick(instructorsMade), rand() < 0.5).catch(refusedOnly);
      return;
    }
    n += 1;
    const created = await createAccount(admin.user, {
      accountName: `zd.acct${SEED}.${n}`,
      displayName: `指导员${n}`,
      grant: { role: "instructor", unionOrgId: rand() < 0.5 ? districtId : streetId },
    });
    instructorsMade.push(created.userId);
    links.set(created.userId, created.activationPath.replace("/activate/", ""));
  } else if (r < 0.3 || made.length === 0) {
    n += 1;
    const created = await createAccount(instructor.user, {
      accountName: `qy.acct${SEED}.${n}`,
      displayName: `企业账号${n}`,
      grant: { role: pick(ROLES), enterpriseId: String(pick(enterprises)._id) },
    });
    made.push(created.userId);
    links.set(created.userId, created.activationPath.replace("/activate/", ""));
  } else if (r < 0.5) {
    await addRole(instructor.user, pick(made), {
      role: pick(ROLES),
      enterpriseId: String(pick(enterprises)._id),
    }).catch(refusedOnly);
  } else if (r < 0.7) {
    await setAccountDisabled(instructor.user, pick(made), rand() < 0.5).catch(refusedOnly);
  } else if (r < 0.75) {
    const id = pick(made);
    links.set(id, (await resetAccess(instructor.user, id)).replace("/activate/", ""));
  } else if (r < 0.82) {
    // An enterprise moves between the district and the street: its accounts move in the list.
    const e = pick(enterprises);
    const now = (await Enterprise.findById(e._id).lean())!;
    const to = String(now.unionOrgId) === districtId ? streetId : districtId;
    await updateEnterprise(admin.user, String(e._id), now.version, enterpriseRaw(now, { unionOrgId: to }));
  } else if (r < 0.86) {
    await setOrgHead(admin.user, streetInstructor.user.id, streetId, rand() < 0.5);
  } else {
    const id = pick([...made, ...instructorsMade]);
    const token = links.get(id);
    if (token) await activateAccount(token, "Ceshi2026!Aa").catch(refusedOnly);
    links.delete(id);
  }
}

describe("an enterprise's accounts, kept", () => {
  it("equal the query after a random series of changes, with first reads and concurrent steps in between", async () => {
    for (let i = 0; i < 24; i++) {
      await step();
      if (i === 4) await expectAgrees("first reads");
      if (i % 8 === 7) {
        forgetKeptRows();
        await expectAgrees(`after step ${i}`);
      }
    }
    // Whatever the series did: an enterprise with accounts moves, and an instructor is made a head.
    const moving = (await Enterprise.findById(enterprises[0]._id).lean())!;
    const to = String(moving.unionOrgId) === districtId ? streetId : districtId;
    await updateEnterprise(
      admin.user,
      String(moving._id),
      moving.version,
      enterpriseRaw(moving, { unionOrgId: to }),
    );
    await setOrgHead(admin.user, streetInstructor.user.id, streetId, true);
    await expectAgrees("after a move");
    // An instructor made (not yet activated, so told of nothing), then activated, then disabled.
    n += 1;
    const newcomer = await createAccount(admin.user, {
      accountName: `zd.acct${SEED}.${n}`,
      displayName: `指导员${n}`,
      grant: { role: "instructor", unionOrgId: streetId },
    });
    await expectAgrees("an instructor made");
    await activateAccount(newcomer.activationPath.replace("/activate/", ""), "Ceshi2026!Aa");
    await expectAgrees("the instructor activated");
    expect((await orgInstructors([streetId])).map(String)).toContain(newcomer.userId);
    await setAccountDisabled(admin.user, newcomer.userId, true);
    await expectAgrees("the instructor disabled");
    // At the same moment: one account given roles in two enterprises and disabled.
    const id = made[0];
    await Promise.all([
      addRole(instructor.user, id, { role: "rep", enterpriseId: String(enterprises[1]._id) }).catch(
        refusedOnly,
      ),
      addRole(instructor.user, id, { role: "chair", enterpriseId: String(enterprises[2]._id) }).catch(
        refusedOnly,
      ),
      setAccountDisabled(instructor.user, id, true),
      step(),
    ]);
    await expectAgrees("after concurrent steps");
    forgetKeptRows();
    await expectAgrees("in a fresh process");
  });

  it("an account changed around the services is caught by the sweep's rebuild", async () => {
    const e = enterprises[0];
    const user = await makeUser({ role: "hr", enterprise: e, displayName: "改名前" });
    expect(Object.values(await kept(e))).toContain("改名前|active|hr");
    await User.updateOne({ _id: user.doc._id }, { $set: { displayName: "改名后", roles: [] } });
    forgetKeptRows();
    expect(Object.values(await kept(e))).toContain("改名前|active|hr");
    expect((await rebuildKeptAccounts()).written).toBeGreaterThanOrEqual(1);
    forgetKeptRows();
    expect(Object.keys(await kept(e))).not.toContain(String(user.doc._id));
    await expectAgrees("after the rebuild");
    expect(
      await EnterpriseAccounts.countDocuments({ _id: { $in: enterprises.map((x) => String(x._id)) } }),
    ).toBe(3);
    expect(await OrgAccounts.countDocuments({ _id: { $in: [districtId, streetId, "platform"] } })).toBe(3);
  });
});
