import type {
  Answers,
  Condition,
  EnterpriseProfile,
  Question,
  Rule,
  Severity,
  Template,
} from "~/domain/health-check/types";

export function profile(overrides: Partial<EnterpriseProfile> = {}): EnterpriseProfile {
  return {
    industry: "C",
    headcount: 120,
    womenShare: 40,
    unionEstablished: true,
    congressEstablished: true,
    usesDispatch: false,
    ...overrides,
  };
}

/** Compliant values for the default template's number questions. */
const COMPLIANT_NUMBERS: Record<string, number> = {
  "LC-02": 15,
  "WG-03a": 2600,
  "WG-03b": 2490,
  "WH-02": 20,
  "DP-01a": 190,
  "DP-01b": 10,
  "DM-02": 0,
};

/**
 * Answers every question of the default template without a finding: yes/no items get the answer that is
 * not the finding, gates (and RS-01) "否", 全部/部分/否 items "全部", numbers a compliant value.
 */
export function compliantAnswers(template: Template): Answers {
  const answers: Answers = {};
  for (const q of template.questions) {
    if (q.type === "number") answers[q.id] = COMPLIANT_NUMBERS[q.id];
    else if (q.type === "single") answers[q.id] = "all";
    else if (q.type === "yesno") {
      const rule = template.rules.find((r) => r.questionIds.includes(q.id));
      const when = rule?.when as { answer?: string; op?: string; value?: unknown } | undefined;
      answers[q.id] = when?.op === "eq" && when.answer === q.id ? !when.value : false;
    }
  }
  return answers;
}

/** The answer of a yes/no item that IS its finding. */
export function findingAnswer(template: Template, itemId: string): boolean {
  const rule = template.rules.find((r) => r.id === itemId);
  const when = rule?.when as { op: string; value: boolean };
  if (when.op !== "eq") throw new Error(`${itemId} is not a yes/no item`);
  return when.value;
}

/** Building blocks for small hand-made templates. */
export function yesNoItem(
  id: string,
  dimensionId: string,
  severity: Severity,
  opts: { required?: boolean; weight?: number; visibleWhen?: Condition } = {},
): { question: Question; rule: Rule } {
  return {
    question: {
      id,
      dimensionId,
      text: `${id} 是否合规？`,
      type: "yesno",
      required: opts.required ?? true,
      ...(opts.weight !== undefined ? { weight: opts.weight } : {}),
      ...(opts.visibleWhen ? { visibleWhen: opts.visibleWhen } : {}),
    },
    rule: {
      id,
      dimensionId,
      questionIds: [id],
      when: { answer: id, op: "eq", value: false },
      severity,
      title: `${id} 不合规`,
      legalBasis: "劳动法 第50条",
      citations: [{ statute: "劳动法", article: "50" }],
      recommendation: "整改",
      deadlineDays: { H: 30, M: 60, L: 90 }[severity],
      signal: false,
    },
  };
}

export function gateQuestion(id: string, dimensionId: string): Question {
  return { id, dimensionId, text: `${id}？`, type: "yesno", required: true, weight: 0 };
}

export function makeTemplate(
  dimensions: string[],
  parts: ({ question: Question; rule: Rule } | Question)[],
): Template {
  return {
    key: "test",
    title: "测试模板",
    dimensions: dimensions.map((id, i) => ({ id, title: `维度${id}`, order: i + 1 })),
    questions: parts.map((p) => ("question" in p ? p.question : p)),
    rules: parts.flatMap((p) => ("rule" in p ? [p.rule] : [])),
  };
}
