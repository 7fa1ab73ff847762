import { parseAnalysis, analysisProblem } from "~/domain/reports/analysis";
import { orgAverage } from "~/domain/reports/benchmark";
import {
  issueProblems,
  itemProblems,
  mergeItems,
  draftOrder,
  proposeItems,
  type DraftItem,
} from "~/domain/prescriptions/items";
import {
  deadlineNotice,
  headlineFigures,
  itemDueState,
  nextStatus,
  type ItemStatus,
} from "~/domain/prescriptions/status";

describe("item status machine", () => {
  it.each<[ItemStatus, Parameters<typeof nextStatus>[1], ItemStatus | null]>([
    ["issued", "acknowledge", "acknowledged"],
    ["acknowledged", "acknowledge", null],
    ["issued", "work", "in_progress"],
    ["issued", "submit", null],
    ["acknowledged", "submit", "submitted"],
    ["in_progress", "submit", "submitted"],
    ["submitted", "work", null],
    ["submitted", "verify", "closed"],
    ["submitted", "reject", "in_progress"],
    ["in_progress", "verify", null],
    ["closed", "reject", null],
    ["closed", "work", null],
  ])("%s --%s--> %s", (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });
});

describe("deadline state on the Shanghai calendar", () => {
  it.each([
    // [status, dueOn, today, state, notice]
    ["in_progress", "2026-11-23", "2026-11-23", "due_soon", "due_soon"], // due today: not yet overdue
    ["in_progress", "2026-11-22", "2026-11-23", "overdue", "overdue"],
    ["issued", "2026-11-30", "2026-11-23", "due_soon", "due_soon"], // 7 days left
    ["issued", "2026-12-01", "2026-11-23", "on_track", null], // 8 days left
    ["acknowledged", "2026-02-28", "2026-03-01", "overdue", "overdue"], // month end, non-leap year
    ["acknowledged", "2028-02-29", "2028-02-29", "due_soon", "due_soon"], // leap day
    ["in_progress", "2026-12-31", "2027-01-01", "overdue", "overdue"], // across the year end
    ["in_progress", "2027-01-03", "2026-12-31", "due_soon", "due_soon"],
    ["submitted", "2026-01-01", "2026-11-23", "overdue", "overdue"], // waiting for verification still counts
    ["closed", "2026-01-01", "2026-11-23", "closed", null], // closed is never overdue
  ] as const)("%s due %s on %s → %s", (status, dueOn, today, state, notice) => {
    expect(itemDueState(status, dueOn, today)).toBe(state);
    expect(deadlineNotice(status, dueOn, today)).toBe(notice);
  });
});

describe("headline figures", () => {
  it("gives percentages with one decimal, and none when nothing was issued", () => {
    expect(
      headlineFigures({
        enterprisesChecked: 3,
        reportsIssued: 2,
        itemsIssued: 3,
        itemsClosed: 1,
        itemsOverdue: 2,
      }),
    ).toMatchObject({
      rectifiedPct: 33.3,
      overduePct: 66.7,
    });
    expect(
      headlineFigures({
        enterprisesChecked: 0,
        reportsIssued: 0,
        itemsIssued: 0,
        itemsClosed: 0,
        itemsOverdue: 0,
      }),
    ).toMatchObject({
      rectifiedPct: null,
      overduePct: null,
    });
  });
});

const finding = (
  ruleId: string,
  severity: "H" | "M" | "L",
  deadlineDays: number,
  legalBasis = "劳动合同法 第10条",
) => ({
  ruleId,
  dimensionId: ruleId.slice(0, 2),
  severity,
  title: `${ruleId} 问题`,
  legalBasis,
  recommendation: `${ruleId} 整改`,
  deadlineDays,
});

describe("prescription items", () => {
  const items = proposeItems(
    [finding("LC-01", "M", 30), finding("LC-02", "H", 15, "劳动合同法 第82条"), finding("WG-01", "L", 60)],
    "2026-12-20",
  );

  it("proposes one item per finding, legal basis copied, deadline counted in days (across the year end)", () => {
    expect(items.map((i) => [i.ruleIds, i.legalBasis, i.dueOn, i.priority])).toEqual([
      [["LC-01"], "劳动合同法 第10条", "2027-01-19", "medium"],
      [["LC-02"], "劳动合同法 第82条", "2027-01-04", "high"],
      [["WG-01"], "劳动合同法 第10条", "2027-02-18", "low"],
    ]);
  });

  it("merges into the first one's place: all findings, earliest deadline, highest priority, no repeated basis", () => {
    const merged = mergeItems(items, [items[2].key, items[0].key]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({
      ruleIds: ["LC-01", "WG-01"],
      dueOn: "2027-01-19",
      priority: "medium",
      severity: "M",
      legalBasis: "劳动合同法 第10条",
      action: "1. LC-01 整改\n2. WG-01 整改",
    });
    expect(merged[1].key).toBe(items[1].key);
    expect(() => mergeItems(items, [items[0].key])).toThrow();
  });

  it("names every bad field of an item, and blocks issuing an empty or broken prescription", () => {
    expect(
      Object.keys(
        itemProblems(
          {
            title: " ",
            legalBasis: "",
            action: "",
            owner: "x".repeat(51),
            dueOn: "2026-02-30",
            priority: "p",
          },
          "2026-11-23",
        ),
      ).sort(),
    ).toEqual(["action", "dueOn", "owner", "priority", "title"]);
    expect(
      itemProblems(
        { title: "t", legalBasis: "", action: "a", owner: "o", dueOn: "2026-11-22", priority: "low" },
        "2026-11-23",
      ),
    ).toEqual({
      dueOn: "整改期限不能早于今天",
    });
    expect(issueProblems([], "2026-11-23")).toEqual(["处方至少需要一项整改事项"]);
    const late: DraftItem = { ...items[0], dueOn: "2026-01-01" };
    expect(issueProblems([late], "2026-11-23")[0]).toMatch(/^第 1 项：/);
    expect(issueProblems(items, "2026-12-20")).toEqual([]);
  });
});

describe("problem analysis markup", () => {
  it("turns paragraphs, headings, bullets and numbered lines into blocks", () => {
    expect(
      parseAnalysis(
        "## 主要问题\n- 合同签订\n不及时\n- 加班费\n\n1. 第一\n2、第二\n（3）第三\n\n企业应当\n尽快整改。",
      ),
    ).toEqual([
      { type: "heading", text: "主要问题" },
      { type: "bullets", items: ["合同签订不及时", "加班费"] },
      { type: "numbered", items: ["第一", "第二", "第三"] },
      { type: "paragraph", text: "企业应当尽快整改。" },
    ]);
    expect(parseAnalysis("  \n\n")).toEqual([]);
    expect(analysisProblem("字".repeat(20_001))).toMatch(/最多/);
    expect(analysisProblem("正常")).toBeUndefined();
  });
});

describe("organisation average", () => {
  it("counts each enterprise once with its latest check and skips 不适用", () => {
    const avg = orgAverage([
      {
        enterpriseId: "a",
        acceptedAt: new Date("2025-01-01"),
        overall: 10,
        dimensions: [{ id: "D1", score: 10 }],
      },
      {
        enterpriseId: "a",
        acceptedAt: new Date("2026-01-01"),
        overall: 80,
        dimensions: [{ id: "D1", score: 80 }],
      },
      {
        enterpriseId: "b",
        acceptedAt: new Date("2026-01-01"),
        overall: 61,
        dimensions: [
          { id: "D1", score: null },
          { id: "D2", score: 50 },
        ],
      },
    ]);
    expect(avg).toEqual({ enterprises: 2, overall: 70.5, dimensions: { D1: 80, D2: 50 } });
  });
});

describe("draft order and citations", () => {
  const f = (ruleId: string, severity: "H" | "M" | "L", signal = false) => ({
    ruleId,
    dimensionId: ruleId.slice(0, 2),
    severity,
    signal,
  });

  it("orders by severity (H, M, L), signals after violations, then by dimension in the template's order", () => {
    const ordered = draftOrder(
      [
        f("LC-01", "L"),
        f("WH-02", "H"),
        f("LC-03", "M"),
        f("WA-01", "H", true),
        f("LC-02", "H"),
        f("SI-01", "M"),
      ],
      ["LC", "WH", "SI", "WA"],
    );
    expect(ordered.map((x) => x.ruleId)).toEqual(["LC-02", "WH-02", "WA-01", "LC-03", "SI-01", "LC-01"]);
  });

  it("keeps the finding's structured citations on the proposed item and unites them on merge", () => {
    const [a, b] = proposeItems(
      [
        { ...finding("LC-01", "M", 30), citations: [{ statute: "劳动合同法", article: "10" }] },
        {
          ...finding("LC-02", "H", 15, "劳动合同法 第10条、第82条"),
          citations: [
            { statute: "劳动合同法", article: "10" },
            { statute: "劳动合同法", article: "82" },
          ],
        },
      ],
      "2026-12-20",
    );
    expect(a.citations).toEqual([{ statute: "劳动合同法", article: "10" }]);
    expect(mergeItems([a, b], [a.key, b.key])[0].citations).toEqual([
      { statute: "劳动合同法", article: "10" },
      { statute: "劳动合同法", article: "82" },
    ]);
  });
});
