import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { can, isAdmin, isStaff, memberEnterprises } from "~/domain/policy";
import { ROLE_LABELS } from "~/domain/roles";
import { Enterprise } from "../../models/enterprise";
import { orMissing } from "../../models/lean-defaults";
import { UnionOrg } from "../../models/union-org";
import { User } from "../../models/user";
import { scopedQuery } from "./access/list-scope.server";
import type { CurrentUser } from "./auth.server";
import { cohortFor } from "./cultivation/board.server";

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
  return {
    cohort,
    roles: [...new Set(user.roles.map((g) => ROLE_LABELS[g.role]))],
    figures: { total, withUnion, inEffect, bargaining },
    showFigures: isStaff(user),
    ownEnterprises: ownEnterprises.map((e) => ({ id: String(e._id), name: e.name })),
    admin,
  };
}
