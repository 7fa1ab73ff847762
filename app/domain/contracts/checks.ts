/**
 * The checks a draft passes before it goes to the congress vote. Each legal failure names its article:
 * - the term (集体合同规定 第38条, or the rule set's own article), through checkTerm of the bargaining domain;
 * - no wage standard below the local minimum wage (劳动合同法 第五十五条), through checkWageStandards;
 * - no figure past a statutory bound (legal-limits.ts, each with its article);
 * - hand-written wording of a clause whose template carried a legal minimum: a warning to check by hand;
 * - the contents that kind of contract must have (contents.ts explains the choice);
 * - and the clause comments still unresolved, listed (a warning: the chief decides whether to wait).
 * Errors block sending the draft to the vote; warnings are shown and do not block.
 */
import { CASE_KIND_INFO } from "../bargaining/case-kinds";
import {
  MINIMUM_WAGE_SOURCE,
  checkWageStandards,
  type MinimumWage,
  type WageStandard,
} from "../bargaining/costing";
import { checkTerm } from "../bargaining/deadlines";
import type { ResolvedRuleSet } from "../bargaining/rule-sets";
import { formatCitation, formatCitations } from "../citation-format";
import type { Citation } from "../health-check/types";
import { REQUIRED_CONTENTS, TERM_PARAMETER, TERM_TOPIC } from "./contents";
import { numberContract, type DraftClause, type DraftVersion, type NumberedArticle } from "./draft";
import { LEGAL_LIMITS } from "./legal-limits";
import { legalLimitProblem } from "./library";
import { unresolvedComments, type CommentThread, type UnresolvedComment } from "./review";

export type DraftIssueCode =
  | "term_missing"
  | "term"
  | "minimum_wage_missing"
  | "below_minimum_wage"
  | "statutory_limit"
  | "manual_review"
  | "content_missing"
  | "unresolved_comment";

export interface DraftIssue {
  code: DraftIssueCode;
  level: "error" | "warning";
  /** In Chinese, with the article. */
  message: string;
  source: Citation | null;
  /** "《集体合同规定》第三十八条"; "" when no article applies (an open comment). */
  sourceLabel: string;
  clauseId: string | null;
  /** "第十二条" in the draft. */
  articleLabel: string | null;
}

export interface DraftCheckContext {
  rules: ResolvedRuleSet;
  /** The case's local minimum wage (its wage data); null when not entered yet. */
  minimumWage: MinimumWage | null;
  threads: readonly CommentThread[];
}

export interface DraftCheckResult {
  /** No error: the draft may be sent to the vote. */
  ready: boolean;
  issues: DraftIssue[];
  unresolved: UnresolvedComment[];
}

type IssueInput = Omit<DraftIssue, "sourceLabel">;

function issue(i: IssueInput): DraftIssue {
  return { ...i, sourceLabel: i.source ? formatCitation(i.source) : "" };
}

function at(article: NumberedArticle): Pick<DraftIssue, "clauseId" | "articleLabel"> {
  return { clauseId: article.clause.id, articleLabel: article.label };
}

/** The term in years, from the term clause's parameter. */
function termIssues(
  draft: DraftVersion,
  articles: readonly NumberedArticle[],
  rules: ResolvedRuleSet,
): DraftIssue[] {
  const termSource = rules.rules.term.source ?? { statute: "集体合同规定", article: "38" };
  const withTerm = articles.filter(
    (a) =>
      a.clause.topic === TERM_TOPIC[draft.kind] && a.clause.rendering?.values[TERM_PARAMETER] !== undefined,
  );
  const years = [...new Set(withTerm.map((a) => a.clause.rendering?.values[TERM_PARAMETER]))];
  if (years.length !== 1 || typeof years[0] !== "number") {
    const message =
      years.length > 1
        ? "草案中有多个不一致的合同期限，请只保留一个"
        : "草案没有可核对的合同期限条款（请使用范本的合同期限条款并填写年数）";
    return [
      issue({
        code: "term_missing",
        level: "error",
        message,
        source: termSource,
        clauseId: null,
        articleLabel: null,
      }),
    ];
  }
  const check = checkTerm(years[0], rules, draft.kind === "wage");
  if (check.level === "ok" || check.message === null) return [];
  return [
    issue({
      code: "term",
      level: check.level,
      message: check.message,
      source: termSource,
      ...at(withTerm[0]),
    }),
  ];
}

function wageIssues(articles: readonly NumberedArticle[], minimum: MinimumWage | null): DraftIssue[] {
  const standards: { article: NumberedArticle; standard: WageStandard }[] = [];
  for (const a of articles) {
    const r = a.clause.rendering;
    if (!r) continue;
    for (const p of r.parameters) {
      const limit = p.legalLimit ? LEGAL_LIMITS[p.legalLimit] : null;
      const value = r.values[p.key];
      if (limit?.bound !== "local_minimum_wage" || typeof value !== "number") continue;
      standards.push({
        article: a,
        standard: { label: `${a.label}${p.label}`, amountFen: value, unit: limit.period },
      });
    }
  }
  if (standards.length === 0) return [];
  if (!minimum)
    return [
      issue({
        code: "minimum_wage_missing",
        level: "error",
        message: `草案约定了工资标准，请先在工资数据中填写当地最低工资标准，以便核对（${formatCitation(MINIMUM_WAGE_SOURCE)}）`,
        source: MINIMUM_WAGE_SOURCE,
        clauseId: null,
        articleLabel: null,
      }),
    ];
  return checkWageStandards(
    standards.map((s) => s.standard),
    minimum,
  ).map((w) => {
    const from = standards.find((s) => s.standard.label === w.label);
    return issue({
      code: "below_minimum_wage",
      level: "error",
      message: w.message,
      source: w.source,
      clauseId: from?.article.clause.id ?? null,
      articleLabel: from?.article.label ?? null,
    });
  });
}

function limitIssues(articles: readonly NumberedArticle[]): DraftIssue[] {
  return articles.flatMap((a) => {
    const r = a.clause.rendering;
    if (!r) return [];
    return r.parameters.flatMap((p) => {
      const limit = p.legalLimit ? LEGAL_LIMITS[p.legalLimit] : null;
      if (!limit || limit.bound === "local_minimum_wage") return [];
      const problem = legalLimitProblem(p, r.values[p.key]);
      if (!problem) return [];
      return [
        issue({
          code: "statutory_limit",
          level: "error",
          message: `${a.label}${problem}`,
          source: limit.source,
          ...at(a),
        }),
      ];
    });
  });
}

function manualReviewIssues(articles: readonly NumberedArticle[]): DraftIssue[] {
  return articles
    .filter(
      (a): a is NumberedArticle & { clause: DraftClause & { legalMinimum: object } } =>
        a.clause.rendering === null && a.clause.legalMinimum !== null,
    )
    .map((a) => {
      const note = a.clause.legalMinimum;
      return issue({
        code: "manual_review",
        level: "warning",
        message: `${a.label}（${a.clause.title}）的文字已另行拟定，无法自动核对，请人工确认不低于法定标准：${note.note}（${formatCitations(note.citations)}）`,
        source: note.citations[0] ?? null,
        ...at(a),
      });
    });
}

function contentIssues(draft: DraftVersion, articles: readonly NumberedArticle[]): DraftIssue[] {
  const label = CASE_KIND_INFO[draft.kind].contractLabel;
  return REQUIRED_CONTENTS[draft.kind]
    .filter((r) => !articles.some((a) => a.clause.topic === r.key || a.clause.covers.includes(r.key)))
    .map((r) =>
      issue({
        code: "content_missing",
        level: r.level,
        message:
          r.level === "error"
            ? `${label}应当包含“${r.title}”的内容（${formatCitation(r.source)}）`
            : `建议约定“${r.title}”（${formatCitation(r.source)}）`,
        source: r.source,
        clauseId: null,
        articleLabel: null,
      }),
    );
}

/** Everything to fix (errors) or consider (warnings) before the draft goes to the congress. */
export function checkDraftForVote(draft: DraftVersion, ctx: DraftCheckContext): DraftCheckResult {
  const articles = numberContract(draft).flatMap((c) => c.articles);
  const unresolved = unresolvedComments(ctx.threads, draft);
  const issues = [
    ...termIssues(draft, articles, ctx.rules),
    ...wageIssues(articles, ctx.minimumWage),
    ...limitIssues(articles),
    ...manualReviewIssues(articles),
    ...contentIssues(draft, articles),
    ...unresolved.map((u) =>
      issue({
        code: "unresolved_comment",
        level: "warning",
        message: `${u.where}有未解决的意见（${u.openedBy}：${u.excerpt}）`,
        source: null,
        clauseId: u.clauseId,
        articleLabel: u.articleLabel,
      }),
    ),
  ];
  return { ready: !issues.some((i) => i.level === "error"), issues, unresolved };
}
