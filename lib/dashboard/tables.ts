/**
 * The dashboards' tables: what the screen shows and what the CSV export writes are built by these same
 * functions from the same (already suppressed) aggregates, so an export always matches the screen. Pure.
 */
import type { BatteryContent } from "@/lib/battery/schema";
import { pickText } from "@/lib/battery/text";
import { localeTable, isLocale, type Locale } from "@/lib/i18n/locales";
import type { ModeGapRow, Overview, QuestionStats } from "./queries";
import { type SafeCell, type SafeCount, shareOf } from "./suppression";

export type Table = { id: string; title: string; columns: string[]; rows: string[][] };
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export type Formatter = {
  count: (c: SafeCount | null | undefined) => string;
  share: (value: number | null) => string;
  number: (value: number, digits?: number) => string;
};

export function formatter(locale: Locale, k: number, t: Translate): Formatter {
  const int = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return {
    count: (c) => (!c ? "–" : c.suppressed ? t("fewer", { k }) : int.format(c.n)),
    share: (v) => (v === null ? "–" : pct.format(v)),
    number: (v, digits = 1) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v),
  };
}

function columnsFor(place: string | null, region: string, first: string): string[] {
  return place ? [first, place, region] : [first, region];
}

function cellsRow(label: string, here: SafeCount | null | undefined, region: SafeCount, hasHere: boolean, f: Formatter): string[] {
  return hasHere ? [label, f.count(here), f.count(region)] : [label, f.count(region)];
}

export function overviewTables(o: Overview, ctx: { place: string | null; region: string; t: Translate; f: Formatter; locale: Locale }): Table[] {
  const { place, region, t, f } = ctx;
  const hasHere = place !== null;
  const breakdown = (id: string, title: string, first: string, here: SafeCell[] | null, all: SafeCell[], label: (key: string) => string): Table => ({
    id,
    title,
    columns: columnsFor(place, region, first),
    rows: all.map((cell, i) => cellsRow(label(cell.key), here?.[i], cell, hasHere, f)),
  });
  const assistedShare = (cells: SafeCell[] | null, total: SafeCount | null) => (cells ? f.share(shareOf(cells[1] ?? { suppressed: true }, total ?? { suppressed: true })) : "–");
  return [
    {
      id: "totals",
      title: t("total"),
      columns: columnsFor(place, region, ""),
      rows: [
        cellsRow(t("responses"), o.total.here, o.total.region, hasHere, f),
        cellsRow(t("handoverShare"), o.handover.here, o.handover.region, hasHere, f),
        hasHere ? [t("assistedShare"), assistedShare(o.byMode.here, o.total.here), assistedShare(o.byMode.region, o.total.region)] : [t("assistedShare"), assistedShare(o.byMode.region, o.total.region)],
      ],
    },
    {
      id: "by-month",
      title: t("byMonth"),
      columns: columnsFor(place, region, t("month")),
      rows: o.byMonth.map((m) => cellsRow(m.month, m.here, m.region, hasHere, f)),
    },
    breakdown("by-language", t("byLanguage"), t("language"), o.byLanguage.here, o.byLanguage.region, (key) => (isLocale(key) ? localeTable[key].nativeName : key)),
    breakdown("by-mode", t("byMode"), t("mode"), o.byMode.here, o.byMode.region, (key) => t(`mode_${key}`)),
    {
      id: "by-round",
      title: t("byRound"),
      columns: columnsFor(place, region, t("round")),
      rows: o.byRound.map((r) => cellsRow(r.name, r.here, r.region, hasHere, f)),
    },
  ];
}

/** The label of an answer value of a question, in the staff user's language. */
export function valueLabel(stats: QuestionStats, key: string, content: BatteryContent, locale: Locale, catalogue: Map<string, string>): string {
  const q = stats.question;
  if (key === "dont_know" || key === "no_answer") return pickText(content.special[key], locale).text;
  if (q.type === "yesno") return pickText(key === "yes" ? content.yesno.yes : content.yesno.no, locale).text;
  if (q.type === "scale") {
    const o = content.scales[q.scale ?? ""]?.options.find((x) => x.key === key);
    return o ? pickText(o.label, locale).text : key;
  }
  const o = q.options?.find((x) => x.key === key);
  return o ? pickText(o.label, locale).text : (catalogue.get(key) ?? key);
}

export function questionTitle(stats: QuestionStats, locale: Locale, catalogue: Map<string, string>): string {
  const text = pickText(stats.question.text, locale).text;
  return stats.itemKey ? text.replace("{intervention}", catalogue.get(stats.itemKey) ?? stats.itemKey) : text;
}

export function questionTable(stats: QuestionStats, ctx: { place: string | null; region: string; t: Translate; f: Formatter; locale: Locale; content: BatteryContent; catalogue: Map<string, string> }): Table {
  const { place, region, t, f } = ctx;
  const hasHere = place !== null;
  const headers = hasHere ? [t("answer"), `${place}: ${t("n")}`, `${place}: ${t("share")}`, `${region}: ${t("n")}`, `${region}: ${t("share")}`] : [t("answer"), t("n"), t("share")];
  const rows = stats.cells.region.map((cell, i) => {
    const label = valueLabel(stats, cell.key, ctx.content, ctx.locale, ctx.catalogue);
    const here = stats.cells.here?.[i];
    const regionPart = [f.count(cell), f.share(shareOf(cell, stats.answered.region))];
    return hasHere ? [label, f.count(here), f.share(here ? shareOf(here, stats.answered.here ?? { suppressed: true }) : null), ...regionPart] : [label, ...regionPart];
  });
  rows.push(hasHere ? [t("total"), f.count(stats.answered.here), "", f.count(stats.answered.region), ""] : [t("total"), f.count(stats.answered.region), ""]);
  if (stats.question.type === "scale") {
    const mean = (m: QuestionStats["mean"]["region"]) => (m ? `${f.number(m.mean, 2)} (${f.number(m.low, 2)}–${f.number(m.high, 2)})` : "–");
    rows.push(hasHere ? [t("mean"), mean(stats.mean.here), "", mean(stats.mean.region), ""] : [t("mean"), mean(stats.mean.region), ""]);
  }
  return { id: `q-${stats.slot.replace(/[^a-z0-9_-]/gi, "-")}`, title: questionTitle(stats, ctx.locale, ctx.catalogue), columns: headers, rows };
}

export function modeGapTable(rows: ModeGapRow[], ctx: { t: Translate; f: Formatter; locale: Locale }): Table {
  const { t, f } = ctx;
  const group = (g: ModeGapRow["groups"]["self"]) => (g.n.suppressed ? f.count(g.n) : g.n.n === 0 ? "–" : `${f.share(g.positive)} (${f.count(g.n)})`);
  const p = (value: number) => (value < 0.001 ? `< ${f.number(0.001, 3)}` : f.number(value, 3));
  return {
    id: "mode-gap",
    title: t("modeGap"),
    columns: [t("question"), t("selfShare"), t("assistedShare2"), t("handoverShare2"), t("difference"), t("significant")],
    rows: rows.map((r) => [
      pickText(r.question.text, ctx.locale).text,
      group(r.groups.self),
      group(r.groups.assisted),
      group(r.groups.handover),
      r.test ? `${r.test.difference >= 0 ? "+" : ""}${f.number(r.test.difference * 100, 0)} ${t("points")}` : "–",
      r.test ? `${r.test.significant ? t("yes") : t("no")} (${t("pValue", { p: p(r.test.pValue) })})` : "–",
    ]),
  };
}

/** RFC 4180 CSV, with a byte-order mark so spreadsheet programs read å, ä, ö and Arabic script right. */
export function toCsv(tables: Table[]): string {
  const quote = (v: string) => (/[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines: string[] = [];
  for (const table of tables) {
    lines.push(quote(table.title));
    lines.push(table.columns.map(quote).join(","));
    for (const row of table.rows) lines.push(row.map(quote).join(","));
    lines.push("");
  }
  return `\uFEFF${lines.join("\r\n")}`;
}

/** One sentence per place that says what the chart shows, for screen readers and for those who skip charts. */
export function questionSummary(stats: QuestionStats, ctx: { place: string | null; region: string; t: Translate; f: Formatter; content: BatteryContent; locale: Locale; catalogue: Map<string, string> }): string {
  const { t, f } = ctx;
  const sentences: string[] = [];
  const places: [string, SafeCell[] | null, SafeCount | null, QuestionStats["mean"]["region"]][] = [];
  if (ctx.place) places.push([ctx.place, stats.cells.here, stats.answered.here, stats.mean.here]);
  places.push([ctx.region, stats.cells.region, stats.answered.region, stats.mean.region]);
  for (const [place, cells, answered, mean] of places) {
    if (!cells || !answered || answered.suppressed) {
      sentences.push(t("summaryHidden", { place }));
      continue;
    }
    if (stats.question.type === "scale") {
      const scale = ctx.content.scales[stats.question.scale ?? ""]!;
      const steps = cells.filter((c) => scale.options.some((o) => o.key === c.key));
      if (steps.some((c) => c.suppressed)) {
        sentences.push(t("summaryHidden", { place }));
        continue;
      }
      const shown = steps as ({ key: string } & { suppressed: false; n: number })[];
      const n = shown.reduce((s, c) => s + c.n, 0);
      const positive = shown.filter((c) => scale.positive.includes(c.key)).reduce((s, c) => s + c.n, 0);
      sentences.push(t("summaryScale", { place, positive: f.share(n ? positive / n : null), n: f.count({ suppressed: false, n }) }));
      if (mean) sentences.push(t("summaryMean", { mean: f.number(mean.mean, 2), low: f.number(mean.low, 2), high: f.number(mean.high, 2) }));
    } else {
      const top = cells.filter((c): c is { key: string } & { suppressed: false; n: number } => !c.suppressed && c.key !== "no_answer").sort((a, b) => b.n - a.n)[0];
      if (!top || top.n === 0) sentences.push(t("summaryHidden", { place }));
      else sentences.push(t("summaryChoice", { place, top: valueLabel(stats, top.key, ctx.content, ctx.locale, ctx.catalogue), share: f.share(shareOf(top, answered)), n: f.count(answered) }));
    }
  }
  return sentences.join(" ");
}
