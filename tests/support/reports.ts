/**
 * Accepted health checks for report and prescription tests: answers chosen to produce findings, scored
 * with the real scoring module, stored as an accepted assessment (the fill-in flow has its own tests) and told
 * to the dashboards.
 */
import { keepEnterpriseCheck } from "../../app/services/health-check/enterprise-checks.server";
import { Types } from "mongoose";
import { todayInShanghai } from "../../app/domain/dates";
import type { Answers, Template } from "../../app/domain/health-check/types";
import { acceptedAssessmentRecord, poorAnswer } from "../../scripts/seed-assessments";
import { ensureDefaultTemplate, latestPublished } from "../../app/services/health-check/templates.server";
import { noteChange } from "../../app/services/dashboards/rollups.server";
import { Assessment, type AssessmentDoc } from "../../models/assessment";
import type { EnterpriseDoc } from "../../models/enterprise";

export function poorAnswers(template: Template, overrides: Answers = {}): Answers {
  const answers: Answers = {};
  const today = todayInShanghai(new Date());
  for (const q of template.questions) answers[q.id] = poorAnswer(q, today);
  return { ...answers, ...overrides };
}

export async function makeAcceptedAssessment(
  enterprise: EnterpriseDoc,
  by: { id: string },
  /** dashboards: false leaves telling the dashboards to the test (records it adds first must be there). */
  options: { answers?: Answers; acceptedAt?: Date; dashboards?: boolean } = {},
): Promise<AssessmentDoc> {
  await ensureDefaultTemplate();
  const version = (await latestPublished())!;
  const created = await Assessment.create(
    acceptedAssessmentRecord({
      enterprise,
      version,
      answers: options.answers ?? poorAnswers(version.template),
      acceptedAt: options.acceptedAt ?? new Date(),
      by: { id: new Types.ObjectId(by.id), name: "测试指导员" },
    }),
  );
  // Written around the services: the dashboards' check rows (the reports list and the headline figures read
  // them) are told as the services would.
  if (options.dashboards !== false) await noteChange("check", created._id);
  await keepEnterpriseCheck(created.toObject());
  return created.toObject();
}
