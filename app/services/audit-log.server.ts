import { instructedOrgs } from "~/domain/policy";
import { AuditEntry } from "../../models/audit";
import { Enterprise } from "../../models/enterprise";
import { ACTION_LABELS } from "./audit.server";
import type { CurrentUser } from "./auth.server";
import { forbidden } from "./http.server";
import { subtreeIds } from "./orgs.server";

const PAGE = 50;

/** The audit trail: admins browse all of it; instructors the entries of their subtree. */
export async function listAudit(user: CurrentUser, { page = 1, action }: { page?: number; action?: string }) {
  const isAdmin = user.roles.some((g) => g.role === "admin");
  let filter: Record<string, unknown> = {};
  if (!isAdmin) {
    const orgs = instructedOrgs(user);
    if (!orgs.length) throw forbidden();
    const subtree = await subtreeIds(orgs);
    const enterprises = await Enterprise.find({ unionOrgId: { $in: subtree } })
      .select({ _id: 1 })
      .lean();
    filter = {
      $or: [{ unionOrgId: { $in: subtree } }, { enterpriseId: { $in: enterprises.map((e) => e._id) } }],
    };
  }
  if (action && ACTION_LABELS[action]) filter = { $and: [filter, { action }] };
  const [entries, total] = await Promise.all([
    AuditEntry.find(filter)
      .sort({ at: -1, _id: -1 })
      .skip((page - 1) * PAGE)
      .limit(PAGE)
      .lean(),
    AuditEntry.countDocuments(filter),
  ]);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE)),
    actions: Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label })),
    entries: entries.map((e) => ({
      id: String(e._id),
      at: e.at.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }),
      actor: e.actorName,
      action: ACTION_LABELS[e.action] ?? e.action,
      outcome: e.outcome,
      resource: e.resourceName ?? e.resourceId ?? "",
      detail: e.detail ?? "",
      ip: e.ip ?? "",
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })),
  };
}
