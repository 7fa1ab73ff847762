/**
 * The pure domain of collective contract texts (issue 16): the clause library, drafts and their versions,
 * the redline, clause review and the checks before the congress vote. No I/O: the service passes in the
 * published library (templates/contracts), the statutes (templates/statutes), the case's rule set, agreed
 * topics, wage data and comment threads, and stores what comes back. Money is integer fen, rates integer
 * basis points, as in the bargaining domain's costing.
 *
 * Public API and types
 * - contents: FRAME_TOPICS (总则, 附则); bargainedTopics(kind) (第8条 items, or 工资集体协商试行办法 第7条 for
 *   wages); topicKeysForKind, topicTitle; CONTENT_ELEMENTS (集体合同规定 第12条, 第14条 items);
 *   REQUIRED_CONTENTS per kind → ContentRequirement {key, title, level: error | warning, source} (the
 *   decision is explained there); TERM_TOPIC, TERM_PARAMETER ("termYears").
 * - legal-limits: LEGAL_LIMITS — each LegalLimit is {bound: at_least | at_most, value, unit, rule, source,
 *   also} or {bound: local_minimum_wage, period: month | hour, …}, every one grounded in a shipped article.
 * - library: ContractLibrary {key, version, title, chapters: ChapterTemplate[], clauses: ClauseTemplate[]};
 *   ClauseTemplate {key, topic, kinds, title, text with {param}, parameters: ParameterTemplate[], covers,
 *   legalMinimum {note, citations}}; ParameterTemplate {key, label, type: integer | fen | bp | text, unit,
 *   default, min, max, legalLimit}. validateLibrary(input, statutes) → {ok, library} | {ok: false, errors:
 *   LibraryError[] {path: "clauses[3].parameters[0].default", message}}; exportLibrary(library) → JSON text;
 *   importLibrary(text, statutes) (round trip); renderClause(template, values) → {ok, text, values} |
 *   {ok: false, errors: ValueError[]}; resolveValues, renderText, displayValue, valueProblem,
 *   legalLimitProblem, placeholders, clausesForTopic.
 * - draft: DraftVersion {number, kind, title, library {key, version}, chapters: DraftChapter[] {key, title,
 *   clauses: DraftClause[]}, applied: AppliedChange[]}; DraftClause {id (stable across versions), topic,
 *   title, text, origin: library | agreed | previous | suggestion, templateKey, rendering {pattern,
 *   parameters, values} | null (null after a hand-written wording), legalMinimum, covers}; ContractText
 *   {title, chapters} (a version or the previous contract). assembleDraft({kind, library, parties, agreed:
 *   AgreedTopic[], previous}) → DraftResult {ok, draft} | {ok: false, errors: DraftError[] {path, message}};
 *   nextVersion(previous, accepted: AcceptedSuggestion[] {id, change: SuggestedChange}) → DraftResult
 *   (wording / values / insert / delete / move; stale suggestions refuse the whole step);
 *   numberContract(text) → NumberedChapter[] {label 第一章, heading, articles: NumberedArticle[] {number,
 *   label 第一条, clause}}; locateClause; versionLabel(n) → "第n稿"; chapterLabel, articleLabel.
 * - redline: compareContracts(before, after) → Redline {entries: RedlineEntry[] {clauseId, kind: unchanged |
 *   changed | added | removed, moved, title, titleBefore, before/after: RedlinePosition, textBefore,
 *   textAfter, segments: TextSegment[] {op: equal | insert | delete, text}}, summary, identical};
 *   diffText(before, after) (by character, jsdiff); segmentsBefore / segmentsAfter.
 * - review: CommentThread {id, clauseId, versionNumber, openedBy, text, resolved}; unresolvedComments(threads,
 *   text) → UnresolvedComment[] {where: "第五条（工资支付）", …}; decideSuggestion(status, decision) for
 *   accept / decline (reason required) / withdraw.
 * - checks: checkDraftForVote(draft, {rules, minimumWage, threads}) → DraftCheckResult {ready, issues:
 *   DraftIssue[] {code, level, message, source, sourceLabel, clauseId, articleLabel}, unresolved}.
 * - case-draft: agreedTopicsFromBoard(kind, library, board) → AgreedTopic[] (TA topics only; own topics
 *   and findings under "other matters"); canonicalText(text) → the JSON a version's textHash is taken of.
 * Articles display through ~/domain/citation-format (《劳动合同法》第五十五条).
 */
export * from "./contents";
export * from "./legal-limits";
export * from "./library";
export * from "./draft";
export * from "./redline";
export * from "./review";
export * from "./checks";
export * from "./case-draft";
