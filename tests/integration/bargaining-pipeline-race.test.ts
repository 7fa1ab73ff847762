/**
 * The pipeline's rows are documents of their own (`<orgId>:<caseId>`), so moves of many cases of one
 * organisation at the same moment lose none of them on FerretDB (where concurrent `$set`s of different
 * fields of one document keep only a few): 30 offers opened at once, then 30 responses at once, and the
 * pipeline and each enterprise's tab show every case in its right status, without the sweep's repair.
 */
import { keepAccount } from "../../app/services/accounts/kept-accounts.server";
import { recordResponse, sendOffer } from "~/services/bargaining/cases.server";
import { enterpriseBargaining, pipeline } from "~/services/bargaining/pipeline.server";
import { PipelineIndex, PipelineRow } from "../../models/bargaining-summary";
import { User } from "../../models/user";
import { makeEnterprise, makeOrg, makeUser, signInAs, type Browser } from "../support/factories";

const N = 30;
let chair: Browser;
let hr: Browser;
let instructor: Browser;
let orgId: string;
const enterpriseIds: string[] = [];

beforeAll(async () => {
  const org = await makeOrg({ name: "并发测试街道总工会" });
  orgId = String(org._id);
  for (let i = 0; i < N; i++)
    enterpriseIds.push(String((await makeEnterprise(org, { name: `并发测试企业${i + 1}` }))._id));
  // One chair and one HR account for all thirty enterprises (grants on each).
  const grants = (role: "chair" | "hr") => enterpriseIds.map((id) => ({ role, enterpriseId: id }));
  const chairUser = await makeUser({ role: "chair" });
  const hrUser = await makeUser({ role: "hr" });
  await User.updateOne({ _id: chairUser.doc._id }, { $set: { roles: grants("chair") } });
  await User.updateOne({ _id: hrUser.doc._id }, { $set: { roles: grants("hr") } });
  // Written around the services: their enterprises' kept accounts follow, as the services would keep them.
  for (const made of [chairUser, hrUser]) await keepAccount(made.doc._id);
  chair = await signInAs(chairUser);
  hr = await signInAs(hrUser);
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
}, 120_000);

it("30 cases opened and then moved at once in one organisation all show, each in its status", async () => {
  const cases = await Promise.all(
    enterpriseIds.map((id) =>
      sendOffer(chair.user, id, {
        side: "employee",
        kind: "wage",
        topicKeys: ["wage_system"],
        findingItemIds: [],
        customTopics: "",
        note: "",
        sentOn: "2026-03-02",
      }),
    ),
  );
  // The organisation's index took all thirty openings in turns.
  const index = (await PipelineIndex.findById(orgId).lean())!;
  expect(new Set(index.caseIds)).toEqual(new Set(cases.map((c) => String(c._id))));

  await Promise.all(
    cases.map((c) =>
      recordResponse(hr.user, String(c._id), c.version, {
        side: "employer",
        decision: "agree",
        reason: "",
        otherTopics: "",
      }),
    ),
  );

  const page = await pipeline(instructor.user, { orgId });
  const rows = page.stages.flatMap((s) => s.rows);
  expect(rows).toHaveLength(N);
  expect(new Set(rows.map((r) => r.id))).toEqual(new Set(cases.map((c) => String(c._id))));
  expect(rows.every((r) => r.status === "accepted")).toBe(true);
  expect(await PipelineRow.countDocuments({ ownerId: orgId })).toBe(N);

  const tabs = await Promise.all(enterpriseIds.map((id) => enterpriseBargaining(hr.user, id)));
  tabs.forEach((tab, i) => {
    expect(tab.cases.map((c) => [c.id, c.status])).toEqual([[String(cases[i]._id), "accepted"]]);
  });
}, 180_000);
