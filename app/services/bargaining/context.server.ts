/**
 * What every bargaining use case needs: loading a case with the policy's answer, the organisation's rule
 * set (inherited down the tree) and the holiday calendar, the deadlines stored on the case, the one
 * conditional write (settled on the case's version: two people moving one case at once → one wins, the
 * other is told to refresh), the kept summary documents for pages, and notifying whoever owes a step.
 */
import { enterpriseAccounts, orgInstructors } from "../accounts/kept-accounts.server";
import { Types, type UpdateQuery } from "mongoose";
import {
  caseDeadlines,
  EMPTY_CALENDAR,
  isCaseStatus,
  isPending,
  isRuleSetId,
  mergeCalendars,
  nextStepOwner,
  parseHolidayCalendar,
  resolveRuleSet,
  SIDE_LABELS,
  type ApprovalRule,
  type CaseActorRole,
  type CaseStatus,
  type HolidayCalendar,
  type ResolvedRuleSet,
  type RuleSetId,
  type Side,
} from "~/domain/bargaining";
import { todayInShanghai } from "~/domain/dates";
import { can, holdsEnterpriseRole, type Action, type Resource } from "~/domain/policy";
import { BargainingCase, type BargainingCaseDoc, type DeadlineDoc } from "../../../models/bargaining-case";
import { HolidayYear } from "../../../models/bargaining-summary";
import { updateAtVersion } from "../../../models/write-claim";
import { SHIPPED_CALENDAR_TEXT } from "../../../templates/calendar";
import { actorOf, audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { orgPathOf } from "../orgs/orgs.server";
import { refreshSummaries } from "./kept-rows.server";
import { orgTree } from "../../../models/org-tree";

/** The steps in which the topic board moves and contract drafts are made. */
export const BOARD_STATUSES: CaseStatus[] = ["preparation", "in_rounds", "suspended", "coordination_talks"];

export const STALE_CASE = "该协商已被他人更新，请刷新后重试";

export const today = () => todayInShanghai(new Date());
export { actorOf };

export function caseResource(doc: BargainingCaseDoc, orgPath: string[]): Resource {
  return {
    type: "bargaining_case",
    enterpriseIds: doc.enterpriseIds.map(String),
    orgPath,
    repUserIds: doc.repUserIds.map(String),
    scope: doc.scope,
  };
}

export interface LoadedCase {
  doc: BargainingCaseDoc;
  orgPath: string[];
  resource: Resource;
  status: CaseStatus;
}

/** Loads a case the person may open (404 when missing or malformed, 403 when not theirs). */
export async function loadCase(user: CurrentUser, caseId: string): Promise<LoadedCase> {
  if (!Types.ObjectId.isValid(caseId) || !/^[0-9a-f]{24}$/i.test(caseId)) throw notFound("协商案件不存在");
  const doc = await BargainingCase.findById(caseId).lean();
  if (!doc) throw notFound("协商案件不存在");
  const orgPath = await orgPathOf(doc.unionOrgId);
  const resource = caseResource(doc, orgPath);
  if (!can(user, "bargaining:view", resource)) throw forbidden();
  if (!isCaseStatus(doc.status)) throw new Error(`未知的协商状态：${doc.status}`);
  return { doc, orgPath, resource, status: doc.status };
}

const SIDE_ACTION: Record<Side, Action> = {
  employee: "bargaining:employee_side",
  employer: "bargaining:employer_side",
};

/** The person acts for `side` of the case (403 otherwise); the role the state machine knows them by. */
export function requireSide(
  user: CurrentUser,
  loaded: Pick<LoadedCase, "resource">,
  side: Side,
): CaseActorRole {
  if (!can(user, SIDE_ACTION[side], loaded.resource))
    throw forbidden(
      `只有${side === "employee" ? "企业工会主席（职工方）" : "企业人力资源负责人（用人单位方）"}可以办理此事项`,
    );
  return side === "employee" ? "union_chair" : "hr";
}

export function sidesOf(user: CurrentUser, resource: Resource): Side[] {
  return (["employee", "employer"] as const).filter((side) => can(user, SIDE_ACTION[side], resource));
}

// ── Rule set and calendar ─────────────────────────────────────────────────────────────────────────────

/** The rule set of an organisation: its own, else the nearest ancestor's, else the national default. */
export async function ruleSetIdFor(
  orgId: Types.ObjectId | string,
): Promise<{ id: RuleSetId; fromOrg: string | null }> {
  // From the cached organisation tree (models/org-tree.ts).
  const { byId } = await orgTree();
  const org = byId.get(String(orgId));
  if (!org) return { id: "national", fromOrg: null };
  if (isRuleSetId(org.ruleSet)) return { id: org.ruleSet, fromOrg: org.name };
  for (const ancestorId of [...org.ancestors].reverse()) {
    const ancestor = byId.get(String(ancestorId));
    if (ancestor && isRuleSetId(ancestor.ruleSet)) return { id: ancestor.ruleSet, fromOrg: ancestor.name };
  }
  return { id: "national", fromOrg: null };
}

export interface ApprovalChoice {
  value: ApprovalRule;
  note: string;
  fromOrg: string;
}

/**
 * The approval rule an admin chose for the organisation or its nearest ancestor that chose one
 * (bargaining.md "Counting thresholds": 过半数 where a local regulation requires it); null: the rule set's.
 */
export async function approvalChoiceFor(orgId: Types.ObjectId | string): Promise<ApprovalChoice | null> {
  const { byId } = await orgTree();
  const org = byId.get(String(orgId));
  if (!org) return null;
  const ancestors = [...org.ancestors].reverse().flatMap((id) => byId.get(String(id)) ?? []);
  for (const node of [org, ...ancestors]) {
    if (node.approvalRule === "more_than_half")
      return { value: "more_than_half", note: node.approvalRuleNote ?? "", fromOrg: node.name };
    if (node.approvalRule === "half_or_more") return null;
  }
  return null;
}

/** The rule set with the organisation's approval choice on top (none where the rule set already says 过半数). */
function withApproval(id: RuleSetId, choice: ApprovalChoice | null): ResolvedRuleSet {
  const base = resolveRuleSet(id);
  if (choice?.value !== "more_than_half" || base.rules.approval.value === "more_than_half") return base;
  return resolveRuleSet(id, {
    approval: {
      value: "more_than_half",
      note: `${choice.fromOrg}：${choice.note || "按本地规定适用过半数"}`,
    },
  });
}

export async function rulesFor(orgId: Types.ObjectId | string): Promise<ResolvedRuleSet> {
  return withApproval((await ruleSetIdFor(orgId)).id, await approvalChoiceFor(orgId));
}

/** The rules a case was opened under: its rule set, and the approval rule its organisation chose then. */
export function rulesOfCase(doc: Pick<BargainingCaseDoc, "ruleSetId" | "approvalRule">): ResolvedRuleSet {
  const approval = doc.approvalRule;
  return withApproval(
    isRuleSetId(doc.ruleSetId) ? doc.ruleSetId : "national",
    approval?.value === "more_than_half"
      ? { value: "more_than_half", note: approval.note, fromOrg: approval.fromOrg }
      : null,
  );
}

let shipped: HolidayCalendar | undefined;

/** The shipped arrangement (templates/calendar), parsed once per process. */
export function shippedCalendar(): HolidayCalendar {
  if (!shipped) {
    const parsed = parseHolidayCalendar(SHIPPED_CALENDAR_TEXT);
    shipped = parsed.ok ? parsed.calendar : EMPTY_CALENDAR;
  }
  return shipped;
}

/** The holiday calendar in force: the shipped years, replaced or extended by the years an admin imported. */
export async function holidayCalendar(): Promise<HolidayCalendar> {
  // A handful of documents (one per year): reading them all is cheap on any engine.
  const years = await HolidayYear.find({}).sort({ _id: 1 }).lean();
  let calendar = shippedCalendar();
  for (const year of years) {
    const parsed = parseHolidayCalendar(year.text);
    if (parsed.ok) calendar = mergeCalendars(calendar, parsed.calendar);
  }
  return calendar;
}

// ── Deadlines ─────────────────────────────────────────────────────────────────────────────────────────

/** Who owes the step a deadline closes. */
function owedByOf(kind: string, offeringSide: Side): string {
  switch (kind) {
    case "response":
      return offeringSide === "employee" ? "employer" : "employee";
    case "filing":
      return "employer";
    case "draft_to_congress":
      return "employee";
    case "coordination":
    case "coordination_extended":
    case "review":
      return "authority";
    default:
      return "both";
  }
}

/** Whether the step a deadline closes was done (and when), from the case's dates. */
function metOnOf(kind: string, doc: Pick<BargainingCaseDoc, "dates" | "coordination">): string | null {
  switch (kind) {
    case "response":
      return doc.dates.respondedOn ?? null;
    case "coordination":
    case "coordination_extended":
      return doc.coordination.endedOn ?? null;
    case "filing":
      return doc.dates.filedOn ?? null;
    case "review":
      return doc.dates.effectiveOn ?? null;
    case "draft_to_congress":
      return doc.dates.signedOn ?? null;
    default:
      return null;
  }
}

/** The deadlines the case's dates allow, computed by the domain, as stored on the case. */
export function deadlinesFor(
  doc: Pick<BargainingCaseDoc, "dates" | "coordination" | "initiatorSide" | "kind" | "termYears">,
  rules: ResolvedRuleSet,
  calendar: HolidayCalendar,
): DeadlineDoc[] {
  const computed = caseDeadlines(
    {
      offerReceivedOn: doc.dates.offerReceivedOn ?? null,
      coordinationAcceptedOn: doc.coordination.acceptedOn ?? null,
      coordinationExtensionDays:
        doc.coordination.extensionDays ??
        (doc.coordination.extended ? rules.rules.coordination.value.maxExtensionDays : null),
      draftAgreedOn: doc.dates.agreedDraftOn ?? null,
      signedOn: doc.dates.signedOn ?? null,
      approvalNoticeReceivedOn: doc.dates.approvalNoticeReceivedOn ?? null,
      filingReceivedOn: doc.dates.reviewReceivedOn ?? null,
      effectiveOn: doc.dates.effectiveOn ?? null,
      termYears: doc.termYears ?? null,
    },
    rules,
    calendar,
  );
  return computed.flatMap((d) =>
    isPending(d)
      ? []
      : [
          {
            key: d.kind,
            label: d.label,
            dueOn: d.date,
            rawDueOn: d.raw,
            shifted: d.shifted,
            reason: d.reason,
            ruleSetId: d.ruleSet,
            ruleSetName: d.ruleSetName,
            source: d.source ? { statute: d.source.statute, article: d.source.article } : null,
            sourceLabel: d.sourceLabel,
            withoutCalendar: !d.calendarApplied,
            owedBy: owedByOf(d.kind, doc.initiatorSide),
            metOn: metOnOf(d.kind, doc),
          },
        ],
  );
}

// ── The one write ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies `update` to the case if it is still at `version` (and in `status`, when given): one of two
 * people moving one case at once wins, the other gets a clear 409. Recomputes the stored deadlines from
 * the resulting dates, refreshes the summary documents, and returns the saved case.
 */
export async function saveCase(
  loaded: Pick<LoadedCase, "doc">,
  version: number,
  update: UpdateQuery<BargainingCaseDoc>,
  options: { status?: string; recomputeDeadlines?: boolean } = {},
): Promise<BargainingCaseDoc> {
  const { doc } = loaded;
  if (doc.version !== version) throw conflict(STALE_CASE);
  let finalUpdate = update;
  if (options.recomputeDeadlines) {
    const set = (update.$set ?? {}) as Record<string, unknown>;
    const preview = applyDates(doc, set);
    const deadlines = deadlinesFor(preview, rulesOfCase(doc), await holidayCalendar());
    finalUpdate = { ...update, $set: { ...set, deadlines } };
  }
  const saved = await updateAtVersion(
    BargainingCase,
    doc._id,
    version,
    finalUpdate,
    options.status ? { status: options.status } : {},
  );
  if (!saved) throw conflict(STALE_CASE);
  await refreshSummaries(saved);
  return saved;
}

/** The case as it will be after `$set` (dotted date fields applied), for computing its deadlines. */
function applyDates(doc: BargainingCaseDoc, set: Record<string, unknown>): BargainingCaseDoc {
  const dates = { ...doc.dates };
  const coordination = { ...doc.coordination };
  for (const [key, value] of Object.entries(set)) {
    if (key.startsWith("dates.")) (dates as Record<string, unknown>)[key.slice(6)] = value;
    if (key.startsWith("coordination.")) (coordination as Record<string, unknown>)[key.slice(13)] = value;
  }
  if (set.dates) Object.assign(dates, set.dates);
  if (set.coordination) Object.assign(coordination, set.coordination);
  return { ...doc, dates, coordination };
}

export function event(user: CurrentUser, action: string, side: Side | null, note = "") {
  return { action, side, byName: user.displayName, at: new Date(), note };
}

export async function auditCase(
  user: CurrentUser,
  action: string,
  doc: Pick<BargainingCaseDoc, "_id" | "title" | "leadEnterpriseId" | "unionOrgId">,
  before: unknown,
  after: unknown,
) {
  await audit(actorOf(user), {
    action,
    resourceType: "bargaining_case",
    resourceId: String(doc._id),
    resourceName: doc.title,
    enterpriseId: String(doc.leadEnterpriseId),
    unionOrgId: String(doc.unionOrgId),
    before,
    after,
  });
}

// ── Notifications ────────────────────────────────────────────────────────────────────────────────────

/** The accounts that lead a side of the case (chair / HR of its enterprises). */
export async function sideLeadIds(
  doc: Pick<BargainingCaseDoc, "enterpriseIds" | "scope" | "unionOrgId">,
  side: Side,
): Promise<Types.ObjectId[]> {
  // An industry or area case: the union side is the organisation's (劳动合同法 第53条).
  if (side === "employee" && doc.scope && doc.scope !== "enterprise") return instructorIds(doc);
  const lead = side === "employee" ? "chair" : "hr";
  const ids = new Set(doc.enterpriseIds.map(String));
  const users = await enterpriseAccounts(doc.enterpriseIds, { active: true });
  return users.filter((u) => holdsEnterpriseRole(u, lead, ids)).map((u) => u._id);
}

/** Instructors of the case's organisation and its ancestors. */
export async function instructorIds(doc: Pick<BargainingCaseDoc, "unionOrgId">): Promise<Types.ObjectId[]> {
  return orgInstructors(await orgPathOf(doc.unionOrgId));
}

export const caseLink = (doc: Pick<BargainingCaseDoc, "_id">) => `/bargaining/cases/${String(doc._id)}`;

/** Tells whoever owes the next step (a side's lead, or both) that it is theirs. */
export async function notifyNextStep(doc: BargainingCaseDoc, title: string, body: string, key: string) {
  if (!isCaseStatus(doc.status)) return;
  const owner = nextStepOwner(doc.status, doc.initiatorSide);
  const sides: Side[] =
    owner === "both" ? ["employee", "employer"] : owner === "employee" || owner === "employer" ? [owner] : [];
  const ids = (await Promise.all(sides.map((s) => sideLeadIds(doc, s)))).flat();
  await notifyUsers({
    userIds: ids,
    kind: "bargaining.step",
    title,
    body,
    link: caseLink(doc),
    dedupeKey: key,
  });
}

export function sideLabel(side: Side) {
  return SIDE_LABELS[side];
}

/** Refuses a move the state machine refused, with its Chinese message (nothing was changed). */
export function refuse(message: string): never {
  throw new UserError(message);
}
