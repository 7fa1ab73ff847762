/**
 * Quality survey figures (参与率 / 知晓率 / 满意率 / 认可率). Employees answer anonymously through a link;
 * the employer answers once. A figure is shown only for a group of at least MIN_GROUP respondents, so that
 * no answer can be traced to a person (an enterprise's employer answer alone is never shown).
 */
export const MIN_GROUP = 5;

/** 4 满意 and 5 非常满意 count as satisfied. */
export const SATISFIED_FROM = 4;

export interface EmployeeAnswers {
  /** 是否参与了集体协商（提出意见、参加讨论或表决）. */
  participated: boolean;
  /** 是否知晓集体合同的主要内容. */
  aware: boolean;
  satisfaction: 1 | 2 | 3 | 4 | 5;
}

export interface EmployerAnswers {
  recognition: "recognise" | "partly" | "not";
}

/** Sums kept per group (an enterprise or an organisation): counts only, never single answers. */
export interface Tally {
  employees: number;
  participated: number;
  aware: number;
  satisfied: number;
  employers: number;
  recognised: number;
}

export const emptyTally = (): Tally => ({
  employees: 0,
  participated: 0,
  aware: 0,
  satisfied: 0,
  employers: 0,
  recognised: 0,
});

export function addTally(a: Tally, b: Tally): Tally {
  return {
    employees: a.employees + b.employees,
    participated: a.participated + b.participated,
    aware: a.aware + b.aware,
    satisfied: a.satisfied + b.satisfied,
    employers: a.employers + b.employers,
    recognised: a.recognised + b.recognised,
  };
}

/** A rate, or null with the group size when the group is too small to show. */
export type Figure = { value: number; n: number } | { value: null; n: number };

/** Percentage (one decimal) of `count` in a group of `n`; hidden below MIN_GROUP. */
export function figure(count: number, n: number): Figure {
  if (n < MIN_GROUP) return { value: null, n };
  return { value: Math.round((count * 1000) / n) / 10, n };
}

export interface Figures {
  participation: Figure;
  awareness: Figure;
  satisfaction: Figure;
  recognition: Figure;
}

export function figuresOf(t: Tally): Figures {
  return {
    participation: figure(t.participated, t.employees),
    awareness: figure(t.aware, t.employees),
    satisfaction: figure(t.satisfied, t.employees),
    recognition: figure(t.recognised, t.employers),
  };
}

export function formatFigure(f: Figure): string {
  return f.value === null ? `样本不足${MIN_GROUP}份` : `${f.value}%`;
}

/**
 * One stored answer as the short code its survey's kept row holds: "e" and three 0/1 digits (participated,
 * aware, satisfied) for an employee, "r" and one (recognised) for the employer. Counts only: no comment.
 */
export type AnswerCounts =
  | { audience: "employee"; participated: number; aware: number; satisfied: number }
  | { audience: "employer"; recognised: number };

export function answerCode(a: AnswerCounts): string {
  const bit = (n: number) => (n ? "1" : "0");
  return a.audience === "employee"
    ? `e${bit(a.participated)}${bit(a.aware)}${bit(a.satisfied)}`
    : `r${bit(a.recognised)}`;
}

/** The sums of a survey's answer codes (unknown codes count for nothing). */
export function tallyOfCodes(codes: Iterable<string>): Tally {
  const t = emptyTally();
  for (const code of codes) {
    if (/^e[01]{3}$/.test(code)) {
      t.employees += 1;
      t.participated += Number(code[1]);
      t.aware += Number(code[2]);
      t.satisfied += Number(code[3]);
    } else if (/^r[01]$/.test(code)) {
      t.employers += 1;
      t.recognised += Number(code[1]);
    }
  }
  return t;
}
