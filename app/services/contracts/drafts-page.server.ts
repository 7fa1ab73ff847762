/**
 * What the drafts page and the redline page show, as plain view objects: the versions, the chosen version
 * clause by clause (numbered as printed), the checks before the vote, the Word file; for the employee
 * side's review only, the comment threads and suggestions per clause. Anyone else who may open the case
 * (the employer side, instructors, admins) sees the versions, the checks without the comments, and the
 * redlines — never a comment.
 */
import { CASE_KIND_INFO, CASE_STATUS_LABELS, SIDE_LABELS } from "~/domain/bargaining";
import { CLAUSE_CHANGE_LABELS, CLAUSE_ORIGIN_LABELS, numberContract, versionLabel } from "~/domain/contracts";
import type { CurrentUser } from "../accounts/auth.server";
import { notFound } from "../../lib/http.server";
import { BOARD_STATUSES, loadCase, sidesOf } from "../bargaining/context.server";
import { renderOfKind, redlineVersion } from "./documents.server";
import {
  checksOf,
  draftVersionsOf,
  kindOf,
  previousContractOf,
  redlineOf,
  type RedlineBase,
} from "./drafts.server";
import { domainThreads, reviewAccessOf, reviewView } from "./review.server";

function caseHead(doc: Awaited<ReturnType<typeof loadCase>>["doc"], status: keyof typeof CASE_STATUS_LABELS) {
  return {
    id: String(doc._id),
    title: doc.title,
    contractLabel: CASE_KIND_INFO[kindOf(doc)].contractLabel,
    statusLabel: CASE_STATUS_LABELS[status],
    agreedLabel: doc.agreedDraftVersion ? versionLabel(doc.agreedDraftVersion) : null,
  };
}

export async function draftsPage(user: CurrentUser, caseId: string, wanted: number | null) {
  const loaded = await loadCase(user, caseId);
  const { doc, status } = loaded;
  const mySides = sidesOf(user, loaded.resource);
  const [versions, access, previous] = await Promise.all([
    draftVersionsOf(doc._id),
    reviewAccessOf(user, doc),
    previousContractOf(doc),
  ]);
  const drafting = BOARD_STATUSES.includes(status);
  const base = {
    case: caseHead(doc, status),
    mySides: mySides.map((side) => ({ side, label: SIDE_LABELS[side] })),
    canAssemble: drafting && mySides.length > 0,
    access,
    hasPrevious: previous !== null,
    versions: versions.map((v) => ({
      number: v.number,
      label: versionLabel(v.number),
      createdAt: v.createdAt.toISOString(),
      createdByName: v.createdByName,
      basisLabel:
        v.basis === "assembled" ? "由条款库和暂定一致议题生成" : `采纳${v.draft.applied.length}条修改建议`,
      textHash: v.textHash,
    })),
  };
  if (versions.length === 0) return { ...base, selected: null, review: null };
  const n = wanted ?? versions.length;
  const chosen = versions.find((v) => v.number === n);
  if (!chosen) throw notFound(`草案没有${versionLabel(n)}`);
  const review = await reviewView(user, doc, access);
  const check = await checksOf(doc, chosen.draft, review ? domainThreads(review.threadDocs) : []);
  const latest = chosen.number === versions.length;
  return {
    ...base,
    selected: {
      number: chosen.number,
      label: versionLabel(chosen.number),
      title: chosen.draft.title,
      latest,
      library: `${chosen.draft.library.key} v${chosen.draft.library.version}`,
      textHash: chosen.textHash,
      chapters: numberContract(chosen.draft).map((c) => ({
        heading: c.heading,
        articles: c.articles.map((a) => ({
          clauseId: a.clause.id,
          label: a.label,
          title: a.clause.title,
          text: a.clause.text,
          originLabel: CLAUSE_ORIGIN_LABELS[a.clause.origin],
          legalNote: a.clause.legalMinimum?.note ?? null,
        })),
      })),
      check: {
        ready: check.ready && check.unresolved.length === 0,
        issues: check.issues.map((i) => ({
          code: i.code,
          level: i.level,
          message: i.message,
          articleLabel: i.articleLabel,
          sourceLabel: i.sourceLabel,
        })),
      },
      canSuggest: access.takePart && drafting && latest,
      document: await renderOfKind(doc, "contract_draft", chosen.number),
    },
    review: review ? { threads: review.threads, suggestions: review.suggestions } : null,
  };
}

/** The redline page: any two versions, or the previous contract and a version. */
export async function redlinePage(
  user: CurrentUser,
  caseId: string,
  from: RedlineBase | null,
  to: number | null,
) {
  const loaded = await loadCase(user, caseId);
  const { doc, status } = loaded;
  const versions = await draftVersionsOf(doc._id);
  const hasPrevious = (await previousContractOf(doc)) !== null;
  const head = {
    case: caseHead(doc, status),
    versions: versions.map((v) => ({ number: v.number, label: versionLabel(v.number) })),
    hasPrevious,
  };
  if (versions.length === 0) return { ...head, compared: null };
  const toN = to ?? versions.length;
  const fromN: RedlineBase = from ?? (toN > 1 ? toN - 1 : hasPrevious ? "previous" : toN);
  const { redline, fromLabel, toLabel } = await redlineOf(doc, fromN, toN);
  return {
    ...head,
    compared: {
      from: fromN,
      to: toN,
      fromLabel,
      toLabel,
      summary: redline.summary,
      identical: redline.identical,
      entries: redline.entries.map((e) => ({
        clauseId: e.clauseId,
        kind: e.kind,
        kindLabel: CLAUSE_CHANGE_LABELS[e.kind],
        moved: e.moved,
        title: e.title,
        titleBefore: e.titleBefore,
        beforeLabel: e.before?.articleLabel ?? null,
        afterLabel: e.after?.articleLabel ?? null,
        segments: e.segments,
      })),
      document: await renderOfKind(doc, "contract_redline", redlineVersion(fromN, toN)),
    },
  };
}
