/**
 * 统一社会信用代码 (USCC), GB 32100-2015: 18 characters; the 18th is a check character computed from the
 * first 17 (see /work/shared/domain/credit-code.md).
 */

/** Allowed characters; a character's index is its value 0–30. I, O, S, V and Z are not used. */
export const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Weight of positions 1–17: 3^(i−1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const CREDIT_CODE_LENGTH = 18;

export type CreditCodeCheck =
  { ok: true; code: string } | { ok: false; reason: "length" | "character" | "checksum"; message: string };

/**
 * Checks a code as a person typed it: surrounding spaces are trimmed and lower case is accepted.
 * Rules are checked in order (length, characters, check character) and the first failure is reported.
 */
export function checkCreditCode(input: string): CreditCodeCheck {
  const trimmed = typeof input === "string" ? input.trim() : "";
  const chars = [...trimmed];
  if (chars.length === 0) return { ok: false, reason: "length", message: "请填写统一社会信用代码" };
  if (chars.length !== CREDIT_CODE_LENGTH) {
    return {
      ok: false,
      reason: "length",
      message: `统一社会信用代码应为18位，当前为${chars.length}位`,
    };
  }
  const upper = chars.map((c) => c.toUpperCase());
  const bad = upper.findIndex((c) => c.length !== 1 || !CREDIT_CODE_CHARS.includes(c));
  if (bad >= 0) return { ok: false, reason: "character", message: characterMessage(bad + 1, chars[bad]) };
  const code = upper.join("");
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, reason: "checksum", message: `校验位应为“${expected}”，实际为“${code[17]}”` };
  }
  return { ok: true, code };
}

/** The check character for the first 17 characters (lower case accepted). */
export function creditCodeCheckChar(first17: string): string {
  const upper = first17.toUpperCase();
  if (upper.length !== 17) throw new RangeError(`需要前17位，当前为${upper.length}位`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(upper[i]);
    if (value < 0) throw new RangeError(characterMessage(i + 1, first17[i]));
    sum += value * WEIGHTS[i];
  }
  // 31 − (sum mod 31), where 31 stands for 0
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

/** A complete, valid code from its first 17 characters (for demo data and tests). */
export function makeCreditCode(first17: string): string {
  return first17.toUpperCase() + creditCodeCheckChar(first17);
}

function characterMessage(position: number, char: string): string {
  if (/\s/.test(char)) return `第${position}位是空格，代码中间不能有空格`;
  const forbiddenLetter = /^[IOSVZ]$/i.test(char);
  const rule = forbiddenLetter ? "不使用 I、O、S、V、Z" : "只能是数字或大写字母，不使用 I、O、S、V、Z";
  return `第${position}位字符“${char}”不是允许的字符（${rule}）`;
}
