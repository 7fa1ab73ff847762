/**
 * Evidence uploads: which files are accepted, and whether a file's bytes are what its name claims.
 * The content is checked by its leading bytes ("magic numbers"), never trusted from the browser.
 */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export const EVIDENCE_TYPES = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

type Extension = keyof typeof EVIDENCE_TYPES;

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Whether the bytes look like the extension's format (docx/xlsx are ZIP files with their own part). */
function contentMatches(ext: Extension, bytes: Uint8Array): boolean {
  switch (ext) {
    case "pdf":
      return startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
    case "jpg":
    case "jpeg":
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case "png":
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case "docx":
    case "xlsx": {
      if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return false;
      const head = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
      // The ZIP's local headers name the parts; Word files carry word/, Excel files xl/.
      return head.includes(ext === "docx" ? "word/" : "xl/") || head.includes("[Content_Types].xml");
    }
  }
}

export type EvidenceCheck =
  { ok: true; contentType: string; extension: Extension } | { ok: false; message: string };

export function checkEvidenceFile(name: string, bytes: Uint8Array): EvidenceCheck {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (!(ext in EVIDENCE_TYPES)) {
    return { ok: false, message: "只能上传 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件" };
  }
  if (bytes.byteLength === 0) return { ok: false, message: "文件是空的，请重新选择" };
  if (bytes.byteLength > EVIDENCE_MAX_BYTES) {
    return { ok: false, message: `文件超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后再上传` };
  }
  const extension = ext as Extension;
  if (!contentMatches(extension, bytes)) {
    return { ok: false, message: `文件内容与扩展名 .${ext} 不符，请上传真实的 ${ext.toUpperCase()} 文件` };
  }
  return { ok: true, contentType: EVIDENCE_TYPES[extension], extension };
}

/** A file's size as people read it: "812 字节", "45.3 KB", "2.1 MB". */
export function formatFileSize(n: number): string {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${Math.round(n / 102.4) / 10} KB`;
  return `${Math.round(n / 104857.6) / 10} MB`;
}
