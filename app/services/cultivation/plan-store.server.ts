/** Loading and changing cultivation plans: access descriptions for the policy module and race-safe writes. */
import type { UpdateQuery } from "mongoose";
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { can, type Action } from "~/domain/policy";
import {
  CultivationPlan,
  planIdFor,
  type CultivationPlanDoc,
  type PlanEventDoc,
} from "../../../models/cultivation-plan";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden, notFound } from "../../lib/http.server";
import { orgPathOf } from "../orgs/orgs.server";
import { refreshBoardRow } from "./board.server";

/** Events kept on a plan for "what changed since my last visit". */
export const MAX_EVENTS = 30;

export async function planResource(plan: CultivationPlanDoc, assignees: string[] = []) {
  return {
    type: "plan" as const,
    enterpriseId: String(plan.enterpriseId),
    orgPath: await orgPathOf(plan.unionOrgId),
    assignees,
    instructorSignedBy: plan.instructorSignedBy ? String(plan.instructorSignedBy) : null,
  };
}

/** A plan the person may do `action` on (404 when missing, 403 otherwise). */
export async function loadPlanFor(user: CurrentUser, planId: string, action: Action = "plan:view") {
  if (!Types.ObjectId.isValid(planId)) throw notFound("培育计划不存在");
  const plan = await CultivationPlan.findById(planId).lean();
  if (!plan) throw notFound("培育计划不存在");
  const resource = await planResource(plan);
  if (!can(user, action, resource)) throw forbidden();
  return { plan, resource };
}

/** An enterprise's plan of a year, by key (null when none was made). */
export function findPlanOf(enterpriseId: Types.ObjectId | string, year: number) {
  return CultivationPlan.findById(planIdFor(enterpriseId, year)).lean();
}

/** The plan year a moment falls in (Shanghai calendar). */
export const yearOf = (at: Date | string) =>
  Number((typeof at === "string" ? at : todayInShanghai(at)).slice(0, 4));

export function eventOf(
  kind: PlanEventDoc["kind"],
  text: string,
  on = todayInShanghai(new Date()),
): PlanEventDoc {
  return { on, kind, text: text.slice(0, 200) };
}

/** The plan's events with new ones appended, the newest MAX_EVENTS kept (set whole: writes go at a version). */
export const withEvents = (plan: Pick<CultivationPlanDoc, "events">, ...events: PlanEventDoc[]) =>
  [...plan.events, ...events].slice(-MAX_EVENTS);

/**
 * Applies a change the system makes (a proof arriving from another module): reads the plan fresh, asks
 * `change` for the update (null = nothing to do), writes it at the version read, and retries when another
 * writer got there first. Returns the saved plan, or null when nothing changed.
 */
export async function changePlan(
  planId: Types.ObjectId,
  change: (plan: CultivationPlanDoc) => UpdateQuery<CultivationPlanDoc> | null,
): Promise<CultivationPlanDoc | null> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const plan = await CultivationPlan.findById(planId).lean();
    if (!plan) return null;
    const update = change(plan);
    if (!update) return null;
    const saved = await updateAtVersion(CultivationPlan, plan._id, plan.version, update);
    if (saved) {
      await refreshBoardRow(saved);
      return saved;
    }
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
  }
  throw new Error("培育计划更新冲突，请稍后重试");
}
