import {
  findSyntaxError,
  lineAndColumn,
  parseJsonText,
  templateExportText,
} from "~/domain/health-check/template-json";
import { defaultTemplate } from "../../../templates/questionnaires/default";

describe("parseJsonText", () => {
  it("parses valid JSON, with or without a byte-order mark", () => {
    expect(parseJsonText('{"a": [1, "二"]}')).toEqual({ ok: true, value: { a: [1, "二"] } });
    expect(parseJsonText('\uFEFF{"a": true}')).toEqual({ ok: true, value: { a: true } });
  });

  it("refuses empty input", () => {
    expect(parseJsonText("  \n")).toEqual({
      ok: false,
      message: "内容为空：请上传 JSON 文件或粘贴 JSON 内容",
    });
  });

  it.each<[string, string, number, number, string]>([
    ["a trailing comma", '{\n  "a": 1,\n}', 3, 1, "多了一个逗号"],
    ["a trailing comma in an array", "[1,\n 2,\n]", 3, 1, "多了一个逗号"],
    ["a missing comma", '{"a": 1 "b": 2}', 1, 9, "属性值后面应为逗号"],
    ["a missing comma in an array", "[1 2]", 1, 4, "数组元素后面应为逗号"],
    ["a missing colon", '{"a" 1}', 1, 6, "属性名后面应为冒号"],
    ["an unquoted key", "{a: 1}", 1, 2, "带英文双引号的属性名"],
    ["an unterminated string (at its start)", '{"a": "x', 1, 7, "缺少结尾的英文双引号"],
    ["a raw line break in a string", '{"a": "x\ny"}', 1, 9, "未转义的换行"],
    ["a bad escape", '{"a": "\\q"}', 1, 8, "无效的转义字符"],
    ["a misspelt literal", '{\n  "题目": "中文",\n  "b": tru\n}', 3, 8, "“tru” 不是合法的值"],
    ["unquoted text", '{"a": 是}', 1, 7, "“是” 不是合法的值"],
    ["Chinese quotes", "{“a”: 1}", 1, 2, "请使用英文双引号"],
    ["a Chinese colon", '{"a"：1}', 1, 5, "请使用英文冒号"],
    ["a Chinese comma", '{"a": 1，"b": 2}', 1, 8, "请使用英文逗号"],
    ["text after the end", '{"a": 1}}', 1, 9, "结束后还有多余的文字"],
    ["a cut-off document", '{"a": [1, 2', 1, 12, "内容意外结束"],
  ])("locates %s", (_name, text, line, column, words) => {
    const result = parseJsonText(text);
    expect(result).toMatchObject({ ok: false, line, column });
    expect(!result.ok && result.message).toContain(`JSON 格式错误：第 ${line} 行第 ${column} 列，`);
    expect(!result.ok && result.message).toContain(words);
  });

  it("finds no syntax error in valid JSON of any shape", () => {
    for (const text of ['"x"', "-1.5e+3", "null", "[]", "{}", '{"a":{"b":[true,false,null,"\\u4e2d\\n"]}}']) {
      expect(findSyntaxError(text)).toBeNull();
    }
    expect(findSyntaxError(templateExportText(defaultTemplate, { key: "default", version: 1 }))).toBeNull();
  });
});

describe("lineAndColumn", () => {
  it("counts lines from 1 and columns in characters", () => {
    expect(lineAndColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("中文\n𠀀x", 5)).toEqual({ line: 2, column: 2 });
  });
});

describe("templateExportText", () => {
  it("puts key and version first, pretty-prints, and ends with a newline", () => {
    const text = templateExportText(defaultTemplate, { key: "default", version: 7 });
    expect(
      text.startsWith('{\n  "key": "default",\n  "version": 7,\n  "title": "劳动关系法律体检问卷",'),
    ).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual({ ...defaultTemplate, version: 7 });
  });

  it("takes the key from the stored version, not from the content", () => {
    const text = templateExportText({ ...defaultTemplate, key: "stale" }, { key: "default", version: 1 });
    expect(JSON.parse(text)).toMatchObject({ key: "default" });
  });
});
