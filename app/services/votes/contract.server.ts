/**
 * From the approved draft to the contract in effect: both chiefs sign the voted version by re-entering
 * their password (第37条; who and when recorded); the second signature freezes the text (a copy, its
 * canonical text and SHA-256) and renders the signed contract with the fingerprint printed on it; the
 * employer files it with the 报送审查函 (第42条; 上海 from its receipt of the union's notice, 上海市集体合同
 * 条例 第23条); the authority's receipt date starts the review (第45条, 第47条); an objection returns the
 * named clauses to the rounds; with none, the sweep puts the contract in effect (takeEffectIfDue) and the
 * cultivation milestone completes; the sides record the publication (第48条).
 */
import crypto from "node:crypto";
import type { Types } from "mongoose";
import {
  expiryDate,
  isCaseStatus,
  transition,
  type CaseActorRole,
  type CaseCommand,
  type Side,
} from "~/domain/bargaining";
import { TERM_PARAMETER, type ContractText, type DraftVersion } from "~/domain/contracts";
import { isValidLocalDate } from "~/domain/dates";
import { canonicalContractText, filingDateProblem, signingProgress } from "~/domain/votes";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { RepresentativeList, representativeListId } from "../../../models/bargaining-parts";
import {
  Congress,
  CongressVote,
  ContractRecord,
  contractRecordIdOf,
  voteIdOf,
  type ContractRecordDoc,
  type CongressVoteDoc,
} from "../../../models/congress";
import { isDuplicateKeyError } from "../../../models/errors";
import { updateAtVersion } from "../../../models/write-claim";
import { confirmPassword, type CurrentUser } from "../accounts/auth.server";
import { conflict, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import {
  auditCase,
  caseLink,
  event,
  instructorIds,
  loadCase,
  notifyNextStep,
  requireSide,
  rulesOfCase,
  saveCase,
  sideLabel,
  sideLeadIds,
  today,
  type LoadedCase,
} from "../bargaining/context.server";
import { markContractInEffect } from "../cultivation/proofs.server";
import { getDraftVersion } from "./draft-source.server";
import { requestFilingLetterDocument, requestSignedContractDocument } from "./documents.server";

const STALE = "签订信息已被他人更新，请刷新后重试";

function move(loaded: Pick<LoadedCase, "doc">, command: CaseCommand, role: CaseActorRole, facts = {}) {
  const doc = loaded.doc;
  if (!isCaseStatus(doc.status)) throw new Error(`未知的协商状态：${doc.status}`);
  const result = transition(doc.status, command, role, {
    today: today(),
    offeringSide: doc.initiatorSide,
    ...facts,
  });
  if (!result.ok) throw new UserError(result.error.message);
  return result.next;
}

/** The vote that approved the case's draft (the latest vote, closed and passed), or null. */
export async function passedVote(caseId: string): Promise<CongressVoteDoc | null> {
  const congress = await Congress.findById(caseId).lean();
  if (!congress?.currentVote) return null;
  const vote = await CongressVote.findById(voteIdOf(caseId, congress.currentVote)).lean();
  return vote?.status === "closed" && (vote.result as { passed?: boolean } | null)?.passed ? vote : null;
}

/** The contract record of the version the congress approved (created with the first signature). */
export async function currentRecord(caseId: string): Promise<ContractRecordDoc | null> {
  const vote = await passedVote(caseId);
  return vote ? ContractRecord.findById(contractRecordIdOf(caseId, vote.draftVersion)).lean() : null;
}

function dateOf(value: string, label: string): string {
  if (!isValidLocalDate(value)) throw new UserError(`${label}无效`, { [label]: [`${label}无效`] });
  return value;
}

function check(problem: string | null, field: string) {
  if (problem) throw new UserError(problem, { [field]: [problem] });
}

async function chiefName(caseId: Types.ObjectId, side: Side): Promise<string> {
  const list = await RepresentativeList.findById(representativeListId(caseId, side)).lean();
  return list?.members.find((m) => m.chief)?.name ?? "";
}

/** The term agreed in the draft (the term clause's 期限 parameter), if the draft has one. */
function termOf(draft: DraftVersion): number | null {
  for (const chapter of draft.chapters)
    for (const clause of chapter.clauses) {
      const value = clause.rendering?.values[TERM_PARAMETER];
      if (typeof value === "number" && Number.isInteger(value) && value >= 1) return value;
    }
  return null;
}

/**
 * A chief's signature on the approved version, confirmed by their password. The second signature freezes
 * the text, moves the case to 已签订 (the filing period starts) and renders the signed contract.
 */
export async function signContract(
  user: CurrentUser,
  caseId: string,
  input: { side: Side; password: string },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  if (loaded.status !== "approved") throw new UserError("职代会通过草案后，双方首席代表方可签字");
  const vote = await passedVote(caseId);
  if (!vote) throw new UserError("没有找到通过草案的表决结果");
  const version = await getDraftVersion(caseId, vote.draftVersion);
  if (!version) throw new UserError("找不到表决通过的草案稿次");
  if (version.textHash !== vote.textHash)
    throw new UserError("草案文本在表决后发生了变化，不能签字，请重新提交职工代表大会审议");
  await confirmPassword(user, input.password);
  const recordId = contractRecordIdOf(caseId, vote.draftVersion);
  try {
    await ContractRecord.create({
      _id: recordId,
      caseId: loaded.doc._id,
      draftVersion: vote.draftVersion,
      voteId: vote._id,
      signatures: { employee: null, employer: null },
      version: 0,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const signature = {
    userId: user.id,
    byName: user.displayName,
    chiefName: (await chiefName(loaded.doc._id, input.side)) || user.displayName,
    at: new Date(),
  };
  // The two chiefs may sign at the same moment: each takes its turn on the record's version.
  let record: ContractRecordDoc | null = null;
  for (let attempt = 0; attempt < 8 && !record; attempt++) {
    const current = (await ContractRecord.findById(recordId).lean())!;
    if (current.signatures[input.side]) throw new UserError(`${sideLabel(input.side)}首席代表已经签字`);
    const signatures = { ...current.signatures, [input.side]: signature };
    const complete = signingProgress({
      employee: signatures.employee ? { name: "", at: "" } : null,
      employer: signatures.employer ? { name: "", at: "" } : null,
    }).complete;
    const canonical = canonicalContractText(version.draft);
    const frozen = complete
      ? {
          text: JSON.parse(JSON.stringify(version.draft)) as ContractText,
          canonicalText: canonical,
          hash: crypto.createHash("sha256").update(canonical, "utf8").digest("hex"),
          signedOn: today(),
        }
      : {};
    record = await updateAtVersion(ContractRecord, recordId, current.version, {
      $set: { [`signatures.${input.side}`]: signature, ...frozen },
    });
    if (!record) await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
  }
  if (!record) throw conflict(STALE);
  await auditCase(user, "contract.sign", loaded.doc, null, {
    side: input.side,
    draftVersion: vote.draftVersion,
  });
  if (!record.hash) return { record, case: loaded.doc };
  // Both signed: the case moves on (the latest case version: a signature is never a stale edit).
  const fresh = await loadCase(user, caseId);
  const next = move(fresh, { action: "sign" }, input.side === "employee" ? "union_chair" : "hr");
  const termYears = fresh.doc.termYears ?? termOf(version.draft);
  const saved = await saveCase(
    fresh,
    fresh.doc.version,
    {
      $set: { status: next, "dates.signedOn": record.signedOn, termYears },
      $push: {
        events: event(
          user,
          "sign",
          input.side,
          `第${vote.draftVersion}稿，文本摘要 ${record.hash.slice(0, 16)}…`,
        ),
      },
    },
    { status: fresh.status, recomputeDeadlines: true },
  );
  const render = await requestSignedContractDocument(saved, record, vote, user.id);
  record =
    (await ContractRecord.findByIdAndUpdate(
      recordId,
      { $set: { contractRenderId: render.id } },
      { new: true },
    ).lean()) ?? record;
  const filing = saved.deadlines.find((d) => d.key === "filing");
  await notifyNextStep(
    saved,
    `${saved.enterpriseNames[0] ?? ""}：集体合同已由双方首席代表签字`,
    filing
      ? `请于 ${filing.dueOn} 前报送劳动行政部门审查（${filing.sourceLabel}）。`
      : "请报送劳动行政部门审查。",
    `contract:${recordId}:signed`,
  );
  return { record, case: saved };
}

/** 上海: the employer records the day it received the union's written notice of approval (the filing period starts). */
export async function recordApprovalNotice(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { receivedOn: string },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, "employer");
  if (loaded.status !== "approved" && loaded.status !== "signed")
    throw new UserError("职代会通过草案后、报送审查前方可登记");
  const vote = await passedVote(caseId);
  const receivedOn = dateOf(input.receivedOn, "收到日期");
  check(
    filingDateProblem({ what: "notice", date: receivedOn, today: today(), after: vote?.day ?? null }),
    "receivedOn",
  );
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { "dates.approvalNoticeReceivedOn": receivedOn },
      $push: { events: event(user, "approval_notice", "employer", `收到职工方书面告知 ${receivedOn}`) },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  await auditCase(user, "contract.approval_notice", saved, null, { receivedOn });
  return saved;
}

export interface FilingInput {
  authority: string;
  filedOn: string;
  copies: number;
  contactName: string;
}

/** The employer files the signed text (第42条) with the 报送审查函 and its attachment list. */
export async function fileContract(user: CurrentUser, caseId: string, version: number, input: FilingInput) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, "employer");
  const next = move(loaded, { action: "file" }, role);
  const record = await currentRecord(caseId);
  if (!record?.hash || !record.signedOn) throw new UserError("合同尚未由双方首席代表签字");
  const filedOn = dateOf(input.filedOn, "报送日期");
  check(
    filingDateProblem({ what: "filed", date: filedOn, today: today(), after: record.signedOn }),
    "filedOn",
  );
  const authority = input.authority.trim().slice(0, 100);
  if (!authority) throw new UserError("请填写受理审查的劳动行政部门", { authority: ["请填写劳动行政部门"] });
  const rules = rulesOfCase(loaded.doc);
  const copies = input.copies || rules.rules.filing.value.copies || 3;
  if (!Number.isInteger(copies) || copies < 1 || copies > 20)
    throw new UserError("文本份数应为1至20的整数", { copies: ["份数有误"] });
  const filing = {
    authority,
    filedOn,
    copies,
    contactName: input.contactName.trim().slice(0, 40) || user.displayName,
    byName: user.displayName,
    renderId: null,
  };
  const withFiling = await updateAtVersion(ContractRecord, record._id, record.version, { $set: { filing } });
  if (!withFiling) throw conflict(STALE);
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { status: next, "dates.filedOn": filedOn },
      $push: { events: event(user, "file", "employer", `报送${authority}，${filedOn}`) },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  const render = await requestFilingLetterDocument(saved, withFiling, user.id);
  await ContractRecord.updateOne({ _id: record._id }, { $set: { "filing.renderId": render.id } });
  await auditCase(
    user,
    "bargaining.file",
    saved,
    { status: loaded.status },
    { status: next, authority, filedOn },
  );
  return saved;
}

/** The authority's receipt of the text: the review period starts (第45条, 第47条). */
export async function confirmReceipt(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; receivedOn: string },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const next = move(loaded, { action: "confirm_receipt" }, role);
  const record = await currentRecord(caseId);
  const receivedOn = dateOf(input.receivedOn, "收到日期");
  check(
    filingDateProblem({
      what: "received",
      date: receivedOn,
      today: today(),
      after: loaded.doc.dates.filedOn ?? null,
    }),
    "receivedOn",
  );
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { status: next, "dates.reviewReceivedOn": receivedOn },
      $push: { events: event(user, "confirm_receipt", input.side, `劳动行政部门于 ${receivedOn} 收到文本`) },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  if (record) await ContractRecord.updateOne({ _id: record._id }, { $set: { receivedOn } });
  const effective = saved.deadlines.find((d) => d.key === "effective");
  await auditCase(
    user,
    "bargaining.confirm_receipt",
    saved,
    { status: loaded.status },
    {
      status: next,
      receivedOn,
      effectiveOn: effective?.dueOn ?? null,
    },
  );
  return saved;
}

/** The authority objected (第45条): the named clauses go back to the table, the case back to the rounds. */
export async function recordObjection(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; clauseIds: string[]; note: string },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const record = await currentRecord(caseId);
  const text = record?.text as unknown as ContractText | null;
  const clauses = (text?.chapters ?? [])
    .flatMap((c) => c.clauses)
    .filter((c) => input.clauseIds.includes(c.id));
  const next = move(
    loaded,
    { action: "record_objection", objectedClauses: clauses.map((c) => c.title) },
    role,
  );
  const note = input.note.trim().slice(0, 2000);
  const topics = new Set(clauses.map((c) => c.topic));
  const now = new Date();
  const reopened = loaded.doc.topics.map((t) =>
    topics.has(t.key) && t.status === "ta" ? { ...t, status: "on_table", agreedText: "", updatedAt: now } : t,
  );
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { status: next, topics: reopened },
      $push: {
        events: event(
          user,
          "record_objection",
          input.side,
          `审查异议条款：${clauses.map((c) => c.title).join("、")}${note ? `；${note}` : ""}`,
        ),
      },
    },
    { status: loaded.status },
  );
  if (record)
    await ContractRecord.updateOne(
      { _id: record._id },
      {
        $set: {
          objection: {
            on: today(),
            clauseIds: clauses.map((c) => c.id),
            clauseTitles: clauses.map((c) => c.title),
            note,
            byName: user.displayName,
          },
        },
      },
    );
  await auditCase(
    user,
    "bargaining.record_objection",
    saved,
    { status: loaded.status },
    {
      status: next,
      clauses: clauses.map((c) => c.title),
    },
  );
  await notifyUsers({
    userIds: [
      ...(await sideLeadIds(saved, "employee")),
      ...(await sideLeadIds(saved, "employer")),
      ...(await instructorIds(saved)),
    ],
    kind: "bargaining.step",
    title: `${saved.enterpriseNames[0] ?? ""}：劳动行政部门对集体合同提出审查异议`,
    body: `异议条款：${clauses.map((c) => c.title).join("、")}。请就异议条款重新协商。`,
    link: caseLink(saved),
    dedupeKey: `contract:${caseId}:objection:${saved.version}`,
  });
  return saved;
}

/** 第48条: the day the contract was published to all employees. */
export async function recordPublication(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; publishedOn: string },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  if (loaded.status !== "in_effect" && loaded.status !== "renewal_window")
    throw new UserError("集体合同生效后方可登记公布日期");
  const publishedOn = dateOf(input.publishedOn, "公布日期");
  check(
    filingDateProblem({
      what: "published",
      date: publishedOn,
      today: today(),
      after: loaded.doc.dates.effectiveOn ?? null,
    }),
    "publishedOn",
  );
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { "dates.publishedOn": publishedOn },
      $push: { events: event(user, "publish", input.side, `${publishedOn} 向全体职工公布`) },
    },
    { status: loaded.status },
  );
  await auditCase(user, "contract.publish", saved, null, { publishedOn });
  return saved;
}

/**
 * The sweep's step: a case under review whose review ended without objection takes effect on the
 * effective date (第47条); its expiry follows from the term; the cultivation milestone completes.
 * Returns the saved case, or null when it is not due (or another sweep moved it first).
 */
export async function takeEffectIfDue(
  doc: BargainingCaseDoc,
  todayLocal: string,
): Promise<BargainingCaseDoc | null> {
  if (doc.status !== "under_review") return null;
  const effective = doc.deadlines.find((d) => d.key === "effective");
  if (!effective || effective.dueOn > todayLocal) return null;
  const result = transition("under_review", { action: "take_effect" }, "system", {
    today: todayLocal,
    offeringSide: doc.initiatorSide,
    effectiveOn: effective.dueOn,
  });
  if (!result.ok) return null;
  const expiresOn = doc.termYears ? expiryDate(effective.dueOn, doc.termYears, rulesOfCase(doc)).date : null;
  let saved: BargainingCaseDoc;
  try {
    saved = await saveCase(
      { doc },
      doc.version,
      {
        $set: { status: result.next, "dates.effectiveOn": effective.dueOn, "dates.expiresOn": expiresOn },
        $push: {
          events: {
            action: "take_effect",
            side: null,
            byName: "系统",
            at: new Date(),
            note: `审查期届满未收到异议，自${effective.dueOn}起生效（${effective.sourceLabel}）`,
          },
        },
      },
      { status: "under_review", recomputeDeadlines: true },
    );
  } catch (error) {
    if (error instanceof Response && error.status === 409) return null;
    throw error;
  }
  for (const enterpriseId of saved.enterpriseIds)
    await markContractInEffect(enterpriseId, effective.dueOn, expiresOn);
  await notifyNextStep(
    saved,
    `${saved.enterpriseNames[0] ?? ""}：集体合同自 ${effective.dueOn} 起生效`,
    "请双方及时以适当形式向全体职工公布（《集体合同规定》第四十八条），并登记公布日期。",
    `contract:${String(saved._id)}:in_effect`,
  );
  return saved;
}
