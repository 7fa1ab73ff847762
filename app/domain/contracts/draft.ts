/**
 * Contract drafts: assembled from the clause library, the case's tentatively agreed topics (TA, with the
 * wording or figures agreed at the table) and, for a renewal, the previous contract; numbered 第一章 / 第一条
 * (articles run on across chapters, as in a statute); versioned 第1稿, 第2稿 … where each version is a new
 * value made from the previous one and the suggestions the employee side's chief accepted. Nothing here
 * mutates its input: a stored version never changes.
 */
import { CASE_KIND_INFO, type CaseKind } from "../bargaining/case-kinds";
import { chineseNumeral } from "../citation-format";
import { topicKeysForKind, topicTitle } from "./contents";
import {
  clausesForTopic,
  renderClause,
  renderText,
  resolveValues,
  type ClauseTemplate,
  type ContractLibrary,
  type LegalMinimumNote,
  type ParameterTemplate,
  type ParameterValue,
  type ParameterValues,
} from "./library";

/** Where a clause's current text comes from. */
export type ClauseOrigin = "library" | "agreed" | "previous" | "suggestion";

export const CLAUSE_ORIGIN_LABELS: Record<ClauseOrigin, string> = {
  library: "范本条款",
  agreed: "协商一致",
  previous: "沿用上期合同",
  suggestion: "采纳修改建议",
};

/** The template pattern and values a text was rendered from. */
export interface ClauseRendering {
  pattern: string;
  parameters: ParameterTemplate[];
  values: Record<string, ParameterValue>;
}

export interface DraftClause {
  /** Stable across versions: the redline matches clauses by it. */
  id: string;
  topic: string;
  title: string;
  text: string;
  origin: ClauseOrigin;
  templateKey: string | null;
  /** Present while the text is the template rendered with values; null once a hand-written wording replaced it. */
  rendering: ClauseRendering | null;
  /** The template's note of the legal minimum; kept after a hand-written wording so the check can ask for review. */
  legalMinimum: LegalMinimumNote | null;
  /** Content elements covered (contents.ts). */
  covers: string[];
}

export interface DraftChapter {
  key: string;
  title: string;
  clauses: DraftClause[];
}

/** Any contract text the redline can compare: a draft version, or the previous (signed) contract. */
export interface ContractText {
  title: string;
  chapters: DraftChapter[];
}

export interface AppliedChange {
  suggestionId: string;
  kind: SuggestedChange["kind"];
  clauseId: string;
}

export interface DraftVersion extends ContractText {
  /** 1 for 第1稿. */
  number: number;
  kind: CaseKind;
  library: { key: string; version: number };
  /** The accepted suggestions that made this version from the previous one; empty for 第1稿. */
  applied: AppliedChange[];
}

export interface DraftError {
  /** "agreed[2].clauses[0].values.raiseBp", or a suggestion id for nextVersion. */
  path: string;
  message: string;
}

export type DraftResult = { ok: true; draft: DraftVersion } | { ok: false; errors: DraftError[] };

/** "第1稿". */
export function versionLabel(number: number): string {
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`稿次必须是正整数：${number}`);
  return `第${number}稿`;
}

// ---------------------------------------------------------------------------------------------------------
// Assembly

/** A library clause with the figures agreed, or the sides' own wording. */
export type AgreedClause =
  { templateKey: string; values?: ParameterValues } | { title: string; text: string };

/** A topic the sides tentatively agreed (TA); no clauses: the library's clauses with their defaults. */
export interface AgreedTopic {
  topic: string;
  clauses: readonly AgreedClause[];
}

export interface AssembleDraftInput {
  kind: CaseKind;
  library: ContractLibrary;
  parties: { employerName: string; unionName: string };
  agreed: readonly AgreedTopic[];
  /** For a renewal: topics not bargained again are carried over from it, clause ids kept. */
  previous?: ContractText | null;
}

const PARTY_KEYS = ["employerName", "unionName"] as const;

/** 第1稿 of a draft. Errors are all-or-nothing, each named by its path in the input. */
export function assembleDraft(input: AssembleDraftInput): DraftResult {
  const { kind, library, parties } = input;
  const errors: DraftError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  if (parties.employerName.trim() === "") add("parties.employerName", "请填写用人单位名称");
  if (parties.unionName.trim() === "") add("parties.unionName", "请填写工会名称");

  const allowed = topicKeysForKind(kind);
  const agreedByTopic = new Map<string, { topic: AgreedTopic; index: number }>();
  input.agreed.forEach((a, i) => {
    if (!allowed.includes(a.topic))
      add(`agreed[${i}].topic`, `议题“${a.topic}”不属于${CASE_KIND_INFO[kind].contractLabel}`);
    else if (agreedByTopic.has(a.topic)) add(`agreed[${i}].topic`, `议题“${topicTitle(a.topic)}”重复`);
    else agreedByTopic.set(a.topic, { topic: a, index: i });
  });

  const previousClauses = input.previous?.chapters.flatMap((c) => c.clauses) ?? [];
  const previousIdFor = (templateKey: string) =>
    previousClauses.find((c) => c.templateKey === templateKey)?.id ?? null;
  const partyValues = (t: ClauseTemplate): Record<string, string> => {
    const out: Record<string, string> = {};
    // An empty name is already reported on parties; the template's placeholder stands in meanwhile.
    for (const key of PARTY_KEYS)
      if (t.parameters.some((p) => p.key === key) && parties[key].trim() !== "")
        out[key] = parties[key].trim();
    return out;
  };

  const fromTemplate = (
    t: ClauseTemplate,
    given: ParameterValues,
    origin: ClauseOrigin,
    path: string,
  ): DraftClause | null => {
    const rendered = renderClause(t, { ...partyValues(t), ...given });
    if (!rendered.ok) {
      rendered.errors.forEach((e) => add(`${path}.values.${e.key}`, e.message));
      return null;
    }
    return {
      id: previousIdFor(t.key) ?? t.key,
      topic: t.topic,
      title: t.title,
      text: rendered.text,
      origin,
      templateKey: t.key,
      rendering: { pattern: t.text, parameters: t.parameters, values: rendered.values },
      legalMinimum: t.legalMinimum,
      covers: t.covers,
    };
  };

  const clausesOfTopic = (topic: string): DraftClause[] => {
    const agreed = agreedByTopic.get(topic);
    if (agreed && agreed.topic.clauses.length > 0) {
      return agreed.topic.clauses.flatMap((a, j): DraftClause[] => {
        const path = `agreed[${agreed.index}].clauses[${j}]`;
        if ("templateKey" in a) {
          const t = library.clauses.find((c) => c.key === a.templateKey);
          if (!t) add(`${path}.templateKey`, `范本条款“${a.templateKey}”不存在`);
          else if (!t.kinds.includes(kind))
            add(`${path}.templateKey`, `范本条款“${t.title}”不适用于${CASE_KIND_INFO[kind].contractLabel}`);
          else if (t.topic !== topic)
            add(`${path}.templateKey`, `范本条款“${t.title}”不属于议题“${topicTitle(topic)}”`);
          else {
            const clause = fromTemplate(t, a.values ?? {}, "agreed", path);
            return clause ? [clause] : [];
          }
          return [];
        }
        if (a.text.trim() === "") add(`${path}.text`, "条款文字不能为空");
        if (a.title.trim() === "") add(`${path}.title`, "请填写条款标题");
        return [
          {
            id: `${topic}.agreed.${j + 1}`,
            topic,
            title: a.title.trim(),
            text: a.text.trim(),
            origin: "agreed",
            templateKey: null,
            rendering: null,
            legalMinimum: null,
            covers: [],
          },
        ];
      });
    }
    const carried = previousClauses.filter((c) => c.topic === topic);
    const isFrame = topic === "general" || topic === "final";
    if (!agreed && !isFrame) return carried.map((c) => ({ ...c, origin: "previous" }));
    return clausesForTopic(library, kind, topic).flatMap((t) => {
      const clause = fromTemplate(t, {}, "library", `library.${t.key}`);
      return clause ? [clause] : [];
    });
  };

  const chapters = library.chapters.filter((c) => c.kinds.includes(kind));
  const placed = new Set<string>();
  const built: DraftChapter[] = chapters.map((c) => {
    const clauses = c.topics.flatMap(clausesOfTopic);
    c.topics.forEach((t) => placed.add(t));
    return { key: c.key, title: c.title, clauses };
  });

  const stray = previousClauses.filter((c) => !placed.has(c.topic) && !agreedByTopic.has(c.topic));
  if (stray.length > 0) {
    const other = built.find((c) =>
      chapters.find((d) => d.key === c.key)?.topics.some((t) => /other$/.test(t)),
    );
    if (other) other.clauses.push(...stray.map((c): DraftClause => ({ ...c, origin: "previous" })));
    else
      stray.forEach((c) => add(`previous.${c.id}`, `上期合同条款“${c.title}”的议题不属于本合同，无法沿用`));
  }

  const seen = new Set<string>();
  built.forEach((c) =>
    c.clauses.forEach((clause) => {
      if (seen.has(clause.id))
        add(`clauses.${clause.id}`, `条款“${clause.title}”重复使用，同一范本条款只能使用一次`);
      seen.add(clause.id);
    }),
  );

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      number: 1,
      kind,
      title: `${parties.employerName.trim()}${CASE_KIND_INFO[kind].contractLabel}（草案）`,
      library: { key: library.key, version: library.version },
      chapters: built.filter((c) => c.clauses.length > 0),
      applied: [],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Numbering

export interface NumberedArticle {
  /** 1-based, running across chapters. */
  number: number;
  /** "第十二条". */
  label: string;
  clause: DraftClause;
}

export interface NumberedChapter {
  number: number;
  /** "第三章". */
  label: string;
  /** "第三章\u3000工作时间" (an ideographic space, as official documents set it). */
  heading: string;
  key: string;
  title: string;
  articles: NumberedArticle[];
}

export function chapterLabel(n: number): string {
  return `第${chineseNumeral(n)}章`;
}

export function articleLabel(n: number): string {
  return `第${chineseNumeral(n)}条`;
}

/** Chapters and articles as printed: 第一章 … , 第一条 … with article numbers running on. */
export function numberContract(text: ContractText): NumberedChapter[] {
  let article = 0;
  return text.chapters.map((c, i) => ({
    number: i + 1,
    label: chapterLabel(i + 1),
    heading: `${chapterLabel(i + 1)}\u3000${c.title}`,
    key: c.key,
    title: c.title,
    articles: c.clauses.map((clause) => {
      article += 1;
      return { number: article, label: articleLabel(article), clause };
    }),
  }));
}

/** Where a clause is printed: its article and chapter, or null when the text has no such clause. */
export function locateClause(
  text: ContractText,
  clauseId: string,
): { article: NumberedArticle; chapter: NumberedChapter } | null {
  for (const chapter of numberContract(text)) {
    const article = chapter.articles.find((a) => a.clause.id === clauseId);
    if (article) return { article, chapter };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Next version from accepted suggestions

/**
 * A change a representative proposes. Changes to an existing clause carry the text they were written
 * against (baseText): if the clause changed since, the suggestion is stale and must be proposed again.
 */
export type SuggestedChange =
  | { kind: "wording"; clauseId: string; baseText: string; text: string; title?: string }
  | { kind: "values"; clauseId: string; baseText: string; values: ParameterValues }
  | {
      kind: "insert";
      chapterKey: string;
      /** null: at the start of the chapter. */
      afterClauseId: string | null;
      topic: string;
      title: string;
      text: string;
    }
  | { kind: "delete"; clauseId: string; baseText: string }
  | { kind: "move"; clauseId: string; chapterKey: string; afterClauseId: string | null };

export const SUGGESTED_CHANGE_LABELS: Record<SuggestedChange["kind"], string> = {
  wording: "修改条款文字",
  values: "修改条款数值",
  insert: "增加条款",
  delete: "删除条款",
  move: "调整条款位置",
};

export interface AcceptedSuggestion {
  id: string;
  change: SuggestedChange;
}

type Chapters = DraftChapter[];
type Applied = { ok: true; chapters: Chapters; clauseId: string } | { ok: false; message: string };

function findClause(chapters: Chapters, id: string): DraftClause | null {
  for (const c of chapters) {
    const found = c.clauses.find((x) => x.id === id);
    if (found) return found;
  }
  return null;
}

function replaceClause(chapters: Chapters, id: string, next: DraftClause): Chapters {
  return chapters.map((c) => ({ ...c, clauses: c.clauses.map((x) => (x.id === id ? next : x)) }));
}

function removeClause(chapters: Chapters, id: string): Chapters {
  return chapters.map((c) => ({ ...c, clauses: c.clauses.filter((x) => x.id !== id) }));
}

function insertClause(
  chapters: Chapters,
  chapterKey: string,
  afterId: string | null,
  clause: DraftClause,
): Chapters | string {
  const chapter = chapters.find((c) => c.key === chapterKey);
  if (!chapter) return `草案中没有章“${chapterKey}”`;
  const at = afterId === null ? 0 : chapter.clauses.findIndex((x) => x.id === afterId) + 1;
  if (at === 0 && afterId !== null) return "插入位置所指的条款不在该章中";
  return chapters.map((c) =>
    c.key === chapterKey ? { ...c, clauses: [...c.clauses.slice(0, at), clause, ...c.clauses.slice(at)] } : c,
  );
}

const STALE = "该建议所依据的条款文字已被修改，请按最新稿重新提出";

function applyChange(chapters: Chapters, kind: CaseKind, s: AcceptedSuggestion): Applied {
  const change = s.change;
  const fail = (message: string): Applied => ({ ok: false, message });
  if (change.kind === "insert") {
    if (!topicKeysForKind(kind).includes(change.topic)) return fail(`议题“${change.topic}”不属于本合同`);
    if (change.text.trim() === "" || change.title.trim() === "") return fail("新增条款的标题和文字不能为空");
    const id = `suggestion.${s.id}`;
    if (findClause(chapters, id)) return fail("该建议已被采纳");
    const clause: DraftClause = {
      id,
      topic: change.topic,
      title: change.title.trim(),
      text: change.text.trim(),
      origin: "suggestion",
      templateKey: null,
      rendering: null,
      legalMinimum: null,
      covers: [],
    };
    const next = insertClause(chapters, change.chapterKey, change.afterClauseId, clause);
    return typeof next === "string" ? fail(next) : { ok: true, chapters: next, clauseId: id };
  }

  const current = findClause(chapters, change.clauseId);
  if (!current) return fail("该建议所针对的条款已不在草案中");
  switch (change.kind) {
    case "wording": {
      if (current.text !== change.baseText) return fail(STALE);
      const text = change.text.trim();
      if (text === "") return fail("条款文字不能为空");
      if (text === current.text) return fail("建议的文字与现行文字相同");
      const title = change.title?.trim() || current.title;
      const next: DraftClause = { ...current, title, text, origin: "suggestion", rendering: null };
      return { ok: true, chapters: replaceClause(chapters, current.id, next), clauseId: current.id };
    }
    case "values": {
      if (current.text !== change.baseText) return fail(STALE);
      const r = current.rendering;
      if (!r) return fail("该条款文字已由双方另行拟定，不能按参数修改，请提出文字修改建议");
      const resolved = resolveValues(r.parameters, { ...r.values, ...change.values });
      if (!resolved.ok) return fail(resolved.errors.map((e) => e.message).join("；"));
      const text = renderText(r.pattern, r.parameters, resolved.values);
      const next: DraftClause = {
        ...current,
        text,
        origin: "suggestion",
        rendering: { ...r, values: resolved.values },
      };
      return { ok: true, chapters: replaceClause(chapters, current.id, next), clauseId: current.id };
    }
    case "delete":
      if (current.text !== change.baseText) return fail(STALE);
      return { ok: true, chapters: removeClause(chapters, current.id), clauseId: current.id };
    case "move": {
      if (change.afterClauseId === current.id) return fail("不能把条款移到它自己之后");
      const next = insertClause(
        removeClause(chapters, current.id),
        change.chapterKey,
        change.afterClauseId,
        current,
      );
      return typeof next === "string" ? fail(next) : { ok: true, chapters: next, clauseId: current.id };
    }
  }
}

/**
 * 第N+1稿 from 第N稿 and the accepted suggestions, applied in the order given. Any suggestion that cannot
 * apply (stale, its clause gone, a bad position) fails the whole step with its reason, so no version is
 * made from part of a decision. Chapters left empty are dropped; articles renumber when printed.
 */
export function nextVersion(previous: DraftVersion, accepted: readonly AcceptedSuggestion[]): DraftResult {
  if (accepted.length === 0)
    return { ok: false, errors: [{ path: "", message: "没有已采纳的修改建议，无需生成新稿" }] };
  const ids = new Set<string>();
  const errors: DraftError[] = [];
  let chapters: Chapters = previous.chapters;
  const applied: AppliedChange[] = [];
  for (const s of accepted) {
    if (ids.has(s.id)) {
      errors.push({ path: s.id, message: "同一建议重复采纳" });
      continue;
    }
    ids.add(s.id);
    const r = applyChange(chapters, previous.kind, s);
    if (!r.ok) {
      errors.push({ path: s.id, message: r.message });
      continue;
    }
    chapters = r.chapters;
    applied.push({ suggestionId: s.id, kind: s.change.kind, clauseId: r.clauseId });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      ...previous,
      number: previous.number + 1,
      chapters: chapters.filter((c) => c.clauses.length > 0),
      applied,
    },
  };
}
