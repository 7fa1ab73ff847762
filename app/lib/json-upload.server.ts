import { UserError } from "./http.server";

/**
 * The JSON an admin imports (a questionnaire template, a clause library): the uploaded file when one was
 * chosen, else the pasted text.
 */
export async function uploadedJsonText(file: File | undefined, pasted: string): Promise<string> {
  if (file && file.size > 0) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      throw new UserError("文件不是 UTF-8 编码的文本，请用“导出 JSON”得到的文件或另存为 UTF-8 后再上传");
    }
  }
  if (pasted.trim() === "") throw new UserError("请选择 JSON 文件，或把 JSON 内容粘贴到文本框中");
  return pasted;
}
