/**
 * The steps of a bargaining case, one function per thing a person does: send an offer (要约), respond in
 * writing (回应), ask the labour administration to coordinate (第49条) and record its acceptance and end,
 * move a topic on the board, agree the draft. Each loads the case, asks the policy, asks the domain's state
 * machine, writes on the expected version, audits, and notifies whoever owes the next step.
 */
import { Types } from "mongoose";
import {
  boardSummary,
  CASE_KIND_INFO,
  coordinationExtensionProblem,
  isCaseKind,
  moveTopic as moveOnBoard,
  otherSide,
  responseDeadline,
  scopeProblem,
  tableTopic,
  topicsForKind,
  transition,
  type CaseCommand,
  type CaseKind,
  type Side,
  type TopicMove,
  type TopicState,
} from "~/domain/bargaining";
import { isValidLocalDate } from "~/domain/dates";
import { can } from "~/domain/policy";
import {
  BargainingCase,
  OpenCaseLock,
  type BargainingCaseDoc,
  type TopicDoc,
} from "../../../models/bargaining-case";
import { Enterprise, type EnterpriseDoc } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { PrescriptionItem } from "../../../models/prescription";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden, notFound, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { orgPathOf } from "../orgs/orgs.server";
import {
  approvalChoiceFor,
  auditCase,
  BOARD_STATUSES,
  caseLink,
  deadlinesFor,
  event,
  holidayCalendar,
  instructorIds,
  loadCase,
  refuse,
  requireSide,
  ruleSetIdFor,
  rulesFor,
  rulesOfCase,
  saveCase,
  sideLabel,
  sideLeadIds,
  today,
  type LoadedCase,
} from "./context.server";
import { requestCaseDocument } from "./documents.server";
import { requireDraftReady } from "../contracts/agree.server";
import { versionLabel } from "~/domain/contracts";
import { refreshSummaries } from "./kept-rows.server";
import { keepEnterpriseFigures } from "../workbench/figures.server";
import { keptItemRows } from "../prescriptions/kept-items.server";
import { mapLimit } from "~/lib/map-limit";

const MAX_TEXT = 2000;

export function checkDate(value: string, label: string): string {
  if (!isValidLocalDate(value)) throw new UserError(`${label}无效`, { [label]: [`${label}无效`] });
  return value;
}

function machine(loaded: LoadedCase, command: CaseCommand, role: ReturnType<typeof requireSide>, facts = {}) {
  const result = transition(loaded.status, command, role, {
    today: today(),
    offeringSide: loaded.doc.initiatorSide,
    responseDueOn: loaded.doc.deadlines.find((d) => d.key === "response")?.dueOn ?? null,
    ...facts,
  });
  if (!result.ok) refuse(result.error.message);
  return result.next;
}

// ── Offer ─────────────────────────────────────────────────────────────────────────────────────────────

export interface OfferInput {
  side: Side;
  kind: string;
  /** Keys of the statutory topics chosen (第8条 / 工资集体协商试行办法 第7条). */
  topicKeys: string[];
  /** Prescription items of the enterprise's open health-check findings to put on the table. */
  findingItemIds: string[];
  /** One topic per line, beyond the statute's list. */
  customTopics: string;
  note: string;
  sentOn: string;
  /** When the other side received it (defaults to the day it was sent: the platform delivers at once). */
  receivedOn?: string;
}

/** Open health-check findings of an enterprise, offered as topics (each linked to its prescription item). */
export async function openFindingTopics(enterpriseId: Types.ObjectId | string) {
  // The enterprise's kept item rows (by key), then the open ones' texts by key: no query over the items.
  const open = [...(await keptItemRows("enterprise", [String(enterpriseId)]))]
    .filter(([, r]) => r.st !== "closed")
    .sort(([, a], [, b]) => (a.pno < b.pno ? -1 : a.pno > b.pno ? 1 : a.no - b.no))
    .slice(0, 50);
  const items = await mapLimit(open, 16, ([id]) =>
    PrescriptionItem.findById(id).select({ title: 1, legalBasis: 1, prescriptionNo: 1, no: 1 }).lean(),
  );
  return items.flatMap((i) =>
    i
      ? [
          {
            id: String(i._id),
            title: i.title,
            basis: i.legalBasis,
            label: `${i.prescriptionNo} 第${i.no}项`,
          },
        ]
      : [],
  );
}

export async function initialTopics(
  kind: CaseKind,
  input: Pick<OfferInput, "topicKeys" | "findingItemIds" | "customTopics">,
  enterpriseId: Types.ObjectId,
  side: Side,
) {
  const now = new Date();
  const { topics: offered } = topicsForKind(kind);
  const picked = offered.filter((t) => input.topicKeys.includes(t.key));
  // The enterprise's open items: only when some were picked.
  const findings = input.findingItemIds.length
    ? (await openFindingTopics(enterpriseId)).filter((f) => input.findingItemIds.includes(f.id))
    : [];
  const custom = input.customTopics
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);
  const base = (key: string, title: string, source: string, basis: string): TopicDoc => ({
    key,
    title: title.slice(0, 200),
    source,
    basis,
    prescriptionItemId: null,
    status: "on_table",
    tabledBy: side,
    lastPositionBy: side,
    employeePosition: "",
    employerPosition: "",
    agreedText: "",
    updatedAt: now,
  });
  const topics: TopicDoc[] = [
    ...picked.map((t) =>
      base(
        t.key,
        t.title,
        kind === "wage" ? "wage" : "statute",
        `${t.source.statute} 第${t.source.article}条`,
      ),
    ),
    ...findings.map((f) => ({
      ...base(`finding-${f.id}`, f.title, "finding", f.basis),
      prescriptionItemId: new Types.ObjectId(f.id),
    })),
    ...custom.map((title, i) => base(`custom-${Date.now().toString(36)}-${i}`, title, "custom", "")),
  ];
  if (topics.length === 0)
    throw new UserError("请至少选择一个协商议题", { topicKeys: ["请至少选择一个协商议题"] });
  return topics;
}

/**
 * The offer (要约, 集体合同规定 第32条): opens the case for one enterprise and kind (one open case at a
 * time: a second offer at the same moment finds the first), records the dates, computes the response
 * deadline, renders the 要约书 and tells the other side.
 */
export async function sendOffer(
  user: CurrentUser,
  enterpriseId: string,
  input: OfferInput,
  options: {
    campaignId?: Types.ObjectId;
    caseId?: Types.ObjectId;
    enterprise?: EnterpriseDoc;
    /** The case whose contract this offer renews (第38条). */
    renewsCaseId?: Types.ObjectId;
  } = {},
) {
  if (!Types.ObjectId.isValid(enterpriseId)) throw notFound("企业不存在");
  const enterprise = options.enterprise ?? (await Enterprise.findById(enterpriseId).lean());
  if (!enterprise || enterprise.archived) throw notFound("企业不存在");
  const orgPath = await orgPathOf(enterprise.unionOrgId);
  const resource = { type: "enterprise" as const, enterpriseId: String(enterprise._id), orgPath };
  const asCampaign = !!options.campaignId && can(user, "bargaining:campaign", resource);
  if (
    !asCampaign &&
    !can(user, input.side === "employee" ? "bargaining:employee_side" : "bargaining:employer_side", resource)
  )
    throw forbidden("只有企业工会主席（职工方）或企业人力资源负责人（用人单位方）可以发出要约");
  if (!isCaseKind(input.kind)) throw new UserError("请选择协商类型", { kind: ["请选择协商类型"] });
  const problem = scopeProblem("enterprise", 1);
  if (problem) throw new UserError(problem);
  const sentOn = checkDate(input.sentOn, "发出日期");
  const receivedOn = checkDate(input.receivedOn || sentOn, "收到日期");
  if (receivedOn < sentOn)
    throw new UserError("收到要约的日期不能早于发出日期", { receivedOn: ["收到日期不能早于发出日期"] });
  if (sentOn > today()) throw new UserError("发出日期不能晚于今天", { sentOn: ["发出日期不能晚于今天"] });
  const note = input.note.trim().slice(0, MAX_TEXT);
  const kind = input.kind;
  const topics = await initialTopics(kind, input, enterprise._id, input.side);

  const caseId = options.caseId ?? new Types.ObjectId();
  const existing = options.caseId ? await BargainingCase.findById(caseId).lean() : null;
  if (existing) return existing; // a campaign's offer asked for again (after a worker died): found, not made twice
  const lockId = `${String(enterprise._id)}:${kind}`;
  try {
    await OpenCaseLock.create({ _id: lockId, caseId });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const open = await OpenCaseLock.findById(lockId).lean();
    // The lock is this very case's (taken before a crash): carry on creating it.
    if (!open || String(open.caseId) !== String(caseId))
      throw new UserError(
        `该企业已有进行中的${CASE_KIND_INFO[kind].label}集体协商，请在原案件中继续`,
        open ? { caseId: [String(open.caseId)] } : {},
      );
  }
  try {
    const ruleSet = await ruleSetIdFor(enterprise.unionOrgId);
    const rules = await rulesFor(enterprise.unionOrgId);
    const approvalRule = await approvalChoiceFor(enterprise.unionOrgId);
    const calendar = await holidayCalendar();
    const due = responseDeadline(receivedOn, rules, calendar);
    const doc: Omit<BargainingCaseDoc, "createdAt" | "updatedAt"> = {
      _id: caseId,
      title: `${enterprise.name}${CASE_KIND_INFO[kind].contractLabel}协商`,
      kind,
      scope: "enterprise",
      enterpriseIds: [enterprise._id],
      enterpriseNames: [enterprise.name],
      leadEnterpriseId: enterprise._id,
      unionOrgId: enterprise.unionOrgId,
      initiatorSide: input.side,
      status: "offer_sent",
      ruleSetId: ruleSet.id,
      ruleSetName: rules.name,
      topics,
      positions: topics.map((t) => ({
        topicKey: t.key,
        side: input.side,
        text: "列入要约",
        status: "on_table",
        roundNo: null,
        byName: user.displayName,
        at: new Date(),
      })),
      dates: { offerSentOn: sentOn, offerReceivedOn: receivedOn },
      deadlines: [],
      offer: {
        text: note,
        sentByName: user.displayName,
        addressee: input.side === "employee" ? enterprise.name : `${enterprise.name}工会`,
      },
      response: { decision: null, reason: "", extraTopics: "", byName: "" },
      recorderName: "",
      agenda: "",
      coordination: {
        requestedOn: null,
        requestedBy: null,
        reason: "",
        acceptedOn: null,
        extended: false,
        extensionDays: null,
        endedOn: null,
      },
      repUserIds: [],
      employeeRepUserIds: [],
      employerRepUserIds: [],
      roundCount: 0,
      termYears: null,
      offerRenderId: null,
      responseRenderId: null,
      approvalRule,
      renewsCaseId: options.renewsCaseId ?? null,
      campaignId: options.campaignId ?? null,
      events: [
        event(user, "send_offer", input.side, `${sideLabel(input.side)}发出要约，收到日期 ${receivedOn}`),
      ],
      createdBy: new Types.ObjectId(user.id),
      version: 0,
    };
    doc.deadlines = deadlinesFor(doc as BargainingCaseDoc, rules, calendar);
    let created: BargainingCaseDoc;
    try {
      created = (await BargainingCase.create(doc)).toObject();
    } catch (error) {
      if (!isDuplicateKeyError(error) || !options.caseId) throw error;
      return (await BargainingCase.findById(caseId).lean())!;
    }
    // Keyed by _id alone (FerretDB looks it up by key); the enterprise was just read as having no contract.
    if (enterprise.contractStatus === "none") {
      await Enterprise.updateOne({ _id: enterprise._id }, { $set: { contractStatus: "bargaining" } });
      await keepEnterpriseFigures([enterprise._id], [enterprise.unionOrgId]);
    }
    const render = await requestCaseDocument(created, "offer", user.id);
    const saved = (await BargainingCase.findByIdAndUpdate(
      created._id,
      { $set: { offerRenderId: render.id } },
      { new: true },
    ).lean())!;
    await refreshSummaries(saved);
    await auditCase(user, "bargaining.offer", saved, null, {
      kind,
      topics: topics.length,
      sentOn,
      receivedOn,
      dueOn: due.date,
    });
    const other = otherSide(input.side);
    await notifyUsers({
      userIds: await sideLeadIds(saved, other),
      kind: "bargaining.offer",
      title: `${enterprise.name}收到${sideLabel(input.side)}的集体协商要约（${CASE_KIND_INFO[kind].label}）`,
      body: `请于 ${due.date} 前书面回应（${due.sourceLabel}）。`,
      link: caseLink(saved),
      dedupeKey: `bargaining:${String(saved._id)}:offer`,
    });
    return saved;
  } catch (error) {
    // A campaign retries the same case id: whatever was written stays for the retry to complete.
    if (!options.caseId) {
      await OpenCaseLock.deleteOne({ _id: lockId, caseId });
      await BargainingCase.deleteOne({ _id: caseId });
    }
    throw error;
  }
}

// ── Response ──────────────────────────────────────────────────────────────────────────────────────────

export interface ResponseInput {
  side: Side;
  decision: "agree" | "agree_other_topics" | "refuse";
  reason: string;
  otherTopics: string;
}

/** The written response (第32条): agree, agree and add topics, or refuse with a reason. */
export async function recordResponse(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: ResponseInput,
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const otherTopics = input.otherTopics
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);
  const reason = input.reason.trim().slice(0, MAX_TEXT);
  const command: CaseCommand =
    input.decision === "refuse"
      ? { action: "respond_refuse", reason }
      : input.decision === "agree_other_topics"
        ? { action: "respond_agree_other_topics", otherTopics }
        : { action: "respond_agree" };
  const next = machine(loaded, command, role);
  const now = new Date();
  const added: TopicDoc[] = otherTopics.map((title, i) => ({
    key: `custom-${now.getTime().toString(36)}-r${i}`,
    title: title.slice(0, 200),
    source: "custom",
    basis: "",
    prescriptionItemId: null,
    status: "on_table",
    tabledBy: input.side,
    lastPositionBy: input.side,
    employeePosition: "",
    employerPosition: "",
    agreedText: "",
    updatedAt: now,
  }));
  const respondedOn = today();
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: {
        status: next,
        "dates.respondedOn": respondedOn,
        response: {
          decision: input.decision,
          reason,
          extraTopics: otherTopics.join("\n"),
          byName: user.displayName,
        },
        topics: [...loaded.doc.topics, ...(input.decision === "agree_other_topics" ? added : [])],
      },
      $push: {
        events: event(
          user,
          command.action,
          input.side,
          input.decision === "refuse" ? `拒绝理由：${reason}` : "",
        ),
        positions: {
          $each: (input.decision === "agree_other_topics" ? added : []).map((t) => ({
            topicKey: t.key,
            side: input.side,
            text: "回应中提出",
            status: "on_table",
            roundNo: null,
            byName: user.displayName,
            at: now,
          })),
        },
      },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  const render = await requestCaseDocument(saved, "response", user.id);
  await BargainingCase.updateOne({ _id: saved._id }, { $set: { responseRenderId: render.id } });
  await auditCase(
    user,
    `bargaining.${command.action}`,
    saved,
    { status: loaded.status },
    { status: next, reason },
  );
  const offering = loaded.doc.initiatorSide;
  await notifyUsers({
    userIds: [
      ...(await sideLeadIds(saved, offering)),
      ...(input.decision === "refuse" ? await instructorIds(saved) : []),
    ],
    kind: "bargaining.response",
    title:
      input.decision === "refuse"
        ? `${saved.enterpriseNames[0]}：${sideLabel(input.side)}拒绝集体协商`
        : `${saved.enterpriseNames[0]}：${sideLabel(input.side)}同意集体协商，请确定协商代表`,
    body: input.decision === "refuse" ? `拒绝理由：${reason}` : undefined,
    link: caseLink(saved),
    dedupeKey: `bargaining:${String(saved._id)}:response`,
  });
  return saved;
}

// ── Coordination (第49条, 第52条) ─────────────────────────────────────────────────────────────────────

export async function requestCoordination(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; reason: string },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const reason = input.reason.trim().slice(0, MAX_TEXT);
  if (!reason) throw new UserError("请写明申请协调处理的事由", { reason: ["请写明申请协调处理的事由"] });
  const next = machine(loaded, { action: "request_coordination" }, role);
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: {
        status: next,
        coordination: {
          requestedOn: today(),
          requestedBy: input.side,
          reason,
          acceptedOn: null,
          extended: false,
          extensionDays: null,
          endedOn: null,
        },
      },
      $push: { events: event(user, "request_coordination", input.side, reason) },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  await auditCase(
    user,
    "bargaining.request_coordination",
    saved,
    { status: loaded.status },
    { status: next, reason },
  );
  await notifyUsers({
    userIds: await instructorIds(saved),
    kind: "bargaining.coordination",
    title: `${saved.enterpriseNames[0]}：${sideLabel(input.side)}申请劳动行政部门协调处理`,
    body: reason,
    link: caseLink(saved),
    dedupeKey: `bargaining:${String(saved._id)}:coordination:${today()}`,
  });
  return saved;
}

/** The extension as entered ("" = none): a whole number of days within the rule set's limit (第52条). */
function extensionDaysOf(value: string | number | null | undefined, loaded: LoadedCase): number | null {
  const text = String(value ?? "").trim();
  if (text === "" || text === "0") return null;
  const days = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  const problem = coordinationExtensionProblem(days, rulesOfCase(loaded.doc));
  if (problem) throw new UserError(problem, { extensionDays: [problem] });
  return days;
}

function requireCoordination(loaded: LoadedCase) {
  if (loaded.status !== "coordination_offer" && loaded.status !== "coordination_talks")
    throw new UserError("当前不在协调处理中");
}

/**
 * The labour administration accepted the application: the 30-day period starts (第52条); an extension
 * already decided may be entered with it.
 */
export async function recordCoordinationAccepted(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; acceptedOn: string; extensionDays?: string | number | null },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  requireCoordination(loaded);
  const acceptedOn = checkDate(input.acceptedOn, "受理日期");
  if (loaded.doc.coordination.requestedOn && acceptedOn < loaded.doc.coordination.requestedOn)
    throw new UserError("受理日期不能早于申请日期", { acceptedOn: ["受理日期不能早于申请日期"] });
  if (acceptedOn > today())
    throw new UserError("受理日期不能晚于今天", { acceptedOn: ["受理日期不能晚于今天"] });
  const extensionDays = extensionDaysOf(input.extensionDays, loaded);
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: {
        "coordination.acceptedOn": acceptedOn,
        "coordination.extensionDays": extensionDays,
        "coordination.extended": extensionDays !== null,
      },
      $push: {
        events: event(
          user,
          "coordination_accepted",
          input.side,
          `受理日期 ${acceptedOn}${extensionDays ? `，延长${extensionDays}日` : ""}`,
        ),
      },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  await auditCase(user, "bargaining.coordination_accepted", saved, null, { acceptedOn, extensionDays });
  return saved;
}

/** The labour administration extends the coordination by N days (at most 15, 第52条), once accepted. */
export async function extendCoordination(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; extensionDays: string | number },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  requireCoordination(loaded);
  if (!loaded.doc.coordination.acceptedOn) throw new UserError("请先登记劳动行政部门受理协调处理申请的日期");
  const extensionDays = extensionDaysOf(input.extensionDays, loaded);
  if (extensionDays === null)
    throw new UserError("请填写延长的天数", { extensionDays: ["请填写延长的天数"] });
  const before = loaded.doc.coordination.extensionDays ?? null;
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { "coordination.extensionDays": extensionDays, "coordination.extended": true },
      $push: {
        events: event(user, "coordination_extended", input.side, `协调处理期限延长${extensionDays}日`),
      },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  await auditCase(
    user,
    "bargaining.coordination_extended",
    saved,
    { extensionDays: before },
    { extensionDays },
  );
  return saved;
}

export async function concludeCoordination(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; note: string },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const next = machine(loaded, { action: "conclude_coordination" }, role);
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { status: next, "coordination.endedOn": today() },
      $push: {
        events: event(user, "conclude_coordination", input.side, input.note.trim().slice(0, MAX_TEXT)),
      },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  await auditCase(
    user,
    "bargaining.conclude_coordination",
    saved,
    { status: loaded.status },
    { status: next },
  );
  return saved;
}

// ── The topic board ───────────────────────────────────────────────────────────────────────────────────

export interface TopicMoveInput {
  side: Side;
  topicKey: string;
  move: TopicMove;
  /** The side's position (counter / revise), or the reason (reopen). */
  text: string;
}

/** A move on the board: counter-propose, revise, agree (TA), withdraw, retable, reopen; history kept per side. */
export async function moveTopic(user: CurrentUser, caseId: string, version: number, input: TopicMoveInput) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  if (!BOARD_STATUSES.includes(loaded.status))
    throw new UserError("只有在协商准备或协商会议阶段才能调整议题");
  const topic = loaded.doc.topics.find((t) => t.key === input.topicKey);
  if (!topic) throw new UserError("该议题不存在，请刷新后重试");
  const text = input.text.trim().slice(0, MAX_TEXT);
  if ((input.move === "counter" || input.move === "revise") && !text)
    throw new UserError("请填写本方方案", { text: ["请填写本方方案"] });
  const state: TopicState = {
    status: topic.status as TopicState["status"],
    tabledBy: topic.tabledBy,
    lastPositionBy: topic.lastPositionBy,
  };
  const result = moveOnBoard(state, input.move, input.side, text);
  if (!result.ok) refuse(result.error.message);
  const positionField = input.side === "employee" ? "employeePosition" : "employerPosition";
  const otherField = input.side === "employee" ? "employerPosition" : "employeePosition";
  const updated: TopicDoc = {
    ...topic,
    status: result.state.status,
    tabledBy: result.state.tabledBy,
    lastPositionBy: result.state.lastPositionBy,
    ...(input.move === "counter" || input.move === "revise" ? { [positionField]: text } : {}),
    agreedText:
      input.move === "agree"
        ? topic[otherField] || topic[positionField] || topic.title
        : input.move === "reopen"
          ? ""
          : topic.agreedText,
    updatedAt: new Date(),
  };
  const topics = loaded.doc.topics.map((t) => (t.key === topic.key ? updated : t));
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { topics },
      $push: {
        positions: {
          topicKey: topic.key,
          side: input.side,
          text: input.move === "agree" ? `同意：${updated.agreedText}` : text || MOVE_WORDS[input.move],
          status: updated.status,
          roundNo: loaded.doc.roundCount || null,
          byName: user.displayName,
          at: new Date(),
        },
      },
    },
    { status: loaded.status },
  );
  await auditCase(
    user,
    `bargaining.topic_${input.move}`,
    saved,
    { topic: topic.key, status: topic.status },
    { status: updated.status, text },
  );
  return saved;
}

const MOVE_WORDS: Record<TopicMove, string> = {
  counter: "反提案",
  revise: "修改方案",
  agree: "同意",
  withdraw: "撤回议题",
  retable: "重新提出",
  reopen: "重新协商",
};

/** A new topic put on the table during the rounds, with the side's first position. */
export async function addTopic(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; title: string; text: string },
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  if (!BOARD_STATUSES.includes(loaded.status))
    throw new UserError("只有在协商准备或协商会议阶段才能提出议题");
  const title = input.title.trim().slice(0, 200);
  if (!title) throw new UserError("请填写议题名称", { title: ["请填写议题名称"] });
  const text = input.text.trim().slice(0, MAX_TEXT);
  const state = tableTopic(input.side);
  const now = new Date();
  const topic: TopicDoc = {
    key: `custom-${now.getTime().toString(36)}`,
    title,
    source: "custom",
    basis: "",
    prescriptionItemId: null,
    status: state.status,
    tabledBy: state.tabledBy,
    lastPositionBy: state.lastPositionBy,
    employeePosition: input.side === "employee" ? text : "",
    employerPosition: input.side === "employer" ? text : "",
    agreedText: "",
    updatedAt: now,
  };
  const saved = await saveCase(
    loaded,
    version,
    {
      $push: {
        topics: topic,
        positions: {
          topicKey: topic.key,
          side: input.side,
          text: text || "提出议题",
          status: "on_table",
          roundNo: loaded.doc.roundCount || null,
          byName: user.displayName,
          at: now,
        },
      },
    },
    { status: loaded.status },
  );
  await auditCase(user, "bargaining.topic_add", saved, null, { title });
  return saved;
}

/**
 * Agreement on every open topic (第34条): the case moves to the agreed-draft step with the draft version
 * chosen, which must pass the checks before the vote (each failure names its article) and have no
 * unresolved comment of the employee side (listed to that side; the employer side only learns that some
 * remain, never what they say).
 */
export async function agreeDraft(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; draftVersion: number },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const board = boardSummary(
    loaded.doc.topics.map((t) => ({
      status: t.status as TopicState["status"],
      tabledBy: t.tabledBy,
      lastPositionBy: t.lastPositionBy,
    })),
  );
  const next = machine(loaded, { action: "agree_draft" }, role, { board });
  const termYears = await requireDraftReady(user, loaded.doc, input.draftVersion);
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: {
        status: next,
        "dates.agreedDraftOn": today(),
        agreedDraftVersion: input.draftVersion,
        ...(termYears !== null ? { termYears } : {}),
      },
      $push: {
        events: event(
          user,
          "agree_draft",
          input.side,
          `${board.agreed}个议题暂定一致；${versionLabel(input.draftVersion)}为协商一致的草案`,
        ),
      },
    },
    { status: loaded.status, recomputeDeadlines: true },
  );
  await auditCase(
    user,
    "bargaining.agree_draft",
    saved,
    { status: loaded.status },
    { status: next, agreed: board.agreed, draftVersion: input.draftVersion },
  );
  await notifyUsers({
    userIds: [...(await instructorIds(saved))],
    kind: "bargaining.step",
    title: `${saved.enterpriseNames[0]}：集体合同草案已协商一致`,
    body: "下一步：提交职工代表大会或全体职工讨论。",
    link: caseLink(saved),
    dedupeKey: `bargaining:${String(saved._id)}:draft_agreed`,
  });
  return saved;
}
