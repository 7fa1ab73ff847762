import {
  CASE_KINDS,
  CASE_KIND_INFO,
  CASE_SCOPE_INFO,
  isCaseKind,
  isCaseScope,
  scopeProblem,
} from "~/domain/bargaining/case-kinds";
import {
  CONTRACT_TOPICS,
  WAGE_FACTORS,
  WAGE_TOPICS,
  availableTopicMoves,
  boardSummary,
  moveTopic,
  tableTopic,
  topicsForKind,
  type TopicMove,
  type TopicState,
} from "~/domain/bargaining/topics";
import { statuteLibrary } from "../../../templates/statutes";

/** The items of an article as the shipped text lists them: "（一）劳动报酬；" → "劳动报酬". */
function itemsOf(statute: string, article: string): string[] {
  const text = statuteLibrary[statute].articles[article];
  return [...text.matchAll(/（[一二三四五六七八九十]+）([^；。\n]+)[；。]/g)].map((m) => m[1]);
}

describe("topics as data", () => {
  it("集体合同规定 第8条: the 15 items, in order, worded as the statute", () => {
    expect(CONTRACT_TOPICS).toHaveLength(15);
    expect(CONTRACT_TOPICS.map((t) => t.title)).toEqual(itemsOf("集体合同规定", "8"));
    expect(CONTRACT_TOPICS.map((t) => t.item)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it("工资集体协商试行办法 第7条: the 9 wage items", () => {
    expect(WAGE_TOPICS).toHaveLength(9);
    expect(WAGE_TOPICS.map((t) => t.title)).toEqual(itemsOf("工资集体协商试行办法", "7"));
    expect(WAGE_TOPICS[0].source).toEqual({ statute: "工资集体协商试行办法", article: "7" });
  });

  it("工资集体协商试行办法 第8条: the 8 factors of the yearly wage level", () => {
    expect(WAGE_FACTORS.map((t) => t.title)).toEqual(itemsOf("工资集体协商试行办法", "8"));
  });

  it("keys are unique within each list", () => {
    for (const list of [CONTRACT_TOPICS, WAGE_TOPICS, WAGE_FACTORS])
      expect(new Set(list.map((t) => t.key)).size).toBe(list.length);
  });

  it.each([
    ["comprehensive", 15, 15],
    ["wage", 9, 9],
    ["women", 15, 1],
    ["safety", 15, 1],
  ] as const)("%s: %i topics offered, %i suggested", (kind, offered, suggested) => {
    const t = topicsForKind(kind);
    expect(t.topics).toHaveLength(offered);
    expect(t.suggested).toHaveLength(suggested);
    for (const key of t.suggested) expect(t.topics.some((x) => x.key === key)).toBe(true);
  });

  it("women and safety contracts suggest their own item", () => {
    expect(topicsForKind("women").suggested).toEqual(["women_minors"]);
    expect(topicsForKind("safety").suggested).toEqual(["safety_health"]);
  });
});

describe("kinds and scopes", () => {
  it.each([
    ["comprehensive", "集体合同", "51"],
    ["wage", "工资专项集体合同", "52"],
    ["women", "女职工权益保护专项集体合同", "52"],
    ["safety", "劳动安全卫生专项集体合同", "52"],
  ] as const)("%s → %s (劳动合同法 第%s条)", (kind, title, article) => {
    expect(CASE_KIND_INFO[kind].contractLabel).toBe(title);
    expect(CASE_KIND_INFO[kind].source).toEqual({ statute: "劳动合同法", article });
    expect(statuteLibrary["劳动合同法"].articles[article]).toEqual(expect.any(String));
  });

  it("industry and area contracts cite 劳动合同法 第53条", () => {
    expect(CASE_SCOPE_INFO.industry.source).toEqual({ statute: "劳动合同法", article: "53" });
    expect(CASE_SCOPE_INFO.area.label).toBe("区域性");
  });

  it.each([
    ["enterprise", 1, null],
    ["enterprise", 2, "企业集体协商只涉及一家企业，请只选择一家企业"],
    ["industry", 2, null],
    ["area", 1, "区域性集体合同覆盖本行业或本区域的多家企业，请至少选择两家企业（《劳动合同法》第五十三条）"],
  ] as const)("%s with %i enterprises → %p", (scope, n, problem) => {
    expect(scopeProblem(scope, n)).toBe(problem);
  });

  it("guards strings from forms", () => {
    expect(CASE_KINDS.every(isCaseKind)).toBe(true);
    expect(isCaseKind("special")).toBe(false);
    expect(isCaseScope("area")).toBe(true);
    expect(isCaseScope("regional")).toBe(false);
  });
});

describe("the topic board", () => {
  const E = "employee" as const;
  const R = "employer" as const;
  const tabledByE = tableTopic(E);

  it.each<[TopicState, TopicMove, "employee" | "employer", TopicState | string]>([
    // The other side answers: counter-proposal or TA.
    [tabledByE, "counter", R, { status: "counter", tabledBy: E, lastPositionBy: R }],
    [tabledByE, "agree", R, { status: "ta", tabledBy: E, lastPositionBy: R }],
    [
      { status: "counter", tabledBy: E, lastPositionBy: R },
      "counter",
      E,
      { status: "counter", tabledBy: E, lastPositionBy: E },
    ],
    [
      { status: "counter", tabledBy: E, lastPositionBy: R },
      "agree",
      E,
      { status: "ta", tabledBy: E, lastPositionBy: E },
    ],
    // A side cannot answer itself, but may revise its own latest position.
    [tabledByE, "counter", E, "最新方案由职工方提出，请等待用人单位方回应"],
    [tabledByE, "agree", E, "最新方案由职工方提出，请等待用人单位方回应"],
    [tabledByE, "revise", E, tabledByE],
    [tabledByE, "revise", R, "只能修改本方提出的最新方案；回应对方方案请使用反提案"],
    // Withdrawal by the side that tabled it; retabling by anyone.
    [tabledByE, "withdraw", E, { status: "withdrawn", tabledBy: E, lastPositionBy: E }],
    [tabledByE, "withdraw", R, "该议题由职工方提出，只能由其撤回"],
    [
      { status: "withdrawn", tabledBy: E, lastPositionBy: E },
      "retable",
      R,
      { status: "on_table", tabledBy: R, lastPositionBy: R },
    ],
    // From the wrong status.
    [
      { status: "ta", tabledBy: E, lastPositionBy: R },
      "counter",
      E,
      "只有已提出或正在反提案的议题可以反提案",
    ],
    [{ status: "ta", tabledBy: E, lastPositionBy: R }, "withdraw", E, "只有已提出或正在反提案的议题可以撤回"],
    [tabledByE, "retable", E, "只有已撤回的议题可以重新提出"],
    [tabledByE, "reopen", E, "只有已暂定一致的议题可以重新协商"],
  ])("%o --%s by %s--> %o", (state, move, side, expected) => {
    const r = moveTopic(state, move, side);
    if (typeof expected === "string") expect(r).toMatchObject({ ok: false, error: { message: expected } });
    else expect(r).toEqual({ ok: true, state: expected });
  });

  it("reopening a TA (after an objection or by agreement) needs a reason", () => {
    const ta: TopicState = { status: "ta", tabledBy: E, lastPositionBy: R };
    expect(moveTopic(ta, "reopen", R, " ")).toEqual({
      ok: false,
      error: { code: "reason_required", message: "重新协商已暂定一致的议题，请写明原因" },
    });
    expect(moveTopic(ta, "reopen", R, "劳动行政部门对该条款提出异议")).toEqual({
      ok: true,
      state: { status: "on_table", tabledBy: R, lastPositionBy: R },
    });
  });

  it("lists each side's moves", () => {
    expect(availableTopicMoves(tabledByE, E)).toEqual(["revise", "withdraw"]);
    expect(availableTopicMoves(tabledByE, R)).toEqual(["counter", "agree"]);
    expect(availableTopicMoves({ status: "ta", tabledBy: E, lastPositionBy: R }, E)).toEqual(["reopen"]);
  });

  it("summarises the board for the agreed-draft step", () => {
    const states: TopicState[] = [
      tabledByE,
      { status: "counter", tabledBy: E, lastPositionBy: R },
      { status: "ta", tabledBy: E, lastPositionBy: R },
      { status: "ta", tabledBy: R, lastPositionBy: E },
      { status: "withdrawn", tabledBy: R, lastPositionBy: R },
    ];
    expect(boardSummary(states)).toEqual({ open: 2, agreed: 2, withdrawn: 1 });
  });
});
