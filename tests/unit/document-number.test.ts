import {
  defaultShortCode,
  formatDocumentNo,
  orgShortCode,
  redHeadProblem,
  shortCodeProblem,
} from "~/domain/document-number";

describe("document numbers", () => {
  it("say whose they are: short code, kind, year and number", () => {
    expect(formatDocumentNo("report", "湖滨", "2026", 2)).toBe("湖滨工体〔2026〕2号");
    expect(formatDocumentNo("prescription", "湖滨", "2026", 12)).toBe("湖滨工处〔2026〕12号");
  });

  it.each([
    ["湖滨街道总工会", "湖滨"],
    ["苏州市吴中区长桥街道总工会", "长桥"],
    ["云溪区总工会", "云溪"],
    ["滨江市总工会", "滨江"],
    ["青石镇总工会", "青石"],
    ["临江区江口街道总工会", "江口"],
    ["云溪智造产业园区总工会", "云溪智造产业"],
    ["测试工会12", "测试工会"],
    ["市总工会", "工会"],
  ])("defaults the code of %s to %s", (name, code) => {
    expect(defaultShortCode(name)).toBe(code);
    expect(shortCodeProblem(defaultShortCode(name))).toBeNull();
  });

  it("uses the code the admin set, else the default", () => {
    expect(orgShortCode({ name: "湖滨街道总工会", shortCode: "湖街" })).toBe("湖街");
    expect(orgShortCode({ name: "湖滨街道总工会" })).toBe("湖滨");
    expect(orgShortCode({ name: "湖滨街道总工会", shortCode: "" })).toBe("湖滨");
  });

  it.each(["湖", "湖滨街道总工会", "HB", "湖滨1", " 湖滨", ""])("refuses the short code %p", (code) => {
    expect(shortCodeProblem(code)).toBe("机关代字应为 2 到 6 个汉字");
  });

  it("accepts a red head of one line up to 30 characters", () => {
    expect(redHeadProblem("湖滨街道总工会文件")).toBeNull();
    expect(redHeadProblem("")).toBeNull();
    expect(redHeadProblem("一".repeat(31))).toBe("版头最多 30 个字");
    expect(redHeadProblem("湖滨\n文件")).toBe("版头应为一行文字");
  });
});
