/**
 * Server-side chart images for Word documents: the browser's chart component rendered to SVG markup with
 * React, then rasterised with resvg (no browser needed). Output is PNG at 2× the requested size for print.
 *
 * resvg gets a font cut down to the chart's own characters (font-subset.server.ts): loading the system's CJK
 * collection instead costs 150–400 ms a chart, most of a report's build time. Where no subset can be made,
 * it loads the system fonts as before.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Resvg } from "@resvg/resvg-js";
import { DimensionRadarChart, type RadarDimension } from "~/components/charts/radar-chart";
import { CHART_FONT_FAMILY, chartFontFor, svgText } from "../../lib/font-subset.server";

export type ChartSize = { width: number; height: number };

const PRINT_SCALE = 2;

export function renderRadarPng(dimensions: readonly RadarDimension[], size: ChartSize): Buffer {
  const markup = renderToStaticMarkup(
    createElement(DimensionRadarChart, { id: "report-radar", dimensions, ...size }),
  );
  return rasteriseSvg(extractSvg(markup, size), size.width * PRINT_SCALE);
}

/** recharts wraps its <svg> in a <div>; resvg wants the bare SVG with its namespace and a white page. */
export function extractSvg(markup: string, { width, height }: ChartSize): string {
  const start = markup.indexOf("<svg");
  const end = markup.lastIndexOf("</svg>");
  if (start < 0 || end < 0) throw new Error("图表没有生成 SVG");
  let svg = markup.slice(start, end + "</svg>".length);
  if (!/^<svg[^>]*\sxmlns=/.test(svg)) svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
  const background = `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`;
  return svg.replace(/^(<svg[^>]*>)/, `$1${background}`);
}

/** `subsetFont: false` makes resvg load the system fonts (the fallback path; tests compare the two). */
export function rasteriseSvg(svg: string, pixelWidth: number, { subsetFont = true } = {}): Buffer {
  const subset = subsetFont ? chartFontFor(svgText(svg)) : null;
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: pixelWidth },
    font: subset
      ? { loadSystemFonts: false, fontFiles: [subset], defaultFontFamily: CHART_FONT_FAMILY }
      : { loadSystemFonts: true, defaultFontFamily: CHART_FONT_FAMILY },
    background: "#ffffff",
  });
  return resvg.render().asPng();
}
