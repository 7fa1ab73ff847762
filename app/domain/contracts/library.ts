/**
 * The clause library: model clauses per topic and kind of contract, with typed parameters rendered into
 * the text and a note of the legal minimum each must respect. Versioned, JSON-able data: an admin exports
 * it, edits it, imports it (validated here, errors named by path in Chinese, like questionnaire templates
 * in app/domain/health-check/validate-template.ts) and the service publishes it as the next version.
 *
 * A clause's text names its parameters in braces: "每周工作时间不超过{weeklyHours}小时". Values are typed:
 * integer (hours, days, percent, people…; the text carries the unit), fen (money, rendered "2,490.00元"),
 * bp (a rate in basis points, rendered "5.00%") and text (a name). A parameter may point at a statutory
 * bound (legal-limits.ts); the library's default must respect it and the pre-vote checks enforce it.
 */
import * as z from "zod";
import { CASE_KINDS, CASE_KIND_INFO, type CaseKind } from "../bargaining/case-kinds";
import { formatBp, formatFen } from "../bargaining/costing";
import { formatCitation } from "../citation-format";
import {
  parseByPath,
  pathErrors,
  type AddPathError as Add,
  type PathError,
  type PathPart,
} from "../path-errors";
import { resolveCitation, type StatuteLibrary } from "../health-check/statutes";
import type { Citation } from "../health-check/types";
import {
  CONTENT_ELEMENTS,
  REQUIRED_CONTENTS,
  TERM_PARAMETER,
  TERM_TOPIC,
  bargainedTopics,
  isContentElementKey,
  topicKeysForKind,
  topicTitle,
} from "./contents";
import { LEGAL_LIMITS, LEGAL_LIMIT_KEYS, type LegalLimitKey } from "./legal-limits";

export const PARAMETER_TYPES = ["integer", "fen", "bp", "text"] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export type ParameterValue = number | string;
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

export interface ParameterTemplate {
  /** Name in the text's braces: letters and digits, starting with a lower-case letter. */
  key: string;
  /** For the form: "标准工作时间（每周）". */
  label: string;
  type: ParameterType;
  /** Unit shown beside the input ("小时", "天", "%"); the text writes its own unit. */
  unit?: string;
  default: ParameterValue;
  /** Input bounds (integers); a statutory bound goes in legalLimit. */
  min?: number;
  max?: number;
  legalLimit?: LegalLimitKey;
}

export interface LegalMinimumNote {
  /** In words: the statutory minimum the clause must respect, or the rule it restates. */
  note: string;
  /** The articles, each in the shipped statutes. */
  citations: Citation[];
}

export interface ClauseTemplate {
  /** Stable key, e.g. "working_hours.standard". */
  key: string;
  /** A topic of every kind listed (contents.ts: 第8条, 第7条 or the frame). */
  topic: string;
  kinds: CaseKind[];
  /** Short heading for the reviewers: "标准工时". */
  title: string;
  text: string;
  parameters: ParameterTemplate[];
  /** Content elements the clause covers beyond its topic (集体合同规定 第12条, 第14条). */
  covers: string[];
  legalMinimum: LegalMinimumNote;
}

export interface ChapterTemplate {
  key: string;
  /** "劳动报酬" — numbered 第X章 when the draft is assembled. */
  title: string;
  kinds: CaseKind[];
  /** The topics whose clauses go in this chapter, in order. */
  topics: string[];
}

export interface ContractLibrary {
  key: string;
  /** 1, 2, …: each publication is a new version; drafts record the version they were built from. */
  version: number;
  title: string;
  description?: string;
  chapters: ChapterTemplate[];
  clauses: ClauseTemplate[];
}

// ---------------------------------------------------------------------------------------------------------
// Values and rendering

export interface ValueError {
  /** The parameter key. */
  key: string;
  message: string;
}

const MAX_BP = 10_000;
const MAX_TEXT = 200;
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The parameter names a text uses, in order of first use. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Why a value does not fit its parameter, or null. Bounds are the input bounds, not the legal ones. */
export function valueProblem(p: ParameterTemplate, value: unknown): string | null {
  if (p.type === "text") {
    if (typeof value !== "string" || value.trim() === "") return `请填写“${p.label}”`;
    return value.length > MAX_TEXT ? `“${p.label}”不能超过${MAX_TEXT}个字` : null;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    if (p.type === "fen") return `“${p.label}”应为精确到分的金额`;
    if (p.type === "bp") return `“${p.label}”应为最多两位小数的百分比`;
    return `“${p.label}”应为整数`;
  }
  if (p.type === "fen" && value < 0) return `“${p.label}”不能为负数`;
  if (p.type === "bp" && Math.abs(value) > MAX_BP) return `“${p.label}”应在-100%至100%之间`;
  if (p.min !== undefined && value < p.min) return `“${p.label}”不能小于${displayValue(p, p.min)}`;
  if (p.max !== undefined && value > p.max) return `“${p.label}”不能大于${displayValue(p, p.max)}`;
  return null;
}

/** A value as it reads in the text: 40 → "40", 249000 fen → "2,490.00元", 500 bp → "5.00%". */
export function displayValue(p: Pick<ParameterTemplate, "type">, value: ParameterValue): string {
  if (typeof value === "string") return value.trim();
  if (p.type === "fen") return formatFen(value);
  if (p.type === "bp") return formatBp(value);
  return String(value);
}

/** The values to use: the defaults, overridden by the given ones (unknown keys are reported). */
export function resolveValues(
  parameters: readonly ParameterTemplate[],
  given: ParameterValues = {},
): { ok: true; values: Record<string, ParameterValue> } | { ok: false; errors: ValueError[] } {
  const errors: ValueError[] = [];
  const values: Record<string, ParameterValue> = {};
  for (const key of Object.keys(given)) {
    if (!parameters.some((p) => p.key === key)) errors.push({ key, message: `条款没有参数“${key}”` });
  }
  for (const p of parameters) {
    const value = Object.prototype.hasOwnProperty.call(given, p.key) ? given[p.key] : p.default;
    const problem = valueProblem(p, value);
    if (problem) errors.push({ key: p.key, message: problem });
    else values[p.key] = typeof value === "string" ? value.trim() : value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** The text with every {key} replaced by its value's display. Throws for a name without a parameter. */
export function renderText(
  pattern: string,
  parameters: readonly ParameterTemplate[],
  values: ParameterValues,
): string {
  return pattern.replace(PLACEHOLDER, (_, key: string) => {
    const p = parameters.find((q) => q.key === key);
    if (!p || !(key in values)) throw new RangeError(`条款文字中的参数“${key}”没有取值`);
    return displayValue(p, values[key]);
  });
}

/** A clause's text with the given values over its defaults, or the value errors. */
export function renderClause(
  clause: ClauseTemplate,
  given: ParameterValues = {},
): { ok: true; text: string; values: Record<string, ParameterValue> } | { ok: false; errors: ValueError[] } {
  const resolved = resolveValues(clause.parameters, given);
  if (!resolved.ok) return resolved;
  return {
    ok: true,
    text: renderText(clause.text, clause.parameters, resolved.values),
    values: resolved.values,
  };
}

/** Where the value sits against its statutory bound: a Chinese message when it falls short, else null. */
export function legalLimitProblem(
  p: ParameterTemplate,
  value: ParameterValue,
  localMinimumWage?: { monthlyFen: number; hourlyFen: number | null } | null,
): string | null {
  if (!p.legalLimit || typeof value !== "number") return null;
  const limit = LEGAL_LIMITS[p.legalLimit];
  const where = formatCitation(limit.source);
  if (limit.bound === "local_minimum_wage") {
    if (!localMinimumWage) return null;
    const floor = limit.period === "month" ? localMinimumWage.monthlyFen : localMinimumWage.hourlyFen;
    if (floor === null || value >= floor) return null;
    const word = limit.period === "month" ? "月" : "小时";
    return `“${p.label}”${formatFen(value)}低于当地${word}最低工资标准${formatFen(floor)}（${where}：${limit.rule}）`;
  }
  const shown = `${value}${limit.unit}`;
  if (limit.bound === "at_least" && value < limit.value)
    return `“${p.label}”为${shown}，低于法定标准${limit.value}${limit.unit}（${where}：${limit.rule}）`;
  if (limit.bound === "at_most" && value > limit.value)
    return `“${p.label}”为${shown}，超过法定上限${limit.value}${limit.unit}（${where}：${limit.rule}）`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Validation of an imported library

export type LibraryError = PathError;

export type LibraryValidation =
  { ok: true; library: ContractLibrary } | { ok: false; errors: LibraryError[] };

const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const PARAM_KEY = /^[a-z][A-Za-z0-9]*$/;

const Text = z.string().trim().min(1, "不能为空");
const Key = z
  .string()
  .min(1, "编号不能为空")
  .max(60, "编号不能超过 60 个字符")
  .regex(KEY, "编号只能包含小写字母、数字、“_”和“.”，并以字母开头");
const Kind = z.enum(CASE_KINDS);

const CitationSchema = z.strictObject({
  statute: Text,
  article: z.string().regex(/^[1-9][0-9]*$/, "条号须为阿拉伯数字，如 “38”"),
});

const ParameterSchema = z.strictObject({
  key: z.string().regex(PARAM_KEY, "参数名只能包含字母和数字，并以小写字母开头"),
  label: Text,
  type: z.enum(PARAMETER_TYPES),
  unit: z.string().optional(),
  default: z.union([z.number(), z.string()]),
  min: z.number().int("最小值须为整数").optional(),
  max: z.number().int("最大值须为整数").optional(),
  legalLimit: z.enum(LEGAL_LIMIT_KEYS).optional(),
});

const ClauseSchema = z.strictObject({
  key: Key,
  topic: Text,
  kinds: z.array(Kind).min(1, "至少适用于一种合同"),
  title: Text,
  text: Text,
  parameters: z.array(ParameterSchema),
  covers: z.array(z.string()),
  legalMinimum: z.strictObject({
    note: Text,
    citations: z.array(CitationSchema).min(1, "请至少引用一条法律依据"),
  }),
});

const ChapterSchema = z.strictObject({
  key: Key,
  title: Text,
  kinds: z.array(Kind).min(1, "至少适用于一种合同"),
  topics: z.array(Text).min(1, "每章至少包含一个议题"),
});

const LibrarySchema = z.strictObject({
  key: Key,
  version: z.number().int("版本号须为整数").positive("版本号须大于 0"),
  title: Text,
  description: z.string().optional(),
  chapters: z.array(ChapterSchema).min(1, "至少需要一章"),
  clauses: z.array(ClauseSchema).min(1, "至少需要一个条款"),
});

/** Structure first (zod), then meaning: keys, topics, placeholders, defaults, bounds, citations, coverage. */
export function validateLibrary(input: unknown, statutes: StatuteLibrary): LibraryValidation {
  const parsed = parseByPath(LibrarySchema, input);
  if (!parsed.ok) return parsed;
  const library = parsed.value as ContractLibrary;
  const errors = semanticErrors(library, statutes);
  return errors.length === 0 ? { ok: true, library } : { ok: false, errors };
}

function semanticErrors(library: ContractLibrary, statutes: StatuteLibrary): LibraryError[] {
  const { errors, add } = pathErrors();

  const chapterKeys = new Set<string>();
  library.chapters.forEach((c, i) => {
    const at: PathPart[] = ["chapters", i];
    if (chapterKeys.has(c.key)) add([...at, "key"], `章编号“${c.key}”重复`);
    chapterKeys.add(c.key);
    c.topics.forEach((topic, j) => {
      for (const kind of c.kinds) {
        if (!topicKeysForKind(kind).includes(topic))
          add([...at, "topics", j], `议题“${topic}”不属于${CASE_KIND_INFO[kind].contractLabel}`);
      }
    });
    for (const kind of c.kinds) {
      const earlier = library.chapters
        .slice(0, i)
        .find((d) => d.kinds.includes(kind) && d.topics.some((t) => c.topics.includes(t)));
      if (earlier) add([...at, "topics"], `议题已列入同类合同的“${earlier.title}”一章`);
    }
  });

  const clauseKeys = new Set<string>();
  library.clauses.forEach((clause, i) => {
    const at: PathPart[] = ["clauses", i];
    if (clauseKeys.has(clause.key)) add([...at, "key"], `条款编号“${clause.key}”重复`);
    clauseKeys.add(clause.key);
    for (const kind of new Set(clause.kinds)) {
      if (!topicKeysForKind(kind).includes(clause.topic)) {
        add([...at, "topic"], `议题“${clause.topic}”不属于${CASE_KIND_INFO[kind].contractLabel}`);
      } else if (!library.chapters.some((c) => c.kinds.includes(kind) && c.topics.includes(clause.topic))) {
        add(
          [...at, "topic"],
          `${CASE_KIND_INFO[kind].contractLabel}没有收录议题“${topicTitle(clause.topic)}”的章`,
        );
      }
    }
    clause.covers.forEach((key, j) => {
      if (!isContentElementKey(key)) add([...at, "covers", j], `内容要素“${key}”不存在`);
    });
    checkParameters(clause, at, add);
    clause.legalMinimum.citations.forEach((c, j) =>
      checkCitation(c, statutes, [...at, "legalMinimum", "citations", j], add),
    );
  });

  checkCoverage(library, add);
  return errors;
}

function checkParameters(clause: ClauseTemplate, at: PathPart[], add: Add): void {
  const keys = new Set<string>();
  clause.parameters.forEach((p, j) => {
    const pat: PathPart[] = [...at, "parameters", j];
    if (keys.has(p.key)) add([...pat, "key"], `参数名“${p.key}”重复`);
    keys.add(p.key);
    if (p.type === "text" && (p.min !== undefined || p.max !== undefined || p.legalLimit !== undefined))
      add(pat, "文字参数不能设置最小值、最大值或法定标准");
    if (p.min !== undefined && p.max !== undefined && p.min > p.max)
      add([...pat, "max"], `最大值（${p.max}）不能小于最小值（${p.min}）`);
    const limitType = p.legalLimit ? legalLimitType(p.legalLimit) : p.type;
    if (p.type !== limitType) add([...pat, "type"], `法定标准“${p.legalLimit}”要求参数类型为 ${limitType}`);
    const problem = valueProblem(p, p.default);
    if (problem) add([...pat, "default"], problem);
    else if (p.type === limitType) {
      const short = legalLimitProblem(p, p.default);
      if (short) add([...pat, "default"], `默认值不符合法定标准：${short}`);
    }
  });
  const used = placeholders(clause.text);
  for (const name of used) {
    if (!keys.has(name)) add([...at, "text"], `条款文字中的“{${name}}”没有对应的参数`);
  }
  clause.parameters.forEach((p, j) => {
    if (!used.includes(p.key)) add([...at, "parameters", j, "key"], `参数“${p.key}”未在条款文字中使用`);
  });
  if (/[{}]/.test(clause.text.replace(PLACEHOLDER, ""))) add([...at, "text"], "条款文字中有未配对的花括号");
  if (clause.kinds.some((k) => TERM_TOPIC[k] === clause.topic)) {
    const term = clause.parameters.find((p) => p.key === TERM_PARAMETER);
    if (!term || term.type !== "integer")
      add([...at, "parameters"], `合同期限条款须有整数参数“${TERM_PARAMETER}”（年）`);
  }
}

/** The parameter type a statutory bound applies to: money for the minimum wage, integers otherwise. */
function legalLimitType(key: LegalLimitKey): ParameterType {
  return LEGAL_LIMITS[key].bound === "local_minimum_wage" ? "fen" : "integer";
}

function checkCitation(c: Citation, statutes: StatuteLibrary, at: PathPart[], add: Add): void {
  if (!statutes[c.statute]) add(at, `未收录法规“${c.statute}”的全文，不能引用其条文`);
  else if (resolveCitation(statutes, c) === null)
    add(at, `《${statutes[c.statute].title}》没有第${c.article}条`);
}

/**
 * Each kind the library offers must be buildable: the frame, every bargained topic for the comprehensive
 * and wage contracts, and every required content (contents.ts) for all kinds.
 */
function checkCoverage(library: ContractLibrary, add: Add): void {
  for (const kind of CASE_KINDS) {
    const clauses = library.clauses.filter((c) => c.kinds.includes(kind));
    const label = CASE_KIND_INFO[kind].contractLabel;
    const has = (key: string) => clauses.some((c) => c.topic === key || c.covers.includes(key));
    const needed = new Set<string>(["general", "final"]);
    if (kind === "comprehensive" || kind === "wage") bargainedTopics(kind).forEach((t) => needed.add(t.key));
    REQUIRED_CONTENTS[kind].forEach((r) => needed.add(r.key));
    for (const key of needed) {
      if (has(key)) continue;
      const element = CONTENT_ELEMENTS.find((e) => e.key === key);
      add(["clauses"], `${label}缺少“${element?.title ?? topicTitle(key)}”的范本条款`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Export and import

/**
 * The library as the admin downloads it: indented JSON with keys in the schema's order, so exporting what
 * was imported gives the same file byte for byte.
 */
export function exportLibrary(library: ContractLibrary): string {
  const canonical = LibrarySchema.safeParse(library);
  return `${JSON.stringify(canonical.success ? canonical.data : library, null, 2)}\n`;
}

/** A downloaded (and edited) file back into a library, or its errors; nothing partial. */
export function importLibrary(text: string, statutes: StatuteLibrary): LibraryValidation {
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ path: "", message: `文件不是有效的 JSON：${detail}` }] };
  }
  return validateLibrary(input, statutes);
}

/** The clauses of a library a kind of contract may use, per topic, in library order. */
export function clausesForTopic(library: ContractLibrary, kind: CaseKind, topic: string): ClauseTemplate[] {
  return library.clauses.filter((c) => c.kinds.includes(kind) && c.topic === topic);
}
