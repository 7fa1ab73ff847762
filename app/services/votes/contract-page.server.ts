/**
 * What the contract page shows: the approved version, both chiefs' signatures (who and when), the frozen
 * text's fingerprint and Word file, the filing with its letter, the review with its dates and articles,
 * an objection, the effective date, term and renewal window, and the publication — as plain view objects.
 */
import { CASE_STATUS_LABELS, describeSource, isCaseStatus } from "~/domain/bargaining";
import type { ContractText } from "~/domain/contracts";
import { numberContract, versionLabel } from "~/domain/contracts";
import { formatFingerprint, SIGNING_SIDE_LABELS, type VoteResult } from "~/domain/votes";
import { RenderedDocument } from "../../../models/rendered-document";
import type { CurrentUser } from "../accounts/auth.server";
import { renderView } from "../documents/documents.server";
import { deadlineView } from "../bargaining/case-page.server";
import { loadCase, rulesOfCase, sidesOf, today } from "../bargaining/context.server";
import { currentRecord, passedVote } from "./contract.server";

async function renderOf(id: unknown) {
  if (!id) return null;
  const doc = await RenderedDocument.findById(id).select("-data -input").lean();
  return doc ? renderView(doc) : null;
}

const KEYS = ["filing", "review", "effective", "expiry", "renewal_window"];

export async function contractPage(user: CurrentUser, caseId: string) {
  const loaded = await loadCase(user, caseId);
  const { doc, status } = loaded;
  const [vote, record] = await Promise.all([passedVote(caseId), currentRecord(caseId)]);
  const [contractRender, filingRender] = await Promise.all([
    renderOf(record?.contractRenderId),
    renderOf(record?.filing?.renderId),
  ]);
  const text = record?.text as unknown as ContractText | null;
  const result = vote?.result as unknown as VoteResult | null;
  const rules = rulesOfCase(doc);
  const todayLocal = today();
  return {
    case: {
      id: String(doc._id),
      title: doc.title,
      status,
      statusLabel: isCaseStatus(status) ? CASE_STATUS_LABELS[status] : status,
      version: doc.version,
      enterpriseName: doc.enterpriseNames.join("、"),
      ruleSetName: doc.ruleSetName,
      dates: doc.dates,
      termYears: doc.termYears,
    },
    today: todayLocal,
    mySides: sidesOf(user, loaded.resource),
    approvalNoticeRule: rules.rules.filing.value.trigger === "approval_notice_received",
    /** Where the filing period comes from, shown beside the form that records its trigger. */
    filingRule: { ruleSetName: rules.name, sourceLabel: describeSource(rules.id, rules.rules.filing) },
    defaultCopies: rules.rules.filing.value.copies ?? 3,
    vote:
      vote && result
        ? { draftLabel: versionLabel(vote.draftVersion), summary: result.summary, day: vote.day }
        : null,
    signatures: (["employee", "employer"] as const).map((side) => {
      const s = record?.signatures[side] ?? null;
      return {
        side,
        label: SIGNING_SIDE_LABELS[side],
        signed: s ? { byName: s.byName, chiefName: s.chiefName, at: s.at.toISOString() } : null,
      };
    }),
    fingerprint: record?.hash ? formatFingerprint(record.hash) : null,
    signedOn: record?.signedOn ?? null,
    contractDocument: contractRender,
    filing: record?.filing
      ? {
          authority: record.filing.authority,
          filedOn: record.filing.filedOn,
          copies: record.filing.copies,
          byName: record.filing.byName,
        }
      : null,
    filingDocument: filingRender,
    objection: record?.objection ?? null,
    clauses: text
      ? numberContract(text).flatMap((c) =>
          c.articles.map((a) => ({ id: a.clause.id, label: `${a.label} ${a.clause.title}` })),
        )
      : [],
    deadlines: doc.deadlines.filter((d) => KEYS.includes(d.key)).map((d) => deadlineView(d, todayLocal)),
  };
}
