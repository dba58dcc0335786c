/**
 * Counters for the operator (Prometheus text at /api/metrics): responses stored by mode, sync batches, requests
 * refused for their rate (429) and answered "unavailable" while the database was away (503). Per instance, from
 * its start; a scraper adds the instances up. Counts only: nothing about who.
 */
export type CounterName = "responses_stored_total" | "sync_batches_total" | "rate_limited_total" | "unavailable_total";

const help: Record<CounterName, string> = {
  responses_stored_total: "Responses stored, by mode (self, assisted)",
  sync_batches_total: "Interview batches received from ambassadors' devices",
  rate_limited_total: "Requests refused for their rate (429), by limit",
  unavailable_total: "Requests answered 503 because the database was away",
};

type Series = Map<string, number>;
const holder = globalThis as unknown as { __fbCounters?: Map<CounterName, Series> };
const counters = (holder.__fbCounters ??= new Map());

const labelText = (labels: Record<string, string>) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};

export function count(name: CounterName, labels: Record<string, string> = {}, by = 1): void {
  const series = counters.get(name) ?? new Map<string, number>();
  const key = labelText(labels);
  series.set(key, (series.get(key) ?? 0) + by);
  counters.set(name, series);
}

export function counterValue(name: CounterName, labels: Record<string, string> = {}): number {
  return counters.get(name)?.get(labelText(labels)) ?? 0;
}

/** The Prometheus text exposition of every counter (each declared, even at zero). */
export function metricsText(): string {
  const lines: string[] = [];
  for (const name of Object.keys(help) as CounterName[]) {
    const full = `fb_${name}`;
    lines.push(`# HELP ${full} ${help[name]}`, `# TYPE ${full} counter`);
    const series = counters.get(name);
    if (!series?.size) lines.push(`${full} 0`);
    else for (const [labels, value] of series) lines.push(`${full}${labels} ${value}`);
  }
  return lines.join("\n") + "\n";
}
