/**
 * Radar chart of the health-check dimension scores (0–100). The same component renders in the browser and,
 * through app/services/reports/chart-image.server.ts, to a PNG for the Word report, so both always agree.
 *
 * Dimensions scored null ("不适用": no applicable items) are left out of the polygon rather than drawn as 0,
 * which would read as a failing score; the chart names them in a note under the plot instead.
 */
import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart } from "recharts";

export type RadarDimension = { id: string; title: string; score: number | null };

export type DimensionRadarChartProps = {
  /** Stable id: recharts uses it for clip-path ids, which must match between server and client. */
  id: string;
  dimensions: readonly RadarDimension[];
  width: number;
  height: number;
};

export const RADAR_FONT_FAMILY = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "黑体", sans-serif';

const COLORS = { grid: "#c8c8c8", axis: "#333333", muted: "#666666", stroke: "#c0392b", fill: "#e74c3c" };

/** Long dimension titles wrap onto lines of at most this many characters around the plot. */
const LABEL_LINE_CHARS = 7;

export function DimensionRadarChart({ id, dimensions, width, height }: DimensionRadarChartProps) {
  const scored = dimensions.filter((d): d is RadarDimension & { score: number } => d.score !== null);
  const notApplicable = dimensions.filter((d) => d.score === null).map((d) => d.title);
  const data = scored.map((d) => ({ key: d.id, label: d.title, score: clampScore(d.score) }));
  const fontSize = Math.max(12, Math.round(Math.min(width, height) / 32));
  const noteHeight = notApplicable.length > 0 ? fontSize * 2 : 0;
  const outerRadius = Math.max(40, Math.min(width, height - noteHeight) / 2 - fontSize * 3.4);
  const cy = (height - noteHeight) / 2;

  return (
    <RadarChart
      id={id}
      width={width}
      height={height}
      data={data}
      cx={width / 2}
      cy={cy}
      outerRadius={outerRadius}
      role="img"
      aria-label={`各维度得分雷达图：${data.map((d) => `${d.label}${formatScore(d.score)}分`).join("，")}`}
    >
      <PolarGrid stroke={COLORS.grid} />
      <PolarAngleAxis
        dataKey="label"
        tick={(props: AngleTickProps) => <AngleTick {...props} fontSize={fontSize} />}
        tickLine={false}
      />
      <PolarRadiusAxis
        domain={[0, 100]}
        tickCount={6}
        angle={90}
        axisLine={false}
        // 0 crowds the centre and 100 the top label; the rings in between give the scale.
        tickFormatter={(value: number) => (value === 0 || value === 100 ? "" : String(value))}
        tick={{ fontSize: fontSize - 2, fill: COLORS.muted, fontFamily: RADAR_FONT_FAMILY }}
      />
      <Radar
        name="得分"
        dataKey="score"
        stroke={COLORS.stroke}
        strokeWidth={2}
        fill={COLORS.fill}
        fillOpacity={0.3}
        dot={{ r: 3, fill: COLORS.stroke, fillOpacity: 1 }}
        isAnimationActive={false}
      />
      {notApplicable.length > 0 && (
        <text
          x={width / 2}
          y={height - fontSize * 0.8}
          textAnchor="middle"
          fontSize={fontSize}
          fontFamily={RADAR_FONT_FAMILY}
          fill={COLORS.muted}
        >
          {`注：${notApplicable.join("、")}不适用，未在图中显示`}
        </text>
      )}
    </RadarChart>
  );
}

type AngleTickProps = {
  x?: number;
  y?: number;
  cx?: number;
  cy?: number;
  payload?: { value?: string | number; index?: number };
  textAnchor?: string;
};

function AngleTick({
  x = 0,
  y = 0,
  cx = 0,
  cy = 0,
  payload,
  fontSize,
}: AngleTickProps & { fontSize: number }) {
  const label = String(payload?.value ?? "");
  const lines = wrapLabel(label, LABEL_LINE_CHARS);
  const dx = x - cx;
  const dy = y - cy;
  const anchor = Math.abs(dx) < 1 ? "middle" : dx > 0 ? "start" : "end";
  const lineHeight = fontSize * 1.25;
  // Labels above the centre grow upwards, those below grow downwards, so none runs into the plot.
  const firstLineY =
    Math.abs(dy) < 1
      ? y - ((lines.length - 1) * lineHeight) / 2 + fontSize * 0.35
      : dy < 0
        ? y - (lines.length - 1) * lineHeight - fontSize * 0.3
        : y + fontSize;
  const offsetX = anchor === "start" ? 4 : anchor === "end" ? -4 : 0;
  return (
    <text
      x={x + offsetX}
      y={firstLineY}
      textAnchor={anchor}
      fontSize={fontSize}
      fontFamily={RADAR_FONT_FAMILY}
      fill={COLORS.axis}
    >
      {lines.map((line, i) => (
        <tspan key={i} x={x + offsetX} dy={i === 0 ? 0 : lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

/**
 * Break a long title into at most a few short lines for the axis label: prefer one break after a joining
 * character (与、和及) that balances the two lines, else cut into even chunks.
 */
export function wrapLabel(label: string, max: number): string[] {
  if (label.length <= max) return [label];
  let best: number | null = null;
  for (let i = 1; i < label.length; i++) {
    if (!"与、和及".includes(label[i - 1])) continue;
    const longest = Math.max(i, label.length - i);
    if (best === null || longest < Math.max(best, label.length - best)) best = i;
  }
  if (best !== null && Math.max(best, label.length - best) <= max + 2) {
    return [label.slice(0, best), label.slice(best)];
  }
  const count = Math.ceil(label.length / max);
  const size = Math.ceil(label.length / count);
  const lines: string[] = [];
  for (let i = 0; i < label.length; i += size) lines.push(label.slice(i, i + size));
  return lines;
}

function clampScore(score: number): number {
  return Math.min(100, Math.max(0, score));
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}
