/**
 * Accepted health checks for report and prescription tests: answers chosen to produce findings, scored
 * with the real scoring module, stored as an accepted assessment (the fill-in flow has its own tests).
 */
import { Types } from "mongoose";
import { todayInShanghai } from "../../app/domain/dates";
import { scoreAssessment } from "../../app/domain/health-check/scoring";
import type { Answers, EnterpriseProfile, Template } from "../../app/domain/health-check/types";
import { poorAnswer } from "../../scripts/seed-assessments";
import { profileOf } from "../../app/services/assessments.server";
import { ensureDefaultTemplate, latestPublished } from "../../app/services/templates.server";
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
  options: { answers?: Answers; acceptedAt?: Date } = {},
): Promise<AssessmentDoc> {
  await ensureDefaultTemplate();
  const version = (await latestPublished())!;
  const profile = profileOf(enterprise);
  const answers = options.answers ?? poorAnswers(version.template);
  const score = scoreAssessment(version.template, answers, profile as EnterpriseProfile);
  const acceptedAt = options.acceptedAt ?? new Date();
  const created = await Assessment.create({
    enterpriseId: enterprise._id,
    unionOrgId: enterprise.unionOrgId,
    templateId: new Types.ObjectId(version.id),
    templateKey: version.key,
    templateVersion: version.version,
    status: "accepted",
    dueOn: todayInShanghai(acceptedAt),
    profile,
    events: [{ action: "accept", by: new Types.ObjectId(by.id), byName: "测试指导员", at: acceptedAt }],
    score: JSON.stringify(score),
    overall: score.overall,
    riskLevel: score.riskLevel,
    acceptedAt,
    submittedAt: acceptedAt,
  });
  return created.toObject();
}
