/**
 * For e2e tests that fill a questionnaire of their own: publishes `definition` as a template and opens a
 * check of it for `enterprise`, started by the instructor `startedBy` (the demo database must be connected);
 * removeCheck takes both away again.
 */
import {
  keepEnterpriseCheck,
  rebuildEnterpriseChecks,
} from "../../app/services/health-check/enterprise-checks.server";
import mongoose, { type Types } from "mongoose";
import { addDays, todayInShanghai } from "~/domain/dates";
import { validateTemplate } from "~/domain/health-check/validate-template";
import { applyChanges, refreshTotals } from "~/services/dashboards/rollups.server";
import { rebuildInboxes } from "~/services/workbench/inbox.server";
import { AnswerRevision, AnswerSheet, Assessment, EvidenceFile } from "../../models/assessment";
import type { EnterpriseDoc } from "../../models/enterprise";
import { QuestionnaireTemplate } from "../../models/questionnaire-template";
import { WriteClaim } from "../../models/write-claim";

export async function openCheckOn(
  definition: { key: string; title: string },
  enterprise: EnterpriseDoc,
  startedBy: { _id: Types.ObjectId; displayName: string },
): Promise<{ templateId: string; assessmentId: string }> {
  const checked = validateTemplate(definition, {});
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const template = await QuestionnaireTemplate.create({
    key: definition.key,
    version: 1,
    status: "published",
    title: definition.title,
    content: JSON.stringify(checked.template),
    publishedAt: new Date(),
  });
  const assessment = await Assessment.create({
    enterpriseId: enterprise._id,
    unionOrgId: enterprise.unionOrgId,
    templateId: template._id,
    templateKey: definition.key,
    templateVersion: 1,
    status: "in_progress",
    dueOn: addDays(todayInShanghai(new Date()), 14),
    profile: {
      industry: enterprise.industry,
      headcount: enterprise.headcount,
      womenShare: enterprise.womenShare ?? null,
      unionEstablished: !!enterprise.unionEstablishedOn,
      congressEstablished: enterprise.congressEstablished,
      usesDispatch: enterprise.usesDispatch ?? false,
    },
    events: [{ action: "start", by: startedBy._id, byName: startedBy.displayName, at: new Date() }],
  });
  // Written around the services: kept in its enterprise's check history as startAssessments would.
  await keepEnterpriseCheck(assessment.toObject());
  return { templateId: String(template._id), assessmentId: String(assessment._id) };
}

/**
 * Removes what openCheckOn made and everything saved for the check (answers, revisions, files, claims), then
 * takes it out of what is kept from it: the work inboxes (the HR's workbench linked to it) and the dashboard
 * roll-ups with the totals above them. Leaves the enterprise as the seed had it.
 */
export async function removeCheck({
  templateId,
  assessmentId,
}: {
  templateId: string;
  assessmentId: string;
}) {
  if (assessmentId) {
    const id = new mongoose.Types.ObjectId(assessmentId);
    await AnswerRevision.deleteMany({ assessmentId: id });
    await AnswerSheet.deleteOne({ _id: id });
    await EvidenceFile.deleteMany({ assessmentId: id });
    await WriteClaim.deleteMany({ _id: { $regex: `^answer_sheets:${assessmentId}:` } });
    await Assessment.deleteOne({ _id: id });
    await rebuildInboxes();
    await rebuildEnterpriseChecks();
    await refreshTotals(await applyChanges("check", [assessmentId], { refreshAll: true }));
  }
  if (templateId) await QuestionnaireTemplate.deleteOne({ _id: templateId });
}
