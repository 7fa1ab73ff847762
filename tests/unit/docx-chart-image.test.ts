/**
 * The radar chart that goes into the Word report: the browser component rendered on the server and
 * rasterised. Checks the markup (polygon, Chinese labels) and the PNG's actual pixels.
 */
import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import zlib from "node:zlib";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { DimensionRadarChart, wrapLabel, type RadarDimension } from "~/components/charts/radar-chart";
import { extractSvg, rasteriseSvg, renderRadarPng } from "~/services/reports/chart-image.server";
import { chartFontFor, svgText } from "~/lib/font-subset.server";
import { sampleRiskReport } from "../../templates/docx/sample-data";

const dimensions: RadarDimension[] = sampleRiskReport.dimensions;

/** Decodes the 8-bit RGBA, non-interlaced PNGs resvg writes, enough to count pixels. */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("ascii", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]);
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function countPixels(
  image: ReturnType<typeof decodePng>,
  test: (r: number, g: number, b: number) => boolean,
  region = { x0: 0, y0: 0, x1: image.width, y1: image.height },
) {
  let n = 0;
  for (let y = region.y0; y < region.y1; y++) {
    for (let x = region.x0; x < region.x1; x++) {
      const i = (y * image.width + x) * 4;
      if (test(image.pixels[i], image.pixels[i + 1], image.pixels[i + 2])) n++;
    }
  }
  return n;
}

/** The polygon's translucent red fill over white, or its stroke. */
const isRed = (r: number, g: number, b: number) => r > 150 && r - g > 35 && r - b > 35;
const isDark = (r: number, g: number, b: number) => r < 90 && g < 90 && b < 90;

describe("DimensionRadarChart (server render)", () => {
  const markup = renderToStaticMarkup(
    createElement(DimensionRadarChart, { id: "t-radar", dimensions, width: 640, height: 480 }),
  );

  it("renders an SVG with the polygon and one axis per scored dimension", () => {
    expect(markup).toContain('<svg id="t-radar"');
    expect(markup).toMatch(/<path[^>]*class="recharts-polygon"[^>]*d="M[\d.]+,[\d.]+L/);
    const scored = dimensions.filter((d) => d.score !== null);
    expect(markup.match(/class="recharts-dot recharts-radar-dot"/g)).toHaveLength(scored.length);
  });

  it("labels the axes in Chinese, wrapped, and names the 不适用 dimensions in a note instead of plotting 0", () => {
    expect(markup).toContain(">劳动合同<");
    expect(markup).toContain(">社会保险与<");
    expect(markup).toContain(">住房公积金<");
    expect(markup).toContain("注：劳务派遣与用工形式不适用，未在图中显示");
    expect(markup).not.toMatch(/>劳务派遣与</);
  });

  it("wraps long titles at a joining character, balanced", () => {
    expect(wrapLabel("劳动合同", 7)).toEqual(["劳动合同"]);
    expect(wrapLabel("工会组建与职代会、厂务公开", 7)).toEqual(["工会组建与", "职代会、厂务公开"]);
    expect(wrapLabel("女职工与未成年工特殊保护", 7)).toEqual(["女职工与", "未成年工特殊保护"]);
    expect(wrapLabel("一二三四五六七八九十一二三四五六", 7)).toEqual([
      "一二三四五六",
      "七八九十一二",
      "三四五六",
    ]);
  });
});

describe("renderRadarPng", () => {
  const png = renderRadarPng(dimensions, { width: 640, height: 480 });
  const image = decodePng(png);

  it("renders at twice the size for print", () => {
    expect([image.width, image.height]).toEqual([1280, 960]);
  });

  it("draws the score polygon in the middle", () => {
    const centre = { x0: 440, y0: 280, x1: 840, y1: 680 };
    expect(countPixels(image, isRed, centre)).toBeGreaterThan(20_000);
  });

  it("draws the labels with a CJK font (text pixels around the plot, not blank)", () => {
    const top = { x0: 500, y0: 0, x1: 780, y1: 110 }; // 劳动合同 above the plot
    const bottom = { x0: 0, y0: 880, x1: 1280, y1: 960 }; // the 不适用 note
    expect(countPixels(image, isDark, top)).toBeGreaterThan(300);
    expect(countPixels(image, (r, g, b) => r < 160 && g < 160 && b < 160, bottom)).toBeGreaterThan(1_000);
    const unlabelled = decodePng(
      renderRadarPng(
        dimensions.map((d) => ({ ...d, title: "" })),
        { width: 640, height: 480 },
      ),
    );
    expect(countPixels(unlabelled, isDark, top)).toBeLessThan(countPixels(image, isDark, top) / 4);
  });

  it("is the same picture every time", () => {
    expect(renderRadarPng(dimensions, { width: 640, height: 480 }).equals(png)).toBe(true);
  });
});

describe("the chart font cut to the chart's characters", () => {
  const size = { width: 640, height: 480 };
  const svgOf = (dims: RadarDimension[]) =>
    extractSvg(
      renderToStaticMarkup(createElement(DimensionRadarChart, { id: "f", dimensions: dims, ...size })),
      size,
    );

  it("draws exactly the picture the full system font draws", () => {
    const svg = svgOf(dimensions);
    const subset = rasteriseSvg(svg, 1280);
    const system = rasteriseSvg(svg, 1280, { subsetFont: false });
    expect(subset.equals(system)).toBe(true);
  });

  it("is cut per character set: small, reused for the same text, new for new characters", () => {
    const text = svgText(svgOf(dimensions));
    const file = chartFontFor(text);
    expect(file).not.toBeNull();
    expect(statSync(file as string).size).toBeLessThan(100_000);
    expect(chartFontFor(text)).toBe(file);
    // A title with characters no other chart used (and an entity React escapes) still draws, in the same way.
    const unusual = dimensions.map((d, i) => (i === 0 ? { ...d, title: "鬱龘靐 & <齉>" } : d));
    const svg = svgOf(unusual);
    expect(svgText(svg)).toContain("鬱龘靐 & <齉>");
    expect(chartFontFor(svgText(svg))).not.toBe(file);
    const image = decodePng(rasteriseSvg(svg, 1280));
    const top = { x0: 440, y0: 0, x1: 840, y1: 110 };
    expect(countPixels(image, isDark, top)).toBeGreaterThan(300);
    expect(rasteriseSvg(svg, 1280).equals(rasteriseSvg(svg, 1280, { subsetFont: false }))).toBe(true);
  });

  it("is never seen half written while other threads cut the same subset", async () => {
    // Render threads (and other processes) cut the same character set to the same file at once; a reader
    // must find it absent or whole, or resvg would draw with a fallback font (a different picture).
    const base = `${Date.now()}${process.pid}各维度得分雷达图`;
    const texts = Array.from({ length: 24 }, (_, k) => base + String.fromCodePoint(0x4e00 + 37 * k));
    const sizes = new Map<string, number>();
    for (const text of texts) {
      const file = chartFontFor(text) as string;
      sizes.set(file, statSync(file).size);
      rmSync(file);
    }
    const threads = 3;
    const done = new Int32Array(new SharedArrayBuffer(4));
    const module = pathToFileURL(path.join(process.cwd(), "app/lib/font-subset.server.ts")).href;
    const workers = Array.from(
      { length: threads },
      () =>
        new Worker(
          `const { workerData } = require("node:worker_threads");
           import("tsx/esm/api").then(({ register }) => { register(); return import(workerData.module); })
             .then(({ chartFontFor }) => { for (const t of workerData.texts) chartFontFor(t); })
             .finally(() => { Atomics.add(workerData.done, 0, 1); });`,
          { eval: true, workerData: { module, texts, done } },
        ),
    );
    const wrong: string[] = [];
    const until = Date.now() + 60_000;
    while (Atomics.load(done, 0) < threads && Date.now() < until)
      for (const [file, size] of sizes) {
        const seen = statSync(file, { throwIfNoEntry: false })?.size;
        if (seen !== undefined && seen !== size) wrong.push(`${file}: ${seen} of ${size} bytes`);
      }
    await Promise.all(workers.map((w) => w.terminate()));
    expect(Atomics.load(done, 0)).toBe(threads);
    expect(wrong).toEqual([]);
    for (const [file, size] of sizes) expect(statSync(file).size).toBe(size);
  }, 120_000); // three threads each load the TypeScript source and HarfBuzz: seconds on loaded cores

  it("decodes the entities React writes in text", () => {
    expect(svgText("<svg><text>A&amp;B &lt;C&gt; &quot;D&quot; &#x27;E&#39;</text></svg>")).toBe(
      `A&B <C> "D" 'E'`,
    );
  });
});
