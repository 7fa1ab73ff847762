import { can } from "~/domain/policy";
import { AuditEntry } from "../../models/audit";
import { scopedQuery } from "./access/list-scope.server";
import { ACTION_LABELS } from "./audit.server";
import type { CurrentUser } from "./auth.server";
import { forbidden } from "./http.server";

const PAGE = 50;

/** The audit trail: admins browse all of it; instructors the entries of their subtree. */
export async function listAudit(user: CurrentUser, { page = 1, action }: { page?: number; action?: string }) {
  if (!can(user, "audit:list", { type: "system" })) throw forbidden();
  const filter = await scopedQuery(
    user,
    "audit_entry",
    action && Object.hasOwn(ACTION_LABELS, action) ? { action } : {},
  );
  const total = await AuditEntry.countDocuments(filter);
  const pageCount = Math.max(1, Math.ceil(total / PAGE));
  // Past the end shows the last page.
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const entries = await AuditEntry.find(filter)
    .sort({ at: -1, _id: -1 })
    .skip((current - 1) * PAGE)
    .limit(PAGE)
    .lean();
  return {
    total,
    page: current,
    pageCount,
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
