/**
 * The instructor's cohort view: one kept board document per (union organisation, year) holds a compact row
 * per plan, so the workbench reads a handful of documents by _id instead of filtering plans (FerretDB reads a
 * whole collection for any filter but `_id`). Rows are rewritten whenever a plan changes and can be rebuilt
 * from the plans (rebuildBoards).
 */
import { daysBetween, todayInShanghai, type LocalDate } from "~/domain/dates";
import {
  compareUrgency,
  dueLabel,
  milestoneStatus,
  nextAction,
  overdueMilestones,
  planStage,
  PLAN_STATUS_LABELS,
  type PlanMilestone,
  type PlanStatus,
  type RiskLevel,
} from "~/domain/cultivation/milestones";
import { PLAN_STAGES, STAGE_LABELS, type PlanStage } from "~/domain/cultivation/plan-template";
import { can } from "~/domain/policy";
import {
  boardIdFor,
  CultivationBoard,
  type CultivationPlanDoc,
  type PlanEventDoc,
} from "../../../models/cultivation-plan";
import { CASE_STATUS_LABELS, isCaseStatus } from "~/domain/bargaining/status";
import { Types } from "mongoose";
import type { CaseRowDoc } from "../../../models/bargaining-summary";
import { manyEnterprisesRows } from "../bargaining/kept-rows.server";
import { updateAtVersion } from "../../../models/write-claim";
import { readStamped, stamp } from "../../../models/kept-rows";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden } from "../../lib/http.server";
import { visibleOrgIds } from "../access/list-scope.server";
import { orgTree } from "../../../models/org-tree";
import { noteChange } from "../dashboards/rollups.server";
import { subtreeOf } from "~/domain/org-tree";
import { compareZh } from "~/lib/text";

/** What the board keeps of a plan. */
export interface BoardRow {
  planId: string;
  enterpriseId: string;
  enterpriseName: string;
  unionOrgId: string;
  year: number;
  status: PlanStatus;
  milestones: PlanMilestone[];
  riskLevel: RiskLevel | null;
  contractStatus: string;
  contractValidUntil: string | null;
  lastVisitOn: string | null;
  events: PlanEventDoc[];
}

export function boardRowOf(plan: CultivationPlanDoc): BoardRow {
  return {
    planId: String(plan._id),
    enterpriseId: String(plan.enterpriseId),
    enterpriseName: plan.enterpriseName,
    unionOrgId: String(plan.unionOrgId),
    year: plan.year,
    status: plan.status,
    milestones: plan.milestones.map((m) => ({
      key: m.key,
      title: m.title,
      kind: m.kind,
      stage: m.stage,
      dueOn: m.dueOn,
      doneOn: m.doneOn ?? null,
    })),
    riskLevel: plan.riskLevel ?? null,
    contractStatus: plan.contractStatus,
    contractValidUntil: plan.contractValidUntil ?? null,
    lastVisitOn: plan.lastVisitOn ?? null,
    events: plan.events.slice(-8).map((e) => ({ on: e.on, kind: e.kind, text: e.text })),
  };
}

/** Writes the plan's row into its board (race-safe: a versioned write, retried on a concurrent change). */
export async function refreshBoardRow(plan: CultivationPlanDoc) {
  await noteChange("plan", plan._id);
  const _id = boardIdFor(plan.unionOrgId, plan.year);
  const row = JSON.stringify(boardRowOf(plan));
  for (let attempt = 0; attempt < 8; attempt++) {
    let board = await CultivationBoard.findById(_id).lean();
    if (!board) {
      await stamp(CultivationBoard as never, _id, 0); // stamped before each write (models/kept-rows.ts)
      await CultivationBoard.create({
        _id,
        unionOrgId: plan.unionOrgId,
        year: plan.year,
        rows: {},
        version: 0,
      }).catch(() => undefined); // created meanwhile by another writer
      board = await CultivationBoard.findById(_id).lean();
      if (!board) continue;
    }
    await stamp(CultivationBoard as never, _id, board.version + 1);
    const saved = await updateAtVersion(CultivationBoard, _id, board.version, {
      $set: { [`rows.${String(plan._id)}`]: row },
    });
    if (saved) return;
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
  }
  console.error(`[cultivation] 工作台看板 ${_id} 更新失败，计划页“重新核对”会再次写入`);
}

export interface CohortFilters {
  orgId?: string;
  stage?: string;
  year: number;
}

export interface CohortRow {
  planId: string;
  enterpriseId: string;
  enterpriseName: string;
  orgName: string;
  stage: PlanStage;
  stageLabel: string;
  statusLabel: string;
  next: { title: string; dueOn: string; label: string; state: string } | null;
  overdue: { title: string; dueOn: string; label: string }[];
  done: number;
  total: number;
  riskLevel: RiskLevel | null;
  contract: string;
  /** The enterprise's latest bargaining case as the bargaining module keeps it (status, next deadline). */
  bargaining: string | null;
  /** What changed since the last visit (new findings, items gone overdue, the contract expiring). */
  changes: string[];
  lastVisitOn: string | null;
}

const CONTRACT_LABELS: Record<string, string> = {
  none: "未签订",
  bargaining: "协商中",
  in_effect: "生效中",
};

/** Changes since the last visit: events after it, milestones that went overdue after it, the contract expiring. */
export function changesSinceVisit(row: BoardRow, today: LocalDate): string[] {
  const since = row.lastVisitOn;
  const out: string[] = [];
  for (const e of row.events) {
    if ((e.kind === "finding" || e.kind === "contract" || e.kind === "milestone") && (!since || e.on > since))
      out.push(`${e.on} ${e.text}`);
  }
  for (const m of overdueMilestones(row.milestones, today)) {
    if (!since || m.dueOn >= since) out.push(`“${m.title}”已逾期（${m.dueOn} 到期）`);
  }
  if (row.contractStatus === "in_effect" && row.contractValidUntil) {
    const left = daysBetween(today, row.contractValidUntil);
    if (left < 0) out.push(`集体合同已于 ${row.contractValidUntil} 到期`);
    else if (left <= 90) out.push(`集体合同将于 ${row.contractValidUntil} 到期（${left} 天后）`);
  }
  return out;
}

/** The latest case of an enterprise's kept bargaining rows, in words; null without a case. */
function bargainingLabel(cases: CaseRowDoc[]): string | null {
  if (!cases.length) return null;
  const latest = cases.reduce((a, b) =>
    (b.offerSentOn ?? "") > (a.offerSentOn ?? "") ||
    ((b.offerSentOn ?? "") === (a.offerSentOn ?? "") && new Date(b.updatedAt) > new Date(a.updatedAt))
      ? b
      : a,
  );
  const status = isCaseStatus(latest.status) ? CASE_STATUS_LABELS[latest.status] : latest.status;
  return latest.nextDueOn ? `${status}（${latest.nextDueLabel} ${latest.nextDueOn}）` : status;
}

function cohortRow(row: BoardRow, orgName: string, today: LocalDate, bargaining: string | null): CohortRow {
  const stage = planStage(row.milestones, row.status);
  const next = nextAction(row.milestones);
  return {
    planId: row.planId,
    enterpriseId: row.enterpriseId,
    enterpriseName: row.enterpriseName,
    orgName,
    stage,
    stageLabel: STAGE_LABELS[stage],
    statusLabel: PLAN_STATUS_LABELS[row.status],
    next:
      next && row.status === "active"
        ? {
            title: next.title,
            dueOn: next.dueOn,
            label: dueLabel(next, today),
            state: milestoneStatus(next, today),
          }
        : null,
    overdue: overdueMilestones(row.milestones, today).map((m) => ({
      title: m.title,
      dueOn: m.dueOn,
      label: dueLabel(m, today),
    })),
    done: row.milestones.filter((m) => m.doneOn).length,
    total: row.milestones.length,
    riskLevel: row.riskLevel,
    contract:
      (CONTRACT_LABELS[row.contractStatus] ?? row.contractStatus) +
      (row.contractValidUntil ? `，至 ${row.contractValidUntil}` : ""),
    bargaining,
    changes: changesSinceVisit(row, today),
    lastVisitOn: row.lastVisitOn,
  };
}

interface CohortOrg {
  _id: Types.ObjectId;
  name: string;
  ancestors: Types.ObjectId[];
}

async function readVisibleOrgs(user: CurrentUser): Promise<CohortOrg[]> {
  const visible = await visibleOrgIds(user);
  const { nodes, byId } = await orgTree();
  return visible === "all"
    ? nodes.filter((o) => !o.archived)
    : visible.flatMap((id) => byId.get(String(id)) ?? []);
}

/**
 * "My enterprises": every plan of the year in the person's organisation subtree, sorted by urgency, plus a
 * board by stage. URL filters (organisation, stage) only narrow what the person may see.
 */
export async function cohortFor(
  user: CurrentUser,
  filters: CohortFilters,
  now = new Date(),
  /** The organisations the person's lists may show, when the caller has read them already (the workbench). */
  visibleOrgs?: CohortOrg[],
) {
  if (!can(user, "plan:list", { type: "system" })) throw forbidden();
  const today = todayInShanghai(now);
  const orgs = visibleOrgs ?? (await readVisibleOrgs(user));
  const picked =
    filters.orgId && orgs.some((o) => String(o._id) === filters.orgId)
      ? subtreeOf(orgs, [filters.orgId])
      : orgs;
  const names = new Map(orgs.map((o) => [String(o._id), o.name]));
  // Through the process cache of kept documents (models/kept-rows.ts): every board write stamps its version.
  const boards = await readStamped(
    CultivationBoard,
    picked.map((o) => boardIdFor(o._id, filters.year)),
    {
      versionField: "version",
      parse: (b) => Object.values(b.rows ?? {}).map((json) => JSON.parse(json) as BoardRow),
      sizeOf: (rows) => rows.length,
    },
  );
  const rows: BoardRow[] = [...boards.values()].flatMap((b) => b ?? []);
  rows.sort((a, b) => compareUrgency(a, b, today) || compareZh(a.enterpriseName, b.enterpriseName));
  // Bargaining status from the bargaining module's kept rows per enterprise (keyed reads).
  const byEnterprise = await manyEnterprisesRows(rows.map((r) => new Types.ObjectId(r.enterpriseId)));
  const summaries = rows.map((r) => byEnterprise.get(r.enterpriseId) ?? []);
  const all = rows.map((r, i) =>
    cohortRow(r, names.get(r.unionOrgId) ?? "", today, bargainingLabel(summaries[i])),
  );
  const stage = (PLAN_STAGES as readonly string[]).includes(filters.stage ?? "")
    ? (filters.stage as PlanStage)
    : null;
  const shown = stage ? all.filter((r) => r.stage === stage) : all;
  return {
    year: filters.year,
    today,
    rows: shown,
    board: PLAN_STAGES.map((s) => ({
      stage: s,
      label: STAGE_LABELS[s],
      rows: all
        .filter((r) => r.stage === s)
        .map((r) => ({ planId: r.planId, enterpriseName: r.enterpriseName })),
    })),
    orgOptions: orgs
      .map((o) => ({ id: String(o._id), name: o.name, depth: o.ancestors.length }))
      .sort((a, b) => a.depth - b.depth || compareZh(a.name, b.name)),
    filters: { orgId: picked === orgs ? "" : (filters.orgId ?? ""), stage: stage ?? "" },
    totals: {
      plans: all.length,
      overdue: all.filter((r) => r.overdue.length > 0).length,
      signedOff: all.filter((r) => r.stage === "signed_off").length,
    },
  };
}
