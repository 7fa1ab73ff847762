/**
 * Sign-off of a cultivation plan in two steps: the instructor closes the year's work with a summary, then
 * the head of their union organisation countersigns. A signed-off plan is read-only. The head must be
 * another person than the instructor who signed (the countersignature is a second pair of eyes).
 */
import type { PlanStatus } from "./milestones";

export type SignStep = "instructor" | "head";

/** Why a step may not be taken now; null when it may. */
export function signOffRefusal(
  status: PlanStatus,
  step: SignStep,
  who: { userId: string; instructorSignedBy: string | null },
): string | null {
  if (status === "signed_off") return "该培育计划已审签，不能再修改";
  switch (step) {
    case "instructor":
      return status === "active" ? null : "指导员已签署，等待组织负责人审签";
  }
  if (status !== "instructor_signed") return "请先由指导员签署后再由组织负责人审签";
  if (who.instructorSignedBy === who.userId) return "审签须由指导员以外的组织负责人进行";
  return null;
}

/** Whether a plan in this status may still change (records, due dates). */
export const planIsOpen = (status: PlanStatus) => status === "active";
