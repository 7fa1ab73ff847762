/**
 * The life of a legal health check. The instructor starts it (填写中); the enterprise's HR manager fills it
 * in and submits it (待审核); the instructor returns it with remarks (已退回修改, back in HR's hands) or
 * accepts it (已通过, scored once and kept). Pure: the service settles races in the database.
 */

export const ASSESSMENT_STATUSES = ["in_progress", "submitted", "returned", "accepted"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const ASSESSMENT_STATUS_LABELS: Record<AssessmentStatus, string> = {
  in_progress: "填写中",
  submitted: "待审核",
  returned: "已退回修改",
  accepted: "已通过",
};

export type AssessmentAction = "submit" | "return" | "accept";

const NEXT: Record<AssessmentAction, Partial<Record<AssessmentStatus, AssessmentStatus>>> = {
  submit: { in_progress: "submitted", returned: "submitted" },
  return: { submitted: "returned" },
  accept: { submitted: "accepted" },
};

/** The next status, or null when the action is not possible from `status`. */
export function nextAssessmentStatus(
  status: AssessmentStatus,
  action: AssessmentAction,
): AssessmentStatus | null {
  return NEXT[action][status] ?? null;
}

/** The statuses an action may start from (the service's conditional write filters on them). */
export function statusesAllowing(action: AssessmentAction): AssessmentStatus[] {
  return ASSESSMENT_STATUSES.filter((s) => NEXT[action][s] !== undefined);
}

/** Not yet accepted: an enterprise has at most one such check at a time. */
export function isOpen(status: AssessmentStatus): boolean {
  return status !== "accepted";
}

/** HR may change answers and evidence only while the check is in their hands. */
export function answersEditable(status: AssessmentStatus): boolean {
  return status === "in_progress" || status === "returned";
}

/** Why answers cannot be changed now, in the words HR reads. */
export function editRefusal(status: AssessmentStatus): string {
  return status === "submitted" ? "已提交，等待指导员审核，暂不能修改" : "该体检已完成，不能再修改";
}

export function actionRefusal(status: AssessmentStatus): string {
  return `当前状态为“${ASSESSMENT_STATUS_LABELS[status]}”，不能执行此操作`;
}
