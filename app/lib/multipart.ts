/**
 * multipart/form-data (RFC 7578) read from a body that is already in memory and within its limit
 * (app/lib/form.server.ts counts the bytes first). Header parameters are parsed as the RFCs write them:
 * quoted values may hold ";" and "=", unquoted values run to the next ";", `filename*` (RFC 5987/8187,
 * `UTF-8''%E6%96%87.pdf`) wins over `filename`. Anything malformed is a MultipartError, which the caller
 * answers with 400; never an exception of another kind.
 */

export class MultipartError extends Error {}

export interface MultipartPart {
  name: string;
  /** Set for file parts (possibly ""), without any directory a browser sent along. */
  filename?: string;
  contentType?: string;
  data: Uint8Array;
}

export interface MultipartLimits {
  maxParts: number;
  maxHeaderBytes: number;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** A header value split into its main value and lower-cased parameters: `form-data; name="a;b"`. */
export function parseHeaderValue(header: string): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  skipSpace();
  let value = "";
  while (i < n && header[i] !== ";") value += header[i++];
  value = value.trim().toLowerCase();
  while (i < n) {
    i++; // the ";"
    skipSpace();
    let key = "";
    while (i < n && header[i] !== "=" && header[i] !== ";") key += header[i++];
    key = key.trim().toLowerCase();
    if (header[i] !== "=") {
      if (key) params[key] = "";
      continue;
    }
    i++; // the "="
    skipSpace();
    let param = "";
    if (header[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const ch = header[i++];
        if (ch === '"') {
          closed = true;
          break;
        }
        // A backslash escapes a quote or a backslash; before anything else it is a backslash (browsers
        // send Windows paths unescaped).
        if (ch === "\\" && (header[i] === '"' || header[i] === "\\")) param += header[i++];
        else param += ch;
      }
      if (!closed) throw new MultipartError("unterminated quoted parameter");
      while (i < n && header[i] !== ";") i++; // ignore anything after the closing quote
    } else {
      while (i < n && header[i] !== ";") param += header[i++];
      param = param.trim();
    }
    if (key && !(key in params)) params[key] = param;
  }
  return { value, params };
}

/** An RFC 5987 extended value (`charset'language'percent-encoded`), or undefined when it is not one. */
export function decodeExtendedValue(raw: string): string | undefined {
  const match = /^([A-Za-z0-9!#$%&+^_`{}~-]+)'[A-Za-z0-9-]*'(.*)$/.exec(raw);
  if (!match) return undefined;
  const charset = match[1].toLowerCase();
  const encoded = match[2];
  if (!/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(encoded)) return undefined;
  const bytes = Buffer.from(
    encoded.replace(/%([0-9A-Fa-f]{2})|[^%]/g, (all, hex: string | undefined) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : all,
    ),
    "latin1",
  );
  if (charset === "utf-8") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (charset === "iso-8859-1") return bytes.toString("latin1");
  return undefined;
}

/** The file's own name: old browsers send the whole path ("C:\\Users\\…\\合同.pdf"). */
function baseName(name: string): string {
  const cut = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
  return cut === -1 ? name : name.slice(cut + 1);
}

/** The boundary of a multipart/form-data Content-Type, or null when it has none (or an invalid one). */
export function boundaryOf(contentType: string): string | null {
  let parsed;
  try {
    parsed = parseHeaderValue(contentType);
  } catch {
    return null;
  }
  const boundary = parsed.params.boundary;
  // RFC 2046: 1–70 characters from a restricted set, not ending in a space.
  if (
    !boundary ||
    boundary.length > 70 ||
    !/^[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)
  )
    return null;
  return boundary;
}

function parsePartHeaders(raw: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of raw.split("\r\n")) {
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new MultipartError("malformed part header");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

export function parseMultipart(body: Uint8Array, boundary: string, limits: MultipartLimits): MultipartPart[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter opens the body, or follows a preamble and a line break.
  let pos = buf.subarray(0, delimiter.length).equals(delimiter) ? 0 : buf.indexOf(nextDelimiter);
  if (pos === -1) throw new MultipartError("no boundary in body");
  if (pos > 0) pos += 2;
  const parts: MultipartPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) return parts; // "--": the closing delimiter
    while (buf[pos] === 0x20 || buf[pos] === 0x09) pos++; // transport padding
    if (!buf.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError("bad delimiter line");
    pos += 2;
    if (parts.length >= limits.maxParts) throw new MultipartError("too many parts");
    let headerEnd: number;
    let contentStart: number;
    if (buf.subarray(pos, pos + 2).equals(CRLF)) {
      headerEnd = pos; // a part without headers
      contentStart = pos + 2;
    } else {
      headerEnd = buf.indexOf(HEADER_END, pos);
      if (headerEnd === -1 || headerEnd - pos > limits.maxHeaderBytes)
        throw new MultipartError("part headers not terminated");
      contentStart = headerEnd + 4;
    }
    const end = buf.indexOf(nextDelimiter, contentStart);
    if (end === -1) throw new MultipartError("part not terminated");
    const headers = parsePartHeaders(buf.subarray(pos, headerEnd).toString("utf8"));
    pos = end + 2;
    const disposition = headers.get("content-disposition");
    if (!disposition) continue;
    const { value, params } = parseHeaderValue(disposition);
    if (value !== "form-data") continue;
    const name = ("name*" in params ? decodeExtendedValue(params["name*"]) : undefined) ?? params.name;
    if (name === undefined || name === "") continue;
    const extended = "filename*" in params ? decodeExtendedValue(params["filename*"]) : undefined;
    const filename = extended ?? params.filename;
    parts.push({
      name,
      filename: filename === undefined ? undefined : baseName(filename),
      contentType: headers.get("content-type"),
      data: buf.subarray(contentStart, end),
    });
  }
}
