/**
 * The default template against the item library it is built from (shared domain/health-check.md): every
 * item, its dimension, question, legal basis (character for character), severity, finding, rectification
 * and applicability. Edit the library and this test says what the template has to follow.
 */
import { readFileSync } from "node:fs";
import type { Condition, Question, Rule } from "~/domain/health-check/types";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { sharedFile } from "../../support/shared-file";

const LIBRARY_PATH = sharedFile("domain/health-check.md", "health-check.md");

interface LibraryItem {
  id: string;
  dimensionId: string;
  question: string;
  finding: string;
  severity: string;
  legalBasis: string;
  rectification: string;
}

function parseLibrary(markdown: string) {
  const dimensions: { title: string; order: number; prefix?: string }[] = [];
  const items: LibraryItem[] = [];
  for (const line of markdown.split("\n")) {
    const heading = /^## (\d+)\. (.+?) \([a-z -]+\)$/.exec(line);
    if (heading) dimensions.push({ order: Number(heading[1]), title: heading[2] });
    const row = /^\| ([A-Z]{2}-\d{2}) \|(.*)\|$/.exec(line);
    if (row) {
      const cells = row[2].split("|").map((c) => c.trim());
      expect(cells).toHaveLength(5);
      const [question, finding, severity, legalBasis, rectification] = cells;
      const dimensionId = row[1].slice(0, 2);
      dimensions[dimensions.length - 1].prefix ??= dimensionId;
      items.push({ id: row[1], dimensionId, question, finding, severity, legalBasis, rectification });
    }
  }
  return { dimensions, items };
}

const library = parseLibrary(readFileSync(LIBRARY_PATH, "utf8"));
const questionsOf = (itemId: string): Question[] =>
  defaultTemplate.questions.filter((q) => q.id === itemId || new RegExp(`^${itemId}[ab]$`).test(q.id));
const ruleOf = (itemId: string): Rule | undefined => defaultTemplate.rules.find((r) => r.id === itemId);

/** The finding column as a condition; compound items are spelled out. */
function expectedCondition(item: LibraryItem): Condition {
  const id = item.id;
  switch (item.finding) {
    case "否":
      return { answer: id, op: "eq", value: false };
    case "是":
      return { answer: id, op: "eq", value: true };
    case "部分 or 否":
      return { answer: id, op: "in", value: ["partial", "none"] };
    case "前者 < 后者":
      return { compare: { left: `${id}a`, op: "lt", right: `${id}b` } };
    case "派遣 ÷ (合同 + 派遣) > 10%":
      return { ratio: { numerator: [`${id}b`], denominator: [`${id}a`, `${id}b`] }, op: "gt", value: 0.1 };
  }
  const numeric = /^(>|≥|<|≤) (\d+)$/.exec(item.finding);
  if (!numeric) throw new Error(`finding of ${id} not understood: ${item.finding}`);
  const op = ({ ">": "gt", "≥": "gte", "<": "lt", "≤": "lte" } as const)[numeric[1] as ">" | "≥" | "<" | "≤"];
  return { answer: id, op, value: Number(numeric[2]) };
}

/** Where applicability is decided (every other item is always shown). */
const EXPECTED_VISIBILITY: Record<string, Condition> = {
  "LC-11": { answer: "LC-11g", op: "eq", value: true },
  "WH-05": { answer: "WH-05g", op: "eq", value: true },
  "OS-03": { answer: "OS-03g", op: "eq", value: true },
  "OS-04": { answer: "OS-04g", op: "eq", value: true },
  "OS-05": { answer: "OS-05g", op: "eq", value: true },
  "WM-09": { answer: "WM-09g", op: "eq", value: true },
  "RS-02": { answer: "RS-01", op: "eq", value: true },
  "RS-04": { answer: "RS-04g", op: "eq", value: true },
  "UD-01": { profile: "headcount", op: "gte", value: 25 },
  "UD-02": { profile: "unionEstablished", op: "eq", value: true },
  "UD-05": { profile: "congressEstablished", op: "eq", value: true },
  "WA-02": { profile: "industry", op: "eq", value: "E" },
  ...Object.fromEntries(
    ["DP-01", "DP-02", "DP-03", "DP-04", "DP-05"].map((id) => [
      id,
      { profile: "usesDispatch", op: "eq", value: true } as Condition,
    ]),
  ),
};

describe("the item library as parsed", () => {
  it("has 14 dimensions and 80 items (guards the parser itself)", () => {
    expect(library.dimensions).toHaveLength(14);
    expect(library.items).toHaveLength(80);
    expect(new Set(library.items.map((i) => i.id)).size).toBe(80);
  });
});

describe("dimensions", () => {
  it("are the library's 14, in order, with the same titles", () => {
    expect(defaultTemplate.dimensions).toEqual(
      library.dimensions.map((d) => ({ id: d.prefix, title: d.title, order: d.order })),
    );
  });
});

describe.each(library.items.map((item) => [item.id, item] as const))("item %s", (id, item) => {
  const questions = questionsOf(id);

  it("is asked, in its dimension, with the legal basis exactly as written", () => {
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) {
      expect(q.dimensionId).toBe(item.dimensionId);
      expect(q.legalBasis).toBe(item.legalBasis);
      expect(q.required).toBe(true);
      expect(q.help).toContain(item.legalBasis.replace("*(signal)*", "").trim());
    }
  });

  it("keeps the library's question text (annotations turned into options, units and visibility)", () => {
    const libraryText = item.question.replace(/\s*\((全部\/部分\/否|天|适用于[^)]*)\)$/, "");
    expect(questions.map((q) => q.text).join("")).toBe(libraryText);
    if (item.question.endsWith("(天)")) expect(questions[0]).toMatchObject({ type: "number", unit: "天" });
    if (item.question.endsWith("(全部/部分/否)")) {
      expect(questions[0].options?.map((o) => o.label)).toEqual(["全部", "部分", "否"]);
    }
  });

  it("has its applicability rule, and only where the library or the profile calls for one", () => {
    for (const q of questions) expect(q.visibleWhen).toEqual(EXPECTED_VISIBILITY[id]);
    if (item.question.includes("适用于")) expect(EXPECTED_VISIBILITY[id]).toBeDefined();
  });

  if (item.severity === "—") {
    it("is a gate: weight 0 and never a finding", () => {
      expect(ruleOf(id)).toBeUndefined();
      expect(questions).toHaveLength(1);
      expect(questions[0]).toMatchObject({ type: "yesno", weight: 0 });
    });
    return;
  }

  it("has a rule with the same severity, basis, rectification, deadline and finding", () => {
    const rule = ruleOf(id)!;
    expect(rule).toBeDefined();
    expect(rule.dimensionId).toBe(item.dimensionId);
    expect(rule.severity).toBe(item.severity);
    expect(rule.legalBasis).toBe(item.legalBasis);
    expect(rule.recommendation).toBe(item.rectification);
    expect(rule.deadlineDays).toBe({ H: 30, M: 60, L: 90 }[item.severity]);
    expect(rule.signal).toBe(item.legalBasis.startsWith("*(signal)*"));
    expect(rule.questionIds).toEqual(questions.map((q) => q.id));
    expect(rule.when).toEqual(expectedCondition(item));
    expect(rule.citations).toEqual(questions[0].citations);
    expect(questions.every((q) => q.weight === undefined)).toBe(true);
  });
});

describe("nothing beyond the library", () => {
  it("has a rule for every item but the RS-01 gate, and no other rule", () => {
    const expected = library.items.filter((i) => i.severity !== "—").map((i) => i.id);
    expect(defaultTemplate.rules.map((r) => r.id)).toEqual(expected);
  });

  it("adds only yes/no gates (…g, weight 0, no basis) right before the item they open", () => {
    const itemIds = new Set(library.items.map((i) => i.id));
    const extra = defaultTemplate.questions.filter((q) => !itemIds.has(q.id.replace(/[ab]$/, "")));
    expect(extra.map((q) => q.id)).toEqual([
      "LC-11g",
      "WH-05g",
      "OS-03g",
      "OS-04g",
      "OS-05g",
      "WM-09g",
      "RS-04g",
    ]);
    for (const gate of extra) {
      expect(gate).toMatchObject({ type: "yesno", weight: 0, required: true });
      expect(gate.legalBasis).toBeUndefined();
      const index = defaultTemplate.questions.indexOf(gate);
      expect(defaultTemplate.questions[index + 1].id).toBe(gate.id.slice(0, -1));
      expect(defaultTemplate.rules.some((r) => r.questionIds.includes(gate.id))).toBe(false);
    }
  });

  it("asks the questions in library order", () => {
    const order = defaultTemplate.questions.map((q) => q.id.replace(/[abg]$/, ""));
    expect([...new Set(order)]).toEqual(library.items.map((i) => i.id));
  });
});
