import { Types } from "mongoose";
import { AuditEntry } from "../../../models/audit";
import { appendAuditRow } from "../../../models/audit-log";

export interface Actor {
  id?: string;
  name: string;
  ip?: string;
}

/** The actor of an audit entry: the signed-in person (used by every service that audits). */
export const actorOf = (user: { id: string; displayName: string }): Actor => ({
  id: user.id,
  name: user.displayName,
});

export interface AuditInput {
  action: string;
  outcome?: "success" | "failure";
  resourceType?: string;
  resourceId?: string;
  resourceName?: string;
  unionOrgId?: string;
  enterpriseId?: string;
  before?: unknown;
  after?: unknown;
  detail?: string;
}

const SECRET_KEYS = new Set(["passwordHash", "password", "csrfToken", "token"]);

/** Drops secrets and mongoose internals so before/after are safe to show. */
function clean(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Types.ObjectId) return value.toString();
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEYS.has(key) || key === "__v") continue;
      out[key] = clean(v);
    }
    return out;
  }
  return value;
}

const oid = (id?: string) => (id && Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

/**
 * Appends one entry to the audit trail: its row in the list's order first (models/audit-log.ts), then the
 * entry under the id the row names (a row whose entry was never written is passed over by the list).
 */
export async function audit(actor: Actor, input: AuditInput) {
  const unionOrgId = oid(input.unionOrgId);
  const enterpriseId = oid(input.enterpriseId);
  const row = await appendAuditRow({
    id: new Types.ObjectId(),
    action: input.action,
    org: unionOrgId,
    ent: enterpriseId,
  });
  await AuditEntry.create({
    _id: row.id,
    at: row.at,
    actorId: oid(actor.id),
    actorName: actor.name,
    ip: actor.ip,
    action: input.action,
    outcome: input.outcome ?? "success",
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    resourceName: input.resourceName,
    unionOrgId,
    enterpriseId,
    before: clean(input.before),
    after: clean(input.after),
    detail: input.detail,
  });
}
