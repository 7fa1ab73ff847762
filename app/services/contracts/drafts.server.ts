/**
 * Contract drafts of a bargaining case: 第1稿 assembled from the published clause library, the case's
 * tentatively agreed topics and, for a renewal, the contract it renews; later versions from the employee
 * chief's accepted suggestions (review.server.ts) or assembled again after more topics were agreed. Each
 * version is one immutable document "<caseId>:v<n>" (models/contract-drafts.ts) holding the domain's
 * DraftVersion and the sha256 of its canonical text. Both sides see the versions, their redlines and the
 * pre-vote checks; the employee side's comments are never part of them.
 */
import { createHash } from "node:crypto";
import { Types, type Model } from "mongoose";
import { isCaseKind, type CaseKind, type Side } from "~/domain/bargaining";
import {
  agreedTopicsFromBoard,
  assembleDraft,
  canonicalText,
  checkDraftForVote,
  compareContracts,
  versionLabel,
  type CommentThread,
  type ContractText,
  type DraftCheckResult,
  type DraftVersion,
  type Redline,
} from "~/domain/contracts";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { BargainingCase } from "../../../models/bargaining-case";
import { WageData } from "../../../models/bargaining-parts";
import { isDuplicateKeyError } from "../../../models/errors";
import {
  ContractDraftVersion,
  draftVersionId,
  type ContractDraftVersionDoc,
} from "../../../models/contract-drafts";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, notFound, UserError } from "../../lib/http.server";
import {
  auditCase,
  BOARD_STATUSES,
  loadCase,
  requireSide,
  rulesOfCase,
  type LoadedCase,
} from "../bargaining/context.server";
import { readSeries } from "./keyed-series.server";
import { recallFixed, rememberFixed } from "../../../models/kept-rows";
import { frozen } from "../../lib/frozen";
import { publishedLibrary } from "./library.server";

export const kindOf = (doc: Pick<BargainingCaseDoc, "kind">): CaseKind =>
  isCaseKind(doc.kind) ? doc.kind : "comprehensive";

/** sha256 hex of the canonical JSON of the draft's chapters. */
export function textHashOf(text: Pick<ContractText, "chapters">): string {
  return createHash("sha256").update(canonicalText(text)).digest("hex");
}

/**
 * A version by number. Versions never change once written (a new one is stored beside them), so each
 * process keeps those it has read (recallFixed), read-only: a draft of a few dozen clauses is the largest
 * record the drafts and case pages read. A version not found is not kept.
 */
async function versionByNumber(
  caseId: Types.ObjectId | string,
  n: number,
): Promise<ContractDraftVersionDoc | null> {
  const id = draftVersionId(caseId, n);
  const model = ContractDraftVersion as unknown as Model<never>;
  const kept = recallFixed<ContractDraftVersionDoc>(model, id);
  if (kept) return kept;
  const doc = await ContractDraftVersion.findById(id).lean();
  if (doc) {
    const clauses = doc.draft.chapters.reduce((sum, c) => sum + c.clauses.length, 0);
    rememberFixed(model, id, frozen(doc), Math.max(1, clauses));
  }
  return doc;
}

/** Every version of a case, 第1稿 first (keyed reads; versions already read come from this process). */
export async function draftVersionsOf(caseId: Types.ObjectId | string): Promise<ContractDraftVersionDoc[]> {
  return readSeries((n) => versionByNumber(caseId, n));
}

/** The versions as a list (number and label, who made them and when), for the case page. */
export async function draftSummaries(caseId: Types.ObjectId | string) {
  const versions = await readSeries((n) =>
    ContractDraftVersion.findById(draftVersionId(caseId, n))
      .select({ number: 1, createdAt: 1, createdByName: 1, basis: 1 })
      .lean(),
  );
  return versions.map((v) => ({
    number: v.number,
    label: versionLabel(v.number),
    createdAt: v.createdAt.toISOString(),
    createdByName: v.createdByName,
  }));
}

/** One version by number, or a 404. */
export async function draftVersionOf(
  caseId: Types.ObjectId | string,
  n: number,
): Promise<ContractDraftVersionDoc> {
  const doc = Number.isSafeInteger(n) && n > 0 ? await versionByNumber(caseId, n) : null;
  if (!doc) throw notFound(`草案没有第${n}稿`);
  return doc;
}

/**
 * Stores a new version as the next number: `build(n)` makes the draft for number n from the versions
 * known; a lost race for n (someone stored n meanwhile) rebuilds on the newer versions, so nothing made
 * concurrently is lost or applied twice. Returns the stored version.
 */
export async function storeNextVersion(
  user: CurrentUser,
  caseId: string,
  basis: ContractDraftVersionDoc["basis"],
  build: (latest: ContractDraftVersionDoc | null) => DraftVersion,
): Promise<ContractDraftVersionDoc> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const versions = await draftVersionsOf(caseId);
    const latest = versions[versions.length - 1] ?? null;
    const draft = { ...build(latest), number: versions.length + 1 };
    const record: ContractDraftVersionDoc = {
      _id: draftVersionId(caseId, draft.number),
      caseId,
      number: draft.number,
      draft,
      textHash: textHashOf(draft),
      createdAt: new Date(),
      createdBy: new Types.ObjectId(user.id),
      createdByName: user.displayName,
      basis,
    };
    try {
      await ContractDraftVersion.create(record);
      return record;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw conflict("草案正在被他人同时修改，请刷新后重试");
}

/** The contract a renewal renews: the draft version the renewed case agreed (and voted on), if any. */
export async function previousContractOf(
  doc: Pick<BargainingCaseDoc, "renewsCaseId">,
): Promise<ContractText | null> {
  if (!doc.renewsCaseId) return null;
  const previous = await BargainingCase.findById(doc.renewsCaseId).select({ agreedDraftVersion: 1 }).lean();
  if (!previous?.agreedDraftVersion) return null;
  const version = await ContractDraftVersion.findById(
    draftVersionId(previous._id, previous.agreedDraftVersion),
  ).lean();
  return version ? { title: version.draft.title, chapters: version.draft.chapters } : null;
}

function partiesOf(doc: BargainingCaseDoc) {
  const employerName = doc.enterpriseNames.join("、");
  return { employerName, unionName: doc.enterpriseNames.map((n) => `${n}工会`).join("、") };
}

/**
 * 第1稿 (or, after more topics were agreed, the next version assembled afresh) from the published library,
 * the TA topics and the previous contract. Either side's lead may assemble; the text is the same for both.
 */
export async function assembleCaseDraft(user: CurrentUser, caseId: string, input: { side: Side }) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  requireDrafting(loaded);
  const { doc } = loaded;
  const library = await publishedLibrary();
  const kind = kindOf(doc);
  const agreed = agreedTopicsFromBoard(kind, library, doc.topics);
  if (agreed.length === 0) throw new UserError("尚无暂定一致的议题，无法生成草案");
  const result = assembleDraft({
    kind,
    library,
    parties: partiesOf(doc),
    agreed,
    previous: await previousContractOf(doc),
  });
  if (!result.ok) throw new UserError(`草案无法生成：${result.errors.map((e) => e.message).join("；")}`);
  const saved = await storeNextVersion(user, caseId, "assembled", (latest) => {
    if (latest && latest.textHash === textHashOf(result.draft))
      throw new UserError(`按当前暂定一致的议题生成的草案与${versionLabel(latest.number)}相同，无需生成新稿`);
    return result.draft;
  });
  await auditCase(user, "contract.draft_assemble", doc, null, {
    version: saved.number,
    library: `${library.key} v${library.version}`,
    textHash: saved.textHash,
  });
  return saved;
}

export function requireDrafting(loaded: Pick<LoadedCase, "status">) {
  if (!BOARD_STATUSES.includes(loaded.status))
    throw new UserError("只有在协商准备或协商会议阶段才能生成或修改草案；草案协商一致后版本不再变动");
}

/** The comparison target: an earlier version's number, or the previous contract. */
export type RedlineBase = number | "previous";

/** The redline from `from` (a version or the previous contract) to version `to`. */
export async function redlineOf(doc: BargainingCaseDoc, from: RedlineBase, to: number) {
  const after = await draftVersionOf(doc._id, to);
  let before: ContractText;
  let fromLabel: string;
  if (from === "previous") {
    const previous = await previousContractOf(doc);
    if (!previous) throw notFound("本案不是续签，或上期合同没有文本");
    before = previous;
    fromLabel = "上期合同";
  } else {
    before = (await draftVersionOf(doc._id, from)).draft;
    fromLabel = versionLabel(from);
  }
  const redline: Redline = compareContracts(before, after.draft);
  return { redline, fromLabel, toLabel: versionLabel(to), after };
}

/** The case's local minimum wage (its wage data), for the pre-vote checks. */
async function minimumWageOf(caseId: Types.ObjectId) {
  const wage = await WageData.findById(caseId).select({ minimumMonthlyFen: 1, minimumHourlyFen: 1 }).lean();
  return wage ? { monthlyFen: wage.minimumMonthlyFen, hourlyFen: wage.minimumHourlyFen ?? null } : null;
}

/** The checks before the vote (集体合同规定 第38条, 劳动合同法 第五十五条, contents), with the threads given. */
export async function checksOf(
  doc: BargainingCaseDoc,
  draft: DraftVersion,
  threads: readonly CommentThread[],
): Promise<DraftCheckResult> {
  return checkDraftForVote(draft, {
    rules: rulesOfCase(doc),
    minimumWage: await minimumWageOf(doc._id),
    threads,
  });
}
