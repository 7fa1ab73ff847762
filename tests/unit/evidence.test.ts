import { checkEvidenceFile, EVIDENCE_MAX_BYTES, formatFileSize } from "../../app/domain/evidence";

describe("formatFileSize", () => {
  it.each([
    [812, "812 字节"],
    [1024, "1 KB"],
    [46_387, "45.3 KB"],
    [10 * 1024 * 1024, "10 MB"],
    [2_202_010, "2.1 MB"],
  ])("%d bytes read as %s", (n, text) => {
    expect(formatFileSize(n)).toBe(text);
  });
});

const bytes = (...b: number[]) => new Uint8Array(b);
const PDF = new TextEncoder().encode("%PDF-1.7\n");
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0);
const JPG = bytes(0xff, 0xd8, 0xff, 0xe0);
const DOCX = new TextEncoder().encode("PK\u0003\u0004....[Content_Types].xml....word/document.xml");

describe("checkEvidenceFile", () => {
  it.each([
    ["制度.pdf", PDF, "application/pdf"],
    ["照片.PNG", PNG, "image/png"],
    ["签收.jpg", JPG, "image/jpeg"],
    ["合同.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ])("accepts %s by its content", (name, content, type) => {
    expect(checkEvidenceFile(name, content)).toEqual({
      ok: true,
      contentType: type,
      extension: name.split(".")[1].toLowerCase(),
    });
  });

  it.each([
    ["a PNG named .pdf", "伪装.pdf", PNG, "文件内容与扩展名 .pdf 不符，请上传真实的 PDF 文件"],
    ["a PDF named .docx", "伪装.docx", PDF, "文件内容与扩展名 .docx 不符，请上传真实的 DOCX 文件"],
    [
      "an executable",
      "病毒.exe",
      bytes(0x4d, 0x5a),
      "只能上传 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件",
    ],
    ["an empty file", "空.pdf", bytes(), "文件是空的，请重新选择"],
  ])("refuses %s with a Chinese message", (_label, name, content, message) => {
    expect(checkEvidenceFile(name, content)).toEqual({ ok: false, message });
  });

  it("refuses a file one byte over the limit and accepts one at the limit", () => {
    const at = new Uint8Array(EVIDENCE_MAX_BYTES);
    at.set(PDF);
    expect(checkEvidenceFile("a.pdf", at).ok).toBe(true);
    const over = new Uint8Array(EVIDENCE_MAX_BYTES + 1);
    over.set(PDF);
    expect(checkEvidenceFile("a.pdf", over)).toEqual({
      ok: false,
      message: "文件超过 10 MB，请压缩后再上传",
    });
  });
});
