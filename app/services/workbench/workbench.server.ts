import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { can, isAdmin, isStaff, memberEnterprises } from "~/domain/policy";
import { ROLE_LABELS } from "~/domain/roles";
import { Enterprise } from "../../../models/enterprise";
import { orMissing } from "../../../models/lean-defaults";
import { UnionOrg } from "../../../models/union-org";
import { User } from "../../../models/user";
import { scopedQuery } from "../access/list-scope.server";
import type { CurrentUser } from "../accounts/auth.server";
import { cohortFor } from "../cultivation/board.server";
import { workInbox } from "./inbox.server";
import type { InboxTask } from "~/domain/health-check/inbox";

/**
 * The inbox's counters, each a link to the list filtered to what it counts (the prescription list's
 * `status` and `due` filters, app/services/prescription-list.server.ts).
 */
function inboxCounters(sections: Awaited<ReturnType<typeof workInbox>>["sections"]) {
  const tasks = (key: string) => sections.filter((s) => s.key === key).flatMap((s) => s.tasks);
  const items = (key: string, match: (t: InboxTask) => boolean) =>
    tasks(key).filter((t) => t.kind === "item" && match(t)).length;
  const counters: { label: string; value: number; to: string }[] = [];
  const shown = new Set(sections.map((s) => s.key));
  if (shown.has("hr")) {
    counters.push(
      {
        label: "待确认整改事项",
        value: items("hr", (t) => t.status === "issued"),
        to: "/prescriptions?status=issued",
      },
      {
        label: "已确认待整改",
        value: items("hr", (t) => t.status === "acknowledged"),
        to: "/prescriptions?status=acknowledged",
      },
      {
        label: "整改中",
        value: items("hr", (t) => t.status === "in_progress"),
        to: "/prescriptions?status=in_progress",
      },
    );
  }
  if (shown.has("instructor")) {
    counters.push(
      {
        label: "待核验整改事项",
        value: items("instructor", (t) => t.status === "submitted"),
        to: "/prescriptions?status=submitted",
      },
      {
        label: "逾期整改事项",
        value: items("instructor", (t) => t.overdue),
        to: "/prescriptions?due=overdue",
      },
    );
  }
  return counters;
}

/**
 * The figures on a person's home page, limited to what they may see; for instructors also "my
 * enterprises" (this year's cultivation plans by urgency, a board by stage), narrowed by `filters`.
 */
export async function workbenchFor(user: CurrentUser, filters: { orgId?: string; stage?: string } = {}) {
  const count = async (filter: Record<string, unknown> = {}) =>
    Enterprise.countDocuments(await scopedQuery(user, "enterprise", { archived: orMissing(false) }, filter));
  const [total, withUnion, inEffect, bargaining] = await Promise.all([
    count(),
    count({ unionEstablishedOn: { $nin: [null, ""] } }),
    count({ contractStatus: "in_effect" }),
    count({ contractStatus: "bargaining" }),
  ]);
  const own = memberEnterprises(user);
  const ownEnterprises = own.length
    ? await Enterprise.find({ _id: { $in: own.map((id) => new Types.ObjectId(id)) } })
        .select({ name: 1 })
        .lean()
    : [];
  const admin = isAdmin(user)
    ? {
        orgs: await UnionOrg.countDocuments({ archived: orMissing(false) }),
        users: await User.countDocuments(),
      }
    : null;
  const cohort = can(user, "plan:list", { type: "system" })
    ? await cohortFor(user, { ...filters, year: Number(todayInShanghai(new Date()).slice(0, 4)) })
    : null;
  const inbox = await workInbox(user);
  return {
    cohort,
    inbox,
    counters: inboxCounters(inbox.sections),
    roles: [...new Set(user.roles.map((g) => ROLE_LABELS[g.role]))],
    figures: { total, withUnion, inEffect, bargaining },
    showFigures: isStaff(user),
    ownEnterprises: ownEnterprises.map((e) => ({ id: String(e._id), name: e.name })),
    admin,
  };
}
