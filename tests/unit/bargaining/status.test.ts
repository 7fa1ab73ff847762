import {
  CASE_STATUSES,
  availableCaseActions,
  describeOwner,
  isResponseOverdue,
  nextCaseStatus,
  nextStepOwner,
  representativesProtected,
  stageOf,
  transition,
  type CaseAction,
  type CaseActorRole,
  type CaseCommand,
  type CaseFacts,
  type CaseStatus,
} from "~/domain/bargaining/status";

/** Facts under which every guard passes: the table and the actors are what is tested. */
const OPEN: CaseFacts = {
  today: "2026-06-01",
  offeringSide: "employee",
  responseDueOn: "2026-03-23",
  representativeIssues: 0,
  recorderAgreed: true,
  board: { open: 0, agreed: 3 },
  voteResult: "passed",
  effectiveOn: "2026-05-01",
  renewalWindowStartsOn: "2026-05-01",
  expiresOn: "2026-05-31",
  renewalInEffect: true,
};

const COMMANDS: Record<CaseAction, CaseCommand> = {
  send_offer: { action: "send_offer" },
  withdraw_offer: { action: "withdraw_offer", reason: "企业已注销" },
  respond_agree: { action: "respond_agree" },
  respond_agree_other_topics: { action: "respond_agree_other_topics", otherTopics: ["培训"] },
  respond_refuse: { action: "respond_refuse", reason: "正在破产清算" },
  request_coordination: { action: "request_coordination" },
  conclude_coordination: { action: "conclude_coordination" },
  name_representatives: { action: "name_representatives" },
  begin_preparation: { action: "begin_preparation" },
  open_rounds: { action: "open_rounds" },
  suspend: {
    action: "suspend",
    nextMeeting: { date: "2026-06-15", place: "三楼会议室", topics: ["劳动报酬"] },
  },
  resume: { action: "resume" },
  agree_draft: { action: "agree_draft" },
  submit_to_congress: { action: "submit_to_congress" },
  record_vote_passed: { action: "record_vote_passed" },
  record_vote_failed: { action: "record_vote_failed" },
  sign: { action: "sign" },
  file: { action: "file" },
  confirm_receipt: { action: "confirm_receipt" },
  record_objection: { action: "record_objection", objectedClauses: ["第五条"] },
  take_effect: { action: "take_effect" },
  record_performance_check: { action: "record_performance_check" },
  open_renewal_window: { action: "open_renewal_window" },
  renew: { action: "renew" },
  expire: { action: "expire" },
  close: { action: "close", reason: "双方同意终止" },
};

/** The whole table: every (status, action) pair that is allowed, and where it leads. */
const TABLE: [CaseStatus, CaseAction, CaseStatus][] = [
  ["offer_drafted", "send_offer", "offer_sent"],
  ["offer_drafted", "withdraw_offer", "closed"],
  ["offer_sent", "withdraw_offer", "closed"],
  ["offer_sent", "respond_agree", "accepted"],
  ["offer_sent", "respond_agree_other_topics", "accepted"],
  ["offer_sent", "respond_refuse", "refused"],
  ["offer_sent", "request_coordination", "coordination_offer"],
  ["refused", "request_coordination", "coordination_offer"],
  ["in_rounds", "request_coordination", "coordination_talks"],
  ["suspended", "request_coordination", "coordination_talks"],
  ["coordination_offer", "conclude_coordination", "accepted"],
  ["coordination_talks", "conclude_coordination", "in_rounds"],
  ["accepted", "name_representatives", "representatives_named"],
  ["representatives_named", "begin_preparation", "preparation"],
  ["preparation", "open_rounds", "in_rounds"],
  ["in_rounds", "suspend", "suspended"],
  ["suspended", "resume", "in_rounds"],
  ["in_rounds", "agree_draft", "draft_agreed"],
  ["draft_agreed", "submit_to_congress", "congress_vote"],
  ["congress_vote", "record_vote_passed", "approved"],
  ["congress_vote", "record_vote_failed", "in_rounds"],
  ["approved", "sign", "signed"],
  ["signed", "file", "filed"],
  ["filed", "confirm_receipt", "under_review"],
  ["under_review", "record_objection", "in_rounds"],
  ["under_review", "take_effect", "in_effect"],
  ["in_effect", "record_performance_check", "in_effect"],
  ["renewal_window", "record_performance_check", "renewal_window"],
  ["in_effect", "open_renewal_window", "renewal_window"],
  ["renewal_window", "renew", "renewed"],
  ["in_effect", "expire", "expired"],
  ["renewal_window", "expire", "expired"],
  ["refused", "close", "closed"],
  ["coordination_offer", "close", "closed"],
  ["coordination_talks", "close", "closed"],
  ["suspended", "close", "closed"],
];

describe("the case table", () => {
  it.each(TABLE)("%s --%s--> %s", (from, action, to) => {
    expect(nextCaseStatus(from, action)).toBe(to);
  });

  it("allows nothing else", () => {
    const allowed = new Set(TABLE.map(([from, action]) => `${from}:${action}`));
    for (const status of CASE_STATUSES)
      for (const action of Object.keys(COMMANDS) as CaseAction[])
        if (!allowed.has(`${status}:${action}`)) expect(nextCaseStatus(status, action)).toBeNull();
  });

  it("ends nowhere: expired, renewed and closed have no way out", () => {
    for (const end of ["expired", "renewed", "closed"] as const)
      for (const role of ["union_chair", "hr", "instructor", "system"] as const)
        expect(availableCaseActions(end, role, "employee")).toEqual([]);
  });

  it("a wrong status is refused with the current status in Chinese", () => {
    const r = transition("offer_drafted", COMMANDS.sign, "union_chair", OPEN);
    expect(r).toEqual({
      ok: false,
      error: { code: "invalid_from_status", message: "当前状态为“要约起草中”，不能双方首席代表签字" },
    });
  });
});

describe("a whole case, from the offer to renewal", () => {
  it("walks through with the right person at each step", () => {
    const steps: [CaseActorRole, CaseAction, CaseStatus][] = [
      ["union_chair", "send_offer", "offer_sent"],
      ["hr", "respond_agree", "accepted"],
      ["union_chair", "name_representatives", "representatives_named"],
      ["hr", "begin_preparation", "preparation"],
      ["union_chair", "open_rounds", "in_rounds"],
      ["hr", "suspend", "suspended"],
      ["union_chair", "resume", "in_rounds"],
      ["hr", "agree_draft", "draft_agreed"],
      ["union_chair", "submit_to_congress", "congress_vote"],
      ["union_chair", "record_vote_passed", "approved"],
      ["hr", "sign", "signed"],
      ["hr", "file", "filed"],
      ["union_chair", "confirm_receipt", "under_review"],
      ["system", "take_effect", "in_effect"],
      ["instructor", "record_performance_check", "in_effect"],
      ["system", "open_renewal_window", "renewal_window"],
      ["union_chair", "renew", "renewed"],
    ];
    let status: CaseStatus = "offer_drafted";
    for (const [role, action, expected] of steps) {
      const r = transition(status, COMMANDS[action], role, OPEN);
      expect([action, r]).toEqual([action, { ok: true, next: expected }]);
      status = expected;
    }
  });
});

describe("who may act", () => {
  it.each<[CaseStatus, CaseAction, CaseActorRole, "employee" | "employer", boolean]>([
    // The offering side sends; either side may offer.
    ["offer_drafted", "send_offer", "union_chair", "employee", true],
    ["offer_drafted", "send_offer", "hr", "employee", false],
    ["offer_drafted", "send_offer", "hr", "employer", true],
    ["offer_drafted", "send_offer", "instructor", "employee", false],
    ["offer_sent", "withdraw_offer", "hr", "employee", false],
    // Only the side that received the offer answers it.
    ["offer_sent", "respond_agree", "hr", "employee", true],
    ["offer_sent", "respond_agree", "union_chair", "employee", false],
    ["offer_sent", "respond_refuse", "union_chair", "employer", true],
    ["offer_sent", "respond_refuse", "system", "employer", false],
    // The union puts the draft to the congress; the employer files (第42条).
    ["draft_agreed", "submit_to_congress", "hr", "employee", false],
    ["congress_vote", "record_vote_passed", "system", "employee", true],
    ["congress_vote", "record_vote_passed", "hr", "employee", false],
    ["signed", "file", "hr", "employee", true],
    ["signed", "file", "union_chair", "employee", false],
    // Dates move the case on; nobody opens the renewal window or ends the term by hand.
    ["in_effect", "open_renewal_window", "union_chair", "employee", false],
    ["in_effect", "expire", "hr", "employee", false],
    ["in_effect", "expire", "system", "employee", true],
    ["under_review", "take_effect", "hr", "employee", true],
    ["in_effect", "record_performance_check", "instructor", "employee", true],
    ["in_rounds", "agree_draft", "instructor", "employee", false],
    ["in_rounds", "agree_draft", "system", "employee", false],
  ])("%s: %s by %s (offer from %s) → %p", (status, action, role, offeringSide, allowed) => {
    const r = transition(status, COMMANDS[action], role, { ...OPEN, offeringSide });
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.error.code).toBe("actor_not_allowed");
  });

  it("says who may act, in Chinese", () => {
    expect(transition("offer_sent", COMMANDS.respond_agree, "union_chair", OPEN)).toEqual({
      ok: false,
      error: { code: "actor_not_allowed", message: "“同意协商”只能由收到要约的用人单位方（HR）办理" },
    });
    expect(transition("signed", COMMANDS.file, "union_chair", OPEN)).toEqual({
      ok: false,
      error: { code: "actor_not_allowed", message: "“报送审查”只能由用人单位方（HR）办理" },
    });
  });

  it("lists the buttons a role has", () => {
    expect(availableCaseActions("offer_sent", "hr", "employee")).toEqual([
      "respond_agree",
      "respond_agree_other_topics",
      "respond_refuse",
      "request_coordination",
    ]);
    expect(availableCaseActions("offer_sent", "union_chair", "employee")).toEqual([
      "withdraw_offer",
      "request_coordination",
    ]);
    expect(availableCaseActions("in_effect", "instructor", "employee")).toEqual(["record_performance_check"]);
  });
});

describe("guards", () => {
  const fails = (status: CaseStatus, command: CaseCommand, role: CaseActorRole, facts: Partial<CaseFacts>) =>
    transition(status, command, role, { ...OPEN, ...facts });

  it.each<[string, CaseStatus, CaseCommand, CaseActorRole, Partial<CaseFacts>, string, string]>([
    [
      "refusing needs a reason (第32条)",
      "offer_sent",
      { action: "respond_refuse", reason: "  " },
      "hr",
      {},
      "reason_required",
      "拒绝协商须书面说明正当理由（《集体合同规定》第三十二条）",
    ],
    [
      "agreeing with other topics lists them",
      "offer_sent",
      { action: "respond_agree_other_topics", otherTopics: [" "] },
      "hr",
      {},
      "topics_required",
      "同意协商并提出其他议题时，请列出提出的议题",
    ],
    [
      "coordination over an unanswered offer waits for the due date (inclusive)",
      "offer_sent",
      { action: "request_coordination" },
      "union_chair",
      { today: "2026-03-23", responseDueOn: "2026-03-23" },
      "response_not_overdue",
      "回应期限至2026-03-23届满，届满前对方未拒绝的，请等待其书面回应（《集体合同规定》第三十二条）",
    ],
    [
      "coordination over an unanswered offer needs its receipt date",
      "offer_sent",
      { action: "request_coordination" },
      "union_chair",
      { responseDueOn: null },
      "fact_missing",
      "尚未登记收到要约的日期，无法判断回应是否逾期",
    ],
    [
      "representatives with problems",
      "accepted",
      { action: "name_representatives" },
      "union_chair",
      { representativeIssues: 2 },
      "representatives_invalid",
      "协商代表名单尚有问题，请按提示修改后再确定",
    ],
    [
      "rounds need the recorder (第33条)",
      "preparation",
      { action: "open_rounds" },
      "hr",
      { recorderAgreed: false },
      "recorder_missing",
      "请先共同确定一名非协商代表担任记录员（《集体合同规定》第三十三条）",
    ],
    [
      "suspension fixes the next time, place and topics (第35条)",
      "in_rounds",
      { action: "suspend", nextMeeting: { date: null, place: "会议室", topics: ["工资"] } },
      "hr",
      {},
      "next_meeting_required",
      "中止协商时，双方应商定下次协商的时间、地点和内容（《集体合同规定》第三十五条）",
    ],
    [
      "the next meeting is not in the past",
      "in_rounds",
      { action: "suspend", nextMeeting: { date: "2026-05-31", place: "会议室", topics: ["工资"] } },
      "hr",
      {},
      "next_meeting_required",
      "下次协商的日期不能早于今天",
    ],
    [
      "open topics block the draft",
      "in_rounds",
      { action: "agree_draft" },
      "union_chair",
      { board: { open: 2, agreed: 5 } },
      "topics_open",
      "尚有2个议题未达成一致，请先达成暂定一致或撤回",
    ],
    [
      "a draft needs at least one agreed topic (第34条)",
      "in_rounds",
      { action: "agree_draft" },
      "union_chair",
      { board: { open: 0, agreed: 0 } },
      "nothing_agreed",
      "尚无达成一致的议题，无法形成草案（《集体合同规定》第三十四条）",
    ],
    [
      "a failed vote cannot be recorded as passed (第36条)",
      "congress_vote",
      { action: "record_vote_passed" },
      "union_chair",
      { voteResult: "failed" },
      "vote_not_passed",
      "表决结果未达到通过所需票数，不能登记为通过（《集体合同规定》第三十六条）",
    ],
    [
      "a passed vote cannot be recorded as failed",
      "congress_vote",
      { action: "record_vote_failed" },
      "union_chair",
      { voteResult: "passed" },
      "vote_not_failed",
      "表决结果不是未通过",
    ],
    [
      "an objection names its clauses (第45条)",
      "under_review",
      { action: "record_objection", objectedClauses: [] },
      "hr",
      {},
      "objected_clauses_required",
      "请列出《审查意见书》提出异议的条款（《集体合同规定》第四十五条）",
    ],
    [
      "no effect before the review period ends (第47条)",
      "under_review",
      { action: "take_effect" },
      "system",
      { today: "2026-06-16", effectiveOn: "2026-06-17" },
      "review_not_over",
      "审查期尚未届满，未提出异议的，自2026-06-17起生效（《集体合同规定》第四十七条）",
    ],
    [
      "the renewal window opens 3 months before expiry (第38条)",
      "in_effect",
      { action: "open_renewal_window" },
      "system",
      { today: "2027-02-27", renewalWindowStartsOn: "2027-02-28" },
      "renewal_window_not_open",
      "期满前3个月内方可提出续签，自2027-02-28起（《集体合同规定》第三十八条）",
    ],
    [
      "a contract expires after its last day",
      "renewal_window",
      { action: "expire" },
      "system",
      { today: "2027-05-31", expiresOn: "2027-05-31" },
      "term_not_over",
      "集体合同至2027-05-31期满，期满后方可终止",
    ],
    [
      "closing needs a reason",
      "refused",
      { action: "close", reason: "" },
      "union_chair",
      {},
      "reason_required",
      "请写明终止的原因",
    ],
  ])("%s", (_name, status, command, role, facts, code, message) => {
    expect(fails(status, command, role, facts)).toEqual({ ok: false, error: { code, message } });
  });

  it.each<[string, CaseStatus, CaseCommand, CaseActorRole, Partial<CaseFacts>]>([
    [
      "coordination the day after the due date",
      "offer_sent",
      COMMANDS.request_coordination,
      "union_chair",
      {
        today: "2026-03-24",
        responseDueOn: "2026-03-23",
      },
    ],
    [
      "coordination after a refusal needs no date",
      "refused",
      COMMANDS.request_coordination,
      "union_chair",
      {
        responseDueOn: null,
      },
    ],
    ["coordination in a deadlock", "in_rounds", COMMANDS.request_coordination, "hr", { responseDueOn: null }],
    [
      "effect on the effective date",
      "under_review",
      COMMANDS.take_effect,
      "system",
      {
        today: "2026-06-17",
        effectiveOn: "2026-06-17",
      },
    ],
    [
      "the renewal window on its first day",
      "in_effect",
      COMMANDS.open_renewal_window,
      "system",
      {
        today: "2027-02-28",
        renewalWindowStartsOn: "2027-02-28",
      },
    ],
    [
      "expiry the day after the last day",
      "in_effect",
      COMMANDS.expire,
      "system",
      {
        today: "2027-06-01",
        expiresOn: "2027-05-31",
      },
    ],
    [
      "a failed vote goes back to the rounds",
      "congress_vote",
      COMMANDS.record_vote_failed,
      "union_chair",
      {
        voteResult: "failed",
      },
    ],
    [
      "withdrawn topics do not block the draft",
      "in_rounds",
      COMMANDS.agree_draft,
      "hr",
      {
        board: { open: 0, agreed: 1 },
      },
    ],
  ])("passes: %s", (_name, status, command, role, facts) => {
    expect(transition(status, command, role, { ...OPEN, ...facts }).ok).toBe(true);
  });
});

describe("overdue, owners, stages and protection", () => {
  it.each<[CaseStatus, string | null, string, boolean]>([
    ["offer_sent", "2026-03-23", "2026-03-23", false], // due today: not yet overdue
    ["offer_sent", "2026-03-23", "2026-03-24", true],
    ["offer_sent", null, "2026-12-31", false], // receipt not recorded
    ["accepted", "2026-03-23", "2026-04-30", false], // answered
  ])("%s due %s on %s → overdue %p", (status, due, today, overdue) => {
    expect(isResponseOverdue(status, due, today)).toBe(overdue);
  });

  it.each<[CaseStatus, "employee" | "employer", string]>([
    ["offer_drafted", "employee", "职工方"],
    ["offer_sent", "employee", "用人单位方"],
    ["offer_sent", "employer", "职工方"],
    ["draft_agreed", "employer", "职工方"],
    ["signed", "employee", "用人单位方"],
    ["under_review", "employee", "劳动行政部门"],
    ["coordination_offer", "employee", "劳动行政部门"],
    ["in_rounds", "employee", "双方"],
    ["closed", "employee", "无"],
  ])("%s (offer from %s): next step owed by %s", (status, offeringSide, owner) => {
    expect(describeOwner(nextStepOwner(status, offeringSide))).toBe(owner);
  });

  it("every status has a stage", () => {
    for (const s of CASE_STATUSES) expect(stageOf(s)).toEqual(expect.any(String));
    expect(stageOf("congress_vote")).toBe("approval");
    expect(stageOf("renewal_window")).toBe("performance");
  });

  it.each<[CaseStatus, boolean]>([
    ["offer_sent", false],
    ["accepted", false],
    ["representatives_named", true],
    ["in_rounds", true],
    ["coordination_talks", true],
    ["under_review", true],
    ["in_effect", true],
    ["renewal_window", true],
    ["expired", false],
    ["closed", false],
  ])("%s: employee representatives protected (第28条) %p", (status, protectedNow) => {
    expect(representativesProtected(status)).toBe(protectedNow);
  });
});

describe("renewal (第38条)", () => {
  it("the old contract becomes renewed only once the renewing case's contract is in effect", () => {
    const waiting = transition("renewal_window", { action: "renew" }, "system", {
      ...OPEN,
      renewalInEffect: false,
    });
    expect(waiting).toMatchObject({ ok: false, error: { code: "renewal_not_in_effect" } });
    expect(transition("renewal_window", { action: "renew" }, "system", OPEN)).toEqual({
      ok: true,
      next: "renewed",
    });
    // Not from in_effect: the renewal window opens first.
    expect(transition("in_effect", { action: "renew" }, "system", OPEN)).toMatchObject({ ok: false });
  });
});
