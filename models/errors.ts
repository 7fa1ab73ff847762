import mongoose from "mongoose";

/**
 * Whether an error is a unique-index violation: MongoDB's duplicate-key error (E11000), or FerretDB 1.x
 * (SQLite), which reports one raised by an update or findAndModify as InternalError (code 1) with the
 * SQLite message "UNIQUE constraint failed" (inserts do get E11000; measured in tests/integration/orgs.test.ts).
 */
export function isDuplicateKeyError(
  error: unknown,
): error is { code: number; keyValue?: Record<string, unknown> } {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const { code, message } = error as { code: unknown; message?: unknown };
  return (
    code === 11000 ||
    (code === 1 && typeof message === "string" && message.includes("UNIQUE constraint failed"))
  );
}

export class DuplicateError extends Error {
  constructor(
    message: string,
    readonly fields: string[],
  ) {
    super(message);
    this.name = "DuplicateError";
  }
}

/**
 * Turns a duplicate-key error into a DuplicateError with a Chinese message naming the field,
 * using the labels given (e.g. { creditCode: "统一社会信用代码" }). Other errors pass through.
 */
export function explainDuplicate(error: unknown, labels: Record<string, string>): unknown {
  if (!isDuplicateKeyError(error)) return error;
  const fields = Object.keys(error.keyValue ?? {});
  // FerretDB does not always fill keyValue; then name every labelled field the index may cover.
  const named = (fields.length ? fields : Object.keys(labels)).map((field) => labels[field] ?? field);
  const values = Object.values(error.keyValue ?? {}).map(String);
  return new DuplicateError(
    `${named.join("、")}${values.length ? `“${values.join("、")}”` : ""}已存在，不能重复添加`,
    fields,
  );
}

export const { isValidObjectId } = mongoose;
