/** The Word files of a demo plan, as render requests (rendered in-process by the seed, like reports). */
import type { RenderRequest } from "../app/services/documents/documents.server";
import { planDocumentInput, summaryDocumentInput } from "../app/services/cultivation/plan-documents.server";
import { CultivationPlan, type CultivationPlanDoc } from "../models/cultivation-plan";
import type { Types } from "mongoose";

export async function requestPlanInputs(
  plan: CultivationPlanDoc,
  by: Types.ObjectId,
): Promise<RenderRequest[]> {
  const base = {
    sourceId: plan._id,
    enterpriseId: plan.enterpriseId,
    unionOrgId: plan.unionOrgId,
    requestedBy: String(by),
  };
  const requests: RenderRequest[] = [
    {
      ...base,
      kind: "cultivation_plan",
      version: 0,
      fileName: `${plan.enterpriseName}${plan.year}年度培育方案.docx`,
      input: await planDocumentInput(plan),
    },
  ];
  if (plan.status === "signed_off" && plan.summaryDocVersion !== undefined) {
    requests.push({
      ...base,
      kind: "cultivation_summary",
      version: plan.summaryDocVersion,
      fileName: `${plan.enterpriseName}${plan.year}年度培育工作总结.docx`,
      input: await summaryDocumentInput(plan),
    });
  }
  await CultivationPlan.updateOne(
    { _id: plan._id, planDocVersion: { $exists: false } },
    { $set: { planDocVersion: 0 } },
  );
  return requests;
}
