/**
 * What the case page shows, as plain view objects (never mongoose documents): the case with its timeline,
 * each deadline with its rule set, article (text one click away), raw last day and shift; the topic board
 * with each side's positions; representatives; rounds; the person's own side's caucus notes only; the
 * wage data and costing; the Word files.
 */
import {
  APPROVAL_RULE_LABELS,
  CASE_SCOPE_INFO,
  isCaseScope,
  isCaseStatus,
  availableCaseActions,
  describeSource,
  availableTopicMoves,
  CASE_KIND_INFO,
  CASE_STATUS_LABELS,
  CASE_STAGE_LABELS,
  describeOwner,
  isCaseKind,
  isResponseOverdue,
  nextStepOwner,
  SIDE_LABELS,
  stageOf,
  TOPIC_STATUS_LABELS,
  type CaseStatus,
  type ResolvedRuleSet,
  type Side,
  type TopicMove,
  type TopicStatus,
} from "~/domain/bargaining";
import { formatCitation } from "~/domain/citation-format";
import { dueState } from "~/domain/dates";
import { statuteLibrary } from "../../../templates/statutes";
import { RenderedDocument } from "../../../models/rendered-document";
import { BargainingCase } from "../../../models/bargaining-case";
import type { DeadlineDoc } from "../../../models/bargaining-case";
import type { CurrentUser } from "../accounts/auth.server";
import { renderView, type RenderView } from "../documents/documents.server";
import { caucusNotes, caucusSidesOf } from "./caucus.server";
import { loadCase, rulesOfCase, sidesOf, today } from "./context.server";
import { linkableAccounts, representativeLists } from "./representatives.server";
import { renewalProblem } from "./renewal.server";
import { roundsOf } from "./rounds.server";
import { wageView } from "./wage-data.server";
import { draftSummaries } from "../contracts/drafts.server";
import { versionLabel } from "~/domain/contracts";

export interface ArticleView {
  label: string;
  text: string | null;
}

export function articleView(source: { statute: string; article: string } | null): ArticleView | null {
  if (!source) return null;
  return {
    label: formatCitation(source),
    text: statuteLibrary[source.statute]?.articles[source.article] ?? null,
  };
}

/** The congress thresholds of a rule set in words, each with where it comes from (shown wherever they are). */
export function thresholdsView(rules: ResolvedRuleSet) {
  const quorum = rules.rules.quorum;
  const approval = rules.rules.approval;
  return {
    quorum: {
      text: "全体职工代表（或全体职工）三分之二以上出席",
      sourceLabel: describeSource(rules.id, quorum),
      article: articleView(quorum.source),
    },
    approval: {
      value: approval.value,
      label: APPROVAL_RULE_LABELS[approval.value],
      text: `全体职工代表（或全体职工）${APPROVAL_RULE_LABELS[approval.value]}同意`,
      sourceLabel: describeSource(rules.id, approval),
      article: articleView(approval.source),
    },
  };
}

const OWED_LABELS: Record<string, string> = {
  employee: "职工方",
  employer: "用人单位方",
  authority: "劳动行政部门",
  both: "双方",
};

export function deadlineView(d: DeadlineDoc, todayLocal: string) {
  const state = d.metOn
    ? "met"
    : d.key === "expiry" || d.key === "renewal_window" || d.key === "effective"
      ? "info"
      : dueState(d.dueOn, todayLocal);
  return {
    key: d.key,
    label: d.label,
    dueOn: d.dueOn,
    rawDueOn: d.rawDueOn,
    shifted: d.shifted,
    reason: d.reason,
    ruleSetName: d.ruleSetName,
    sourceLabel: d.sourceLabel,
    article: articleView(d.source),
    shiftArticle: d.shifted ? articleView({ statute: "民法典", article: "203" }) : null,
    withoutCalendar: d.withoutCalendar,
    owedBy: OWED_LABELS[d.owedBy] ?? d.owedBy,
    metOn: d.metOn,
    state,
  };
}

async function renderOf(id: unknown): Promise<RenderView | null> {
  if (!id) return null;
  const doc = await RenderedDocument.findById(id).select("-data -input").lean();
  return doc ? renderView(doc) : null;
}

async function linkedCase(id: unknown) {
  if (!id) return null;
  const doc = await BargainingCase.findById(id)
    .select({ title: 1, status: 1, dates: 1, termYears: 1 })
    .lean();
  if (!doc) return null;
  return {
    id: String(doc._id),
    title: doc.title,
    statusLabel: isCaseStatus(doc.status) ? CASE_STATUS_LABELS[doc.status] : doc.status,
    effectiveOn: doc.dates.effectiveOn ?? null,
    expiresOn: doc.dates.expiresOn ?? null,
  };
}

export async function casePage(user: CurrentUser, caseId: string) {
  const loaded = await loadCase(user, caseId);
  const { doc, status } = loaded;
  const todayLocal = today();
  const mySides = sidesOf(user, loaded.resource);
  const kind = CASE_KIND_INFO[isCaseKind(doc.kind) ? doc.kind : "comprehensive"];
  const rules = rulesOfCase(doc);
  const responseDue = doc.deadlines.find((d) => d.key === "response")?.dueOn ?? null;
  const [lists, rounds, wage, offerRender, responseRender, drafts] = await Promise.all([
    representativeLists(doc._id),
    roundsOf(doc),
    wageView(doc._id),
    renderOf(doc.offerRenderId),
    renderOf(doc.responseRenderId),
    draftSummaries(doc._id),
  ]);
  const caucusSides = caucusSidesOf(user, doc, loaded.orgPath);
  const [renews, renewedBy] = await Promise.all([
    linkedCase(doc.renewsCaseId),
    linkedCase(doc.renewedByCaseId),
  ]);
  const inForce = status === "in_effect" || status === "renewal_window";
  const joint = doc.scope !== "enterprise";
  const renewalBlocked = inForce ? renewalProblem(doc, todayLocal) : null;
  const caucus = await Promise.all(
    caucusSides.map(async (side) => ({
      side,
      sideLabel: SIDE_LABELS[side],
      notes: await caucusNotes(user, doc, side, loaded.orgPath),
    })),
  );
  const roundViews = await Promise.all(
    rounds.map(async (r) => ({
      no: r.no,
      heldOn: r.heldOn,
      place: r.place,
      chairSide: r.chairSide,
      chairSideLabel: SIDE_LABELS[r.chairSide],
      attendees: r.attendees,
      agenda: r.agenda,
      minutes: r.minutes,
      minutesByName: r.minutesByName,
      signOff: {
        employee: r.signOff.employee
          ? { byName: r.signOff.employee.byName, at: r.signOff.employee.at.toISOString() }
          : null,
        employer: r.signOff.employer
          ? { byName: r.signOff.employer.byName, at: r.signOff.employer.at.toISOString() }
          : null,
      },
      suspension: r.suspension,
      render: await renderOf(r.minutesRenderId),
      version: r.version,
    })),
  );
  const actionsBySide = Object.fromEntries(
    mySides.map((side) => [
      side,
      availableCaseActions(status, side === "employee" ? "union_chair" : "hr", doc.initiatorSide),
    ]),
  ) as Partial<Record<Side, string[]>>;
  const repRule = rules.rules.representatives;
  const owner = nextStepOwner(status as CaseStatus, doc.initiatorSide);
  return {
    case: {
      id: String(doc._id),
      title: doc.title,
      kind: doc.kind,
      kindLabel: kind.label,
      contractLabel: kind.contractLabel,
      scope: doc.scope,
      status,
      statusLabel: CASE_STATUS_LABELS[status],
      stageLabel: CASE_STAGE_LABELS[stageOf(status)],
      enterprises: doc.enterpriseIds.map((id, i) => ({ id: String(id), name: doc.enterpriseNames[i] ?? "" })),
      scopeLabel: isCaseScope(doc.scope) ? CASE_SCOPE_INFO[doc.scope].label : "企业",
      joint: doc.scope !== "enterprise",
      employerParty: doc.employerParty ?? "",
      coverage: doc.coverage ?? "",
      ruleSetName: doc.ruleSetName,
      initiatorSide: doc.initiatorSide,
      initiatorLabel: SIDE_LABELS[doc.initiatorSide],
      dates: doc.dates,
      offer: doc.offer,
      response: doc.response,
      recorderName: doc.recorderName,
      agenda: doc.agenda,
      coordination: doc.coordination,
      version: doc.version,
      overdue: isResponseOverdue(status, responseDue, todayLocal),
      nextOwner: describeOwner(owner),
      roundCount: doc.roundCount,
    },
    contract: {
      inForce,
      effectiveOn: doc.dates.effectiveOn ?? null,
      termYears: doc.termYears ?? null,
      expiresOn: doc.dates.expiresOn ?? null,
      renews,
      renewedBy,
      renewSides: inForce && !renewalBlocked ? mySides.filter((s) => !joint || s === "employee") : [],
      renewalBlocked,
      renewalArticle: articleView(rules.rules.renewal.source),
    },
    today: todayLocal,
    deadlines: doc.deadlines.map((d) => deadlineView(d, todayLocal)),
    mySides: mySides.map((side) => ({ side, label: SIDE_LABELS[side], actions: actionsBySide[side] ?? [] })),
    topics: doc.topics.map((t) => ({
      key: t.key,
      title: t.title,
      source: t.source,
      basis: t.basis,
      prescriptionItemId: t.prescriptionItemId ? String(t.prescriptionItemId) : null,
      status: t.status,
      statusLabel: TOPIC_STATUS_LABELS[t.status as TopicStatus] ?? t.status,
      tabledByLabel: SIDE_LABELS[t.tabledBy],
      employeePosition: t.employeePosition,
      employerPosition: t.employerPosition,
      agreedText: t.agreedText,
      moves: Object.fromEntries(
        mySides.map((side) => [
          side,
          availableTopicMoves(
            { status: t.status as TopicStatus, tabledBy: t.tabledBy, lastPositionBy: t.lastPositionBy },
            side,
          ),
        ]),
      ) as Partial<Record<Side, TopicMove[]>>,
      history: doc.positions
        .filter((p) => p.topicKey === t.key)
        .map((p) => ({
          side: p.side,
          sideLabel: SIDE_LABELS[p.side],
          text: p.text,
          statusLabel: TOPIC_STATUS_LABELS[p.status as TopicStatus] ?? p.status,
          roundNo: p.roundNo,
          byName: p.byName,
          at: p.at.toISOString(),
        })),
    })),
    representatives: (["employee", "employer"] as const).map((side) => ({
      side,
      label: SIDE_LABELS[side],
      members: (lists[side]?.members ?? []).map((m) => ({
        name: m.name,
        title: m.title,
        userId: m.userId ? String(m.userId) : "",
        chief: m.chief,
        outsider: m.outsider,
        holdsOffice: m.holdsOffice,
        writtenDelegation: m.writtenDelegation,
      })),
      delegation: lists[side]?.delegation ?? "",
    })),
    thresholds: thresholdsView(rules),
    coordinationRule: {
      maxExtensionDays: rules.rules.coordination.value.maxExtensionDays,
      sourceLabel: rules.rules.coordination.source
        ? formatCitation(rules.rules.coordination.source)
        : rules.name,
      article: articleView(rules.rules.coordination.source),
    },
    representativeRule: {
      text: `每方不少于${repRule.value.min}人${repRule.value.max ? `、不超过${repRule.value.max}人` : ""}${
        repRule.value.minAboveDesignatedSize
          ? `（规模以上企业不少于${repRule.value.minAboveDesignatedSize}人）`
          : ""
      }，${repRule.value.balance === "equal" ? "双方人数对等" : "用人单位方不得多于职工方"}；各方首席代表1名；外聘人员不超过三分之一且不得任首席代表；任何人不得兼任双方代表`,
      sourceLabel: repRule.source ? formatCitation(repRule.source) : rules.name,
      article: articleView(repRule.source),
      needsSize: repRule.value.minAboveDesignatedSize !== null,
    },
    accounts: mySides.length ? await linkableAccounts(doc) : [],
    rounds: roundViews,
    caucus,
    drafts: {
      versions: drafts,
      agreedLabel: doc.agreedDraftVersion ? versionLabel(doc.agreedDraftVersion) : null,
    },
    wage,
    documents: { offer: offerRender, response: responseRender },
    timeline: doc.events.map((e) => ({
      action: e.action,
      sideLabel: e.side ? SIDE_LABELS[e.side] : "",
      byName: e.byName,
      at: e.at.toISOString(),
      note: e.note,
    })),
  };
}
