/**
 * What the instructor's review marks beside each answer: the findings that answer led to (through the
 * items asked by that question), most severe first, so the review can highlight and filter them.
 */
import type { Finding } from "./scoring";
import { SEVERITY_LABELS, SIGNAL_LABEL, type Severity } from "./types";

export interface AnswerFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  signal: boolean;
  /** "高风险", "中风险", "低风险", or "风险信号" for an item that is a signal, not a violation. */
  label: string;
}

const ORDER: Record<Severity, number> = { H: 0, M: 1, L: 2 };

/** Question id → the findings decided on its answer, most severe first (signals after violations). */
export function findingsByQuestion(findings: readonly Finding[]): Map<string, AnswerFinding[]> {
  const byQuestion = new Map<string, AnswerFinding[]>();
  for (const f of findings) {
    const entry: AnswerFinding = {
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      signal: f.signal,
      label: f.signal ? SIGNAL_LABEL : SEVERITY_LABELS[f.severity],
    };
    for (const questionId of Object.keys(f.answers)) {
      const list = byQuestion.get(questionId) ?? [];
      list.push(entry);
      byQuestion.set(questionId, list);
    }
  }
  for (const list of byQuestion.values()) {
    list.sort((a, b) => Number(a.signal) - Number(b.signal) || ORDER[a.severity] - ORDER[b.severity]);
  }
  return byQuestion;
}
