/**
 * Reading a submitted form, the one way every action does it: the body's size is limited before and while
 * it is read (a declared Content-Length over the limit is refused without reading a byte; a body without one
 * is counted and refused at the limit), only urlencoded and multipart bodies are accepted, multipart is
 * parsed by app/lib/multipart.ts, and every text value and file name is cleaned (app/lib/text.ts).
 * Refusals are thrown Responses with a Chinese message: 413, 415 or 400, never a 500.
 */
import { MultipartError, boundaryOf, parseMultipart } from "./multipart";
import { cleanText } from "./text";

/** Ordinary forms: the largest (a review with remarks on every question) stays far below this. */
export const FORM_MAX_BYTES = 512 * 1024;
/** Sign-in and activation: an account name and a password or two. */
export const SMALL_FORM_MAX_BYTES = 16 * 1024;
/** What an upload may carry beside its file (the CSRF token, an intent, a question id). */
const UPLOAD_OVERHEAD_BYTES = 64 * 1024;
const MAX_FIELDS = 5_000;
const MAX_PART_HEADER_BYTES = 8 * 1024;

export interface ReadFormOptions {
  /** The whole request body's limit, multipart framing included. */
  maxBytes?: number;
  /**
   * For uploads: the largest file. The body may then be this plus a small overhead, and a file over it is
   * refused with a message naming the limit.
   */
  maxFileBytes?: number;
}

function refusal(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function tooLarge(options: ReadFormOptions, maxBytes: number): Response {
  return refusal(
    413,
    options.maxFileBytes
      ? `文件超过 ${megabytes(options.maxFileBytes)}，请压缩或拆分后再上传`
      : `提交的内容过多（上限 ${Math.round(maxBytes / 1024)} KB），请删减后重试`,
  );
}

/** The request body's limit for these options. */
export function bodyLimit(options: ReadFormOptions = {}): number {
  return (
    options.maxBytes ?? (options.maxFileBytes ? options.maxFileBytes + UPLOAD_OVERHEAD_BYTES : FORM_MAX_BYTES)
  );
}

type Kind = "urlencoded" | "multipart";

function kindOf(contentType: string | null): Kind | null {
  const media = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (media === "application/x-www-form-urlencoded") return "urlencoded";
  if (media === "multipart/form-data") return "multipart";
  return null;
}

/**
 * Throws 415/413 for a body that cannot be a form of this size, without reading it. Call it before any
 * other work that would wait for the body.
 */
export function checkFormHeaders(request: Request, options: ReadFormOptions = {}): Kind {
  const kind = kindOf(request.headers.get("content-type"));
  if (!kind) throw refusal(415, "提交的格式不受支持，请通过页面上的表单提交");
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) throw refusal(400, "请求的长度标记不正确");
    if (Number(declared) > bodyLimit(options)) throw tooLarge(options, bodyLimit(options));
  }
  return kind;
}

/** The body's bytes, reading no more than `limit` + one chunk before refusing with 413. */
async function readLimited(request: Request, limit: number, options: ReadFormOptions): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  if (request.bodyUsed) throw refusal(400, "请求内容已被读取");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // The client went away or sent a broken body: nobody is left to read a message, but no 500 either.
        throw refusal(400, "请求内容不完整，请重新提交");
      }
      if (chunk.done) break;
      total += chunk.value.byteLength;
      // Stop reading: the server answers and closes the connection (scripts/server.js) without taking the rest.
      if (total > limit) throw tooLarge(options, limit);
      chunks.push(chunk.value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, total);
}

function decodeText(bytes: Uint8Array): string {
  return cleanText(new TextDecoder("utf-8").decode(bytes));
}

/** Reads the request's form (urlencoded or multipart) within its limit; see the file comment. */
export async function readForm(request: Request, options: ReadFormOptions = {}): Promise<FormData> {
  const kind = checkFormHeaders(request, options);
  const limit = bodyLimit(options);
  const body = await readLimited(request, limit, options);
  const form = new FormData();
  if (kind === "urlencoded") {
    const params = new URLSearchParams(new TextDecoder("utf-8").decode(body));
    let count = 0;
    for (const [key, value] of params) {
      if (++count > MAX_FIELDS) throw refusal(400, "提交的字段过多");
      form.append(cleanText(key), cleanText(value));
    }
    return form;
  }
  const boundary = boundaryOf(request.headers.get("content-type") ?? "");
  if (!boundary) throw refusal(400, "上传的内容格式不正确（缺少分隔符），请重新提交");
  let parts;
  try {
    parts = parseMultipart(body, boundary, { maxParts: MAX_FIELDS, maxHeaderBytes: MAX_PART_HEADER_BYTES });
  } catch (error) {
    if (error instanceof MultipartError) throw refusal(400, "上传的内容格式不正确，请重新选择文件后提交");
    throw error;
  }
  for (const part of parts) {
    const name = cleanText(part.name);
    if (part.filename === undefined) {
      form.append(name, decodeText(part.data));
      continue;
    }
    if (options.maxFileBytes && part.data.byteLength > options.maxFileBytes) throw tooLarge(options, limit);
    const type = /^[\w.+-]+\/[\w.+-]+$/.test(part.contentType ?? "") ? part.contentType : undefined;
    form.append(
      name,
      new File([part.data as Uint8Array<ArrayBuffer>], [...cleanText(part.filename)].slice(0, 255).join(""), {
        type,
      }),
    );
  }
  return form;
}

/** The non-empty files of a multipart form's field, read into memory (the body's limit bounds them). */
export async function formFiles(form: FormData, name: string) {
  const files = form.getAll(name).filter((f): f is File => f instanceof File && f.size > 0);
  return Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}
