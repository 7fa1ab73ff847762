/**
 * The sessions kept per account (models/user-sessions.ts) against the database's query of the sessions: after
 * a seeded random series of sign-ins, sign-outs (one session, every session), password changes, resets by an
 * instructor and expiries swept, "my sessions" lists exactly the account's live sessions, newest first, as the
 * query does; rows of ended sessions are dropped by the reader.
 */
import { Types } from "mongoose";
import { activateAccount, listMySessions, resetAccess } from "~/services/accounts/accounts.server";
import {
  changePassword,
  signOut,
  signOutEverywhere,
  sweepExpiredSessions,
  type CurrentUser,
} from "~/services/accounts/auth.server";
import { Session } from "../../models/session";
import { UserSessions } from "../../models/user-sessions";
import { forgetKeptRows } from "../../models/kept-rows";
import { seededRandom } from "../../scripts/seeded-random";
import {
  loginRequest,
  makeEnterprise,
  makeOrg,
  makeUser,
  PASSWORD,
  signInAs,
  type Browser,
  type MadeUser,
} from "../support/factories";

const SEED = Number(process.env.SESSIONS_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);

let instructor: Browser;
let person: MadeUser;
let password = PASSWORD;
let live: CurrentUser[] = [];

beforeAll(async () => {
  const org = await makeOrg({ name: "会话测试工会" });
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
  person = await makeUser({ role: "hr", enterprise: await makeEnterprise(org) });
});

/** The list by the query it replaced: live sessions of the account, newest first (at most twenty). */
async function queried(userId: string) {
  const docs = await Session.find({ userId: new Types.ObjectId(userId), expiresAt: { $gt: new Date() } })
    .sort({ createdAt: -1, _id: -1 })
    .limit(20)
    .lean();
  return docs.map((s) => s._id.slice(0, 8));
}

async function expectAgrees(label: string) {
  const viewer = live[0];
  if (!viewer) return;
  const shown = await listMySessions(viewer);
  expect({ label, seed: SEED, ids: shown.map((s) => s.id) }).toEqual({
    label,
    seed: SEED,
    ids: await queried(person.id),
  });
  expect(shown.filter((s) => s.current)).toHaveLength(1);
}

async function step() {
  const r = rand();
  if (r < 0.45 || live.length === 0) {
    live.push((await signInAs({ accountName: person.accountName, password })).user);
  } else if (r < 0.6) {
    const i = Math.floor(rand() * live.length);
    await signOut(live[i]);
    live.splice(i, 1);
  } else if (r < 0.68) {
    await signOutEverywhere(live[0]);
    live = [];
  } else if (r < 0.76) {
    const next = `Ceshi${Math.floor(rand() * 1e6)}!Aa`;
    await changePassword(loginRequest(), live[0], password, next);
    password = next;
    live = []; // the new session of the change is not signed in here: signed in afresh below
    live.push((await signInAs({ accountName: person.accountName, password })).user);
  } else if (r < 0.82) {
    const link = await resetAccess(instructor.user, person.id);
    password = `Ceshi${Math.floor(rand() * 1e6)}!Bb`;
    await activateAccount(link.replace("/activate/", ""), password);
    live = [];
  } else {
    // One session expires and the sweep removes it.
    const victim = live.length > 1 ? live.splice(live.length - 1, 1)[0] : null;
    if (victim)
      await Session.updateOne(
        { _id: victim.sessionId },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
    if (rand() < 0.5) await sweepExpiredSessions();
  }
}

describe("my sessions, kept", () => {
  it("equal the query after a random series of sign-ins, sign-outs, resets and expiries", async () => {
    for (let i = 0; i < 30; i++) {
      await step();
      if (i % 6 === 5) forgetKeptRows();
      await expectAgrees(`after step ${i}`);
    }
    // Rows of ended sessions are dropped by the reader: the document holds only live sessions now.
    if (live.length === 0) live.push((await signInAs({ accountName: person.accountName, password })).user);
    await expectAgrees("again");
    const rows = Object.keys((await UserSessions.findById(person.id).lean())?.rows ?? {});
    const existing = await Session.find({
      userId: new Types.ObjectId(person.id),
      expiresAt: { $gt: new Date() },
    }).lean();
    expect(rows.sort()).toEqual(existing.map((s) => s._id).sort());
  });
});
