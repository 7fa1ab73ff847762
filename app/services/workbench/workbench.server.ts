import { Types } from "mongoose";
import { collectionCount } from "../../../models/db";
import { todayInShanghai } from "~/domain/dates";
import { can, instructedOrgs, isAdmin, isStaff, memberEnterprises } from "~/domain/policy";
import { ROLE_LABELS } from "~/domain/roles";
import { Enterprise } from "../../../models/enterprise";
import { orgTree } from "../../../models/org-tree";
import { User } from "../../../models/user";
import type { CurrentUser } from "../accounts/auth.server";
import { cohortFor } from "../cultivation/board.server";
import { addFigures, figuresOf, orgFigures } from "./figures.server";
import { workInbox } from "./inbox.server";
import { subtreeOf } from "~/domain/org-tree";

/**
 * The inbox's counters, each a link to the list filtered to what it counts (the prescription list's
 * `status` and `due` filters, app/services/prescription-list.server.ts).
 */
function inboxCounters(sections: Awaited<ReturnType<typeof workInbox>>["sections"]) {
  const counts = (key: string) => sections.find((s) => s.key === key)?.counts;
  const counters: { label: string; value: number; to: string }[] = [];
  const hr = counts("hr");
  if (hr) {
    counters.push(
      {
        label: "待确认整改事项",
        value: hr.items.issued ?? 0,
        to: "/prescriptions?status=issued",
      },
      {
        label: "已确认待整改",
        value: hr.items.acknowledged ?? 0,
        to: "/prescriptions?status=acknowledged",
      },
      {
        label: "整改中",
        value: hr.items.in_progress ?? 0,
        to: "/prescriptions?status=in_progress",
      },
    );
  }
  const instructor = counts("instructor");
  if (instructor) {
    counters.push(
      {
        label: "待核验整改事项",
        value: instructor.items.submitted ?? 0,
        to: "/prescriptions?status=submitted",
      },
      {
        label: "逾期整改事项",
        value: instructor.overdueItems,
        to: "/prescriptions?due=overdue",
      },
    );
  }
  return counters;
}

/** Tasks the workbench lists per inbox section (the oldest first; the counters and lists hold the rest). */
export const INBOX_SHOWN = 20;

/** An organisation node as the workbench reads it (once per page, for the figures, the inbox and the cohort). */
interface OrgNode {
  _id: Types.ObjectId;
  name: string;
  ancestors: Types.ObjectId[];
  archived: boolean;
}

/**
 * The organisation nodes the page needs, from the cached organisation tree (models/org-tree.ts): every node for
 * an admin, else the subtrees of the nodes the person instructs (none for enterprise staff).
 */
async function orgNodes(user: CurrentUser): Promise<OrgNode[]> {
  const { nodes } = await orgTree();
  if (isAdmin(user)) return [...nodes];
  const roots = instructedOrgs(user).filter((id) => Types.ObjectId.isValid(id));
  return roots.length ? subtreeOf(nodes, roots) : [];
}

/**
 * The figures on a person's home page, limited to what they may see; for instructors also "my
 * enterprises" (this year's cultivation plans by urgency, a board by stage), narrowed by `filters`. Every
 * read is by `_id` or from the cached organisation tree: the figures come from documents kept per
 * organisation (figures.server.ts), the inbox and the cohort from theirs.
 */
export async function workbenchFor(user: CurrentUser, filters: { orgId?: string; stage?: string } = {}) {
  const orgs = await orgNodes(user);
  // The enterprise list scope (policy listScope "enterprise"): every enterprise for an admin, else those
  // under the instructed subtrees and the person's own.
  const scopeOrgs = isAdmin(user) ? orgs : subtreeOf(orgs, instructedOrgs(user));
  const own = [...new Set(memberEnterprises(user))].filter((id) => Types.ObjectId.isValid(id));
  const [rows, ownDocs] = await Promise.all([
    // Figures that could not be built now (writers kept winning) leave the page without them: the sweep builds.
    orgFigures(scopeOrgs.map((o) => String(o._id))).catch((error: unknown) => {
      console.error(`[workbench] ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }),
    Promise.all(
      own.map((id) =>
        Enterprise.findById(id)
          .select({ name: 1, unionOrgId: 1, unionEstablishedOn: 1, contractStatus: 1, archived: 1 })
          .lean(),
      ),
    ),
  ]);
  const ownEnterprises = ownDocs.filter((e) => !!e);
  // The person's own enterprises that no organisation document of the scope counts.
  const extra = ownEnterprises
    .filter((e) => !e.archived && !(rows ?? []).some((d) => d.ids.has(String(e._id))))
    .map((e) => ({ union: !!e.unionEstablishedOn, contract: e.contractStatus ?? "none" }));
  const admin = isAdmin(user)
    ? {
        orgs: orgs.filter((o) => !o.archived).length,
        // From the collection's own count (no document decoded).
        users: await collectionCount(User as never),
      }
    : null;
  const cohort = can(user, "plan:list", { type: "system" })
    ? await cohortFor(
        user,
        { ...filters, year: Number(todayInShanghai(new Date()).slice(0, 4)) },
        new Date(),
        isAdmin(user) ? orgs.filter((o) => !o.archived) : scopeOrgs,
      )
    : null;
  const inbox = await workInbox(
    user,
    new Date(),
    subtreeOf(orgs, instructedOrgs(user)).map((o) => o._id),
    INBOX_SHOWN,
  );
  return {
    cohort,
    inbox,
    counters: inboxCounters(inbox.sections),
    roles: [...new Set(user.roles.map((g) => ROLE_LABELS[g.role]))],
    figures: addFigures([...(rows ?? []).map((d) => d.figures), figuresOf(extra)]),
    showFigures: isStaff(user) && rows !== null,
    ownEnterprises: ownEnterprises.map((e) => ({ id: String(e._id), name: e.name })),
    admin,
  };
}
