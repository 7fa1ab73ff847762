import {
  compareAssessments,
  RISK_LEVEL_LABELS,
  riskLevelFor,
  scoreAssessment,
  type AssessmentScore,
} from "~/domain/health-check/scoring";
import type { Answers } from "~/domain/health-check/types";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { compliantAnswers, findingAnswer, gateQuestion, makeTemplate, profile, yesNoItem } from "./helpers";

const base = compliantAnswers(defaultTemplate);
const score = (answers: Answers, p = profile()) => scoreAssessment(defaultTemplate, answers, p);
const findingIds = (s: AssessmentScore) => s.findings.map((f) => f.ruleId);
const dimension = (s: AssessmentScore, id: string) => s.dimensions.find((d) => d.id === id)!;

describe("default template, all compliant", () => {
  it("scores 100 everywhere it applies, 不适用 (null) for dispatch without dispatched workers, risk low", () => {
    const s = score(base);
    expect(s.findings).toEqual([]);
    expect(s.overall).toBe(100);
    expect(s.riskLevel).toBe("low");
    expect(s.dimensions.map((d) => [d.id, d.score])).toEqual([
      ["LC", 100],
      ["WG", 100],
      ["WH", 100],
      ["RL", 100],
      ["SI", 100],
      ["OS", 100],
      ["WM", 100],
      ["RR", 100],
      ["UD", 100],
      ["CB", 100],
      ["DP", null],
      ["RS", 100],
      ["DM", 100],
      ["WA", 100],
    ]);
    expect(dimension(s, "DP")).toMatchObject({ applicableWeight: 0, findingWeight: 0, applicableItems: 0 });
    expect(s.dimensions.reduce((sum, d) => sum + d.applicableWeight, 0)).toBe(146);
  });

  it("weights applicable items H3/M2/L1 and leaves gated and profile-hidden items out", () => {
    const s = score(base);
    // LC: LC-01..LC-10 (H 3+3+3, M 2×5, L 1×2 = 21); LC-11 hidden behind its gate.
    expect(dimension(s, "LC")).toMatchObject({ applicableWeight: 21, applicableItems: 10 });
    // OS: OS-01, OS-02 (H) only; OS-03..05 gated off.
    expect(dimension(s, "OS")).toMatchObject({ applicableWeight: 6, applicableItems: 2 });
    // WA: WA-01 H, WA-03 M, WA-04 L; WA-02 only for construction (industry E).
    expect(dimension(s, "WA").applicableWeight).toBe(6);
    expect(dimension(score(base, profile({ industry: "E" })), "WA").applicableWeight).toBe(9);
  });
});

describe("hidden questions do not count", () => {
  it("an answer behind a closed gate is ignored; opening the gate makes it a finding", () => {
    const answers = { ...base, "LC-11": findingAnswer(defaultTemplate, "LC-11") };
    expect(findingIds(score(answers))).toEqual([]);
    expect(findingIds(score({ ...answers, "LC-11g": true }))).toEqual(["LC-11"]);
    expect(dimension(score({ ...answers, "LC-11g": true }), "LC")).toMatchObject({
      applicableWeight: 22,
      findingWeight: 1,
      score: 95.5,
    });
  });

  it("RS-02 answered 否 stops counting once RS-01 turns to 否", () => {
    const answers = { ...base, "RS-01": true, "RS-02": false };
    expect(findingIds(score(answers))).toEqual(["RS-02"]);
    expect(findingIds(score({ ...answers, "RS-01": false }))).toEqual([]);
  });

  it.each([
    ["UD-01", { headcount: 24 }, { headcount: 25 }],
    ["UD-02", { unionEstablished: false }, { unionEstablished: true }],
    ["UD-05", { congressEstablished: false }, { congressEstablished: true }],
    ["WA-02", { industry: "C" }, { industry: "E" }],
    ["DP-02", { usesDispatch: false }, { usesDispatch: true }],
  ])("%s follows the enterprise profile", (id, hidden, shown) => {
    const answers = { ...base, [id]: findingAnswer(defaultTemplate, id) };
    expect(findingIds(score(answers, profile(hidden)))).not.toContain(id);
    expect(findingIds(score(answers, profile(shown)))).toContain(id);
  });

  it("a dimension whose items are all hidden is 不适用 and leaves the overall alone", () => {
    const t = makeTemplate(
      ["A", "B"],
      [
        yesNoItem("A-1", "A", "H"),
        gateQuestion("B-1g", "B"),
        yesNoItem("B-1", "B", "H", { visibleWhen: { answer: "B-1g", op: "eq", value: true } }),
      ],
    );
    const s = scoreAssessment(t, { "A-1": true, "B-1g": false, "B-1": false }, profile());
    expect(s.dimensions.map((d) => d.score)).toEqual([100, null]);
    expect(s.overall).toBe(100);
    expect(s.findings).toEqual([]);
  });
});

describe("unanswered optional questions do not count", () => {
  const t = makeTemplate(
    ["A"],
    [yesNoItem("A-1", "A", "H"), yesNoItem("A-2", "A", "M", { required: false })],
  );

  it.each([
    ["optional unanswered", { "A-1": false }, 3, 0],
    ["optional answered compliant", { "A-1": false, "A-2": true }, 5, 40],
    ["optional answered finding", { "A-1": true, "A-2": false }, 5, 60],
    ["nothing answered", {}, 0, null],
  ])("%s", (_label, answers: Answers, applicable, expected) => {
    const d = scoreAssessment(t, answers, profile()).dimensions[0];
    expect(d.applicableWeight).toBe(applicable);
    expect(d.score).toBe(expected);
  });
});

describe("number rules", () => {
  const dispatch = profile({ usesDispatch: true });

  it.each([
    [90, 10, false, "exactly 10 % is within the limit"],
    [9, 1, false, "exactly 10 %"],
    [89, 10, true, "10 of 99 is just above 10 %"],
    [899, 101, true, "10.1 %"],
    [100, 0, false, "no dispatched workers"],
    [0, 0, false, "no one at all: no ratio, no finding"],
    [0, 5, true, "only dispatched workers"],
  ])("DP-01 with %i contract and %i dispatched → finding %s (%s)", (contract, dispatched, finding) => {
    const s = score({ ...base, "DP-01a": contract, "DP-01b": dispatched }, dispatch);
    expect(findingIds(s).includes("DP-01")).toBe(finding);
  });

  it.each([
    [2490, 2490, false],
    [2489.99, 2490, true],
    [2000, 2490, true],
    [3000, 2490, false],
  ])("WG-03: lowest wage %d vs minimum wage %d → finding %s", (lowest, minimum, finding) => {
    const s = score({ ...base, "WG-03a": lowest, "WG-03b": minimum });
    expect(findingIds(s).includes("WG-03")).toBe(finding);
  });

  it("WG-03 needs both numbers: with one missing it does not count", () => {
    const s = score({ ...base, "WG-03a": 1000, "WG-03b": null });
    expect(findingIds(s)).not.toContain("WG-03");
    expect(dimension(s, "WG").applicableWeight).toBe(dimension(score(base), "WG").applicableWeight - 3);
  });

  it.each([
    ["LC-02", 30, false],
    ["LC-02", 31, true],
    ["WH-02", 36, false],
    ["WH-02", 36.5, true],
    ["DM-02", 2, false],
    ["DM-02", 3, true],
  ])("%s = %d → finding %s", (id, value, finding) => {
    expect(findingIds(score({ ...base, [id]: value })).includes(id)).toBe(finding);
  });

  it("a finding quotes the numbers it was decided on", () => {
    const s = score({ ...base, "WG-03a": 2000, "WG-03b": 2490 });
    expect(s.findings[0]).toMatchObject({
      ruleId: "WG-03",
      severity: "H",
      deadlineDays: 30,
      weight: 3,
      answers: { "WG-03a": 2000, "WG-03b": 2490 },
      legalBasis: "劳动法 第48条；最低工资规定 第12条",
      citations: [
        { statute: "劳动法", article: "48" },
        { statute: "最低工资规定", article: "12" },
      ],
    });
  });
});

describe("risk level", () => {
  it.each([
    [59.9, 0, "high"],
    [60, 0, "medium"],
    [79.9, 0, "medium"],
    [80, 0, "low"],
    [100, 0, "low"],
    [95, 1, "medium"],
    [95, 2, "medium"],
    [95, 3, "high"],
    [100, 4, "high"],
    [null, 0, "low"],
    [null, 3, "high"],
  ] as const)("overall %s with %i H findings → %s", (overall, highs, level) => {
    expect(riskLevelFor(overall, highs)).toBe(level);
    expect(RISK_LEVEL_LABELS[level]).toBe({ high: "高", medium: "中", low: "低" }[level]);
  });

  // Item weights set through the question override so the overall lands exactly on a boundary.
  it.each([
    [401, 599, 59.9, "high"],
    [400, 600, 60, "medium"],
    [201, 799, 79.9, "medium"],
    [200, 800, 80, "low"],
  ])("scored end to end: finding weight %i of %i+%i → %d, %s", (findingWeight, okWeight, overall, level) => {
    const t = makeTemplate(
      ["A"],
      [
        yesNoItem("A-1", "A", "L", { weight: findingWeight }),
        yesNoItem("A-2", "A", "L", { weight: okWeight }),
      ],
    );
    const s = scoreAssessment(t, { "A-1": false, "A-2": true }, profile());
    expect(s.overall).toBe(overall);
    expect(s.riskLevel).toBe(level);
  });

  it("three H findings make the risk high even with a high score", () => {
    const three = { ...base, "WG-01": false, "RL-01": false, "WM-08": true };
    const s = score(three);
    expect(s.overall).toBeGreaterThan(90);
    expect(s.riskLevel).toBe("high");
    expect(score({ ...three, "WM-08": false }).riskLevel).toBe("medium");
  });

  it("an M finding alone keeps a high score low-risk", () => {
    const s = score({ ...base, "LC-03": false });
    expect(s.overall).toBeGreaterThanOrEqual(80);
    expect(s.riskLevel).toBe("low");
  });
});

describe("dimension and overall scores", () => {
  it("weights the overall by each dimension's applicable weight, not a plain mean", () => {
    const t = makeTemplate(["A", "B"], [yesNoItem("A-1", "A", "H"), yesNoItem("B-1", "B", "L")]);
    const s = scoreAssessment(t, { "A-1": false, "B-1": true }, profile());
    expect(s.dimensions.map((d) => [d.score, d.applicableWeight])).toEqual([
      [0, 3],
      [100, 1],
    ]);
    expect(s.overall).toBe(25); // (0 × 3 + 100 × 1) ÷ 4; a plain mean would be 50
  });

  it.each([
    [[1], [2], 66.7],
    [[2], [1], 33.3],
    [[1], [15], 93.8], // 93.75 rounds half up
    [[3, 2], [2, 2, 1], 50],
  ])("findings weighing %j with compliant %j score %d", (bad, good, expected) => {
    const items = [
      ...bad.map((w, i) => yesNoItem(`A-${i}`, "A", "L", { weight: w })),
      ...good.map((w, i) => yesNoItem(`A-${i + 10}`, "A", "L", { weight: w })),
    ];
    const answers = Object.fromEntries(items.map((it, i) => [it.question.id, i >= bad.length]));
    expect(scoreAssessment(makeTemplate(["A"], items), answers, profile()).dimensions[0].score).toBe(
      expected,
    );
  });

  it("a gate's weight 0 never enters the score", () => {
    const s = score({ ...base, "OS-03g": true, "OS-03": true });
    expect(dimension(s, "OS")).toMatchObject({ applicableWeight: 9, applicableItems: 3, score: 100 });
  });

  it("is deterministic and independent of the order answers are given in", () => {
    const answers = { ...base, "LC-01": "partial", "WH-02": 50 };
    const reversed = Object.fromEntries(Object.entries(answers).reverse());
    expect(score(reversed)).toEqual(score(answers));
    expect(findingIds(score(answers))).toEqual(["LC-01", "WH-02"]);
  });

  it("gives each finding the default deadline of its severity and marks signals", () => {
    const s = score({ ...base, "LC-07": false, "SI-03": false, "WA-01": true });
    expect(s.findings.map((f) => [f.ruleId, f.severity, f.deadlineDays, f.signal])).toEqual([
      ["LC-07", "L", 90, false],
      ["SI-03", "M", 60, false],
      ["WA-01", "H", 30, true],
    ]);
  });
});

describe("compareAssessments", () => {
  const previous = score({ ...base, "LC-07": false, "WG-01": false, "SI-03": false });
  const current = score(
    { ...base, "WG-01": false, "SI-03": false, "WH-03": true },
    profile({ usesDispatch: true }),
  );

  it("splits findings into resolved, new and persisting", () => {
    const cmp = compareAssessments(previous, current);
    expect(cmp.resolvedFindings.map((f) => f.ruleId)).toEqual(["LC-07"]);
    expect(cmp.newFindings.map((f) => f.ruleId)).toEqual(["WH-03"]);
    expect(cmp.persistingFindings.map((f) => f.ruleId)).toEqual(["WG-01", "SI-03"]);
  });

  it("puts dimension scores side by side with their delta", () => {
    const cmp = compareAssessments(previous, current);
    const row = (id: string) => cmp.dimensions.find((d) => d.id === id);
    expect(row("LC")).toEqual({ id: "LC", title: "劳动合同", previous: 95.2, current: 100, delta: 4.8 });
    expect(row("WH")).toEqual({ id: "WH", title: "工作时间与加班", previous: 100, current: 75, delta: -25 });
    expect(row("DP")).toEqual({
      id: "DP",
      title: "劳务派遣与用工形式",
      previous: null,
      current: 100,
      delta: null,
    });
    // 140 of 146 vs 150 of 157 (dispatch adds DP's 11): 95.890… → 95.9 and 95.541… → 95.5.
    expect(cmp.overall).toEqual({ previous: 95.9, current: 95.5, delta: -0.4 });
    expect(cmp.riskLevel).toEqual({ previous: "medium", current: "medium" });
  });
});

describe("compareAssessments counts (resolved / new / not applicable)", () => {
  const dispatch = profile({ usesDispatch: true });
  // Before: LC-07 and DP-02 found, WG-01 found. Now: LC-07 answered compliantly, the enterprise no longer
  // uses dispatched workers (DP-02 no longer applies), WG-01 still found, WH-03 new.
  const previous = score(
    { ...base, "LC-07": false, "DP-02": findingAnswer(defaultTemplate, "DP-02"), "WG-01": false },
    dispatch,
  );
  const current = score({ ...base, "WG-01": false, "WH-03": true });

  it("counts a finding resolved only when its item is answered compliantly now", () => {
    expect(findingIds(previous)).toEqual(expect.arrayContaining(["LC-07", "DP-02", "WG-01"]));
    const cmp = compareAssessments(previous, current);
    expect(cmp.resolvedFindings.map((f) => f.ruleId)).toEqual(["LC-07"]);
    expect(cmp.notApplicableFindings.map((f) => f.ruleId)).toEqual(["DP-02"]);
    expect(cmp.newFindings.map((f) => f.ruleId)).toEqual(["WH-03"]);
    expect(cmp.persistingFindings.map((f) => f.ruleId)).toEqual(["WG-01"]);
  });

  it("counts an item left unanswered now as not applicable, not resolved", () => {
    const unanswered: Answers = { ...base, "WG-01": false };
    delete unanswered["LC-07"];
    const cmp = compareAssessments(previous, score(unanswered));
    expect(cmp.resolvedFindings.map((f) => f.ruleId)).toEqual([]);
    expect(cmp.notApplicableFindings.map((f) => f.ruleId).sort()).toEqual(["DP-02", "LC-07"]);
  });

  it("falls back to the dimension's applicability for a score stored before item ids were kept", () => {
    const legacy: AssessmentScore = {
      ...current,
      dimensions: current.dimensions.map(({ applicableRuleIds: _, ...d }) => d),
    };
    const cmp = compareAssessments(previous, legacy);
    expect(cmp.resolvedFindings.map((f) => f.ruleId)).toEqual(["LC-07"]);
    expect(cmp.notApplicableFindings.map((f) => f.ruleId)).toEqual(["DP-02"]);
  });
});
