import type ExcelJS from "exceljs";
import { cleanText, hasDisallowedText } from "./text";

/**
 * The bytes of a workbook whose XML is always valid: every text a cell, a note or a sheet name holds is
 * cleaned first (app/lib/text.ts), whatever reached it. Every .xlsx the app writes goes through here.
 */
export async function workbookBytes(book: ExcelJS.Workbook): Promise<Buffer> {
  book.eachSheet((sheet) => {
    if (hasDisallowedText(sheet.name)) sheet.name = cleanText(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const cleaned = cleanValue(cell.value);
        if (cleaned !== cell.value) cell.value = cleaned;
        if (typeof cell.note === "string" && hasDisallowedText(cell.note)) cell.note = cleanText(cell.note);
      });
    });
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The value with its text cleaned; the same object when nothing needed cleaning. */
function cleanValue(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof value === "string") return hasDisallowedText(value) ? cleanText(value) : value;
  if (value && typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) {
      if (!value.richText.some((run) => hasDisallowedText(run.text))) return value;
      return { ...value, richText: value.richText.map((run) => ({ ...run, text: cleanText(run.text) })) };
    }
    if ("hyperlink" in value && typeof value.text === "string" && hasDisallowedText(value.text)) {
      return { ...value, text: cleanText(value.text) };
    }
    if ("formula" in value && typeof value.result === "string" && hasDisallowedText(value.result)) {
      return { ...value, result: cleanText(value.result) } as ExcelJS.CellValue;
    }
  }
  return value;
}
