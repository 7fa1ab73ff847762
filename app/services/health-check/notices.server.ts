/**
 * Who is told when a health check or a prescription item moves: the people who act next. A check
 * assigned or returned → the enterprise's HR managers; submitted → the instructors of its organisation
 * (and the one who started it); accepted → HR and the union chair. Items: see prescriptions.server.ts.
 */
import { enterpriseAccounts, orgInstructors } from "../accounts/kept-accounts.server";
import { type Types } from "mongoose";
import { holdsEnterpriseRole, isEnterpriseHr } from "~/domain/policy";
import type { AssessmentDoc } from "../../../models/assessment";
import { UnionOrg } from "../../../models/union-org";
import { notifyUsers } from "../notifications/notifications.server";

/** The active HR managers of an enterprise (who fill its checks and work its items). */
export async function enterpriseHrIds(enterpriseId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const users = await enterpriseAccounts([enterpriseId], { active: true });
  return users.filter((u) => isEnterpriseHr(u, String(enterpriseId))).map((u) => u._id);
}

/** The active union chairs of an enterprise. */
async function enterpriseChairIds(enterpriseId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const users = await enterpriseAccounts([enterpriseId], { active: true });
  const ids = new Set([String(enterpriseId)]);
  return users.filter((u) => holdsEnterpriseRole(u, "chair", ids)).map((u) => u._id);
}

/** Instructors bound to the enterprise's union organisation or the one above it. */
export async function orgInstructorIds(unionOrgId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const org = await UnionOrg.findById(unionOrgId).select({ parentId: 1 }).lean();
  const orgIds = [unionOrgId, ...(org?.parentId ? [org.parentId] : [])].map(String);
  return orgInstructors(orgIds);
}

type CheckMove = "start" | "submit" | "return" | "accept";

export const CHECK_NOTICE_KINDS: Record<CheckMove, string> = {
  start: "assessment.assigned",
  submit: "assessment.submitted",
  return: "assessment.returned",
  accept: "assessment.accepted",
};

/** Tells the people who act next that a check moved (once per check, move and version). */
export async function notifyCheckMoved(
  a: Pick<
    AssessmentDoc,
    "_id" | "enterpriseId" | "unionOrgId" | "dueOn" | "version" | "events" | "returnNote"
  >,
  enterprise: { name: string },
  move: CheckMove,
) {
  const id = String(a._id);
  const dedupeKey = `check:${id}:${move}:${a.version}`;
  const kind = CHECK_NOTICE_KINDS[move];
  const name = enterprise.name;
  if (move === "start") {
    await notifyUsers({
      userIds: await enterpriseHrIds(a.enterpriseId),
      kind,
      title: `${name}收到法律体检任务，请于 ${a.dueOn} 前填写并提交`,
      link: `/assessments/${id}`,
      dedupeKey,
    });
  } else if (move === "submit") {
    const starter = a.events.find((e) => e.action === "start")?.by;
    await notifyUsers({
      userIds: [...(await orgInstructorIds(a.unionOrgId)), ...(starter ? [starter] : [])],
      kind,
      title: `${name}已提交法律体检，等待审核`,
      link: `/assessments/${id}/review`,
      dedupeKey,
    });
  } else if (move === "return") {
    await notifyUsers({
      userIds: await enterpriseHrIds(a.enterpriseId),
      kind,
      title: `${name}的法律体检被退回修改`,
      body: a.returnNote
        ? `审核意见：${a.returnNote.slice(0, 200)}`
        : "请查看各题旁的审核批注，修改后重新提交。",
      link: `/assessments/${id}`,
      dedupeKey,
    });
  } else {
    await notifyUsers({
      userIds: [...(await enterpriseHrIds(a.enterpriseId)), ...(await enterpriseChairIds(a.enterpriseId))],
      kind,
      title: `${name}的法律体检已审核通过`,
      link: `/assessments/${id}`,
      dedupeKey,
    });
  }
}
