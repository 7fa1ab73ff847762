import type { Template } from "./types";

/**
 * The JSON form of a questionnaire template, as an admin downloads, edits and uploads it: parsing with a
 * Chinese message that says where the text is broken, and the export format (the template plus the
 * version number it had; validateTemplate ignores that extra field on import).
 */

/** The largest template file an admin may upload, and the largest edited JSON a draft save may post. */
export const TEMPLATE_JSON_MAX_BYTES = 2 * 1024 * 1024;

export type JsonParse =
  { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

export interface TemplateExport extends Template {
  /** The version the template was exported from (information only: an import makes a new draft). */
  version: number;
}

/** Parses JSON text; a syntax error becomes a Chinese message naming its line and column. */
export function parseJsonText(text: string): JsonParse {
  const source = text.replace(/^\uFEFF/, "");
  if (source.trim() === "") return { ok: false, message: "内容为空：请上传 JSON 文件或粘贴 JSON 内容" };
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch {
    // The engine's message differs between Node versions and is English: find the place ourselves.
    const problem = findSyntaxError(source) ?? { at: source.length, message: "不是合法的 JSON" };
    const { line, column } = lineAndColumn(source, problem.at);
    return {
      ok: false,
      line,
      column,
      message: `JSON 格式错误：第 ${line} 行第 ${column} 列，${problem.message}`,
    };
  }
}

/** 1-based line and column (in characters) of a string offset. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const lines = text.slice(0, Math.min(position, text.length)).split("\n");
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

class SyntaxProblem {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const WORD = /[^\s,:[\]{}"]{1,12}/y;

/** The first syntax error of JSON text (offset and Chinese explanation), or null when it is valid. */
export function findSyntaxError(s: string): { at: number; message: string } | null {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new SyntaxProblem(at, punctuationHint(s[at]) ?? message);
  };
  const ws = () => {
    while (i < s.length && " \t\n\r".includes(s[i])) i++;
  };
  const end = "内容意外结束，可能缺少 “}” 或 “]”";

  const string = () => {
    const start = i;
    i++;
    for (;;) {
      const c = s[i];
      if (c === undefined) fail("字符串缺少结尾的英文双引号", start);
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const e = s[i + 1];
        if (e === "u" ? !/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6)) : !'"\\/bfnrt'.includes(e ?? "x")) {
          fail("字符串中有无效的转义字符（“\\” 后面的字符）");
        }
        i += e === "u" ? 6 : 2;
        continue;
      }
      if (c < " ") fail("字符串中有未转义的换行或制表符（请写成 \\n 或 \\t）");
      i++;
    }
  };

  const value = (): void => {
    ws();
    const c = s[i];
    if (c === undefined) fail(end);
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    for (const literal of ["true", "false", "null"]) {
      if (s.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    const n = NUMBER.exec(s);
    if (n && n[0] !== "-") {
      i += n[0].length;
      return;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(s)?.[0] ?? c;
    fail(`“${word}” 不是合法的值（文字须加英文双引号，是/否写作 true/false）`);
  };

  const object = () => {
    i++;
    ws();
    if (s[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (s[i] === undefined) fail(end);
      if (s[i] === "}") fail("多了一个逗号：JSON 不允许在最后一项后面加逗号");
      if (s[i] !== '"') fail("此处应为带英文双引号的属性名");
      string();
      ws();
      if (s[i] !== ":") fail(s[i] === undefined ? end : "属性名后面应为冒号 “:”");
      i++;
      value();
      ws();
      if (s[i] === ",") {
        i++;
        continue;
      }
      if (s[i] === "}") {
        i++;
        return;
      }
      fail(s[i] === undefined ? end : "属性值后面应为逗号 “,” 或 “}”");
    }
  };

  const array = () => {
    i++;
    ws();
    if (s[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (s[i] === ",") {
        i++;
        ws();
        if (s[i] === "]") fail("多了一个逗号：JSON 不允许在最后一项后面加逗号");
        continue;
      }
      if (s[i] === "]") {
        i++;
        return;
      }
      fail(s[i] === undefined ? end : "数组元素后面应为逗号 “,” 或 “]”");
    }
  };

  try {
    value();
    ws();
    if (i < s.length) fail("JSON 内容结束后还有多余的文字");
    return null;
  } catch (error) {
    if (error instanceof SyntaxProblem) return { at: error.at, message: error.message };
    throw error;
  }
}

/** Chinese punctuation typed by mistake is the commonest error in hand-edited JSON: say so directly. */
function punctuationHint(char: string | undefined): string | undefined {
  if (char === "“" || char === "”" || char === "‘" || char === "’") {
    return '请使用英文双引号（"），不要使用中文引号';
  }
  if (char === "，") return "请使用英文逗号 “,”，不要使用中文逗号";
  if (char === "：") return "请使用英文冒号 “:”，不要使用中文冒号";
  return undefined;
}

/** The file an admin downloads: the template with its key and version first, pretty-printed. */
export function templateExportText(template: Template, meta: { key: string; version: number }): string {
  const { key: _key, ...rest } = template;
  const out: TemplateExport = { key: meta.key, version: meta.version, ...rest };
  return `${JSON.stringify(out, null, 2)}\n`;
}
