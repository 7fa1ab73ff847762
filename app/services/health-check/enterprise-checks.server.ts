/**
 * Health checks kept per enterprise (models/enterprise-checks.ts): an enterprise's check history reads its
 * document by `_id`. The services that start or move a check call keepEnterpriseCheck with the check as
 * written; a document is built from the checks on its first read, and the work sweep
 * (rebuildEnterpriseChecks) repairs what a crash left behind.
 */
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import { EnterpriseChecks, type EnterpriseChecksDoc } from "../../../models/enterprise-checks";
import { keepRowsIn, readKeptRows, rebuildKept } from "../../../models/kept-rows";
import { Assessment, type AssessmentDoc } from "../../../models/assessment";

type CheckFields = Pick<
  AssessmentDoc,
  | "_id"
  | "enterpriseId"
  | "status"
  | "dueOn"
  | "createdAt"
  | "templateVersion"
  | "overall"
  | "riskLevel"
  | "version"
>;
const CHECK_FIELDS = {
  enterpriseId: 1,
  status: 1,
  dueOn: 1,
  createdAt: 1,
  templateVersion: 1,
  overall: 1,
  riskLevel: 1,
  version: 1,
} as const;

/** What is kept of a check: what the enterprise's history shows, and the version it was kept at. */
export interface CheckHistoryRow {
  st: AssessmentDoc["status"];
  due: string;
  /** Started on (Shanghai date). */
  on: string;
  /** Started at (ISO time): orders checks started on one day. */
  at: string;
  tv: number;
  ov: number | null;
  lvl: NonNullable<AssessmentDoc["riskLevel"]> | null;
  v: number;
}

export function checkHistoryRowOf(a: CheckFields): CheckHistoryRow {
  return {
    st: a.status,
    due: a.dueOn,
    on: todayInShanghai(a.createdAt),
    at: new Date(a.createdAt).toISOString(),
    tv: a.templateVersion,
    ov: a.overall ?? null,
    lvl: a.riskLevel ?? null,
    v: a.version ?? 0,
  };
}

const isBuilt = (doc: EnterpriseChecksDoc) => doc.built;

/** The checks' rows of these enterprises, from the checks (one read). */
async function rowsFromRecords(keys: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(keys.map((id) => [id, {}]));
  const ids = keys.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return out;
  for (const a of await Assessment.find({ enterpriseId: { $in: ids } })
    .select(CHECK_FIELDS)
    .lean<CheckFields[]>()) {
    const rows = out.get(String(a.enterpriseId));
    if (rows) rows[String(a._id)] = JSON.stringify(checkHistoryRowOf(a));
  }
  return out;
}

/** An enterprise's checks as kept (newest first), its document read by `_id`. */
export async function enterpriseCheckRows(enterpriseId: string): Promise<[string, CheckHistoryRow][]> {
  if (!Types.ObjectId.isValid(enterpriseId)) return [];
  const kept = await readKeptRows<EnterpriseChecksDoc, CheckHistoryRow>(
    EnterpriseChecks,
    [enterpriseId],
    rowsFromRecords,
    isBuilt,
  );
  return [...kept]
    .map(([id, { row }]): [string, CheckHistoryRow] => [id, row])
    .sort(([ia, a], [ib, b]) => (a.at < b.at ? 1 : a.at > b.at ? -1 : ia < ib ? 1 : -1));
}

/**
 * Puts a check, as just written, in its enterprise's document (keepRowsIn: over an older version only, at the
 * document's version). Never fails the person's action: the sweep repairs.
 */
export async function keepEnterpriseCheck(a: CheckFields) {
  try {
    await keepRowsIn(
      EnterpriseChecks,
      String(a.enterpriseId),
      [{ id: String(a._id), version: a.version ?? 0, json: JSON.stringify(checkHistoryRowOf(a)) }],
      (json) => (JSON.parse(json) as CheckHistoryRow).v,
    );
  } catch (error: unknown) {
    console.error(
      `[health-check] 企业体检列表更新失败（巡检会重建）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Rebuilds every kept enterprise document that differs from the checks (the seed, the work sweep). */
export async function rebuildEnterpriseChecks(): Promise<{ written: number }> {
  return { written: await rebuildKept(EnterpriseChecks, rowsFromRecords) };
}
