/**
 * The Word files of contract drafts, rendered by the worker like the other documents (documents.server.ts):
 * 集体合同（草案） of a version, and the redline between two versions (or the previous contract and a
 * version). Both are read by whoever may open the case — both sides see the versions; the employee side's
 * comments are never in a document.
 */
import { CLAUSE_CHANGE_LABELS, numberContract, versionLabel, type RedlineEntry } from "~/domain/contracts";
import { toShanghaiDate } from "~/domain/dates";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { RepresentativeList, representativeListId } from "../../../models/bargaining-parts";
import { RenderedDocument, renderIdFor, type DocumentKind } from "../../../models/rendered-document";
import type { ContractDraftData } from "../../../templates/docx/contract-draft";
import type { ContractRedlineData } from "../../../templates/docx/contract-redline";
import type { CurrentUser } from "../accounts/auth.server";
import { requestRender, renderView, type RenderView } from "../documents/documents.server";
import { loadCase } from "../bargaining/context.server";
import { draftVersionOf, redlineOf, type RedlineBase } from "./drafts.server";

async function chiefOf(doc: BargainingCaseDoc, side: "employee" | "employer") {
  const list = await RepresentativeList.findById(representativeListId(doc._id, side))
    .select({ members: 1 })
    .lean();
  return list?.members.find((m) => m.chief)?.name ?? null;
}

const unionName = (doc: BargainingCaseDoc) => doc.enterpriseNames.map((n) => `${n}工会`).join("、");

/** The redline's document version: from × 1000 + to, with 0 for the previous contract. */
export const redlineVersion = (from: RedlineBase, to: number) => (from === "previous" ? 0 : from) * 1000 + to;

export async function renderOfKind(doc: Pick<BargainingCaseDoc, "_id">, kind: DocumentKind, version: number) {
  const found = await RenderedDocument.findById(renderIdFor(kind, doc._id, version))
    .select("-data -input")
    .lean();
  return found ? renderView(found) : null;
}

/** Asks for 集体合同（草案） of version n (once per version: the text never changes). */
export async function requestDraftDocument(
  user: CurrentUser,
  caseId: string,
  n: number,
): Promise<RenderView> {
  const { doc } = await loadCase(user, caseId);
  const version = await draftVersionOf(doc._id, n);
  const input: ContractDraftData = {
    title: version.draft.title,
    versionLabel: versionLabel(n),
    enterpriseName: doc.enterpriseNames.join("、"),
    unionName: unionName(doc),
    madeOn: toShanghaiDate(version.createdAt),
    chapters: numberContract(version.draft).map((c) => ({
      heading: c.heading,
      articles: c.articles.map((a) => ({ label: a.label, title: a.clause.title, text: a.clause.text })),
    })),
    employeeChief: await chiefOf(doc, "employee"),
    employerChief: await chiefOf(doc, "employer"),
    textHash: version.textHash,
  };
  return requestRender({
    kind: "contract_draft",
    sourceId: doc._id,
    version: n,
    enterpriseId: doc.leadEnterpriseId,
    unionOrgId: doc.unionOrgId,
    requestedBy: user.id,
    fileName: `集体合同草案-${versionLabel(n)}-${doc.enterpriseNames[0] ?? ""}.docx`,
    input,
  });
}

function where(e: RedlineEntry): string {
  const at = e.after ?? e.before;
  return at ? `${at.articleLabel}（${e.title}）` : e.title;
}

/** Asks for the redline from `from` to version `to` as a Word file. */
export async function requestRedlineDocument(
  user: CurrentUser,
  caseId: string,
  from: RedlineBase,
  to: number,
): Promise<RenderView> {
  const { doc } = await loadCase(user, caseId);
  const { redline, fromLabel, toLabel, after } = await redlineOf(doc, from, to);
  const input: ContractRedlineData = {
    contractTitle: after.draft.title,
    enterpriseName: doc.enterpriseNames.join("、"),
    unionName: unionName(doc),
    fromLabel,
    toLabel,
    madeOn: toShanghaiDate(after.createdAt),
    summary: redline.summary,
    entries: redline.entries
      .filter((e) => e.kind !== "unchanged" || e.moved)
      .map((e) => ({
        where: where(e),
        kindLabel: CLAUSE_CHANGE_LABELS[e.kind],
        moved: e.moved,
        before:
          e.before && e.after && e.before.articleLabel !== e.after.articleLabel
            ? `原${e.before.articleLabel}`
            : null,
        segments: e.segments,
      })),
  };
  return requestRender({
    kind: "contract_redline",
    sourceId: doc._id,
    version: redlineVersion(from, to),
    enterpriseId: doc.leadEnterpriseId,
    unionOrgId: doc.unionOrgId,
    requestedBy: user.id,
    fileName: `集体合同草案修改对照-${fromLabel}至${toLabel}-${doc.enterpriseNames[0] ?? ""}.docx`,
    input,
  });
}
