/**
 * Lists read from the kept summary documents (never a filter over the cases collection): the enterprise's
 * 集体协商 tab (its contract and its cases) and the instructor's pipeline (cases by stage for the nodes of
 * their subtree, each node's document read by `_id`).
 */
import { Types } from "mongoose";
import * as z from "zod";
import {
  CASE_KIND_INFO,
  CASE_KINDS,
  CASE_SCOPE_INFO,
  isCaseScope,
  CASE_STAGE_LABELS,
  CASE_STATUS_LABELS,
  isCaseKind,
  isCaseStatus,
  REPRESENTATIVE_PROTECTION,
  representativesProtected,
  SIDE_LABELS,
  stageOf,
  topicsForKind,
  type CaseStage,
} from "~/domain/bargaining";
import { formatCitation } from "~/domain/citation-format";
import { addDays, todayInShanghai } from "~/domain/dates";
import { inFunnelBar, periodOf, PERIOD_LABELS, PERIODS, type PeriodKey } from "~/domain/dashboards/figures";
import { FUNNEL_LABELS, FUNNEL_STEPS, type FunnelStep } from "~/domain/dashboards/rows";
import { flagParam, idParam, oneOf, parseFilterQuery } from "~/lib/query";
import { CONTRACT_STATUS_LABELS, contractStateOf } from "~/domain/enterprise";
import { can } from "~/domain/policy";
import type { CaseRowDoc } from "../../../models/bargaining-summary";
import { RepresentativeList, representativeListId } from "../../../models/bargaining-parts";
import type { CurrentUser } from "../accounts/auth.server";
import { loadEnterpriseFor } from "../enterprises/enterprises.server";
import { forbidden } from "../../lib/http.server";
import { countedSubtreeIds } from "../access/list-scope.server";
import { orgPathOf } from "../orgs/orgs.server";
import { openFindingTopics } from "./cases.server";
import { articleView } from "./case-page.server";
import { sidesOf } from "./context.server";
import { enterpriseRows, manyOrgsRows } from "./kept-rows.server";
import { visibleOrgs } from "../access/list-scope.server";

export const STAGES = Object.keys(CASE_STAGE_LABELS) as CaseStage[];

function rowView(row: CaseRowDoc, todayLocal: string) {
  const status = isCaseStatus(row.status) ? row.status : "closed";
  const overdue = !!row.nextDueOn && row.nextDueOn < todayLocal;
  return {
    id: row.caseId,
    title: row.title,
    kind: row.kind,
    kindLabel: isCaseKind(row.kind) ? CASE_KIND_INFO[row.kind].label : row.kind,
    joint: isCaseScope(row.scope) && row.scope !== "enterprise",
    scopeLabel: isCaseScope(row.scope) ? `${CASE_SCOPE_INFO[row.scope].label}集体合同` : "",
    renewsCaseId: row.renewsCaseId ?? null,
    renewedByCaseId: row.renewedByCaseId ?? null,
    status,
    statusLabel: overdue ? `${CASE_STATUS_LABELS[status]}（已逾期）` : CASE_STATUS_LABELS[status],
    stage: stageOf(status),
    stageLabel: CASE_STAGE_LABELS[stageOf(status)],
    enterpriseNames: row.enterpriseNames,
    enterpriseIds: row.enterpriseIds,
    offerSentOn: row.offerSentOn,
    nextDueOn: row.nextDueOn,
    nextDueLabel: row.nextDueLabel,
    overdue,
    expiresOn: row.expiresOn,
    effectiveOn: row.effectiveOn ?? null,
    termYears: row.termYears ?? null,
    campaignId: row.campaignId,
  };
}

/** The enterprise's 集体协商 tab: contract status, term and expiry, and the cases the person may open. */
export async function enterpriseBargaining(user: CurrentUser, enterpriseId: string) {
  const { enterprise, orgPath } = await loadEnterpriseFor(user, enterpriseId);
  const todayLocal = todayInShanghai(new Date());
  const kept = await enterpriseRows(enterprise._id);
  // An industry or area case belongs to the organisation that opened it (its path decides instructors).
  const casePaths = await Promise.all(
    kept.map((row) => (row.scope && row.scope !== "enterprise" ? orgPathOf(row.unionOrgId) : orgPath)),
  );
  const rows = kept
    .filter((row, i) =>
      can(user, "bargaining:view", {
        type: "bargaining_case",
        enterpriseIds: row.enterpriseIds,
        orgPath: casePaths[i],
        repUserIds: row.repUserIds,
        scope: row.scope,
      }),
    )
    .map((row) => rowView(row, todayLocal))
    .sort((a, b) => ((a.offerSentOn ?? "") < (b.offerSentOn ?? "") ? 1 : -1));
  // 第28条: employee representatives of running cases are protected while they serve.
  const protectedReps: { name: string; caseTitle: string }[] = [];
  for (const row of rows.filter((r) => representativesProtected(r.status))) {
    const list = await RepresentativeList.findById(representativeListId(row.id, "employee")).lean();
    for (const m of list?.members ?? []) protectedReps.push({ name: m.name, caseTitle: row.title });
  }
  const resource = { type: "enterprise" as const, enterpriseId: String(enterprise._id), orgPath };
  const sides = sidesOf(user, resource);
  const state = contractStateOf(
    { contractStatus: enterprise.contractStatus, contractValidUntil: enterprise.contractValidUntil },
    todayLocal,
  );
  return {
    enterprise: { id: String(enterprise._id), name: enterprise.name },
    contract: {
      status: state,
      statusLabel: CONTRACT_STATUS_LABELS[state],
      validUntil: enterprise.contractValidUntil ?? null,
      inEffect: rows.find((r) => r.status === "in_effect" || r.status === "renewal_window") ?? null,
      // Each contract in force (综合 and 专项 may run side by side), with the case renewing it.
      inForce: rows
        .filter((r) => r.status === "in_effect" || r.status === "renewal_window")
        .map((r) => ({
          ...r,
          renewal: r.renewedByCaseId ? (rows.find((x) => x.id === r.renewedByCaseId) ?? null) : null,
        })),
      expiringSoon:
        !!enterprise.contractValidUntil &&
        enterprise.contractValidUntil >= todayLocal &&
        enterprise.contractValidUntil <= addDays(todayLocal, 90),
    },
    cases: rows,
    // Cases of this enterprise the user may not open (a representative sees only the cases they are on).
    hiddenCases: kept.length - rows.length,
    protectedReps,
    protection: {
      text: REPRESENTATIVE_PROTECTION.message,
      article: articleView(REPRESENTATIVE_PROTECTION.source),
    },
    offer: sides.length
      ? {
          sides: sides.map((side) => ({ side, label: SIDE_LABELS[side] })),
          kinds: CASE_KINDS.map((k) => ({
            kind: k,
            label: CASE_KIND_INFO[k].label,
            contractLabel: CASE_KIND_INFO[k].contractLabel,
            topics: topicsForKind(k).topics.map((t) => ({ key: t.key, title: t.title })),
            suggested: topicsForKind(k).suggested,
            source: formatCitation(topicsForKind(k).topics[0].source),
          })),
          findings: await openFindingTopics(enterprise._id),
          today: todayLocal,
        }
      : null,
  };
}

export interface PipelineFilters {
  stage?: CaseStage;
  kind?: string;
  overdue?: boolean;
  expiring?: boolean;
  orgId?: string;
  /** The dashboard funnel's bar: cases that reached this step (with `period`: offered in it). */
  step?: FunnelStep;
  period?: PeriodKey;
}

const PipelineQuery = z.object({
  stage: oneOf(STAGES as [CaseStage, ...CaseStage[]]),
  kind: oneOf(CASE_KINDS),
  overdue: flagParam,
  expiring: flagParam,
  org: idParam,
  step: oneOf(FUNNEL_STEPS),
  period: oneOf(PERIODS),
});

/** The pipeline's filters from the URL, and the labels of those given but unreadable (ignored). */
export function parsePipelineFilters(params: URLSearchParams): {
  filters: PipelineFilters;
  invalid: string[];
} {
  const { filters, invalid } = parseFilterQuery(PipelineQuery, params, {
    stage: "阶段",
    kind: "类型",
    org: "工会组织",
    step: "协商进程",
    period: "发出要约期间",
  });
  return {
    filters: {
      stage: filters.stage,
      kind: filters.kind,
      overdue: filters.overdue || undefined,
      expiring: filters.expiring || undefined,
      orgId: filters.org,
      step: filters.step,
      period: filters.period,
    },
    invalid,
  };
}

/** The instructor's pipeline: cases of their subtree by stage; URL filters only narrow it. */
export async function pipeline(user: CurrentUser, filters: PipelineFilters) {
  if (!can(user, "bargaining:list", { type: "system" })) throw forbidden();
  // The organisations the person's lists may show (policy listScope "org"); the URL's organisation narrows.
  const visible = await visibleOrgs(user);
  let orgIds = visible.map((o) => String(o._id));
  if (filters.orgId) {
    const narrowed = new Set((await countedSubtreeIds(filters.orgId)).map(String));
    orgIds = orgIds.filter((id) => narrowed.has(id));
  }
  const perOrg = [...(await manyOrgsRows(orgIds.map((id) => new Types.ObjectId(id)))).values()];
  const todayLocal = todayInShanghai(new Date());
  const soon = addDays(todayLocal, 90);
  const period = filters.period ? periodOf(filters.period, todayLocal) : null;
  const all = perOrg.flat().map((row) => rowView(row, todayLocal));
  const rows = all.filter(
    (r) =>
      (!filters.stage || r.stage === filters.stage) &&
      (!filters.kind || r.kind === filters.kind) &&
      (!filters.overdue || r.overdue) &&
      (!filters.expiring || (!!r.expiresOn && r.expiresOn >= todayLocal && r.expiresOn <= soon)) &&
      // A period alone: offered in it (the funnel's first bar).
      ((!filters.step && !period) || inFunnelBar(r, filters.step ?? "offer", period)),
  );
  const shownIds = new Set(orgIds);
  // By name in code point order (the order the database's sort gave).
  const orgs = visible
    .filter((o) => shownIds.has(String(o._id)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    stages: STAGES.map((stage) => ({
      stage,
      label: CASE_STAGE_LABELS[stage],
      rows: rows
        .filter((r) => r.stage === stage)
        .sort((a, b) => ((a.nextDueOn ?? "9") < (b.nextDueOn ?? "9") ? -1 : 1)),
    })),
    total: rows.length,
    counts: {
      all: all.length,
      overdue: all.filter((r) => r.overdue).length,
      expiring: all.filter((r) => !!r.expiresOn && r.expiresOn >= todayLocal && r.expiresOn <= soon).length,
    },
    orgs: orgs.map((o) => ({ id: String(o._id), name: o.name })),
    kinds: CASE_KINDS.map((k) => ({ kind: k, label: CASE_KIND_INFO[k].label })),
    steps: FUNNEL_STEPS.map((step) => ({ step, label: FUNNEL_LABELS[step] })),
    periods: PERIODS.map((key) => ({ key, label: PERIOD_LABELS[key] })),
  };
}
