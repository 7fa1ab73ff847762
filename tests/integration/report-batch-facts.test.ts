/**
 * A batch reads what its reports say beyond their own checks in bulk (batchFactsSource), a report opened on
 * its own reads kept documents by key (the dashboard's check rows, the enterprise's kept items); every
 * report must get the same facts both ways, and the same as the database's queries (queriedFactsSource): the
 * organisation's average, the enterprise's previous check and the comparison with it, the prescription and
 * its issued items (their deadlines).
 */
import { Types } from "mongoose";
import { storedScore } from "../../app/services/health-check/assessments.server";
import {
  createPrescriptionDraft,
  issuePrescription,
  prescriptionPage,
} from "../../app/services/prescriptions/drafting.server";
import {
  batchFactsSource,
  factsKeysOf,
  queriedFactsSource,
  reportFacts,
} from "../../app/services/reports/reports.server";
import { keptCheckRows } from "../../app/services/dashboards/rollups.server";
import { Assessment } from "../../models/assessment";
import { makeEnterprise, makeOrg, makeUser, signInAs } from "../support/factories";
import { makeAcceptedAssessment } from "../support/reports";

jest.setTimeout(240_000);

it("gives every report of a batch the facts it gets on its own", async () => {
  const org = await makeOrg();
  const other = await makeOrg();
  const instructor = await signInAs(await makeUser({ role: "instructor", org }));
  const day = 24 * 3600_000;
  const [repeat, single, elsewhere] = [
    await makeEnterprise(org),
    await makeEnterprise(org),
    await makeEnterprise(other),
  ];
  // An enterprise checked twice (the report of the second compares with the first), one checked once, and
  // one in another organisation (its own average).
  const older = await makeAcceptedAssessment(repeat, instructor.user, {
    answers: {},
    acceptedAt: new Date(Date.now() - 40 * day),
  });
  const newer = await makeAcceptedAssessment(repeat, instructor.user, {
    acceptedAt: new Date(Date.now() - day),
  });
  const once = await makeAcceptedAssessment(single, instructor.user);
  const apart = await makeAcceptedAssessment(elsewhere, instructor.user);
  // The newer check has an issued prescription: its items' deadlines are the findings' deadlines.
  await createPrescriptionDraft(instructor.user, String(newer._id));
  const page = await prescriptionPage(instructor.user, String(newer._id));
  await issuePrescription(instructor.user, String(newer._id), page.prescription!.version);
  // And the single one a draft (not issued: no items).
  await createPrescriptionDraft(instructor.user, String(once._id));

  const checks = await Promise.all(
    [older, newer, once, apart].map(async (a) => (await Assessment.findById(a._id).lean())!),
  );
  // The kept rows carry what the kept facts need (else those would fall back on the queries, proving nothing).
  for (const { row } of (await keptCheckRows([String(org._id), String(other._id)])).values())
    expect([row.at, row.dims]).toEqual([expect.any(String), expect.any(Object)]);
  const source = batchFactsSource(factsKeysOf(checks));
  for (const check of checks) {
    const score = storedScore(check)!;
    const alone = await reportFacts(check, score);
    const inBatch = await reportFacts(check, score, source);
    const queried = await reportFacts(check, score, queriedFactsSource);
    expect(JSON.parse(JSON.stringify(inBatch))).toEqual(JSON.parse(JSON.stringify(alone)));
    expect(JSON.parse(JSON.stringify(alone))).toEqual(JSON.parse(JSON.stringify(queried)));
  }
  const facts = await reportFacts(checks[1], storedScore(checks[1])!, source);
  expect(String(facts.previous?._id)).toBe(String(older._id));
  expect(facts.prescription?.status).toBe("issued");
  expect(facts.items.length).toBeGreaterThan(0);
  expect(facts.average.enterprises).toBe(2);
  const apartFacts = await reportFacts(checks[3], storedScore(checks[3])!, source);
  expect(apartFacts.average.enterprises).toBe(1);
  expect(apartFacts.previous).toBeNull();
  expect(new Types.ObjectId(String(facts.prescription?._id))).toBeInstanceOf(Types.ObjectId);
});
