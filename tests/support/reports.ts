/**
 * Accepted health checks for report and prescription tests: answers chosen to produce findings, scored
 * with the real scoring module, stored as an accepted assessment (the fill-in flow has its own tests).
 */
import { Types } from "mongoose";
import { todayInShanghai } from "../../app/domain/dates";
import { scoreAssessment } from "../../app/domain/health-check/scoring";
import type { Answers, EnterpriseProfile, Question, Template } from "../../app/domain/health-check/types";
import { profileOf } from "../../app/services/assessments.server";
import { ensureDefaultTemplate, latestPublished } from "../../app/services/templates.server";
import { Assessment, type AssessmentDoc } from "../../models/assessment";
import type { EnterpriseDoc } from "../../models/enterprise";

/** A poor answer to every question (no, the last option, the minimum, nothing selected). */
function poorAnswer(q: Question): Answers[string] {
  switch (q.type) {
    case "yesno":
      return false;
    case "single":
      return q.options?.[q.options.length - 1]?.value ?? null;
    case "multi":
      return [];
    case "number":
      return q.min ?? 0;
    case "date":
      return todayInShanghai(new Date());
    case "text":
    case "longtext":
      return "无";
    default:
      return null;
  }
}

export function poorAnswers(template: Template, overrides: Answers = {}): Answers {
  const answers: Answers = {};
  for (const q of template.questions) answers[q.id] = poorAnswer(q);
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
