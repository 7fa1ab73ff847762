import { findingsByQuestion } from "~/domain/health-check/review-findings";
import { scoreAssessment, type Finding } from "~/domain/health-check/scoring";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { compliantAnswers, findingAnswer, profile } from "./helpers";

const yesNo = (pick: (r: (typeof defaultTemplate.rules)[number]) => boolean) =>
  defaultTemplate.rules.find(
    (r) =>
      pick(r) &&
      r.questionIds.length === 1 &&
      defaultTemplate.questions.find((q) => q.id === r.questionIds[0])?.type === "yesno" &&
      !defaultTemplate.questions.find((q) => q.id === r.questionIds[0])?.visibleWhen &&
      (r.when as { op?: string }).op === "eq",
  )!;

describe("findingsByQuestion", () => {
  it("marks exactly the answers that produced findings, with the severity's label", () => {
    const high = yesNo((r) => r.severity === "H" && !r.signal);
    const low = yesNo((r) => r.severity === "L" && !r.signal);
    const answers = {
      ...compliantAnswers(defaultTemplate),
      [high.questionIds[0]]: findingAnswer(defaultTemplate, high.id),
      [low.questionIds[0]]: findingAnswer(defaultTemplate, low.id),
    };
    const marks = findingsByQuestion(scoreAssessment(defaultTemplate, answers, profile()).findings);
    expect([...marks.keys()].sort()).toEqual([high.questionIds[0], low.questionIds[0]].sort());
    expect(marks.get(high.questionIds[0])).toEqual([
      { ruleId: high.id, title: high.title, severity: "H", signal: false, label: "高风险" },
    ]);
    expect(marks.get(low.questionIds[0])?.[0]).toMatchObject({ severity: "L", label: "低风险" });
    expect(
      findingsByQuestion(
        scoreAssessment(defaultTemplate, compliantAnswers(defaultTemplate), profile()).findings,
      ).size,
    ).toBe(0);
  });

  it("orders several findings on one answer most severe first, signals after violations", () => {
    const f = (ruleId: string, severity: "H" | "M" | "L", signal = false): Finding => ({
      ruleId,
      dimensionId: "X",
      severity,
      title: ruleId,
      legalBasis: "",
      citations: [],
      recommendation: "",
      deadlineDays: 30,
      signal,
      weight: 1,
      answers: { Q1: false },
    });
    const list = findingsByQuestion([f("A", "L"), f("B", "H", true), f("C", "M"), f("D", "H")]).get("Q1")!;
    expect(list.map((x) => [x.ruleId, x.label])).toEqual([
      ["D", "高风险"],
      ["C", "中风险"],
      ["A", "低风险"],
      ["B", "风险信号"],
    ]);
  });
});
