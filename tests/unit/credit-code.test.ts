import {
  CREDIT_CODE_CHARS,
  checkCreditCode,
  creditCodeCheckChar,
  makeCreditCode,
} from "~/domain/credit-code";

describe("checkCreditCode", () => {
  it.each(["91350100M000100Y43", "91110000600037341L", "91440300708461136T"])("accepts %s", (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true, code });
  });

  it("rejects 911100001000013428: the check character should be C", () => {
    expect(checkCreditCode("911100001000013428")).toEqual({
      ok: false,
      reason: "checksum",
      message: "校验位应为“C”，实际为“8”",
    });
    expect(checkCreditCode("91110000100001342C").ok).toBe(true);
  });

  it("upper-cases and trims what was typed", () => {
    expect(checkCreditCode("  91350100m000100y43\t")).toEqual({ ok: true, code: "91350100M000100Y43" });
    expect(checkCreditCode("91110000600037341l")).toEqual({ ok: true, code: "91110000600037341L" });
  });

  it.each([
    ["9135010M000100Y43", 17],
    ["91350100M000100Y431", 19],
    ["9", 1],
    ["91350100M000100Y43号码", 20],
  ])("rejects %s with the length rule", (code, length) => {
    expect(checkCreditCode(code)).toEqual({
      ok: false,
      reason: "length",
      message: `统一社会信用代码应为18位，当前为${length}位`,
    });
  });

  it.each(["", "   "])("rejects empty input %j", (code) => {
    expect(checkCreditCode(code)).toMatchObject({
      ok: false,
      reason: "length",
      message: "请填写统一社会信用代码",
    });
  });

  it.each([
    ["9135I100M000100Y43", "第5位字符“I”不是允许的字符（不使用 I、O、S、V、Z）"],
    ["91350100M000100O43", "第16位字符“O”不是允许的字符（不使用 I、O、S、V、Z）"],
    ["S1350100M000100Y43", "第1位字符“S”不是允许的字符（不使用 I、O、S、V、Z）"],
    ["91350100V000100Y43", "第9位字符“V”不是允许的字符（不使用 I、O、S、V、Z）"],
    ["91350100M000100Y4z", "第18位字符“z”不是允许的字符（不使用 I、O、S、V、Z）"],
    ["9135010０M000100Y43", "第8位字符“０”不是允许的字符（只能是数字或大写字母，不使用 I、O、S、V、Z）"],
    ["913501公司0000100Y43", "第7位字符“公”不是允许的字符（只能是数字或大写字母，不使用 I、O、S、V、Z）"],
    ["91350100-000100Y43", "第9位字符“-”不是允许的字符（只能是数字或大写字母，不使用 I、O、S、V、Z）"],
    ["9135 100M000100Y43", "第5位是空格，代码中间不能有空格"],
  ])("rejects %s with the character rule", (code, message) => {
    expect(checkCreditCode(code)).toEqual({ ok: false, reason: "character", message });
  });

  it("reports the length before the characters", () => {
    expect(checkCreditCode("9135 0100M000100Y43")).toMatchObject({ reason: "length" });
  });

  it("treats a non-string at run time as empty", () => {
    expect(checkCreditCode(undefined as unknown as string)).toMatchObject({ ok: false, reason: "length" });
  });
});

describe("creditCodeCheckChar / makeCreditCode", () => {
  it.each([
    ["91350100M000100Y4", "3"],
    ["91110000600037341", "L"],
    ["91440300708461136", "T"],
    ["91110000100001342", "C"],
  ])("%s → %s", (first17, check) => {
    expect(creditCodeCheckChar(first17)).toBe(check);
    expect(makeCreditCode(first17)).toBe(first17 + check);
  });

  it("maps a computed 31 to 0", () => {
    // a sum that is a multiple of 31 gives 31 − 0 = 31, which stands for "0"
    expect(creditCodeCheckChar("00000000000000000")).toBe("0");
  });

  it("makes codes that pass the check, from lower case too", () => {
    for (const first17 of ["91440300ma5g12345", "12100000400000624", "Y1000000000000000"]) {
      const code = makeCreditCode(first17);
      expect(checkCreditCode(code)).toEqual({ ok: true, code: code.toUpperCase() });
    }
  });

  it("every allowed check character is reachable and changes with the last position", () => {
    const seen = new Set<string>();
    for (const c of CREDIT_CODE_CHARS) seen.add(creditCodeCheckChar(`9144030070846113${c}`));
    expect(seen.size).toBe(31);
  });

  it("refuses input that is not 17 allowed characters", () => {
    expect(() => creditCodeCheckChar("9144030070846113")).toThrow(RangeError);
    expect(() => creditCodeCheckChar("9144030070846113I")).toThrow(RangeError);
  });
});
