/**
 * Text as the product accepts and writes it: no control characters except tab, line feed and carriage
 * return, no Unicode non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two of every plane), no
 * lone surrogates. Everything left is a character XML 1.0 allows, so text that passed here can always be
 * written into a .docx or .xlsx that opens. Pure: used at the request boundary (every form field and file
 * name), after JSON.parse of submitted JSON, and by the document builders as their last guard.
 */

const planeEnds = Array.from({ length: 16 }, (_, i) => {
  const plane = (i + 1).toString(16).toUpperCase();
  return `\\u{${plane}FFFE}\\u{${plane}FFFF}`;
}).join("");

const NOT_ALLOWED = new RegExp(
  // C0 controls but \t \n \r; DEL and the C1 controls; non-characters; lone surrogates (with the u flag a
  // pair is one code point, so only unpaired halves match the surrogate range).
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${planeEnds}\\uD800-\\uDFFF]`,
  "gu",
);

/** The text without the characters above (the same text when it had none). */
export function cleanText(text: string): string {
  NOT_ALLOWED.lastIndex = 0;
  return NOT_ALLOWED.test(text) ? text.replace(NOT_ALLOWED, "") : text;
}

/** Whether the text holds a character cleanText would remove. */
export function hasDisallowedText(text: string): boolean {
  NOT_ALLOWED.lastIndex = 0;
  return NOT_ALLOWED.test(text);
}

/**
 * cleanText applied to every string (keys included) inside plain data: arrays and plain objects are
 * copied, other values (numbers, dates, byte arrays) kept as they are.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === "string") return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => cleanDeep(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[cleanText(key)] = cleanDeep(item);
    return out as T;
  }
  return value;
}

const zh = new Intl.Collator("zh-CN");
/**
 * Chinese collation order (as `a.localeCompare(b, "zh-CN")`), from one shared collator: a list of 10,000
 * names sorts in a third of the time.
 */
export const compareZh = (a: string, b: string): number => zh.compare(a, b);
