/**
 * The two Word files of a plan, rendered by the worker like reports: 一企一策 培育方案 (asked for when the
 * plan is made, and again on request after changes) and 培育工作总结 (at the countersignature). Each is a
 * RenderedDocument of (kind, plan, plan version) whose input is a snapshot of the plan's records.
 */
import { toShanghaiDate } from "~/domain/dates";
import { CONTRACT_STATUS_LABELS, industryName } from "~/domain/enterprise";
import { RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import { MILESTONE_KIND_LABELS, STAGE_LABELS, isManualKind } from "~/domain/cultivation/plan-template";
import { ROLE_LABELS } from "~/domain/roles";
import { CultivationRecord, type CultivationPlanDoc } from "../../../models/cultivation-plan";
import { Enterprise } from "../../../models/enterprise";
import { RenderedDocument, renderIdFor } from "../../../models/rendered-document";
import { UnionOrg } from "../../../models/union-org";
import type { CultivationPlanData } from "../../../templates/docx/cultivation-plan";
import type { CultivationSummaryData } from "../../../templates/docx/cultivation-summary";
import { renderView, requestRender, type RenderView } from "../documents/documents.server";

const assigneeLabel = (a: string) =>
  a
    .split(",")
    .filter(Boolean)
    .map((r) => ROLE_LABELS[r as "hr" | "chair"] ?? r)
    .join("、");

async function orgName(plan: CultivationPlanDoc) {
  return (await UnionOrg.findById(plan.unionOrgId).select({ name: 1 }).lean())?.name ?? "";
}

export async function planDocumentInput(plan: CultivationPlanDoc): Promise<CultivationPlanData> {
  const enterprise = await Enterprise.findById(plan.enterpriseId).lean();
  return {
    enterpriseName: plan.enterpriseName,
    creditCode: enterprise?.creditCode ?? "",
    unionOrgName: await orgName(plan),
    year: plan.year,
    startOn: plan.startOn,
    issuedOn: toShanghaiDate(plan.createdAt ?? new Date()),
    instructorName: plan.createdByName,
    templateTitle: plan.templateTitle,
    profile: enterprise
      ? [
          {
            label: "所属行业",
            value: `${enterprise.industry} ${industryName(enterprise.industry) ?? ""}`.trim(),
          },
          { label: "职工人数", value: `${enterprise.headcount} 人` },
          {
            label: "企业工会",
            value: enterprise.unionEstablishedOn ? `已建会（${enterprise.unionEstablishedOn}）` : "未建会",
          },
          { label: "职代会", value: enterprise.congressEstablished ? "已建立" : "未建立" },
          {
            label: "集体合同",
            value:
              (CONTRACT_STATUS_LABELS[enterprise.contractStatus] ?? enterprise.contractStatus) +
              (enterprise.contractValidUntil ? `，有效期至 ${enterprise.contractValidUntil}` : ""),
          },
        ]
      : [],
    riskLevelLabel: plan.riskLevel ? RISK_LEVEL_LABELS[plan.riskLevel] : null,
    rectifyThreshold: plan.rectifyThreshold,
    milestones: plan.milestones.map((m) => ({
      stageLabel: STAGE_LABELS[m.stage],
      title: m.title,
      description: m.description,
      dueOn: m.dueOn,
      assignees: assigneeLabel(m.assignees),
      proof: isManualKind(m.kind) ? MILESTONE_KIND_LABELS[m.kind] : "系统自动完成",
    })),
  };
}

export async function summaryDocumentInput(plan: CultivationPlanDoc): Promise<CultivationSummaryData> {
  const records = (
    await Promise.all(plan.records.map((r) => CultivationRecord.findById(r.id).lean()))
  ).filter((r) => r !== null);
  records.sort((a, b) => a.date.localeCompare(b.date));
  const evaluation = records.filter((r) => r.kind === "evaluation").pop();
  return {
    enterpriseName: plan.enterpriseName,
    unionOrgName: await orgName(plan),
    year: plan.year,
    startOn: plan.startOn,
    signedOn: toShanghaiDate(plan.headSignedAt ?? new Date()),
    instructorName: plan.instructorSignedByName ?? plan.createdByName,
    headName: plan.headSignedByName ?? "",
    summary: plan.summary ?? "",
    milestones: plan.milestones.map((m) => ({
      title: m.title,
      stageLabel: STAGE_LABELS[m.stage],
      dueOn: m.dueOn,
      doneOn: m.doneOn ?? null,
      proof: m.proofLabel ?? "",
    })),
    records: records
      .filter((r) => r.kind !== "evaluation")
      .map((r) => ({
        date: r.date,
        kindLabel: MILESTONE_KIND_LABELS[r.kind],
        title: plan.milestones.find((m) => m.key === r.milestoneKey)?.title ?? "",
        lines: [
          ["会见人员", r.peopleMet],
          ["发现情况", r.findings],
          ["下一步", r.nextSteps],
          ["制度名称", r.ruleName],
          ["会议纪要", r.minutes],
          ["附件", r.files.map((f) => f.name).join("、")],
        ]
          .filter((pair): pair is [string, string] => !!pair[1])
          .map(([label, text]) => ({ label, text })),
      })),
    evaluation: evaluation
      ? evaluation.result === "awarded"
        ? `${evaluation.awardYear}年度被${evaluation.awardingOrg}评为${evaluation.awardLevel}和谐劳动关系企业（${evaluation.date} 登记）。`
        : `已参加和谐劳动关系企业评估，本年度未获评（${evaluation.date} 登记）。`
      : null,
  };
}

export async function requestPlanFile(plan: CultivationPlanDoc, version: number, requestedBy: string) {
  return requestRender({
    kind: "cultivation_plan",
    sourceId: plan._id,
    version,
    enterpriseId: plan.enterpriseId,
    unionOrgId: plan.unionOrgId,
    fileName: `${plan.enterpriseName}${plan.year}年度培育方案.docx`,
    requestedBy,
    input: await planDocumentInput(plan),
  });
}

export async function requestSummaryFile(plan: CultivationPlanDoc, version: number, requestedBy: string) {
  return requestRender({
    kind: "cultivation_summary",
    sourceId: plan._id,
    version,
    enterpriseId: plan.enterpriseId,
    unionOrgId: plan.unionOrgId,
    fileName: `${plan.enterpriseName}${plan.year}年度培育工作总结.docx`,
    requestedBy,
    input: await summaryDocumentInput(plan),
  });
}

/** The plan's documents as they stand, read by their derived _id. */
export async function planFiles(
  plan: CultivationPlanDoc,
): Promise<{ plan: RenderView | null; summary: RenderView | null }> {
  const find = async (kind: "cultivation_plan" | "cultivation_summary", version: number | undefined) => {
    if (version === undefined || version === null) return null;
    const doc = await RenderedDocument.findById(renderIdFor(kind, plan._id, version))
      .select("-data -input")
      .lean();
    return doc ? renderView(doc) : null;
  };
  const [planDoc, summary] = await Promise.all([
    find("cultivation_plan", plan.planDocVersion),
    find("cultivation_summary", plan.summaryDocVersion),
  ]);
  return { plan: planDoc, summary };
}
