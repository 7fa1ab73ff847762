import { Types } from "mongoose";
import {
  ACTION_GROUPS,
  ACTION_LABELS,
  RESOURCE_TYPE_LABELS,
  auditChanges,
  idsIn,
} from "~/domain/audit/describe";
import { ASSESSMENT_STATUS_LABELS } from "~/domain/health-check/status";
import { can, listScope } from "~/domain/policy";
import { mapLimit } from "~/lib/map-limit";
import { Assessment } from "../../../models/assessment";
import { AuditEntry, type AuditDoc } from "../../../models/audit";
import { walkAuditRows, type AuditRow } from "../../../models/audit-log";
import { recallFixed, rememberFixed } from "../../../models/kept-rows";
import { Enterprise } from "../../../models/enterprise";
import { Prescription } from "../../../models/prescription";
import { UnionOrg } from "../../../models/union-org";
import { User } from "../../../models/user";
import { subtreeIds } from "../access/list-scope.server";
import { orgKeptRows } from "../workbench/figures.server";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden } from "../../lib/http.server";
import { formatDateTime } from "~/domain/dates";

const PAGE = 50;
/** Numbers looked at per page at most: a filter that matches little shows what it found and goes on from there. */
const BUDGET = 5_000;

/**
 * The audit trail, newest first: admins browse all of it; instructors the entries of their subtree. Pages go
 * by number (`before`: the entries numbered below it, models/audit-log.ts), each page read by key; `page` is
 * only the count shown.
 */
export async function listAudit(
  user: CurrentUser,
  { page = 1, action, before }: { page?: number; action?: string; before?: number | null },
) {
  if (!can(user, "audit:list", { type: "system" })) throw forbidden();
  const chosen = action && Object.hasOwn(ACTION_LABELS, action) ? action : "";
  const inScope = await rowScope(user);
  const walk = await walkAuditRows(
    before ?? null,
    (row) => (!chosen || row.action === chosen) && inScope(row),
    PAGE,
    BUDGET,
  );
  const entries = (await auditEntries(walk.rows.map((r) => String(r.id)))).filter((e) => e !== null);
  const names = await namesFor(entries);
  return {
    // Past the start (a cursor from an earlier page) is page 1 again.
    page: before === null || before === undefined ? 1 : Math.max(1, Math.floor(page) || 1),
    /** The cursor of the next (older) page, null on the last. */
    next: walk.next,
    /** Whether this page stopped at its look-up bound before filling (a filter that matches little). */
    partial: walk.rows.length < PAGE && walk.next !== null,
    /** How many records a page looks through at most. */
    budget: BUDGET,
    action: chosen,
    actionGroups: ACTION_GROUPS.map((g) => ({
      label: g.label,
      actions: Object.entries(g.actions).map(([value, label]) => ({ value, label })),
    })),
    entries: entries.map((e) => ({
      id: String(e._id),
      at: formatDateTime(e.at),
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
 * Which rows the person may see, decided in memory: all for an admin; for an instructor the rows of their
 * subtree's organisations and of the enterprises under them (the organisations' kept rows, read by key) or
 * instructed directly (the "audit_entry" scope of app/domain/policy.ts).
 */
async function rowScope(user: CurrentUser): Promise<(row: AuditRow) => boolean> {
  const scope = listScope(user, "audit_entry");
  if (scope.kind === "all") return () => true;
  if (scope.kind !== "within") return () => false;
  const orgs = new Set((await subtreeIds(scope.orgIds)).map(String));
  const enterprises = new Set(scope.enterpriseIds);
  for (const id of (await orgKeptRows([...orgs])).keys()) enterprises.add(id);
  return (row) => (!!row.org && orgs.has(String(row.org))) || (!!row.ent && enterprises.has(String(row.ent)));
}

/** The entries by id, read by key; an entry never changes, so each process keeps those it read. */
async function auditEntries(ids: string[]): Promise<(AuditDoc | null)[]> {
  return mapLimit(ids, 16, async (id) => {
    const kept = recallFixed<AuditDoc>(AuditEntry as never, id);
    if (kept) return kept;
    const entry = await AuditEntry.findById(id).lean();
    // Counted as a few rows: before/after make an entry bigger than a kept row.
    if (entry) rememberFixed(AuditEntry as never, id, entry, 4);
    return entry;
  });
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
