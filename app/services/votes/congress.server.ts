/**
 * The congress vote on a case's agreed draft (集体合同规定 第36条), one function per thing a person does:
 * the union chair submits the draft, keeps the roster (typed or imported from .xlsx, all or nothing),
 * calls the meeting with two tellers, checks people in, opens the vote (refused without the quorum of the
 * rule set), hands paper slips, closes it; a representative casts a secret ballot on their phone; the
 * tellers enter the paper slips; the chair confirms the count, which records the result on the case.
 *
 * SECRECY. Casting writes two records that share nothing but the vote: first the has-voted marker
 * ("<voteId>:<memberId>", no choice, no code, no time — its unique `_id` is the one-ballot rule, so of 50
 * submissions at once exactly one passes), then the ballot (random `_id`, choice, receipt code, the vote's
 * day). A crash between the two leaves a marker without a ballot: the member cannot vote again and the
 * lost ballot counts as not cast (reported as 中断 on the result), which is safe in both directions — no
 * second ballot, and nothing to link, because the ballot never existed. Counting moves the ballots into
 * `congress_counted_ballots` in code order, erasing even the storage order of casting. Nothing logs or
 * audits a ballot: the audit has check-ins, the paper slips handed out and the totals.
 */
import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { Types } from "mongoose";
import { isCaseStatus, transition, type CaseCommand } from "~/domain/bargaining";
import { can, type Resource } from "~/domain/policy";
import {
  ASSEMBLY_LABELS,
  ballotRefusal,
  checkVoteInvariants,
  compositionWarnings,
  generateReceiptCode,
  generateReceiptCodes,
  isVoteChoice,
  mergePaperBallots,
  normalizeReceiptCode,
  openVoteCheck,
  parseRosterSheet,
  publishReceiptList,
  randomRecordId,
  tallyVote,
  validateRoster,
  type AssemblyKind,
  type Ballot,
  type RosterMember,
  type VoteChoice,
  type VoteResult,
  type VoteStatus,
} from "~/domain/votes";
import { BargainingCase, type BargainingCaseDoc } from "../../../models/bargaining-case";
import {
  BallotRecord,
  Congress,
  CongressVote,
  CountedBallot,
  markerIdOf,
  PaperEntry,
  publishedIdOf,
  slipsIdOf,
  VoteCodes,
  voteIdOf,
  VotedMarker,
  VoterPass,
  voterPassIdOf,
  type CongressDoc,
  type CongressMemberDoc,
  type CongressVoteDoc,
} from "../../../models/congress";
import { isDuplicateKeyError } from "../../../models/errors";
import { User } from "../../../models/user";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { orgPathOf } from "../orgs/orgs.server";
import {
  auditCase,
  caseLink,
  event,
  instructorIds,
  rulesOfCase,
  saveCase,
  sideLeadIds,
  today,
} from "../bargaining/context.server";
import { linkableAccounts } from "../bargaining/representatives.server";
import { getAgreedDraft } from "./draft-source.server";
import { requestVoteResultDocument } from "./documents.server";

const STALE = "会议信息已被他人更新，请刷新后重试";
const random = (n: number) => new Uint8Array(crypto.randomBytes(n));

export interface CongressContext {
  doc: BargainingCaseDoc;
  orgPath: string[];
  congress: CongressDoc | null;
  vote: CongressVoteDoc | null;
  resource: Extract<Resource, { type: "congress" }>;
}

/** The case, its congress and current vote, and the policy's resource (404 when the case is missing). */
export async function loadCongress(caseId: string): Promise<CongressContext> {
  if (!/^[0-9a-f]{24}$/i.test(caseId)) throw notFound("协商案件不存在");
  const doc = await BargainingCase.findById(caseId).lean();
  if (!doc) throw notFound("协商案件不存在");
  const [orgPath, congress] = await Promise.all([
    orgPathOf(doc.unionOrgId),
    Congress.findById(caseId).lean(),
  ]);
  const vote = congress?.currentVote
    ? await CongressVote.findById(voteIdOf(caseId, congress.currentVote)).lean()
    : null;
  return {
    doc,
    orgPath,
    congress,
    vote,
    resource: {
      type: "congress",
      enterpriseIds: doc.enterpriseIds.map(String),
      orgPath,
      repUserIds: doc.repUserIds.map(String),
      voterUserIds: (congress?.members ?? []).flatMap((m) => (m.userId ? [String(m.userId)] : [])),
      tellerUserIds: (vote?.tellers ?? []).map((t) => String(t.userId)),
    },
  };
}

function requireManage(user: CurrentUser, ctx: CongressContext) {
  if (!can(user, "congress:manage", ctx.resource))
    throw forbidden("只有企业工会主席（职工方）可以组织职工代表大会表决");
}

function kindOf(congress: Pick<CongressDoc, "kind"> | null): AssemblyKind {
  return congress?.kind === "assembly" ? "assembly" : "congress";
}

const memberOf = (m: CongressMemberDoc): RosterMember => ({
  id: m.id,
  name: m.name,
  employeeNo: m.employeeNo,
  gender: m.gender,
  frontLine: m.frontLine,
  unit: m.unit,
});

// ── Submitting the draft ──────────────────────────────────────────────────────────────────────────────

/** The union puts the agreed draft before the congress (第36条): refused while no version is agreed. */
export async function submitToCongress(user: CurrentUser, caseId: string, version: number) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const agreed = await getAgreedDraft(ctx.doc);
  if (!agreed)
    throw new UserError(
      "尚未确定协商一致的草案稿次，不能提交职工代表大会审议。请先在草案中确定协商一致的版本",
    );
  const next = move(ctx.doc, { action: "submit_to_congress" }, {});
  const saved = await saveCase(
    { doc: ctx.doc },
    version,
    {
      $set: { status: next },
      $push: { events: event(user, "submit_to_congress", "employee", `提交第${agreed.number}稿`) },
    },
    { status: ctx.doc.status },
  );
  await auditCase(
    user,
    "bargaining.submit_to_congress",
    saved,
    { status: ctx.doc.status },
    {
      status: next,
      draftVersion: agreed.number,
    },
  );
  return saved;
}

function move(doc: BargainingCaseDoc, command: CaseCommand, facts: { voteResult?: "passed" | "failed" }) {
  if (!isCaseStatus(doc.status)) throw new Error(`未知的协商状态：${doc.status}`);
  const result = transition(doc.status, command, "union_chair", {
    today: today(),
    offeringSide: doc.initiatorSide,
    ...facts,
  });
  if (!result.ok) throw new UserError(result.error.message);
  return result.next;
}

// ── The roster ────────────────────────────────────────────────────────────────────────────────────────

export interface RosterInput {
  kind: AssemblyKind;
  /** One person a line: 姓名 工号 性别 是否一线职工 [选区], separated by spaces, tabs or commas. */
  text: string;
  employees: number | null;
  women: number | null;
}

const HEADER = ["姓名", "工号", "性别", "是否一线职工", "选区"];

/** Typed lines → spreadsheet rows, so typing and importing go through the same checks. */
function rowsOfText(text: string): string[][] {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return [HEADER, ...lines.map((l) => l.split(/[\s,，、\t]+/))];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return String(value.result ?? "");
  }
  return String(value);
}

/** The first sheet's rows of a roster workbook, or a Chinese refusal. */
async function rowsOfWorkbook(bytes: Uint8Array): Promise<string[][]> {
  const buffer = Buffer.from(bytes);
  if (buffer.length === 0) throw new UserError("请选择要导入的名单文件（.xlsx）");
  if (!buffer.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1")))
    throw new UserError("文件不是 .xlsx 格式的 Excel 工作簿，请“另存为” .xlsx 后再导入");
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(buffer as unknown as ArrayBuffer, {
      ignoreNodes: ["dataValidations", "conditionalFormatting"],
    });
  } catch {
    throw new UserError("文件已损坏或不是有效的 .xlsx 工作簿，无法读取");
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new UserError("工作簿中没有工作表");
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 5); c++) cells.push(cellText(row.getCell(c).value).trim());
    rows.push(cells);
  }
  return rows;
}

/** Saves the roster from typed lines or an imported sheet: all or nothing, every error by row. */
export async function saveRoster(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: RosterInput & { file?: Uint8Array | null },
) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  if (ctx.vote && ctx.vote.status !== "closed")
    throw new UserError("本次会议进行中，名单不能修改；如需修改请在表决结束后进行");
  const rows =
    input.file && input.file.byteLength > 0 ? await rowsOfWorkbook(input.file) : rowsOfText(input.text);
  const parsed = parseRosterSheet(rows);
  if (!parsed.ok) {
    const lines = parsed.errors
      .slice(0, 20)
      .map((e) => `第${e.row}行${e.column ? `“${e.column}”` : ""}：${e.message}`);
    throw new UserError(`名单有${parsed.errors.length}处错误，未导入任何人员：${lines.join("；")}`, {
      roster: lines,
    });
  }
  const accounts = await linkableAccounts(ctx.doc);
  const previous = ctx.congress?.members ?? [];
  const members: CongressMemberDoc[] = parsed.members.map((m) => {
    const kept = previous.find((p) => p.employeeNo === m.employeeNo);
    // Link to the enterprise's account of the same name where exactly one has it.
    const sameName = accounts.filter((a) => a.name === m.name);
    return {
      id: kept?.id ?? crypto.randomBytes(6).toString("hex"),
      name: m.name,
      employeeNo: m.employeeNo,
      gender: m.gender,
      frontLine: m.frontLine,
      unit: m.unit,
      userId: kept?.userId ?? (sameName.length === 1 ? new Types.ObjectId(sameName[0].id) : null),
    };
  });
  const issues = validateRoster(members.map(memberOf));
  if (issues.length > 0) throw new UserError(issues.map((i) => i.message).join("；"));
  const workforce =
    input.employees && input.employees > 0
      ? { employees: input.employees, women: Math.min(input.women ?? 0, input.employees) }
      : null;
  const set = { kind: input.kind, members, workforce, updatedByName: user.displayName };
  let saved: CongressDoc | null;
  if (!ctx.congress) {
    if (version !== 0) throw conflict(STALE);
    try {
      saved = (
        await Congress.create({ _id: caseId, caseId: ctx.doc._id, currentVote: 0, version: 1, ...set })
      ).toObject();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict(STALE);
      throw error;
    }
  } else {
    if (ctx.congress.version !== version) throw conflict(STALE);
    saved = await updateAtVersion(Congress, caseId, version, { $set: set });
    if (!saved) throw conflict(STALE);
  }
  await auditCase(user, "congress.roster", ctx.doc, null, {
    kind: input.kind,
    members: members.length,
    linked: members.filter((m) => m.userId).length,
  });
  return {
    congress: saved,
    warnings: compositionWarnings(members.map(memberOf), input.kind, workforce),
  };
}

/** Links a roster member to an account of the enterprise (they then vote on their phone), or unlinks. */
export async function linkMember(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { memberId: string; userId: string },
) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const congress = ctx.congress;
  if (!congress) throw new UserError("请先录入名单");
  if (congress.version !== version) throw conflict(STALE);
  if (ctx.vote && (ctx.vote.status === "open" || ctx.vote.status === "counting"))
    throw new UserError("表决进行中，不能修改账号关联");
  const member = congress.members.find((m) => m.id === input.memberId);
  if (!member) throw new UserError("名单中没有此人，请刷新后重试");
  if (input.userId) {
    const accounts = await linkableAccounts(ctx.doc);
    if (!accounts.some((a) => a.id === input.userId))
      throw new UserError("该账号不属于本企业", { userId: ["该账号不属于本企业"] });
    if (congress.members.some((m) => m.id !== member.id && String(m.userId) === input.userId))
      throw new UserError("该账号已关联名单中的另一人", { userId: ["该账号已关联名单中的另一人"] });
  }
  const members = congress.members.map((m) =>
    m.id === member.id ? { ...m, userId: input.userId ? new Types.ObjectId(input.userId) : null } : m,
  );
  const saved = await updateAtVersion(Congress, caseId, version, { $set: { members } });
  if (!saved) throw conflict(STALE);
  await auditCase(user, "congress.link", ctx.doc, null, { member: member.name, linked: !!input.userId });
  return saved;
}

// ── The meeting ───────────────────────────────────────────────────────────────────────────────────────

export interface MeetingInput {
  heldOn: string;
  place: string;
  tellerUserIds: string[];
}

/** Calls the meeting that votes on the agreed draft: a new vote with the roster's size and two tellers. */
export async function callMeeting(user: CurrentUser, caseId: string, input: MeetingInput) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  if (ctx.doc.status !== "congress_vote") throw new UserError("请先将草案提交职工代表大会审议");
  const congress = ctx.congress;
  if (!congress || congress.members.length === 0) throw new UserError("请先录入职工代表名单");
  if (ctx.vote && ctx.vote.status !== "closed") throw new UserError("已有进行中的会议");
  const agreed = await getAgreedDraft(ctx.doc);
  if (!agreed) throw new UserError("尚未确定协商一致的草案稿次");
  if (input.heldOn < today())
    throw new UserError("会议日期不能早于今天", { heldOn: ["会议日期不能早于今天"] });
  const ids = [...new Set(input.tellerUserIds.filter(Boolean))];
  if (ids.length !== 2)
    throw new UserError("请指定两名不同的计票人", { tellerUserIds: ["请指定两名不同的计票人"] });
  const accounts = await linkableAccounts(ctx.doc);
  const tellers = ids.map((id) => {
    const account = accounts.find((a) => a.id === id);
    if (!account)
      throw new UserError("计票人须是本企业的账号", { tellerUserIds: ["计票人须是本企业的账号"] });
    return { userId: new Types.ObjectId(id), name: account.name };
  });
  const number = congress.currentVote + 1;
  // Claim the number first: two chairs calling at once make one meeting.
  const claimed = await updateAtVersion(Congress, caseId, congress.version, {
    $set: { currentVote: number },
  });
  if (!claimed) throw conflict(STALE);
  const vote = await CongressVote.create({
    _id: voteIdOf(caseId, number),
    caseId: ctx.doc._id,
    number,
    draftVersion: agreed.number,
    textHash: agreed.textHash,
    heldOn: input.heldOn,
    place: input.place.trim().slice(0, 100),
    status: "preparing",
    rosterSize: congress.members.length,
    presentIds: [],
    tellers,
    paperSlips: 0,
    version: 0,
  });
  await auditCase(user, "congress.meeting", ctx.doc, null, {
    number,
    heldOn: input.heldOn,
    draftVersion: agreed.number,
    tellers: tellers.map((t) => t.name),
  });
  return vote.toObject();
}

function requireVote(ctx: CongressContext, statuses: VoteStatus[], message: string): CongressVoteDoc {
  const vote = ctx.vote;
  if (!vote) throw new UserError("尚未召开会议");
  if (!statuses.includes(vote.status)) throw new UserError(message);
  return vote;
}

/** Writes a vote at its version, re-reading and retrying a few times when two clerks write at once. */
async function updateVote(
  caseId: string,
  apply: (vote: CongressVoteDoc) => Record<string, unknown> | null,
): Promise<CongressVoteDoc> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const congress = await Congress.findById(caseId).lean();
    const vote = congress?.currentVote
      ? await CongressVote.findById(voteIdOf(caseId, congress.currentVote)).lean()
      : null;
    if (!vote) throw new UserError("尚未召开会议");
    const set = apply(vote);
    if (!set) return vote;
    const saved = await updateAtVersion(
      CongressVote,
      vote._id,
      vote.version,
      { $set: set },
      {
        status: vote.status,
      },
    );
    if (saved) return saved;
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
  }
  throw conflict(STALE);
}

/** Checks members in (or out) at the door; only before the vote opens. */
export async function checkIn(
  user: CurrentUser,
  caseId: string,
  input: { memberIds: string[]; present: boolean },
) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  requireVote(ctx, ["preparing"], "表决开始后不能再调整签到");
  const roster = new Set(ctx.congress!.members.map((m) => m.id));
  const ids = input.memberIds.filter((id) => roster.has(id));
  if (ids.length === 0) throw new UserError("请选择签到的人员");
  const saved = await updateVote(caseId, (vote) => {
    if (vote.status !== "preparing") throw new UserError("表决开始后不能再调整签到");
    const present = new Set(vote.presentIds);
    ids.forEach((id) => (input.present ? present.add(id) : present.delete(id)));
    return { presentIds: [...present] };
  });
  await auditCase(user, input.present ? "congress.check_in" : "congress.check_out", ctx.doc, null, {
    names: ctx.congress!.members.filter((m) => ids.includes(m.id)).map((m) => m.name),
    present: saved.presentIds.length,
  });
  return saved;
}

/** Opens the vote: refused, with the rule and article, without the quorum of the whole roster. */
export async function openVote(user: CurrentUser, caseId: string) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const vote = requireVote(ctx, ["preparing"], "表决已经开始或已经结束");
  const quorum = openVoteCheck(
    vote.presentIds.length,
    vote.rosterSize,
    rulesOfCase(ctx.doc),
    kindOf(ctx.congress),
  );
  if (!quorum.met) throw new UserError(quorum.message);
  const day = today();
  const saved = await updateAtVersion(
    CongressVote,
    vote._id,
    vote.version,
    { $set: { status: "open", quorum: { ...quorum }, day, openedByName: user.displayName } },
    { status: "preparing" },
  );
  if (!saved) throw conflict(STALE);
  const present = new Set(vote.presentIds);
  const online = ctx.congress!.members.filter((m) => m.userId && present.has(m.id));
  // The passes a ballot reads by key (models/congress.ts VoterPass): one write of all of them, each by
  // `_id`. Were it to fail, ballots take the full path (castBallot) and are still right.
  if (online.length > 0)
    await VoterPass.bulkWrite(
      online.map((m) => {
        const _id = voterPassIdOf(caseId, String(m.userId));
        return {
          replaceOne: {
            filter: { _id },
            replacement: { _id, voteId: vote._id, memberId: m.id },
            upsert: true,
          },
        };
      }),
      { ordered: false, throwOnValidationError: true },
    );
  await auditCase(user, "congress.open", ctx.doc, null, {
    present: vote.presentIds.length,
    rosterSize: vote.rosterSize,
  });
  const voters = online.map((m) => m.userId!);
  await notifyUsers({
    userIds: voters,
    kind: "congress.open",
    title: `${ctx.doc.enterpriseNames[0] ?? ""}：${ASSEMBLY_LABELS[kindOf(ctx.congress)]}表决已开始，请投票`,
    body: "表决采用无记名方式，您的选择不会与您的姓名一起保存。",
    link: `${caseLink(ctx.doc)}/vote`,
    dedupeKey: `congress:${vote._id}:open`,
  });
  return saved;
}

/** The codes printed on the vote's paper slips (kept apart from the check-ins). */
async function slipCodes(voteId: string): Promise<string[]> {
  return (await VoteCodes.findById(slipsIdOf(voteId)).lean())?.codes ?? [];
}

/** Prints `count` more paper slips, each with its own receipt code (before or during the vote). */
export async function issuePaperSlips(user: CurrentUser, caseId: string, count: number) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const vote = requireVote(ctx, ["preparing", "open"], "表决结束后不能再印制选票");
  if (!Number.isInteger(count) || count < 1 || vote.paperSlips + count > vote.rosterSize)
    throw new UserError(`纸质选票总数不能超过名单人数（${vote.rosterSize}张）`, { count: ["数量有误"] });
  const id = slipsIdOf(vote._id);
  const existing = await VoteCodes.findById(id).lean();
  const codes = [
    ...(existing?.codes ?? []),
    ...generateReceiptCodes(count, random, new Set(existing?.codes ?? [])),
  ];
  if (!existing) {
    try {
      await VoteCodes.create({ _id: id, voteId: vote._id, kind: "slips", codes, totals: null, version: 1 });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict(STALE);
      throw error;
    }
  } else if (!(await updateAtVersion(VoteCodes, id, existing.version, { $set: { codes } })))
    throw conflict(STALE);
  const saved = await updateVote(caseId, () => ({ paperSlips: codes.length }));
  await auditCase(user, "congress.paper_print", ctx.doc, null, { count, total: codes.length });
  return { vote: saved, codes };
}

/** The slips' codes for printing (the chair's page). */
export async function paperSlipCodes(user: CurrentUser, caseId: string): Promise<string[]> {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  return ctx.vote ? slipCodes(ctx.vote._id) : [];
}

/**
 * Hands a present member a paper slip (they vote on paper): writes their has-voted marker, as casting
 * online does, and never which slip they took (they draw one from the pile).
 */
export async function handPaperSlip(user: CurrentUser, caseId: string, memberId: string) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const vote = requireVote(ctx, ["open"], "表决尚未开始或已经截止");
  const member = ctx.congress!.members.find((m) => m.id === memberId);
  const refusal = ballotRefusal({
    status: vote.status,
    onRoster: !!member,
    present: vote.presentIds.includes(memberId),
    hasVoted: false,
  });
  if (refusal) throw new UserError(refusal.message.replace("您", member?.name ?? "此人"));
  try {
    await VotedMarker.create({
      _id: markerIdOf(vote._id, memberId),
      voteId: vote._id,
      memberId,
      channel: "paper",
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new UserError(`${member!.name}已经投过票或已领取纸质选票`);
    throw error;
  }
  await auditCase(user, "congress.paper_slip", ctx.doc, null, { member: member!.name });
}

// ── Casting ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * A representative's own ballot. The marker goes first: its unique key lets one of any number of
 * concurrent submissions through. The receipt code is returned once and stored nowhere else.
 */
export async function castBallot(
  user: CurrentUser,
  caseId: string,
  choice: VoteChoice,
): Promise<{ receiptCode: string }> {
  if (!isVoteChoice(choice)) throw new UserError("请选择同意、不同意或弃权");
  if (!/^[0-9a-f]{24}$/i.test(caseId)) throw notFound("协商案件不存在");
  // The usual ballot: the voter's pass and the vote, two small documents by key; then the marker and the
  // ballot, one insert each. Everything else (no pass, a vote not open) takes the full path below, which
  // says why in Chinese.
  const pass = await VoterPass.findById(voterPassIdOf(caseId, user.id)).lean();
  const open = pass ? await CongressVote.findById(pass.voteId).select({ status: 1, day: 1 }).lean() : null;
  if (
    pass &&
    open?.status === "open" &&
    can(user, "congress:vote", {
      type: "congress",
      enterpriseIds: [],
      orgPath: [],
      repUserIds: [],
      voterUserIds: [user.id],
      tellerUserIds: [],
    })
  )
    return writeBallot(open._id, open.day, pass.memberId, choice);
  const ctx = await loadCongress(caseId);
  if (!can(user, "congress:vote", ctx.resource)) throw forbidden("您不在本次会议的名单中，不能投票");
  const vote = ctx.vote;
  if (!vote) throw new UserError("表决尚未开始");
  const member = ctx.congress!.members.find((m) => m.userId && String(m.userId) === user.id)!;
  const refusal = ballotRefusal({
    status: vote.status,
    onRoster: true,
    present: vote.presentIds.includes(member.id),
    hasVoted: !!(await VotedMarker.findById(markerIdOf(vote._id, member.id)).lean()),
  });
  if (refusal) throw new UserError(refusal.message);
  return writeBallot(vote._id, vote.day, member.id, choice);
}

/** The marker first (its unique `_id` is the one-ballot rule), then the ballot: see SECRECY above. */
async function writeBallot(
  voteId: string,
  day: string | null,
  memberId: string,
  choice: VoteChoice,
): Promise<{ receiptCode: string }> {
  try {
    await VotedMarker.create({ _id: markerIdOf(voteId, memberId), voteId, memberId, channel: "online" });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new UserError("您已经投过票，每人只能投一票");
    throw error;
  }
  for (let attempt = 0; ; attempt++) {
    const receiptCode = generateReceiptCode(random);
    try {
      await BallotRecord.create({
        _id: randomRecordId(random),
        voteId,
        choice,
        receiptCode,
        paper: false,
        day: day ?? today(),
      });
      return { receiptCode };
    } catch (error) {
      // Another ballot drew the same code (about 1 in 10^12): draw again.
      if (!isDuplicateKeyError(error) || attempt >= 4) throw error;
    }
  }
}

/** Whether the signed-in person has voted in the current vote (their own marker, read by key). */
export async function hasVoted(voteId: string, memberId: string): Promise<boolean> {
  return !!(await VotedMarker.findById(markerIdOf(voteId, memberId)).lean());
}

// ── Closing and counting ─────────────────────────────────────────────────────────────────────────────

/** Ends the casting: no more ballots; the tellers may now enter the paper slips. */
export async function closeVoting(user: CurrentUser, caseId: string) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const vote = requireVote(ctx, ["open"], "表决尚未开始或已经截止");
  const saved = await updateAtVersion(
    CongressVote,
    vote._id,
    vote.version,
    { $set: { status: "counting" } },
    {
      status: "open",
    },
  );
  if (!saved) throw conflict(STALE);
  await auditCase(user, "congress.close", ctx.doc, null, { present: vote.presentIds.length });
  return saved;
}

/** A teller's entry of one paper slip (their slot is fixed by their account); a re-entry corrects it. */
export async function enterPaperSlip(
  user: CurrentUser,
  caseId: string,
  input: { receiptCode: string; choice: VoteChoice },
) {
  const ctx = await loadCongress(caseId);
  if (!can(user, "congress:count", ctx.resource)) throw forbidden("只有本次表决的计票人可以录入纸质选票");
  const vote = requireVote(ctx, ["counting"], "请在投票截止后、确认计票结果前录入纸质选票");
  const teller = (vote.tellers.findIndex((t) => String(t.userId) === user.id) + 1) as 1 | 2;
  const code = normalizeReceiptCode(input.receiptCode);
  if (!code || !(await slipCodes(vote._id)).includes(code))
    throw new UserError("不是本次表决印制的选票编号，请核对选票上的编号", { receiptCode: ["编号有误"] });
  if (!isVoteChoice(input.choice)) throw new UserError("请选择选票上勾选的意见");
  const _id = `${vote._id}:${teller}:${code}`;
  await PaperEntry.updateOne(
    { _id },
    { $set: { voteId: vote._id, teller, receiptCode: code, choice: input.choice } },
    { upsert: true },
  );
  return { teller, receiptCode: code };
}

async function entriesOf(voteId: string) {
  return PaperEntry.find({ voteId }).lean();
}

/** Where the two tellers stand: their own entries, and the codes that disagree or only one entered. */
export async function tellerView(user: CurrentUser, caseId: string) {
  const ctx = await loadCongress(caseId);
  if (!can(user, "congress:count", ctx.resource)) throw forbidden("只有本次表决的计票人可以录入纸质选票");
  const vote = ctx.vote!;
  const teller = vote.tellers.findIndex((t) => String(t.userId) === user.id) + 1;
  const entries = await entriesOf(vote._id);
  const merged = mergePaper(vote, entries, await slipCodes(vote._id));
  return {
    teller,
    own: entries
      .filter((e) => e.teller === teller)
      .map((e) => ({ receiptCode: e.receiptCode, choice: e.choice }))
      .sort((a, b) => (a.receiptCode < b.receiptCode ? -1 : 1)),
    agreed: merged.counted.length,
    // Neither teller sees the other's choice: only which slips to look at again.
    disagreements: merged.disagreements.map((d) => d.receiptCode),
    incomplete: merged.incomplete.map((d) => d.receiptCode),
  };
}

function mergePaper(
  vote: CongressVoteDoc,
  entries: { teller: number; receiptCode: string; choice: VoteChoice }[],
  codes: string[],
) {
  const of = (t: number) => ({
    teller: vote.tellers[t - 1]?.name ?? `计票人${t}`,
    entries: entries
      .filter((e) => e.teller === t)
      .map((e) => ({ receiptCode: e.receiptCode, choice: e.choice })),
  });
  const merged = mergePaperBallots(of(1), of(2), codes);
  if (!merged.ok) throw new UserError(merged.message);
  return merged;
}

/**
 * Confirms the count: merges the paper slips both tellers entered alike, moves every ballot into the
 * counted collection in code order, tallies against the whole roster, checks the invariants, publishes
 * the codes without choices, records the result on the case (a failed vote goes back to the rounds with
 * the result attached) and asks for the 表决结果 Word file. Safe to run again after a crash.
 */
export async function confirmCount(user: CurrentUser, caseId: string, caseVersion: number) {
  const ctx = await loadCongress(caseId);
  requireManage(user, ctx);
  const vote = requireVote(ctx, ["counting"], "请先截止投票");
  const [markers, live, counted, entries, codes] = await Promise.all([
    VotedMarker.find({ voteId: vote._id }).lean(),
    BallotRecord.find({ voteId: vote._id }).lean(),
    CountedBallot.find({ voteId: vote._id }).lean(),
    entriesOf(vote._id),
    slipCodes(vote._id),
  ]);
  const merged = mergePaper(vote, entries, codes);
  const paperMarkers = markers.filter((m) => m.channel === "paper").length;
  if (merged.counted.length > paperMarkers)
    throw new UserError(
      `两名计票人一致录入的纸质选票（${merged.counted.length}张）多于领取纸质选票的人数（${paperMarkers}人），请核对选票`,
    );
  const byCode = new Map<string, Ballot>();
  for (const b of [...counted, ...live])
    byCode.set(b.receiptCode, { choice: b.choice, receiptCode: b.receiptCode, paper: b.paper });
  for (const b of merged.counted) if (!byCode.has(b.receiptCode)) byCode.set(b.receiptCode, b);
  const ballots = [...byCode.values()].sort((a, b) => (a.receiptCode < b.receiptCode ? -1 : 1));
  const onlineMarkers = markers.length - paperMarkers;
  const online = ballots.filter((b) => !b.paper).length;
  const interrupted = Math.max(0, onlineMarkers - online);
  const published = publishReceiptList(ballots);
  const problems = checkVoteInvariants({
    ballots,
    published,
    onlineMarkers,
    present: vote.presentIds.length,
    interrupted,
    paperMarkers,
  });
  if (problems.length > 0) throw new UserError(`计票核对未通过：${problems.join("；")}`);
  const result = tallyVote({
    rosterSize: vote.rosterSize,
    present: vote.presentIds.length,
    ballots,
    rules: rulesOfCase(ctx.doc),
    kind: kindOf(ctx.congress),
  });
  // Copy in code order (idempotent by key), then drop the live records whose storage order followed casting.
  const day = vote.day ?? today();
  for (const b of ballots) {
    try {
      await CountedBallot.create({ _id: `${vote._id}:${b.receiptCode}`, voteId: vote._id, ...b, day });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  for (const b of live) await BallotRecord.deleteOne({ _id: b._id });
  await VoteCodes.updateOne(
    { _id: publishedIdOf(vote._id) },
    {
      $set: {
        voteId: vote._id,
        kind: "published",
        codes: published.codes,
        totals: published.totals,
        version: 0,
      },
    },
    { upsert: true },
  );
  const next = move(
    ctx.doc,
    { action: result.caseAction },
    { voteResult: result.passed ? "passed" : "failed" },
  );
  const saved = await saveCase(
    { doc: ctx.doc },
    caseVersion,
    {
      $set: { status: next },
      $push: { events: event(user, result.caseAction, "employee", result.summary) },
    },
    { status: ctx.doc.status },
  );
  const closed = await updateAtVersion(
    CongressVote,
    vote._id,
    vote.version,
    { $set: { status: "closed", result: { ...result }, interrupted } },
    { status: "counting" },
  );
  if (!closed) throw conflict(STALE);
  const render = await requestVoteResultDocument(saved, closed, ctx.congress!, published.codes, user.id);
  await CongressVote.updateOne({ _id: vote._id }, { $set: { resultRenderId: render.id } });
  await auditCase(
    user,
    `bargaining.${result.caseAction}`,
    saved,
    { status: ctx.doc.status },
    {
      status: next,
      approve: result.counts.approve,
      oppose: result.counts.oppose,
      abstain: result.counts.abstain,
      present: result.present,
      rosterSize: result.rosterSize,
    },
  );
  await notifyUsers({
    userIds: [
      ...(await sideLeadIds(saved, "employee")),
      ...(await sideLeadIds(saved, "employer")),
      ...(await instructorIds(saved)),
    ],
    kind: "bargaining.step",
    title: `${saved.enterpriseNames[0] ?? ""}：${ASSEMBLY_LABELS[kindOf(ctx.congress)]}${result.passed ? "通过" : "未通过"}集体合同草案`,
    body: result.summary,
    link: caseLink(saved),
    dedupeKey: `congress:${vote._id}:result`,
  });
  return { case: saved, vote: closed, result: result as VoteResult };
}

/** Names of the accounts linked to roster members (for the chair's roster table). */
export async function linkedNames(members: CongressMemberDoc[]): Promise<Map<string, string>> {
  const ids = members.flatMap((m) => (m.userId ? [m.userId] : []));
  const users = await Promise.all(
    ids.map((id) => User.findById(id).select({ displayName: 1, accountName: 1 }).lean()),
  );
  return new Map(users.flatMap((u) => (u ? [[String(u._id), `${u.displayName}（${u.accountName}）`]] : [])));
}

/** The published list of a closed vote: every counted code, sorted, and the totals; no choice. */
export async function publishedList(voteId: string) {
  const doc = await VoteCodes.findById(publishedIdOf(voteId)).lean();
  return doc ? { codes: doc.codes, count: doc.codes.length, totals: doc.totals } : null;
}
