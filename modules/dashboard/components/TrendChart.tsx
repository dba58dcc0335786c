"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendPoint = { month: string; here: number | null; region: number | null };

const legendText = (value: string) => <span style={{ color: "#1a1a1a" }}>{value}</span>;

/** Responses per month for the municipality and the region; suppressed months are gaps, not zeros. */
export function TrendChart({
  points,
  here,
  region,
  summary,
}: {
  points: TrendPoint[];
  here: string | null;
  region: string;
  summary: string;
}) {
  return (
    <figure className="chart" dir="ltr" role="img" aria-label={summary} style={{ blockSize: "14rem" }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ left: 8, right: 16, top: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend formatter={legendText} />
          {here ? (
            <Line
              type="monotone"
              dataKey="here"
              name={here}
              stroke="#2166ac"
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            />
          ) : null}
          <Line
            type="monotone"
            dataKey="region"
            name={region}
            stroke="#e08214"
            strokeWidth={2}
            strokeDasharray="6 3"
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
