/**
 * A proposed raise against the local wage guideline (下线 / 基准线 / 上线) and the CPI rise, in percent.
 * Fixed size (it renders the same on the server), narrow enough for a 390 px phone.
 */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, XAxis, YAxis } from "recharts";

export interface RaiseChartData {
  raise: number;
  lower: number;
  baseline: number;
  upper: number;
  cpi: number;
}

const COLORS = { line: "#8c8c8c", cpi: "#2f6fb0", raise: "#c0392b" };

export function RaiseChart({ id, data, width = 340 }: { id: string; data: RaiseChartData; width?: number }) {
  const rows = [
    { label: "指导线下线", value: data.lower, color: COLORS.line },
    { label: "基准线", value: data.baseline, color: COLORS.line },
    { label: "上线", value: data.upper, color: COLORS.line },
    { label: "CPI涨幅", value: data.cpi, color: COLORS.cpi },
    { label: "拟调整", value: data.raise, color: COLORS.raise },
  ];
  const max = Math.max(...rows.map((r) => r.value), 1);
  const min = Math.min(...rows.map((r) => r.value), 0);
  return (
    <BarChart
      id={id}
      width={width}
      height={220}
      data={rows}
      margin={{ top: 20, right: 8, bottom: 4, left: 0 }}
      role="img"
      aria-label={`拟调整${data.raise}%，指导线下线${data.lower}%、基准线${data.baseline}%、上线${data.upper}%，CPI涨幅${data.cpi}%`}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
      <YAxis tick={{ fontSize: 11 }} width={34} domain={[Math.floor(min), Math.ceil(max + 1)]} unit="%" />
      <ReferenceLine y={data.raise} stroke={COLORS.raise} strokeDasharray="4 2" />
      <Bar dataKey="value" isAnimationActive={false}>
        {rows.map((r) => (
          <Cell key={r.label} fill={r.color} />
        ))}
        <LabelList dataKey="value" position="top" fontSize={11} formatter={(v: number) => `${v}%`} />
      </Bar>
    </BarChart>
  );
}
