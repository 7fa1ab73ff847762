import { Types } from "mongoose";
import {
  ACTION_GROUPS,
  ACTION_LABELS,
  RESOURCE_TYPE_LABELS,
  auditChanges,
  idsIn,
} from "~/domain/audit/describe";
import { ASSESSMENT_STATUS_LABELS } from "~/domain/health-check/status";
import { can } from "~/domain/policy";
import { Assessment } from "../../../models/assessment";
import { AuditEntry, type AuditDoc } from "../../../models/audit";
import { Enterprise } from "../../../models/enterprise";
import { Prescription } from "../../../models/prescription";
import { UnionOrg } from "../../../models/union-org";
import { User } from "../../../models/user";
import { scopedQuery } from "../access/list-scope.server";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden } from "../../lib/http.server";

const PAGE = 50;

/** The audit trail: admins browse all of it; instructors the entries of their subtree. */
export async function listAudit(user: CurrentUser, { page = 1, action }: { page?: number; action?: string }) {
  if (!can(user, "audit:list", { type: "system" })) throw forbidden();
  const chosen = action && Object.hasOwn(ACTION_LABELS, action) ? action : "";
  const filter = await scopedQuery(user, "audit_entry", chosen ? { action: chosen } : {});
  const total = await AuditEntry.countDocuments(filter);
  const pageCount = Math.max(1, Math.ceil(total / PAGE));
  // Past the end shows the last page.
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const entries = await AuditEntry.find(filter)
    .sort({ at: -1, _id: -1 })
    .skip((current - 1) * PAGE)
    .limit(PAGE)
    .lean();
  const names = await namesFor(entries);
  return {
    total,
    page: current,
    pageCount,
    action: chosen,
    actionGroups: ACTION_GROUPS.map((g) => ({
      label: g.label,
      actions: Object.entries(g.actions).map(([value, label]) => ({ value, label })),
    })),
    entries: entries.map((e) => ({
      id: String(e._id),
      at: e.at.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }),
      actor: e.actorName,
      action: ACTION_LABELS[e.action] ?? "其他操作",
      outcome: e.outcome,
      resourceType: e.resourceType ? (RESOURCE_TYPE_LABELS[e.resourceType] ?? "") : "",
      resource: resourceName(e, names),
      enterprise: e.enterpriseId ? (names.get(String(e.enterpriseId)) ?? "") : "",
      detail: e.detail ?? "",
      ip: e.ip ?? "",
      changes: auditChanges(e.before, e.after, e.resourceType, names),
    })),
  };
}

/**
 * Names of what the entries point at (enterprises, organisations, accounts, checks, prescriptions), read by
 * id in parallel: key look-ups, never a scan.
 */
async function namesFor(entries: AuditDoc[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const enterpriseIds = new Set<string>();
  const orgIds = new Set<string>();
  const userIds = new Set<string>();
  const assessmentIds = new Set<string>();
  const prescriptionIds = new Set<string>();
  for (const e of entries) {
    if (e.enterpriseId) enterpriseIds.add(String(e.enterpriseId));
    const unnamed = !e.resourceName && e.resourceId && Types.ObjectId.isValid(e.resourceId);
    if (unnamed && e.resourceType === "assessment") assessmentIds.add(e.resourceId!);
    if (unnamed && e.resourceType === "prescription") prescriptionIds.add(e.resourceId!);
    if (unnamed && e.resourceType === "enterprise") enterpriseIds.add(e.resourceId!);
    if (unnamed && e.resourceType === "union_org") orgIds.add(e.resourceId!);
    if (unnamed && e.resourceType === "user") userIds.add(e.resourceId!);
    // Ids inside before/after: organisations (parentId, unionOrgId) and the like.
    for (const id of [...idsIn(e.before), ...idsIn(e.after)]) orgIds.add(id);
  }
  const assessments = await Promise.all(
    [...assessmentIds].map((id) => Assessment.findById(id).select({ enterpriseId: 1, status: 1 }).lean()),
  );
  const prescriptions = await Promise.all(
    [...prescriptionIds].map((id) =>
      Prescription.findById(id).select({ enterpriseId: 1, prescriptionNo: 1, status: 1 }).lean(),
    ),
  );
  for (const a of assessments) if (a) enterpriseIds.add(String(a.enterpriseId));
  for (const p of prescriptions) if (p) enterpriseIds.add(String(p.enterpriseId));
  const [enterprises, orgs, users] = await Promise.all([
    Promise.all([...enterpriseIds].map((id) => Enterprise.findById(id).select({ name: 1 }).lean())),
    Promise.all([...orgIds].map((id) => UnionOrg.findById(id).select({ name: 1 }).lean())),
    Promise.all([...userIds].map((id) => User.findById(id).select({ displayName: 1 }).lean())),
  ]);
  for (const e of enterprises) if (e) names.set(String(e._id), e.name);
  for (const o of orgs) if (o) names.set(String(o._id), o.name);
  for (const u of users) if (u) names.set(String(u._id), u.displayName);
  for (const a of assessments) {
    if (a)
      names.set(
        String(a._id),
        `${names.get(String(a.enterpriseId)) ?? ""}的法律体检（${ASSESSMENT_STATUS_LABELS[a.status]}）`,
      );
  }
  for (const p of prescriptions) {
    if (p) {
      const enterprise = names.get(String(p.enterpriseId)) ?? "";
      names.set(
        String(p._id),
        p.prescriptionNo ? `${enterprise} ${p.prescriptionNo}` : `${enterprise}的法律处方草稿`,
      );
    }
  }
  return names;
}

function resourceName(e: AuditDoc, names: Map<string, string>): string {
  if (e.resourceName) return e.resourceName;
  if (e.resourceId && names.has(e.resourceId)) return names.get(e.resourceId)!;
  return e.resourceId ? "（已删除的对象）" : "";
}
