/**
 * A chart with its table view: the chart for the eye, the same numbers as a table for screen readers and for
 * copying (the chart itself is described by its aria-label). Charts are drawn in the browser only: recharts
 * measures text there (wrapped axis labels), so a server rendering would not match it; the server sends a
 * box of the chart's size and the table, which holds every number.
 */
import { useNavigate } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

export const CHART_WIDTH = 640;

export interface Series {
  key: string;
  label: string;
  color: string;
}

export interface ChartRow {
  label: string;
  /** Where a click on this row's bars leads (the list behind the number), if anywhere. */
  href?: string | null;
  [key: string]: string | number | null | undefined;
}

/**
 * `open`: the table shows under the chart (the panel's main table, by organisation, with its links);
 * otherwise it is one click away ("表格视图") and left out of the printout.
 */
export function ChartFigure(props: {
  id: string;
  title: string;
  summary: string;
  chart: ReactNode;
  table: ReactNode;
  open?: boolean;
}) {
  return (
    <figure className="dash-figure" id={props.id} aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <div className="dash-chart" role="img" aria-label={props.summary}>
        <ClientOnly>{props.chart}</ClientOnly>
      </div>
      {props.open ? (
        <div className="dash-table-view">{props.table}</div>
      ) : (
        <details className="dash-table-view">
          <summary>表格视图</summary>
          {props.table}
        </details>
      )}
    </figure>
  );
}

function ClientOnly({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? <>{children}</> : <div className="dash-chart-placeholder" />;
}

export function Bars(props: {
  rows: ChartRow[];
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
  unit?: string;
  height?: number;
}) {
  const navigate = useNavigate();
  const { rows, series, stacked, horizontal, unit } = props;
  const height = props.height ?? (horizontal ? Math.max(160, rows.length * 30 + 60) : 240);
  const go = (index: number) => {
    const href = rows[index]?.href;
    if (href) navigate(href);
  };
  return (
    <BarChart
      width={CHART_WIDTH}
      height={height}
      data={rows}
      layout={horizontal ? "vertical" : "horizontal"}
      margin={{ top: 8, right: 16, bottom: 4, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={!!horizontal} horizontal={!horizontal} />
      {horizontal ? (
        <>
          <XAxis type="number" tick={{ fontSize: 11 }} unit={unit} allowDecimals={false} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 11 }} width={150} interval={0} />
        </>
      ) : (
        <>
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} height={36} />
          <YAxis tick={{ fontSize: 11 }} unit={unit} width={44} allowDecimals={false} />
        </>
      )}
      <Tooltip isAnimationActive={false} />
      {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={s.color}
          stackId={stacked ? "stack" : undefined}
          isAnimationActive={false}
          cursor="pointer"
          onClick={(_: unknown, index: number) => go(index)}
        />
      ))}
    </BarChart>
  );
}

export function Lines(props: { rows: ChartRow[]; series: Series[]; unit?: string }) {
  return (
    <LineChart
      width={CHART_WIDTH}
      height={200}
      data={props.rows}
      margin={{ top: 8, right: 16, bottom: 4, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} />
      <YAxis tick={{ fontSize: 11 }} unit={props.unit} width={44} />
      <Tooltip isAnimationActive={false} />
      {props.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
      {props.series.map((s) => (
        <Line
          key={s.key}
          type="monotone"
          dataKey={s.key}
          name={s.label}
          stroke={s.color}
          connectNulls
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
