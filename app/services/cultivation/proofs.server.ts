/**
 * Milestones that other records prove complete themselves. Each module that makes such a record calls one
 * function here after its own write: only the plan of that enterprise and that year (looked up by key) is
 * touched, and only the first open milestone of the matching kind. A failure here never undoes the
 * proving record: it is logged, and "重新核对" on the plan page (resyncPlan) derives the same state again.
 *
 * For the bargaining module: call markContractInEffect(enterpriseId, effectiveOn, validUntil) when a
 * collective contract takes effect (or is renewed).
 */
import { type Types } from "mongoose";
import { toShanghaiDate, todayInShanghai, type LocalDate } from "~/domain/dates";
import { RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import { proofCompletes, type Proof } from "~/domain/cultivation/milestones";
import { planIsOpen } from "~/domain/cultivation/sign-off";
import type { AutoKind } from "~/domain/cultivation/plan-template";
import type { AssessmentDoc } from "../../../models/assessment";
import { Assessment } from "../../../models/assessment";
import { Attendance } from "../../../models/cultivation-training";
import type { CultivationPlanDoc } from "../../../models/cultivation-plan";
import { Enterprise } from "../../../models/enterprise";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";
import { findReportOf, type ReportDoc } from "../../../models/report";
import { CultivationPlan } from "../../../models/cultivation-plan";
import { openSurveyAfterContract } from "./surveys.server";
import { changePlan, eventOf, findPlanOf, withEvents, yearOf } from "./plan-store.server";

interface ProofNote {
  type: string;
  id: string;
  label: string;
  on: LocalDate;
}

/**
 * The update that completes the first open milestone of `kind` with `note` (null when there is none, or
 * the plan is signed and read-only). `extra` fields are set either way (the latest risk level, …).
 */
function completeKind(
  plan: CultivationPlanDoc,
  kind: AutoKind,
  note: ProofNote,
  extra: Record<string, unknown> = {},
  event?: ReturnType<typeof eventOf>,
) {
  if (!planIsOpen(plan.status)) return null;
  const i = plan.milestones.findIndex((m) => m.kind === kind && !m.doneOn);
  const $set: Record<string, unknown> = { ...extra };
  const events = event ? [event] : [];
  if (i >= 0) {
    // The whole array is set (the write is at the version read), not a path into it.
    $set.milestones = plan.milestones.map((m, j) =>
      j === i
        ? {
            ...m,
            doneOn: note.on,
            doneByName: "系统自动",
            proofType: note.type,
            proofId: note.id,
            proofLabel: note.label,
          }
        : m,
    );
    events.push(eventOf("milestone", `“${plan.milestones[i].title}”已完成：${note.label}`, note.on));
  }
  if (i < 0 && Object.keys(extra).length === 0 && events.length === 0) return null;
  if (events.length) $set.events = withEvents(plan, ...events);
  return { $set };
}

async function safely(what: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    console.error(`[cultivation] ${what}失败：${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A health check was accepted: the plan of that enterprise and year records it (and its risk level). */
export function afterAssessmentAccepted(assessment: AssessmentDoc) {
  return safely("体检通过后更新培育计划", async () => {
    const on = toShanghaiDate(assessment.acceptedAt ?? new Date());
    const plan = await findPlanOf(assessment.enterpriseId, yearOf(on));
    if (!plan) return;
    const findings = assessment.score
      ? (JSON.parse(assessment.score) as { findings?: unknown[] }).findings
      : [];
    const level = assessment.riskLevel ?? null;
    if (!proofCompletes({ kind: "health_check", assessmentStatus: assessment.status })) return;
    await changePlan(plan._id, (p) =>
      completeKind(
        p,
        "health_check",
        { type: "assessment", id: String(assessment._id), label: `法律体检通过审核（${on}）`, on },
        { assessmentId: assessment._id, riskLevel: level },
        eventOf(
          "finding",
          `法律体检通过审核：发现 ${findings?.length ?? 0} 项问题${level ? `，风险等级${RISK_LEVEL_LABELS[level]}` : ""}`,
          on,
        ),
      ),
    );
  });
}

/** The instructor saved the report's problem analysis: the report is issued with its analysis. */
export function afterReportAnalysed(report: ReportDoc) {
  return safely("问题分析保存后更新培育计划", async () => {
    const on = toShanghaiDate(report.analysisAt ?? new Date());
    const plan = await findPlanOf(report.enterpriseId, yearOf(on));
    if (!plan || !proofCompletes({ kind: "report_analysis", analysis: report.analysis })) return;
    await changePlan(plan._id, (p) =>
      completeKind(p, "report_analysis", {
        type: "report",
        id: String(report.assessmentId),
        label: `体检报告 ${report.reportNo} 已出具问题分析`,
        on,
      }),
    );
  });
}

/** A prescription item was verified: counts the prescription's items against the plan's threshold. */
export function afterPrescriptionItemVerified(
  item: Pick<PrescriptionItemDoc, "prescriptionId" | "enterpriseId" | "prescriptionNo">,
) {
  return safely("处方核验后更新培育计划", async () => {
    const on = todayInShanghai(new Date());
    const plan = await findPlanOf(item.enterpriseId, yearOf(on));
    if (!plan) return;
    const items = await PrescriptionItem.find({ prescriptionId: item.prescriptionId })
      .select({ status: 1 })
      .lean();
    const proof: Proof = {
      kind: "prescriptions",
      verified: items.filter((i) => i.status === "closed").length,
      total: items.length,
      thresholdPercent: plan.rectifyThreshold,
    };
    if (!proofCompletes(proof)) return;
    await changePlan(plan._id, (p) =>
      completeKind(p, "prescriptions", {
        type: "prescription",
        id: String(item.prescriptionId),
        label: `${item.prescriptionNo} 已核验 ${proof.verified}/${proof.total} 项`,
        on,
      }),
    );
  });
}

/** Someone from the enterprise attended a training. */
export function afterTrainingAttended(input: {
  enterpriseId: Types.ObjectId | string;
  trainingId: Types.ObjectId | string;
  topic: string;
  date: LocalDate;
  attendee: string;
}) {
  return safely("培训签到后更新培育计划", async () => {
    const plan = await findPlanOf(input.enterpriseId, yearOf(input.date));
    if (!plan) return;
    await changePlan(plan._id, (p) =>
      completeKind(p, "training", {
        type: "training",
        id: String(input.trainingId),
        label: `${input.attendee}参加“${input.topic}”`,
        on: input.date,
      }),
    );
  });
}

/**
 * A collective contract of the enterprise took effect (or was renewed) on `effectiveOn`: completes the
 * contract milestone of that year's plan and keeps the contract's dates for the workbench. The bargaining
 * module calls this; it never throws (the contract's own record is what counts).
 */
export function markContractInEffect(
  enterpriseId: Types.ObjectId | string,
  effectiveOn: LocalDate,
  validUntil: LocalDate | null = null,
) {
  return safely("集体合同生效后更新培育计划", async () => {
    await completeContract(enterpriseId, effectiveOn, validUntil);
    // The quality survey follows a contract taking effect (参与率、知晓率、满意率、认可率).
    await openSurveyAfterContract(String(enterpriseId));
  });
}

async function completeContract(
  enterpriseId: Types.ObjectId | string,
  effectiveOn: LocalDate,
  validUntil: LocalDate | null,
) {
  const plan = await findPlanOf(enterpriseId, yearOf(effectiveOn));
  if (!plan) return;
  await changePlan(plan._id, (p) =>
    completeKind(
      p,
      "contract",
      { type: "contract", id: String(enterpriseId), label: `集体合同 ${effectiveOn} 生效`, on: effectiveOn },
      { contractStatus: "in_effect", contractValidUntil: validUntil },
      eventOf("contract", `集体合同生效${validUntil ? `，有效期至 ${validUntil}` : ""}`, effectiveOn),
    ),
  );
}

/**
 * Derives every proved milestone of a plan again from the records (after a failed hook, or for a plan made
 * after its proofs): the year's accepted check, its report's analysis, its prescription, training
 * attendance, and a contract in effect. Reads by filters: an action, never a page load.
 */
export async function resyncPlan(planId: Types.ObjectId) {
  const plan = await findPlanById(planId);
  if (!plan) return null;
  const inYear = (d: Date | undefined) => !!d && yearOf(d) === plan.year;
  const accepted = (
    await Assessment.find({ enterpriseId: plan.enterpriseId, status: "accepted" }).select({ score: 0 }).lean()
  )
    .filter((a) => inYear(a.acceptedAt))
    .sort((a, b) => b.acceptedAt!.getTime() - a.acceptedAt!.getTime())[0];
  if (accepted) {
    await afterAssessmentAccepted((await Assessment.findById(accepted._id).lean())!);
    const report = await findReportOf(accepted._id);
    if (report?.analysis) await afterReportAnalysed(report);
    const item = await PrescriptionItem.findOne({ assessmentId: accepted._id }).lean();
    if (item) await afterPrescriptionItemVerified(item);
  }
  const attended = (await Attendance.find({ enterpriseId: plan.enterpriseId }).lean()).find(
    (a) => yearOf(a.at) === plan.year,
  );
  if (attended) {
    await afterTrainingAttended({
      enterpriseId: plan.enterpriseId,
      trainingId: attended.trainingId,
      topic: "政策培训",
      date: toShanghaiDate(attended.at),
      attendee: attended.name,
    });
  }
  const enterprise = await Enterprise.findById(plan.enterpriseId).lean();
  if (
    enterprise?.contractStatus === "in_effect" &&
    (!enterprise.contractValidUntil || enterprise.contractValidUntil >= plan.startOn)
  ) {
    await safely("核对集体合同", () =>
      completeContract(plan.enterpriseId, plan.startOn, enterprise.contractValidUntil ?? null),
    );
  }
  return findPlanById(planId);
}

const findPlanById = (planId: Types.ObjectId) => CultivationPlan.findById(planId).lean();
