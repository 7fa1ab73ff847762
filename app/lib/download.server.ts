/** Content types of the files the platform builds. */
export const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  json: "application/json; charset=utf-8",
} as const;

/**
 * A file download: the bytes with their content type and length, and the file name as RFC 5987 `filename*`
 * (UTF-8, so Chinese names survive every browser). `inline` shows it in the browser (images); `headers` adds
 * caching or sniffing rules.
 */
export function fileResponse(
  body: Uint8Array | string,
  file: { name: string; type: string; inline?: boolean; headers?: Record<string, string> },
): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      "Content-Type": file.type,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `${file.inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      ...file.headers,
    },
  });
}
