"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ChartData } from "@/modules/dashboard/chart-data";

const pct = (v: number) => `${Math.round(Math.abs(v) * 100)} %`;
// Legend text in the ink colour: the series colours are for the swatches, too light to read as text.
const legendText = (value: string) => <span style={{ color: "#1a1a1a" }}>{value}</span>;

/**
 * A question's chart. Always drawn left to right (axes and zero line read the same in every language);
 * the page around it may be right-to-left. The figures are in the table beside it.
 */
export function QuestionChart({ data, summary }: { data: ChartData; summary: string }) {
  if (data.kind === "diverging") {
    // The middle step is split half to each side of zero.
    const middle = data.segments[(data.segments.length - 1) / 2]?.key;
    const rows = data.rows.map((r) => {
      const out: Record<string, number | string | null> = { ...r };
      if (middle && typeof r[middle] === "number") {
        out[`${middle}_neg`] = -(r[middle] as number) / 2;
        out[`${middle}_pos`] = (r[middle] as number) / 2;
      }
      return out;
    });
    const bars = data.segments.flatMap((s) =>
      s.key === middle
        ? [
            { ...s, key: `${s.key}_neg`, legend: false },
            { ...s, key: `${s.key}_pos`, legend: true },
          ]
        : [{ ...s, legend: true }],
    );
    const order = middle
      ? [...bars.filter((b) => b.key.endsWith("_neg")), ...bars.filter((b) => !b.key.endsWith("_neg"))]
      : bars;
    return (
      <figure className="chart" dir="ltr" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            layout="vertical"
            stackOffset="sign"
            margin={{ left: 8, right: 16 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} />
            <XAxis type="number" domain={[-1, 1]} tickFormatter={pct} />
            <YAxis type="category" dataKey="place" width={170} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Legend formatter={legendText} />
            <ReferenceLine x={0} stroke="#1a1a1a" />
            {order.map((b) => (
              <Bar
                key={b.key}
                dataKey={b.key}
                name={b.legend ? b.label : `${b.label} `}
                stackId="s"
                fill={b.color}
                legendType={b.legend ? "square" : "none"}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
    );
  }
  return (
    <figure
      className="chart"
      dir="ltr"
      role="img"
      aria-label={summary}
      style={{ blockSize: `${Math.max(8, data.rows.length * 2.4 + 4)}rem` }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.rows} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={pct} />
          <YAxis type="category" dataKey="option" width={170} />
          <Tooltip formatter={(v) => pct(Number(v))} />
          <Legend formatter={legendText} />
          {data.series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
