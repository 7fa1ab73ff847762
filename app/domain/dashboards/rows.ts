/**
 * The dashboard's facts: one small row per record (enterprise, health check, prescription item, bargaining
 * case, cultivation plan, training, attendance, survey answer), derived from the record alone by the pure
 * functions below. A row names the roll-up bucket it belongs to (organisation + kind, prescription items also
 * by the month they were issued, which never changes); the services keep each bucket's rows and its summary
 * (summaries.ts), and the dashboard adds summaries up (figures.ts). Deriving a row twice gives the same row,
 * so applying one change twice is a no-op.
 */
import { stageOf, isCaseStatus, type CaseStage } from "../bargaining/status";
import { toShanghaiDate, type LocalDate } from "../dates";

export const FACT_KINDS = [
  "enterprise",
  "check",
  "item",
  "case",
  "plan",
  "training",
  "attendance",
  "response",
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** Kinds whose records may move to another organisation (their last bucket is remembered). */
export const MOVABLE_KINDS: readonly FactKind[] = ["enterprise", "case"];

export interface EnterpriseRow {
  ind: string;
  union: boolean;
  cs: string;
  until: LocalDate | null;
}
export interface CheckRow {
  e: string;
  ind: string;
  st: string;
  /** Accepted on (Shanghai date), the level and overall score fixed then; the report's issue date. */
  acc: LocalDate | null;
  /** Accepted at (ISO time): orders an enterprise's checks accepted on one day (the reports list's latest). */
  at?: string | null;
  lvl: string | null;
  ov: number | null;
  /** Dimension scores of an accepted check (dimension id → score): the organisation's average on a report. */
  dims?: Record<string, number | null> | null;
  rep: LocalDate | null;
  /** The report's id, number and version (the reports list reads only its Word file by key). */
  rid?: string | null;
  no?: string | null;
  rv?: number | null;
}
export interface ItemRow {
  e: string;
  closed: boolean;
  iss: LocalDate;
  due: LocalDate;
  /** Verified (销号) on. */
  clo: LocalDate | null;
  dim: string;
  t: string;
}
export interface CaseRow {
  k: string;
  stage: CaseStage;
  off: LocalDate | null;
  /** Index in FUNNEL_STEPS of the furthest step reached, -1 before the offer is sent. */
  reached: number;
  next: LocalDate | null;
  exp: LocalDate | null;
  /** Enterprises the contract covers, when in effect (an industry or area contract covers several). */
  covers: number;
  inEffect: boolean;
}
export interface PlanRow {
  e: string;
  y: number;
  signedOff: boolean;
  /** [dueOn, done 0/1] per milestone. */
  ms: [LocalDate, number][];
}
export interface TrainingRow {
  d: LocalDate;
  invited: number;
}
export interface AttendanceRow {
  tr: string;
  e: string;
  d: LocalDate;
}
export interface ResponseRow {
  employer: boolean;
  p: number;
  a: number;
  s: number;
  r: number;
  m: string;
}

export interface RowOf {
  enterprise: EnterpriseRow;
  check: CheckRow;
  item: ItemRow;
  case: CaseRow;
  plan: PlanRow;
  training: TrainingRow;
  attendance: AttendanceRow;
  response: ResponseRow;
}

/** Where a record's row lives: the organisation and the bucket within it ("item:2026-11", "check", …). */
export interface Placed<K extends FactKind> {
  orgId: string;
  part: string;
  row: RowOf[K];
}

type Id = { toString(): string };
const dateOf = (d: Date | null | undefined): LocalDate | null => (d ? toShanghaiDate(new Date(d)) : null);

export function enterpriseRow(e: {
  unionOrgId: Id;
  industry: string;
  unionEstablishedOn?: string | null;
  contractStatus?: string | null;
  contractValidUntil?: string | null;
  archived?: boolean | null;
}): Placed<"enterprise"> | null {
  if (e.archived) return null;
  return {
    orgId: String(e.unionOrgId),
    part: "enterprise",
    row: {
      ind: e.industry,
      union: !!e.unionEstablishedOn,
      cs: e.contractStatus ?? "none",
      // "" is no end date, as everywhere (isContractInEffect).
      until: e.contractValidUntil || null,
    },
  };
}

/** The dimension scores in a stored score (JSON), null when there is none. */
function dimensionScores(score: string | null | undefined): Record<string, number | null> | null {
  if (!score) return null;
  const parsed = JSON.parse(score) as { dimensions?: { id: string; score: number | null }[] };
  return Object.fromEntries((parsed.dimensions ?? []).map((d) => [d.id, d.score ?? null]));
}

export function checkRow(
  a: {
    unionOrgId: Id;
    enterpriseId: Id;
    status: string;
    profile?: { industry?: string | null } | null;
    acceptedAt?: Date | null;
    riskLevel?: string | null;
    overall?: number | null;
    /** The stored score (JSON). */
    score?: string | null;
  },
  report: { _id?: Id; createdAt?: Date | null; reportNo?: string | null; version?: number | null } | null,
): Placed<"check"> {
  const accepted = a.status === "accepted";
  return {
    orgId: String(a.unionOrgId),
    part: "check",
    row: {
      e: String(a.enterpriseId),
      ind: a.profile?.industry ?? "",
      st: a.status,
      acc: accepted ? dateOf(a.acceptedAt) : null,
      at: accepted && a.acceptedAt ? new Date(a.acceptedAt).toISOString() : null,
      lvl: accepted ? (a.riskLevel ?? null) : null,
      ov: accepted && typeof a.overall === "number" ? a.overall : null,
      dims: accepted ? dimensionScores(a.score) : null,
      rep: report ? dateOf(report.createdAt) : null,
      rid: report?._id ? String(report._id) : null,
      no: report?.reportNo ?? null,
      rv: report?.version ?? null,
    },
  };
}

export function itemRow(i: {
  unionOrgId: Id;
  enterpriseId: Id;
  status: string;
  issuedOn: string;
  dueOn: string;
  closedAt?: Date | null;
  dimensionId?: string | null;
  title: string;
}): Placed<"item"> {
  const closed = i.status === "closed";
  return {
    orgId: String(i.unionOrgId),
    part: `item:${i.issuedOn.slice(0, 7)}`,
    row: {
      e: String(i.enterpriseId),
      closed,
      iss: i.issuedOn,
      due: i.dueOn,
      clo: closed ? (dateOf(i.closedAt) ?? i.issuedOn) : null,
      dim: i.dimensionId ?? "",
      t: i.title,
    },
  };
}

/** The bargaining funnel (offer → responded → rounds → voted → filed → in effect). */
export const FUNNEL_STEPS = ["offer", "responded", "rounds", "voted", "filed", "in_effect"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const FUNNEL_LABELS: Record<FunnelStep, string> = {
  offer: "发出要约",
  responded: "书面回应",
  rounds: "进入协商",
  voted: "职代会通过",
  filed: "报送审查",
  in_effect: "合同生效",
};

/** Statuses that prove a step was reached, whatever dates an older case lacks. */
const STEP_STATUSES: Record<Exclude<FunnelStep, "offer">, string[]> = {
  responded: ["accepted", "refused", "coordination_offer", "representatives_named", "preparation"],
  rounds: ["in_rounds", "suspended", "coordination_talks", "draft_agreed", "congress_vote"],
  voted: ["approved", "signed"],
  filed: ["filed", "under_review"],
  in_effect: ["in_effect", "renewal_window", "expired", "renewed"],
};

/**
 * The furthest funnel step a case reached: each step implies the ones before it (a case in effect was
 * offered, answered, negotiated, voted and filed). -1 for a case whose offer was never sent (or withdrawn).
 */
export function funnelReached(status: string, dates: { offerSentOn?: string | null }): number {
  for (let i = FUNNEL_STEPS.length - 1; i >= 1; i--) {
    if (STEP_STATUSES[FUNNEL_STEPS[i] as Exclude<FunnelStep, "offer">].includes(status)) return i;
  }
  if (status === "closed" || status === "offer_drafted") return dates.offerSentOn ? 0 : -1;
  return dates.offerSentOn || status === "offer_sent" ? 0 : -1;
}

export function caseRow(
  c: {
    unionOrgId: Id;
    kind: string;
    status: string;
    enterpriseIds: Id[];
    dates: { offerSentOn?: string | null; expiresOn?: string | null };
  },
  nextDueOn: LocalDate | null,
): Placed<"case"> {
  const status = isCaseStatus(c.status) ? c.status : "closed";
  const inEffect = status === "in_effect" || status === "renewal_window";
  return {
    orgId: String(c.unionOrgId),
    part: "case",
    row: {
      k: c.kind,
      stage: stageOf(status),
      off: c.dates.offerSentOn ?? null,
      reached: funnelReached(status, c.dates),
      next: nextDueOn,
      exp: c.dates.expiresOn ?? null,
      covers: inEffect ? c.enterpriseIds.length : 0,
      inEffect,
    },
  };
}

export function planRow(p: {
  unionOrgId: Id;
  enterpriseId: Id;
  year: number;
  status: string;
  milestones: { dueOn: string; doneOn?: string | null }[];
}): Placed<"plan"> {
  return {
    orgId: String(p.unionOrgId),
    part: "plan",
    row: {
      e: String(p.enterpriseId),
      y: p.year,
      signedOff: p.status === "signed_off",
      ms: p.milestones.map((m) => [m.dueOn, m.doneOn ? 1 : 0]),
    },
  };
}

export function trainingRow(t: { unionOrgId: Id; date: string; invited: unknown[] }): Placed<"training"> {
  return { orgId: String(t.unionOrgId), part: "training", row: { d: t.date, invited: t.invited.length } };
}

export function attendanceRow(
  a: { trainingId: Id; enterpriseId: Id },
  training: { unionOrgId: Id; date: string } | null,
): Placed<"attendance"> | null {
  if (!training) return null;
  return {
    orgId: String(training.unionOrgId),
    part: "attendance",
    row: { tr: String(a.trainingId), e: String(a.enterpriseId), d: training.date },
  };
}

export function responseRow(r: {
  unionOrgId: Id;
  audience: string;
  participated?: number | null;
  aware?: number | null;
  satisfied?: number | null;
  recognised?: number | null;
  month: string;
}): Placed<"response"> {
  return {
    orgId: String(r.unionOrgId),
    part: "response",
    row: {
      employer: r.audience === "employer",
      p: r.participated ? 1 : 0,
      a: r.aware ? 1 : 0,
      s: r.satisfied ? 1 : 0,
      r: r.recognised ? 1 : 0,
      m: r.month,
    },
  };
}

/** The kind a bucket's part holds ("item:2026-11" → "item"). */
export function kindOfPart(part: string): FactKind | null {
  const kind = part.split(":")[0];
  return (FACT_KINDS as readonly string[]).includes(kind) ? (kind as FactKind) : null;
}
