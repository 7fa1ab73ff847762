/**
 * The request boundary's pure parts: text cleaning, multipart parsing (names with "=" and ";", quoted
 * names, RFC 5987 filename*), the form reader's limits and refusals, the client address behind proxies,
 * and the redirect sanitiser.
 */
import { clientAddress, parseTrustedProxies, trustList } from "~/lib/client-address";
import { readForm } from "~/lib/form.server";
import { MultipartError, decodeExtendedValue, parseHeaderValue, parseMultipart } from "~/lib/multipart";
import { isSafeAppPath, safeRedirect } from "~/lib/safe-path";
import { cleanDeep, cleanText, hasDisallowedText } from "~/lib/text";

describe("cleanText", () => {
  it.each([
    ["U+FFFE and U+FFFF", "a\uFFFEb\uFFFFc", "abc"],
    [
      "C0 controls but tab, newline, CR",
      "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\t\n\r",
      "abcdefg\t\n\r",
    ],
    ["DEL and C1 controls", "a\u007Fb\u0085c\u009Fd", "abcd"],
    ["U+FDD0–U+FDEF", "a\uFDD0b\uFDEFc", "abc"],
    ["plane-end non-characters", "a\u{1FFFE}b\u{10FFFF}c", "abc"],
    ["lone surrogates", "a\uD800b\uDC00c", "abc"],
  ])("removes %s", (_label, input, output) => {
    expect(hasDisallowedText(input)).toBe(true);
    expect(cleanText(input)).toBe(output);
  });

  it("keeps Chinese, emoji (surrogate pairs) and ordinary punctuation as they are", () => {
    const text = "劳动合同法 第10条：用人单位自用工之日起即与劳动者建立劳动关系。😀 “引号” <&>";
    expect(hasDisallowedText(text)).toBe(false);
    expect(cleanText(text)).toBe(text);
  });

  it("cleanDeep cleans every string of plain data, keys included, and leaves other values", () => {
    const bytes = new Uint8Array([0xff, 0xfe]);
    const date = new Date(0);
    expect(cleanDeep({ "k\uFFFE": ["a\u0001", { b: "c\uFFFF" }], n: 1, bytes, date, none: null })).toEqual({
      k: ["a", { b: "c" }],
      n: 1,
      bytes,
      date,
      none: null,
    });
  });
});

describe("multipart parameters", () => {
  it.each([
    ['form-data; name="file"; filename="a=b;c.pdf"', { name: "file", filename: "a=b;c.pdf" }],
    ['form-data; name="x\\"y"; filename="q\\\\r.pdf"', { name: 'x"y', filename: "q\\r.pdf" }],
    ["form-data; name=plain; filename=a=b.pdf", { name: "plain", filename: "a=b.pdf" }],
    ['form-data; NAME="upper"', { name: "upper" }],
    ['form-data; name="C:\\Users\\me\\合同.pdf"', { name: "C:\\Users\\me\\合同.pdf" }],
  ])("parses %s", (header, params) => {
    const parsed = parseHeaderValue(header);
    expect(parsed.value).toBe("form-data");
    expect(parsed.params).toMatchObject(params);
  });

  it("refuses an unterminated quoted value", () => {
    expect(() => parseHeaderValue('form-data; name="open')).toThrow(MultipartError);
  });

  it.each([
    ["UTF-8''%E5%90%88%E5%90%8C.pdf", "合同.pdf"],
    ["utf-8'zh'a%3Db%3Bc.pdf", "a=b;c.pdf"],
    ["iso-8859-1''caf%E9.txt", "café.txt"],
    ["UTF-8''%FF.pdf", undefined],
    ["UTF-8''%zz", undefined],
    ["plain.pdf", undefined],
  ])("decodes the RFC 5987 value %s", (raw, decoded) => {
    expect(decodeExtendedValue(raw)).toBe(decoded);
  });
});

function multipartBody(boundary: string, parts: { headers: string[]; body: string }[]): Uint8Array {
  const chunks = parts.map((p) => `--${boundary}\r\n${p.headers.join("\r\n")}\r\n\r\n${p.body}\r\n`);
  return new TextEncoder().encode(`${chunks.join("")}--${boundary}--\r\n`);
}

const limits = { maxParts: 100, maxHeaderBytes: 8192 };

describe("parseMultipart", () => {
  it("reads fields and files, filename* over filename, without a browser-sent directory", () => {
    const body = multipartBody("XyZ", [
      { headers: ['Content-Disposition: form-data; name="intent"'], body: "upload" },
      {
        headers: [
          'Content-Disposition: form-data; name="file"; filename="fallback.pdf"; filename*=UTF-8\'\'%E8%AF%81%E6%8D%AE%3D1%3B.pdf',
          "Content-Type: application/pdf",
        ],
        body: "%PDF-1.4",
      },
      {
        headers: ['Content-Disposition: form-data; name="old"; filename="C:\\Users\\me\\a;b=c.png"'],
        body: "",
      },
    ]);
    const parts = parseMultipart(body, "XyZ", limits);
    expect(parts.map((p) => [p.name, p.filename, p.contentType, Buffer.from(p.data).toString()])).toEqual([
      ["intent", undefined, undefined, "upload"],
      ["file", "证据=1;.pdf", "application/pdf", "%PDF-1.4"],
      ["old", "a;b=c.png", undefined, ""],
    ]);
  });

  it.each([
    ["no boundary at all", "just text"],
    ["a part that never ends", "--B\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue"],
    ["headers that never end", "--B\r\nContent-Disposition: form-data; name=a"],
    ["a header line without a colon", "--B\r\nnot a header\r\n\r\nx\r\n--B--"],
    ["garbage after the delimiter", "--Bgarbage\r\n\r\nx\r\n--B--"],
  ])("refuses %s with a MultipartError", (_label, text) => {
    expect(() => parseMultipart(new TextEncoder().encode(text), "B", limits)).toThrow(MultipartError);
  });

  it("refuses more parts than the limit", () => {
    const body = multipartBody(
      "B",
      Array.from({ length: 5 }, (_, i) => ({
        headers: [`Content-Disposition: form-data; name="f${i}"`],
        body: "x",
      })),
    );
    expect(() => parseMultipart(body, "B", { ...limits, maxParts: 4 })).toThrow(MultipartError);
  });
});

describe("readForm", () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request("http://app.test/x", { method: "POST", body, headers });
  const status = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof Response) return { status: error.status, message: await error.text() };
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("reads urlencoded and multipart forms, cleaning values and names", async () => {
    const urlencoded = await readForm(
      post("a=1%EF%BF%BE&b=%E4%B8%AD%00", { "Content-Type": "application/x-www-form-urlencoded" }),
    );
    expect([...urlencoded.entries()]).toEqual([
      ["a", "1"],
      ["b", "中"],
    ]);
    const fd = new FormData();
    fd.set("note", "x\uFFFEy");
    fd.set("file", new File(["%PDF-"], "a\u0001b.pdf", { type: "application/pdf" }));
    const multipart = await readForm(new Request("http://app.test/x", { method: "POST", body: fd }), {
      maxFileBytes: 1024,
    });
    expect(multipart.get("note")).toBe("xy");
    const file = multipart.get("file") as File;
    expect([file.name, file.type, file.size]).toEqual(["ab.pdf", "application/pdf", 5]);
  });

  it.each([
    ["JSON", '{"a":1}', { "Content-Type": "application/json" }],
    ["text/plain", "a=1", { "Content-Type": "text/plain" }],
    ["no type", "a=1", {}],
  ])("refuses a %s body with 415", async (_label, body, headers) => {
    const refused = await status(readForm(post(body, headers)));
    expect(refused.status).toBe(415);
    expect(refused.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("refuses no body without a type with 415, and broken multipart with 400", async () => {
    expect((await status(readForm(post(null)))).status).toBe(415);
    expect(
      (await status(readForm(post("--x\r\nbroken", { "Content-Type": "multipart/form-data; boundary=x" }))))
        .status,
    ).toBe(400);
    expect((await status(readForm(post("--x\r\n", { "Content-Type": "multipart/form-data" })))).status).toBe(
      400,
    );
  });

  it("refuses a declared length over the limit with 413 before reading a byte", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://app.test/x", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50_000_000) },
      duplex: "half",
    } as RequestInit);
    const refused = await status(readForm(request, { maxBytes: 4096 }));
    expect(refused.status).toBe(413);
    expect(refused.message).toContain("4 KB");
    // A ReadableStream pulls once to fill its queue when created; the reader itself took nothing.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("counts a body without a declared length and stops at the limit", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024;
        controller.enqueue(new Uint8Array(1024).fill(0x61));
        if (sent >= 10_000_000) controller.close();
      },
    });
    const request = new Request("http://app.test/x", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect((await status(readForm(request, { maxBytes: 8192 }))).status).toBe(413);
    expect(sent).toBeLessThan(8192 + 3 * 1024);
  });

  it("refuses an upload whose file is over its limit with a message naming the limit", async () => {
    const fd = new FormData();
    fd.set("file", new File([new Uint8Array(2 * 1024 * 1024 + 1)], "big.pdf"));
    const refused = await status(
      readForm(new Request("http://app.test/x", { method: "POST", body: fd }), {
        maxFileBytes: 2 * 1024 * 1024,
      }),
    );
    expect(refused).toEqual({ status: 413, message: "文件超过 2 MB，请压缩或拆分后再上传" });
  });

  it("refuses a malformed Content-Length with 400", async () => {
    const request = post("a=1", { "Content-Type": "application/x-www-form-urlencoded" });
    const headers = new Headers(request.headers);
    headers.set("content-length", "abc");
    const forged = { headers, body: request.body, bodyUsed: false } as unknown as Request;
    expect((await status(readForm(forged))).status).toBe(400);
  });
});

describe("client address behind proxies", () => {
  const none = trustList([]);
  const proxies = trustList(parseTrustedProxies("10.0.0.2, 192.168.0.0/16, ::1"));

  it("without trusted proxies, X-Forwarded-For is ignored", () => {
    expect(clientAddress("203.0.113.5", "198.51.100.1", none)).toBe("203.0.113.5");
    expect(clientAddress("127.0.0.1", "198.51.100.1", none)).toBe("127.0.0.1");
    expect(clientAddress("::ffff:127.0.0.1", null, none)).toBe("127.0.0.1");
  });

  it("from a trusted proxy, the right-most untrusted address is the client", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // A client's own header entries sit to the left of what the proxy appended: never reached.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 2.2.2.2, 198.51.100.1", proxies)).toBe("198.51.100.1");
    // Several trusted hops are skipped.
    expect(clientAddress("::1", "1.1.1.1, 198.51.100.1, 192.168.3.4", proxies)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.2", null, proxies)).toBe("10.0.0.2");
  });

  it("an untrusted connection's header is ignored even when it names a proxy", () => {
    expect(clientAddress("203.0.113.9", "10.0.0.2", proxies)).toBe("203.0.113.9");
  });

  it.each(["nonsense", "10.0.0.0/33", "10.0.0.1/8/1", "::1/129"])("refuses %s as a proxy", (entry) => {
    expect(() => parseTrustedProxies(entry)).toThrow(entry);
  });
});

describe("redirect after sign-in", () => {
  it.each(["/", "/enterprises", "/enterprises/abc?tab=1#x", "/a//b", "/%09/evil.example"])(
    "accepts the path %s",
    (path) => {
      expect(isSafeAppPath(path)).toBe(true);
      expect(safeRedirect(path)).toBe(path);
    },
  );

  it.each([
    ["a tab after the slash", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a NUL", "/\u0000/x"],
    ["a C1 control", "/\u0085/x"],
    ["a backslash", "/\\evil.example"],
    ["a backslash later", "/ok\\..\\x"],
    ["two slashes", "//evil.example"],
    ["a scheme", "https://evil.example/"],
    ["a relative path", "enterprises"],
    ["a space", "/ /evil.example"],
    ["nothing", ""],
    ["not a string", null],
  ])("refuses %s", (_label, path) => {
    expect(isSafeAppPath(path)).toBe(false);
    expect(safeRedirect(path)).toBe("/");
  });
});
