/**
 * Chart data from suppressed question statistics. Scales become diverging stacks: the negative steps to
 * the left of zero, the positive to the right, the middle step split across it; "don't know" and
 * "prefer not to say" are left out of the bars and reported apart. Pure.
 */
import type { BatteryContent } from "@/lib/battery/schema";
import { type ProtectedCell, shareOf } from "@/lib/disclosure/breakdown";
import { type Figure, valueOf } from "@/lib/disclosure/figure";
import type { QuestionStats } from "./queries";

export type ChartSegment = { key: string; label: string; color: string };
export type ChartData =
  | { kind: "diverging"; segments: ChartSegment[]; rows: Record<string, number | string | null>[] }
  | { kind: "bars"; series: ChartSegment[]; rows: Record<string, number | string | null>[] };

// Colour-blind-safe: ColorBrewer RdBu for agreement (red = negative, blue = positive), blue/orange for places.
const diverging = ["#b2182b", "#ef8a62", "#bdbdbd", "#67a9cf", "#2166ac"];
export const placeColors = { here: "#2166ac", region: "#e08214" };

/** Each step's share of the steps (not of "don't know" and "prefer not to say"); none where a step is hidden. */
function scaleShares(cells: ProtectedCell[], keys: string[]): Map<string, number | null> {
  const steps = cells.filter((c) => keys.includes(c.key));
  if (steps.some((c) => !c.figure.shown)) return new Map(steps.map((c) => [c.key, null]));
  const total = steps.reduce((s, c) => s + (valueOf(c.figure) ?? 0), 0);
  return new Map(steps.map((c) => [c.key, total ? (valueOf(c.figure) ?? 0) / total : null]));
}

/** Every chart names its n: "Linköping (n = 1 051)". */
export function chartData(
  stats: QuestionStats,
  content: BatteryContent,
  places: { here: string | null; region: string | null },
  label: (key: string) => string,
  count: (c: Figure | null) => string,
): ChartData {
  const q = stats.question;
  const here = places.here !== null ? `${places.here} (n = ${count(stats.answered.here)})` : null;
  const region = places.region !== null ? `${places.region} (n = ${count(stats.answered.region)})` : null;
  const pairs: [string, ProtectedCell[] | null][] = [];
  if (here !== null) pairs.push([here, stats.cells.here]);
  if (region !== null) pairs.push([region, stats.cells.region]);
  if (q.type === "scale") {
    const scale = content.scales[q.scale ?? ""]!;
    // Low to high value, so the most negative step is leftmost.
    const steps = [...scale.options].sort((a, b) => a.value - b.value);
    const positiveHigh = !scale.positive.includes(steps[0]!.key);
    const ordered = positiveHigh ? steps : [...steps].reverse();
    const middle = ordered.length % 2 === 1 ? ordered[(ordered.length - 1) / 2]!.key : null;
    const half = Math.floor(ordered.length / 2);
    const segments: ChartSegment[] = ordered.map((o, i) => ({
      key: o.key,
      label: label(o.key),
      color: diverging[Math.round((i / Math.max(1, ordered.length - 1)) * 4)]!,
    }));
    const rows = pairs
      .filter(([, cells]) => cells !== null)
      .map(([place, cells]) => {
        const shares = scaleShares(
          cells!,
          ordered.map((o) => o.key),
        );
        const row: Record<string, number | string | null> = { place };
        ordered.forEach((o, i) => {
          const s = shares.get(o.key) ?? null;
          if (s === null) row[o.key] = null;
          else if (o.key === middle)
            row[o.key] = s; // drawn split by the chart component
          else row[o.key] = i < half ? -s : s;
        });
        return row;
      });
    return { kind: "diverging", segments: segments.map((s) => (s.key === middle ? { ...s, key: s.key } : s)), rows };
  }
  const keys = (stats.cells.region ?? stats.cells.here ?? [])
    .map((c) => c.key)
    .filter((k) => k !== "no_answer" && k !== "dont_know");
  const series: ChartSegment[] = [];
  if (here !== null) series.push({ key: "here", label: here, color: placeColors.here });
  if (region !== null) series.push({ key: "region", label: region, color: placeColors.region });
  const rows = keys.map((key) => {
    const row: Record<string, number | string | null> = { option: label(key) };
    const cellOf = (cells: ProtectedCell[] | null) => cells?.find((c) => c.key === key)?.figure;
    if (here !== null) row.here = shareOf(cellOf(stats.cells.here), stats.answered.here);
    if (region !== null) row.region = shareOf(cellOf(stats.cells.region), stats.answered.region);
    return row;
  });
  return { kind: "bars", series, rows };
}
