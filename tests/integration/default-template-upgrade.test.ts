/**
 * The shipped default questionnaire follows the item library: when its content changes (health-check.md
 * corrected), start-up publishes it as the next version, archives the one before, and leaves assessments
 * that started on the older version with theirs. Publishing is once per shipped content.
 */
import {
  ensureDefaultTemplate,
  latestPublished,
  loadTemplateContent,
} from "~/services/health-check/templates.server";
import { defaultTemplate } from "../../templates/questionnaires/default";
import { QuestionnaireTemplate } from "../../models/questionnaire-template";

/** The library before the 2026-12 corrections, as version 1 of an older database held it. */
function olderContent() {
  const older = structuredClone(defaultTemplate);
  const cb01 = older.rules.find((r) => r.id === "CB-01")!;
  cb01.severity = "H";
  cb01.signal = false;
  cb01.legalBasis = "劳动合同法 第51条；集体合同规定 第38条";
  return JSON.stringify(older);
}

it("publishes the corrected library as v2 over an older v1, once, and keeps v1 for what started on it", async () => {
  const v1 = await QuestionnaireTemplate.create({
    key: "default",
    version: 1,
    status: "published",
    title: defaultTemplate.title,
    content: olderContent(),
    publishedAt: new Date("2026-03-01T00:00:00Z"),
  });

  await Promise.all([ensureDefaultTemplate(), ensureDefaultTemplate()]);
  await ensureDefaultTemplate();

  const versions = await QuestionnaireTemplate.find({ key: "default" }).sort({ version: 1 }).lean();
  expect(versions.map((v) => [v.version, v.status])).toEqual([
    [1, "archived"],
    [2, "published"],
  ]);
  const latest = await latestPublished();
  expect(latest?.version).toBe(2);
  const cb01 = latest!.template.rules.find((r) => r.id === "CB-01")!;
  expect(cb01).toMatchObject({ severity: "M", signal: true });
  expect(latest!.template.questions.find((q) => q.id === "UD-01")!.text).toContain("工会会员25人以上");

  // An assessment that started on v1 still reads v1's questionnaire.
  const kept = await loadTemplateContent(v1._id);
  expect(kept.template.rules.find((r) => r.id === "CB-01")).toMatchObject({ severity: "H", signal: false });
});

it("does not publish again after an admin's later version of the key", async () => {
  await QuestionnaireTemplate.updateOne({ key: "default", version: 2 }, { $set: { status: "archived" } });
  await QuestionnaireTemplate.create({
    key: "default",
    version: 3,
    status: "published",
    title: "管理员修订版",
    content: olderContent(),
  });
  await ensureDefaultTemplate();
  const latest = await latestPublished();
  expect(latest).toMatchObject({ version: 3, title: "管理员修订版" });
  expect(await QuestionnaireTemplate.countDocuments({ key: "default" })).toBe(3);
});
