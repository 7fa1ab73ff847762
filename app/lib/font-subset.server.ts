/**
 * A CJK font cut down to the characters one chart uses, for resvg.
 *
 * Handing resvg the whole Noto Sans CJK collection (19 MB, tens of thousands of CFF glyphs) costs it 150–400 ms
 * per chart just to parse; a font holding only the chart's few dozen characters costs nearly nothing. The
 * subset is cut with HarfBuzz's subsetter (WebAssembly, from the harfbuzzjs package): the collection is read
 * into its memory once per process, and each distinct character set is cut once and kept as a small file.
 *
 * Everything here is an optimisation: when no suitable font file is found or HarfBuzz fails, callers get
 * `null` and fall back to letting resvg load the system fonts.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";

/** The family the charts ask for (see RADAR_FONT_FAMILY); the subset keeps this family name. */
export const CHART_FONT_FAMILY = "Noto Sans CJK SC";

type HbExports = {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
};

type FontSource = { file: string; index: number };

const HB_MEMORY_MODE_WRITABLE = 2;
const MAX_CACHED_SUBSETS = 64;

let harfbuzz: { exports: HbExports; face: number } | null | undefined;
const subsets = new Map<string, string>();

/**
 * Path of a font file holding `text`'s characters in CHART_FONT_FAMILY, cut for this text; null when that
 * cannot be done here (the caller then loads system fonts instead).
 */
export function chartFontFor(text: string): string | null {
  const codepoints = [...new Set(Array.from(text, (c) => c.codePointAt(0) ?? 0))].filter((c) => c > 0x1f);
  codepoints.sort((a, b) => a - b);
  const key = createHash("sha256").update(codepoints.join(",")).digest("hex").slice(0, 24);
  const cached = subsets.get(key);
  if (cached && existsSync(cached)) return cached;

  const hb = loadHarfbuzz();
  if (!hb) return null;
  const font = cutSubset(hb.exports, hb.face, codepoints);
  if (!font) return null;

  const dir = join(tmpdir(), "ghxst-chart-fonts");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.otf`);
  // Written aside and renamed into place: other threads and processes (render threads, test workers) cut
  // the same subset to the same name at the same time, and resvg must never read a file half written
  // (it would fall back to other fonts and draw a different chart).
  const partial = `${file}.${process.pid}.${threadId}.${randomBytes(4).toString("hex")}`;
  writeFileSync(partial, font);
  renameSync(partial, file);
  if (subsets.size >= MAX_CACHED_SUBSETS) subsets.delete(subsets.keys().next().value as string);
  subsets.set(key, file);
  return file;
}

/** The characters an SVG shows: its text nodes with the XML entities React writes decoded. */
export function svgText(svg: string): string {
  return svg
    .replace(/<[^>]*>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function loadHarfbuzz(): { exports: HbExports; face: number } | null {
  if (harfbuzz !== undefined) return harfbuzz;
  harfbuzz = null;
  try {
    const source = findFontSource();
    if (!source) return null;
    // Resolved from the working directory (the project root for the app, the worker and the tests): the
    // server build is ESM and the tests CommonJS, so neither import.meta nor __dirname serves both.
    const require = createRequire(join(process.cwd(), "package.json"));
    const wasmPath = require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {});
    const exports = instance.exports as unknown as HbExports;
    const data = readFileSync(source.file);
    const ptr = exports.malloc(data.byteLength);
    if (!ptr) return null;
    new Uint8Array(exports.memory.buffer).set(data, ptr);
    const blob = exports.hb_blob_create(ptr, data.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = exports.hb_face_create(blob, source.index);
    exports.hb_blob_destroy(blob);
    harfbuzz = { exports, face };
  } catch {
    harfbuzz = null;
  }
  return harfbuzz;
}

function cutSubset(hb: HbExports, face: number, codepoints: readonly number[]): Buffer | null {
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) return null;
  try {
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const c of codepoints) hb.hb_set_add(unicodes, c);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) return null;
    const blob = hb.hb_face_reference_blob(subset);
    try {
      const offset = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      if (!offset || length === 0) return null;
      // Copy out: the wasm memory may grow (and its buffer be replaced) on the next call.
      return Buffer.from(new Uint8Array(hb.memory.buffer, offset, length));
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(subset);
    }
  } finally {
    hb.hb_subset_input_destroy(input);
  }
}

/** fontconfig's file for the family (Debian: fonts-noto-cjk), if it really is that family. */
function findFontSource(): FontSource | null {
  try {
    const out = execFileSync("fc-match", ["-f", "%{family}\n%{file}:%{index}", CHART_FONT_FAMILY], {
      encoding: "utf8",
      timeout: 5000,
    });
    const [families = "", location = ""] = out.split("\n");
    if (!families.split(",").includes(CHART_FONT_FAMILY)) return null;
    return parseSource(location);
  } catch {
    return null;
  }
}

function parseSource(value: string): FontSource | null {
  const match = /^(.*?)(?::(\d+))?$/.exec(value.trim());
  if (!match?.[1] || !existsSync(match[1])) return null;
  return { file: match[1], index: Number(match[2] ?? 0) };
}
