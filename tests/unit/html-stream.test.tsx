import { PassThrough, type Transform } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { nulFreeHtmlStream, withoutNulBytes } from "~/lib/html-stream.server";

/** Streams a list of short Chinese items through React into `body` and returns the bytes that came out. */
function streamed(items: string[], body: Transform): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    body.on("data", (c: Buffer) => parts.push(c));
    body.on("end", () => resolve(Buffer.concat(parts)));
    body.on("error", reject);
    const list = (
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    );
    const { pipe } = renderToPipeableStream(list, {
      onAllReady: () => pipe(body),
      onError: reject,
    });
  });
}

// Short pieces fill React's 2,048-byte buffer; for some of these offsets a 3-byte character straddles its end.
const lists = [0, 1, 2, 3].map((k) => [
  "x".repeat(k),
  ...Array.from({ length: 200 }, (_, i) => `第${i}项逾期事项`),
]);
const html = (items: string[]) => `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;

describe("HTML stream without the NUL bytes of React 18's streaming renderer", () => {
  it("React 18.3 alone puts NUL bytes into streamed Chinese text (the bug this works around)", async () => {
    const outputs = await Promise.all(lists.map((items) => streamed(items, new PassThrough())));
    expect(outputs.some((o) => o.includes(0))).toBe(true);
  });

  it("through nulFreeHtmlStream the page is exactly the text React meant", async () => {
    for (const items of lists) {
      const out = await streamed(items, nulFreeHtmlStream());
      expect(out.includes(0)).toBe(false);
      expect(out.toString("utf8")).toBe(html(items));
    }
  });

  it("withoutNulBytes removes every 0 byte and keeps the rest in order", () => {
    const bytes = (...b: number[]) => Buffer.from(b);
    expect(withoutNulBytes(bytes(1, 2, 3))).toEqual(bytes(1, 2, 3));
    expect(withoutNulBytes(bytes(0, 1, 0, 0, 2, 0))).toEqual(bytes(1, 2));
    expect(withoutNulBytes(bytes(0, 0))).toEqual(bytes());
    const chinese = Buffer.from("已逾期事项", "utf8");
    const broken = Buffer.concat([chinese.subarray(0, 9), bytes(0), chinese.subarray(9)]);
    expect(withoutNulBytes(broken).toString("utf8")).toBe("已逾期事项");
  });
});
