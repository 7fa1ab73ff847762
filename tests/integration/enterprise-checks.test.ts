/**
 * The health checks kept per enterprise (models/enterprise-checks.ts) against the database's query of the
 * checks: after a seeded random series of starts, submissions, returns and acceptances through the services
 * (some at the same moment, with first reads in between), each enterprise's history tab shows exactly the
 * queried checks, newest first, as they stand; two starts at once admit one; a check changed around the
 * services is repaired by the sweep's rebuild.
 */
import { type Types } from "mongoose";
import { addDays, todayInShanghai } from "~/domain/dates";
import {
  acceptAssessment,
  listEnterpriseAssessments,
  loadAssessment,
  returnAssessment,
  startAssessments,
  submitAssessment,
} from "~/services/health-check/assessments.server";
import { rebuildEnterpriseChecks } from "~/services/health-check/enterprise-checks.server";
import { ensureDefaultTemplate } from "~/services/health-check/templates.server";
import { ASSESSMENT_STATUS_LABELS } from "~/domain/health-check/status";
import { Assessment } from "../../models/assessment";
import { EnterpriseChecks } from "../../models/enterprise-checks";
import { forgetKeptRows } from "../../models/kept-rows";
import type { EnterpriseDoc } from "../../models/enterprise";
import { seededRandom } from "../../scripts/seeded-random";
import { fillRequired } from "../support/fill-check";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";

const SEED = Number(process.env.CHECKS_SEED ?? Date.now() % 100_000);
const rand = seededRandom(SEED);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

let instructor: Browser;
const enterprises: EnterpriseDoc[] = [];
const hrOf = new Map<string, Browser>();

beforeAll(async () => {
  await ensureDefaultTemplate();
  const org = await makeOrg({ name: "体检历史测试工会" });
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
  for (const name of ["体检历史甲有限公司", "体检历史乙有限公司", "体检历史丙有限公司"]) {
    const e = await makeEnterprise(org, { name });
    enterprises.push(e);
    hrOf.set(String(e._id), await signInAs(await makeUser({ role: "hr", enterprise: e })));
  }
});

/** What the tab showed before the kept rows: the checks by the database's query, newest first. */
async function queried(enterpriseId: Types.ObjectId) {
  const docs = await Assessment.find({ enterpriseId }).sort({ createdAt: -1, _id: -1 }).lean();
  return docs.map((a) => ({
    id: String(a._id),
    status: a.status,
    statusLabel: ASSESSMENT_STATUS_LABELS[a.status],
    dueOn: a.dueOn,
    startedOn: todayInShanghai(a.createdAt),
    templateVersion: a.templateVersion,
    overall: a.overall ?? null,
    riskLevel: a.riskLevel ?? null,
  }));
}

async function expectAgrees(label: string) {
  for (const e of enterprises) {
    const shown = await listEnterpriseAssessments(instructor.user, String(e._id));
    expect({ label, seed: SEED, rows: shown.rows }).toEqual({
      label,
      seed: SEED,
      rows: await queried(e._id),
    });
  }
}

const versionOf = async (id: string) => (await loadAssessment(instructor.user, id)).assessment.version;
const due = () => addDays(todayInShanghai(new Date()), 10 + Math.floor(rand() * 20));

/** One random step for one enterprise: start a check, or move its open one on. */
async function step(e: EnterpriseDoc) {
  const open = await Assessment.findOne({ enterpriseId: e._id, status: { $ne: "accepted" } }).lean();
  const hr = hrOf.get(String(e._id))!;
  if (!open) {
    await startAssessments(instructor.user, [String(e._id)], due());
    return;
  }
  const id = String(open._id);
  if (open.status === "in_progress" || open.status === "returned") {
    await fillRequired(hr.user, id);
    await submitAssessment(hr.user, id, await versionOf(id));
  } else if (open.status === "submitted") {
    if (rand() < 0.4) await returnAssessment(instructor.user, id, await versionOf(id), [], "请补充说明");
    else await acceptAssessment(instructor.user, id, await versionOf(id));
  }
}

/** Moves the enterprise's open check (if any) on until it is accepted: then no check of it is open. */
async function settle(e: EnterpriseDoc) {
  for (let i = 0; i < 8; i++) {
    const open = await Assessment.findOne({ enterpriseId: e._id, status: { $ne: "accepted" } }).lean();
    if (!open) return;
    if (open.status === "submitted") await acceptAssessment(instructor.user, String(open._id), open.version);
    else await step(e);
  }
}

describe("an enterprise's check history, kept", () => {
  it("equals the query after a random series of changes, with first reads and concurrent steps in between", async () => {
    // The documents are built by their first reader, part-way through.
    for (let i = 0; i < 14; i++) {
      await step(pick(enterprises));
      if (i === 3) await expectAgrees("first reads");
      if (i % 5 === 4) {
        forgetKeptRows(); // another process, which read nothing yet
        await expectAgrees(`after step ${i}`);
      }
    }
    await Promise.all(enterprises.map((e) => step(e)));
    await expectAgrees("after concurrent steps");
    forgetKeptRows();
    await expectAgrees("in a fresh process");
  });

  it("two starts at once admit one check, and the history shows it once", async () => {
    const e = enterprises[0];
    await settle(e);
    const before = (await listEnterpriseAssessments(instructor.user, String(e._id))).rows.length;
    const results = await Promise.all([
      startAssessments(instructor.user, [String(e._id)], due()),
      startAssessments(instructor.user, [String(e._id)], due()),
    ]);
    expect(results.flatMap((r) => r.started)).toHaveLength(1);
    const after = (await listEnterpriseAssessments(instructor.user, String(e._id))).rows;
    expect(after).toHaveLength(before + 1);
    expect(after[0].status).toBe("in_progress");
    await expectAgrees("after two starts");
  });

  it("a start reads the kept rows first, and decides from the checks when the rows lag behind them", async () => {
    const e = enterprises[2];
    const eid = String(e._id);
    await settle(e);
    const first = await startAssessments(instructor.user, [eid], due());
    expect(first.started).toHaveLength(1);
    const [openId] = first.started;
    const count = await Assessment.countDocuments({ enterpriseId: e._id });

    // The open check's row lost (as after a crash between the start and its keeping): still refused.
    await EnterpriseChecks.updateOne({ _id: eid }, { $unset: { [`rows.${openId}`]: "" } });
    forgetKeptRows();
    const lagging = await startAssessments(instructor.user, [eid], due());
    expect(lagging).toEqual({ started: [], skipped: [`${e.name}（已有进行中的体检）`] });
    expect(await Assessment.countDocuments({ enterpriseId: e._id })).toBe(count);

    // Rows repaired and the check settled; then its row made to say it is still open (its last keeping lost):
    // three starts at once decide from the checks, and one of them starts a check.
    await rebuildEnterpriseChecks();
    forgetKeptRows();
    await settle(e);
    const settled = await Assessment.findById(openId).lean();
    expect(settled?.status).toBe("accepted");
    const row = JSON.parse((await EnterpriseChecks.findById(eid).lean())!.rows[openId]) as { st: string };
    await EnterpriseChecks.updateOne(
      { _id: eid },
      { $set: { [`rows.${openId}`]: JSON.stringify({ ...row, st: "in_progress" }) } },
    );
    forgetKeptRows();
    const before = await Assessment.countDocuments({ enterpriseId: e._id });
    const results = await Promise.all([0, 1, 2].map(() => startAssessments(instructor.user, [eid], due())));
    expect(results.flatMap((r) => r.started)).toHaveLength(1);
    expect(await Assessment.countDocuments({ enterpriseId: e._id })).toBe(before + 1);
    expect(await Assessment.countDocuments({ enterpriseId: e._id, status: { $ne: "accepted" } })).toBe(1);
    await rebuildEnterpriseChecks();
    forgetKeptRows();
    await expectAgrees("after starts on lagging rows");
  });

  it("a check changed around the services is caught by the sweep's rebuild", async () => {
    const e = enterprises[1];
    const rows = (await listEnterpriseAssessments(instructor.user, String(e._id))).rows;
    expect(rows.length).toBeGreaterThan(0);
    await Assessment.updateOne({ _id: rows[0].id }, { $set: { dueOn: "2031-01-31" } });
    forgetKeptRows();
    expect((await listEnterpriseAssessments(instructor.user, String(e._id))).rows[0].dueOn).not.toBe(
      "2031-01-31",
    );
    expect((await rebuildEnterpriseChecks()).written).toBeGreaterThanOrEqual(1);
    forgetKeptRows();
    expect((await listEnterpriseAssessments(instructor.user, String(e._id))).rows[0].dueOn).toBe(
      "2031-01-31",
    );
    await expectAgrees("after the rebuild");
    expect(await EnterpriseChecks.countDocuments()).toBe(enterprises.length);
  });
});
