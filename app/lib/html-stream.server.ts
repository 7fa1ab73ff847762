import { Transform } from "node:stream";

/**
 * React 18.3's streaming renderer (renderToPipeableStream) has a bug: when a multi-byte character does
 * not fit in the last bytes of its 2,048-byte output buffer, it sends the whole buffer, unused bytes
 * included, so the HTML gets one or two NUL bytes there (react/react#31134; fixed only in React 19).
 * Chinese text makes that common: the browser turns a NUL inside an attribute into "�" (an aria-label
 * then no longer names its link) and drops it from text.
 *
 * A NUL byte never belongs in our HTML: in UTF-8 the byte 0 only ever encodes U+0000, which user input
 * never keeps (app/lib/text.ts removes control characters) and JSON escapes as `\u0000`. So removing
 * every 0 byte from the stream restores exactly what React meant to send.
 */
export function withoutNulBytes(chunk: Buffer): Buffer {
  let at = chunk.indexOf(0);
  if (at < 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let length = 0;
  let from = 0;
  while (at >= 0) {
    length += chunk.copy(out, length, from, at);
    from = at + 1;
    at = chunk.indexOf(0, from);
  }
  length += chunk.copy(out, length, from);
  return out.subarray(0, length);
}

/** The stream React pipes the page into: passes every chunk on without its NUL bytes. */
export function nulFreeHtmlStream(): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      done(null, typeof chunk === "string" ? chunk.replaceAll("\u0000", "") : withoutNulBytes(chunk));
    },
  });
}
