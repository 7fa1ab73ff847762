import { contractStateOf } from "~/domain/enterprise";
import { addDays } from "~/domain/dates";
import {
  compactCounters,
  contractExpiredWhere,
  contractInEffectWhere,
  inFunnelBar,
  isContractInEffect,
  isExpiring,
  isItemOverdue,
  medianOf,
  orgFigures,
  periodOf,
} from "~/domain/dashboards/figures";
import {
  caseRow,
  checkRow,
  enterpriseRow,
  FUNNEL_STEPS,
  funnelReached,
  itemRow,
  planRow,
  responseRow,
} from "~/domain/dashboards/rows";
import { addCounters, summarise } from "~/domain/dashboards/summaries";

const ORG = "0123456789abcdef01234567";
const TODAY = "2026-12-01";

describe("figure definitions", () => {
  it.each([
    [null, true],
    ["2026-12-01", true],
    ["2026-11-30", false],
  ])("a contract in effect until %s covers today: %s", (until, covered) => {
    expect(isContractInEffect(until, TODAY)).toBe(covered);
  });

  it("counts a contract through its expiry day and not the day after, from its effective day", () => {
    const until = "2026-12-01";
    expect(isContractInEffect(until, "2026-12-01")).toBe(true);
    expect(isContractInEffect(until, "2026-12-02")).toBe(false);
    expect(isContractInEffect("", TODAY)).toBe(true);
    expect(isContractInEffect(null, TODAY, "2026-12-01")).toBe(true);
    expect(isContractInEffect(null, TODAY, "2026-12-02")).toBe(false);
  });

  it("is the definition the enterprise pages use (contractStateOf) and the one the list filters by", () => {
    for (const [until, today] of [
      ["2026-12-01", "2026-12-01"],
      ["2026-12-01", "2026-12-02"],
      [null, TODAY],
      ["", TODAY],
    ] as const) {
      const state = contractStateOf({ contractStatus: "in_effect", contractValidUntil: until }, today);
      expect(state === "in_effect").toBe(isContractInEffect(until, today));
    }
    expect(contractInEffectWhere("2026-12-02")).toEqual({
      contractStatus: "in_effect",
      $or: [
        { contractValidUntil: null },
        { contractValidUntil: "" },
        { contractValidUntil: { $gte: "2026-12-02" } },
      ],
    });
    expect(contractExpiredWhere("2026-12-02")).toEqual({
      contractStatus: "in_effect",
      contractValidUntil: { $lt: "2026-12-02", $gt: "" },
    });
  });

  it("covers an enterprise whose end date is empty, as the list does", () => {
    const e = enterpriseRow({
      unionOrgId: ORG,
      industry: "C",
      contractStatus: "in_effect",
      contractValidUntil: "",
    })!;
    const c = summarise("enterprise", { e1: e.row });
    expect(orgFigures(c, periodOf("year", TODAY), TODAY).coverage.covered).toBe(1);
  });

  it.each([
    [false, "2026-11-30", true],
    [false, "2026-12-01", false],
    [true, "2026-01-01", false],
  ])("an item (closed %s) due %s is overdue: %s", (closed, due, overdue) => {
    expect(isItemOverdue(closed, due, TODAY)).toBe(overdue);
  });

  it.each([
    ["2026-12-01", true],
    ["2027-03-01", true],
    ["2027-03-02", false],
    ["2026-11-30", false],
    [null, false],
  ])("a contract ending %s is expiring: %s", (exp, expiring) => {
    expect(isExpiring(exp, TODAY)).toBe(expiring);
  });

  it("takes the median of a histogram", () => {
    expect(medianOf(new Map())).toBeNull();
    expect(medianOf(new Map([[5, 1]]))).toBe(5);
    expect(
      medianOf(
        new Map([
          [1, 2],
          [10, 1],
        ]),
      ),
    ).toBe(1);
    expect(
      medianOf(
        new Map([
          [1, 1],
          [3, 1],
          [10, 1],
        ]),
      ),
    ).toBe(3);
  });

  it("builds periods that end today", () => {
    expect(periodOf("year", TODAY).months).toHaveLength(12);
    expect(periodOf("year", "2026-03-05").months).toEqual(["2026-01", "2026-02", "2026-03"]);
    const last12 = periodOf("last12", "2026-03-05");
    expect(last12.from).toBe("2025-04-01");
    expect(last12.months).toHaveLength(12);
    expect(periodOf("since_prev", TODAY).months).toHaveLength(24);
  });

  it("orders the bargaining funnel: each step implies the ones before", () => {
    expect(funnelReached("offer_drafted", {})).toBe(-1);
    expect(funnelReached("offer_sent", { offerSentOn: "2026-05-01" })).toBe(0);
    expect(funnelReached("accepted", {})).toBe(1);
    expect(funnelReached("in_rounds", {})).toBe(2);
    expect(funnelReached("approved", {})).toBe(3);
    expect(funnelReached("filed", {})).toBe(4);
    expect(funnelReached("in_effect", {})).toBe(5);
    expect(funnelReached("closed", { offerSentOn: "2026-05-01" })).toBe(0);
  });
});

describe("summaries and figures", () => {
  const ent = (over: Partial<Parameters<typeof enterpriseRow>[0]> = {}) =>
    enterpriseRow({ unionOrgId: ORG, industry: "C", ...over })!.row;

  it("counts coverage: union, contracts in effect (not expired), archived left out", () => {
    expect(enterpriseRow({ unionOrgId: ORG, industry: "C", archived: true })).toBeNull();
    const c = summarise("enterprise", {
      a: ent({
        unionEstablishedOn: "2020-01-01",
        contractStatus: "in_effect",
        contractValidUntil: "2027-01-01",
      }),
      b: ent({
        unionEstablishedOn: "2020-01-01",
        contractStatus: "in_effect",
        contractValidUntil: "2026-11-30",
      }),
      c: ent({ contractStatus: "in_effect" }),
      d: ent(),
    });
    const f = orgFigures(c, periodOf("year", TODAY), TODAY).coverage;
    expect(f).toMatchObject({ enterprises: 4, withUnion: 2, unionRate: 50, covered: 2, coverageRate: 50 });
  });

  it("counts an enterprise's latest accepted check only, in the period", () => {
    const check = (e: string, acceptedAt: string, riskLevel: string, overall: number) =>
      checkRow(
        {
          unionOrgId: ORG,
          enterpriseId: e,
          status: "accepted",
          profile: { industry: "C" },
          acceptedAt: new Date(`${acceptedAt}T04:00:00Z`),
          riskLevel,
          overall,
        },
        null,
      ).row;
    const c = summarise("check", {
      a1: check("e1", "2025-06-01", "high", 50),
      a2: check("e1", "2026-06-01", "low", 90),
      b1: check("e2", "2025-03-01", "medium", 70.5),
      c1: checkRow({ unionOrgId: ORG, enterpriseId: "e3", status: "submitted" }, null).row,
    });
    const year = orgFigures(c, periodOf("year", TODAY), TODAY);
    expect(year.coverage.checked).toBe(1);
    expect(year.risk.levels).toEqual({ high: 0, medium: 0, low: 1 });
    const both = orgFigures(c, periodOf("since_prev", TODAY), TODAY);
    expect(both.coverage.checked).toBe(2);
    expect(both.risk.levels).toEqual({ high: 0, medium: 1, low: 1 });
    expect(both.risk.byIndustry).toEqual({ C: { medium: 1, low: 1 } });
    expect(both.risk.trend.find((t) => t.month === "2025-06")).toMatchObject({ average: 50, checks: 1 });
    expect(both.risk.trend.find((t) => t.month === "2025-03")).toMatchObject({ average: 70.5 });
  });

  it("counts rectification: issued, verified, overdue, median days", () => {
    const item = (status: string, issuedOn: string, dueOn: string, closedAt?: string) =>
      itemRow({
        unionOrgId: ORG,
        enterpriseId: "e1",
        status,
        issuedOn,
        dueOn,
        closedAt: closedAt ? new Date(`${closedAt}T04:00:00Z`) : null,
        dimensionId: "contract",
        title: "未签劳动合同|x",
      });
    const items = [
      item("closed", "2026-03-01", "2026-04-01", "2026-03-11"),
      item("closed", "2026-03-01", "2026-04-01", "2026-03-31"),
      item("in_progress", "2026-03-01", "2026-11-30"),
      item("submitted", "2026-10-01", "2026-12-01"),
    ];
    expect(items[0].part).toBe("item:2026-03");
    const c = addCounters(
      summarise("item", { a: items[0].row, b: items[1].row, c: items[2].row }),
      summarise("item", { d: items[3].row }),
    );
    const f = orgFigures(c, periodOf("year", TODAY), TODAY);
    expect(f.rectification).toMatchObject({
      issued: 4,
      verified: 2,
      verifiedRate: 50,
      open: 2,
      overdue: 1,
      overdueRate: 50,
      medianDaysToVerify: 10,
    });
    expect(f.risk.findings[0]).toMatchObject({ dimension: "contract", count: 4 });
  });

  it("counts the funnel of offers sent in the period, overdue responses and expiring contracts", () => {
    const kase = (status: string, offerSentOn: string | null, next: string | null, expiresOn?: string) =>
      caseRow(
        {
          unionOrgId: ORG,
          kind: "wage",
          status,
          enterpriseIds: ["e1", "e2"],
          dates: { offerSentOn, expiresOn },
        },
        next,
      ).row;
    const c = summarise("case", {
      a: kase("offer_sent", "2026-11-01", "2026-11-21"),
      b: kase("offer_sent", "2026-11-25", "2026-12-15"),
      c: kase("in_effect", "2026-02-01", null, "2027-01-31"),
      d: kase("in_effect", "2024-02-01", null, "2027-06-30"),
    });
    const f = orgFigures(c, periodOf("year", TODAY), TODAY);
    expect(f.bargaining.funnel.map((s) => s.count)).toEqual([3, 1, 1, 1, 1, 1]);
    expect(f.bargaining.overdueResponses).toBe(1);
    expect(f.bargaining.expiring).toBe(1);
    expect(f.bargaining.stages).toEqual({ offer: 2, performance: 2 });
    expect(f.coverage.coveredByKind).toEqual({ wage: 4 });
    // Each bar's list (the pipeline filtered by step and period) holds exactly the cases the bar counts.
    const cases: [string, string | null][] = [
      ["offer_sent", "2026-11-01"],
      ["offer_sent", "2026-11-25"],
      ["in_effect", "2026-02-01"],
      ["in_effect", "2024-02-01"],
      ["offer_drafted", null],
    ];
    for (const key of ["year", "since_prev", "last12"] as const) {
      const period = periodOf(key, TODAY);
      const counted = orgFigures(c, period, TODAY).bargaining.funnel;
      for (const bar of counted)
        expect([
          bar.step,
          key,
          cases.filter(([status, off]) => inFunnelBar({ status, offerSentOn: off }, bar.step, period)).length,
        ]).toEqual([bar.step, key, bar.count]);
    }
  });

  it.each([
    // status, offer sent on, step, period: in the bar's list?
    ["offer_sent", "2026-11-01", "offer", "year", true],
    ["offer_sent", "2026-11-01", "responded", "year", false],
    ["accepted", "2026-01-01", "responded", "year", true],
    ["accepted", "2025-12-31", "responded", "year", false],
    ["accepted", "2025-12-31", "responded", "since_prev", true],
    ["in_effect", "2026-03-01", "in_effect", "year", true],
    ["in_effect", "2026-03-01", "filed", "year", true],
    ["filed", "2026-03-01", "in_effect", "year", false],
    ["offer_drafted", null, "offer", null, false],
    ["closed", "2020-05-01", "offer", null, true],
  ] as const)(
    "a %s case offered on %s is in the funnel bar %s of %s: %s",
    (status, off, step, key, expected) => {
      expect(inFunnelBar({ status, offerSentOn: off }, step, key ? periodOf(key, TODAY) : null)).toBe(
        expected,
      );
      expect(FUNNEL_STEPS).toContain(step);
    },
  );

  it("counts milestones due up to today and plans signed off this year", () => {
    const c = summarise("plan", {
      p: planRow({
        unionOrgId: ORG,
        enterpriseId: "e1",
        year: 2026,
        status: "signed_off",
        milestones: [
          { dueOn: "2026-03-01", doneOn: "2026-02-20" },
          { dueOn: "2026-06-01", doneOn: null },
          { dueOn: "2026-12-20", doneOn: null },
        ],
      }).row,
      q: planRow({ unionOrgId: ORG, enterpriseId: "e1", year: 2026, status: "active", milestones: [] }).row,
    });
    const f = orgFigures(c, periodOf("year", TODAY), TODAY);
    expect(f.cultivation).toMatchObject({ plans: 2, signedOff: 1, milestonesDue: 2, milestonesDone: 1 });
    expect(f.coverage.withPlan).toBe(1);
  });

  it("shows survey rates only for groups of at least 5", () => {
    const answer = (p: number) =>
      responseRow({
        unionOrgId: ORG,
        audience: "employee",
        participated: p,
        aware: 1,
        satisfied: 1,
        month: "2026-10",
      }).row;
    const four = summarise("response", { a: answer(1), b: answer(0), c: answer(1), d: answer(1) });
    expect(orgFigures(four, periodOf("year", TODAY), TODAY).quality.participation).toEqual({
      value: null,
      n: 4,
    });
    const five = summarise("response", {
      a: answer(1),
      b: answer(0),
      c: answer(1),
      d: answer(1),
      e: answer(1),
    });
    expect(orgFigures(five, periodOf("year", TODAY), TODAY).quality.participation).toEqual({
      value: 80,
      n: 5,
    });
  });
});

describe("compacted totals", () => {
  /** mulberry32: the same counters every run. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it.each(["2026-12-01", "2026-01-01", "2026-03-31", "2027-04-01"])(
    "keeps every figure of every period, on the day compacted (%s) and every later day",
    (compactedOn) => {
      const rand = random(Number(compactedOn.replace(/-/g, "")));
      const day = () => addDays("2023-06-01", Math.floor(rand() * 365 * 5));
      const c: Record<string, number> = {
        ent: 40,
        "contract|-": 3,
        "effKind|wage|-": 2,
        "open|not-a-day": 1,
      };
      for (let i = 0; i < 3000; i++) {
        const d = day();
        const key = [
          `contract|${d}`,
          `open|${d}`,
          `offerDue|${d}`,
          `exp|${d}`,
          `effKind|${rand() < 0.5 ? "wage" : "comprehensive"}|${d}`,
          `ms|${d}`,
          `msDone|${d}`,
          `issued|${d.slice(0, 7)}`,
          `funnel|${d.slice(0, 7)}|${Math.floor(rand() * 6)}`,
        ][Math.floor(rand() * 9)];
        c[key] = (c[key] ?? 0) + 1 + Math.floor(rand() * 3);
      }
      const compact = compactCounters(c, compactedOn);
      expect(Object.keys(compact).length).toBeLessThan(Object.keys(c).length * 0.7);
      // Compacting again (a later refresh of a compacted total) only merges further.
      expect(compactCounters(compact, compactedOn)).toEqual(compact);
      for (const later of [0, 1, 29, 30, 31, 89, 90, 91, 200, 400, 800]) {
        const today = addDays(compactedOn, later);
        for (const key of ["year", "last12", "since_prev"] as const) {
          const period = periodOf(key, today);
          expect([today, key, orgFigures(compact, period, today)]).toEqual([
            today,
            key,
            orgFigures(c, period, today),
          ]);
        }
      }
    },
  );

  it("merges only days of months wholly before today − 90 days, onto the month's 1st", () => {
    const c = {
      "open|2026-08-31": 1,
      "open|2026-08-02": 2,
      "open|2026-09-03": 4,
      "effKind|wage|2026-07-15": 8,
      "exp|2027-01-05": 16,
      "issued|2026-05": 32,
    };
    expect(compactCounters(c, "2026-12-01")).toEqual({
      "open|2026-08-01": 3,
      "open|2026-09-03": 4,
      "effKind|wage|2026-07-01": 8,
      "exp|2027-01-05": 16,
      "issued|2026-05": 32,
    });
  });
});
