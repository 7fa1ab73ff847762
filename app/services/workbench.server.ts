import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { can, memberEnterprises } from "~/domain/policy";
import { ROLE_LABELS } from "~/domain/roles";
import { Enterprise } from "../../models/enterprise";
import { UnionOrg } from "../../models/union-org";
import { User } from "../../models/user";
import type { CurrentUser } from "./auth.server";
import { cohortFor } from "./cultivation/board.server";
import { visibleEnterpriseFilter } from "./enterprises.server";

/**
 * The figures on a person's home page, limited to what they may see; for instructors also "my
 * enterprises" (this year's cultivation plans by urgency, a board by stage), narrowed by `filters`.
 */
export async function workbenchFor(user: CurrentUser, filters: { orgId?: string; stage?: string } = {}) {
  const filter = await visibleEnterpriseFilter(user);
  const base = { ...(filter ?? { _id: null }), archived: false };
  const [total, withUnion, inEffect, bargaining] = await Promise.all([
    Enterprise.countDocuments(base),
    Enterprise.countDocuments({ ...base, unionEstablishedOn: { $nin: [null, ""] } }),
    Enterprise.countDocuments({ ...base, contractStatus: "in_effect" }),
    Enterprise.countDocuments({ ...base, contractStatus: "bargaining" }),
  ]);
  const own = memberEnterprises(user);
  const ownEnterprises = own.length
    ? await Enterprise.find({ _id: { $in: own.map((id) => new Types.ObjectId(id)) } })
        .select({ name: 1 })
        .lean()
    : [];
  const isAdmin = user.roles.some((g) => g.role === "admin");
  const admin = isAdmin
    ? { orgs: await UnionOrg.countDocuments({ archived: false }), users: await User.countDocuments() }
    : null;
  const cohort = can(user, "plan:list", { type: "system" })
    ? await cohortFor(user, { ...filters, year: Number(todayInShanghai(new Date()).slice(0, 4)) })
    : null;
  return {
    cohort,
    roles: [...new Set(user.roles.map((g) => ROLE_LABELS[g.role]))],
    figures: { total, withUnion, inEffect, bargaining },
    showFigures: isAdmin || user.roles.some((g) => g.role === "instructor"),
    ownEnterprises: ownEnterprises.map((e) => ({ id: String(e._id), name: e.name })),
    admin,
  };
}
