/**
 * The dashboards' tables: what the screen shows and what the CSV and XLSX exports write are built by these same
 * functions from the same protected figures, so an export always matches the screen. A column the view's scope
 * does not allow (see scope.ts) is left out of both. Pure.
 */
import type { BatteryContent, LocalizedText } from "@/lib/battery/schema";
import { fillPlaceholders, pickText } from "@/lib/battery/text";
import { type ProtectedCell, shareOf } from "@/lib/disclosure/breakdown";
import type { Figure } from "@/lib/disclosure/figure";
import { isLocale, type Locale, localeTable } from "@/lib/i18n/locales";
import type { ModeGapRow, Overview, QuestionStats } from "./queries";

export type Table = { id: string; title: string; columns: string[]; rows: string[][] };
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export type Formatter = {
  count: (c: Figure | null | undefined) => string;
  share: (value: number | null) => string;
  number: (value: number, digits?: number) => string;
};

export function formatter(locale: Locale, k: number, t: Translate): Formatter {
  const int = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return {
    count: (c) => (!c ? "–" : c.shown ? int.format(c.value) : t("fewer", { k })),
    share: (v) => (v === null ? "–" : pct.format(v)),
    number: (v, digits = 1) =>
      new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v),
  };
}

/** The places a table has columns for: the municipality and the region, each only if the view shows it. */
export type Places = { here: string | null; region: string | null };

function columnsFor(places: Places, first: string): string[] {
  return [first, ...(places.here !== null ? [places.here] : []), ...(places.region !== null ? [places.region] : [])];
}

function cellsRow(
  label: string,
  here: Figure | null | undefined,
  region: Figure | null | undefined,
  places: Places,
  f: Formatter,
): string[] {
  return [
    label,
    ...(places.here !== null ? [f.count(here)] : []),
    ...(places.region !== null ? [f.count(region)] : []),
  ];
}

export function overviewTables(
  o: Overview,
  ctx: { places: Places; t: Translate; f: Formatter; locale: Locale },
): Table[] {
  const { places, t, f } = ctx;
  const breakdown = (
    id: string,
    title: string,
    first: string,
    pair: Overview["byLanguage"],
    label: (key: string) => string,
  ): Table => {
    const keys = (pair.region ?? pair.here)?.cells.map((c) => c.key) ?? [];
    return {
      id,
      title,
      columns: columnsFor(places, first),
      rows: keys.map((key) =>
        cellsRow(
          label(key),
          pair.here?.cells.find((c) => c.key === key)?.figure,
          pair.region?.cells.find((c) => c.key === key)?.figure,
          places,
          f,
        ),
      ),
    };
  };
  const assistedShare = (b: Overview["byMode"]["here"]) =>
    b ? f.share(shareOf(b.cells.find((c) => c.key === "assisted")?.figure, b.total)) : "–";
  return [
    {
      id: "totals",
      title: t("total"),
      columns: columnsFor(places, ""),
      rows: [
        cellsRow(t("responses"), o.total.here, o.total.region, places, f),
        cellsRow(t("handoverShare"), o.handover.here, o.handover.region, places, f),
        [
          t("assistedShare"),
          ...(places.here !== null ? [assistedShare(o.byMode.here)] : []),
          ...(places.region !== null ? [assistedShare(o.byMode.region)] : []),
        ],
      ],
    },
    {
      id: "by-month",
      title: t("byMonth"),
      columns: columnsFor(places, t("month")),
      rows: o.byMonth.map((m) => cellsRow(m.month, m.here, m.region, places, f)),
    },
    breakdown("by-language", t("byLanguage"), t("language"), o.byLanguage, (key) =>
      isLocale(key) ? localeTable[key].nativeName : key,
    ),
    breakdown("by-mode", t("byMode"), t("mode"), o.byMode, (key) => t(`mode_${key}`)),
    {
      id: "by-round",
      title: t("byRound"),
      columns: columnsFor(places, t("round")),
      rows: o.byRound.map((r) => cellsRow(r.name, r.here, r.region, places, f)),
    },
  ];
}

export type LabelContext = { content: BatteryContent; locale: Locale; catalogue: Map<string, LocalizedText> };

/** The label of an answer value of a question, in the staff user's language. */
export function valueLabel(stats: QuestionStats, key: string, ctx: LabelContext): string {
  const { content, locale } = ctx;
  const q = stats.question;
  if (key === "dont_know" || key === "no_answer") return pickText(content.special[key], locale).text;
  if (q.type === "yesno") return pickText(key === "yes" ? content.yesno.yes : content.yesno.no, locale).text;
  if (q.type === "scale") {
    const o = content.scales[q.scale ?? ""]?.options.find((x) => x.key === key);
    return o ? pickText(o.label, locale).text : key;
  }
  const o = q.options?.find((x) => x.key === key);
  if (o) return pickText(o.label, locale).text;
  const local = ctx.catalogue.get(key);
  return local ? pickText(local, locale).text : key;
}

export function questionTitle(stats: QuestionStats, ctx: LabelContext): string {
  const text = pickText(stats.question.text, ctx.locale).text;
  if (!stats.itemKey) return text;
  const item = ctx.catalogue.get(stats.itemKey);
  return fillPlaceholders(text, { intervention: item ? pickText(item, ctx.locale).text : stats.itemKey });
}

type QuestionContext = LabelContext & { places: Places; t: Translate; f: Formatter };

export function questionTable(stats: QuestionStats, ctx: QuestionContext): Table {
  const { places, t, f } = ctx;
  const placeColumns = (name: string) => [`${name}: ${t("n")}`, `${name}: ${t("share")}`];
  const columns = [
    t("answer"),
    ...(places.here !== null ? placeColumns(places.here) : []),
    ...(places.region !== null ? placeColumns(places.region) : []),
  ];
  const keys = (stats.cells.region ?? stats.cells.here ?? []).map((c) => c.key);
  const part = (cells: ProtectedCell[] | null, answered: Figure | null, key: string) => {
    const cell = cells?.find((c) => c.key === key)?.figure;
    return [f.count(cell), f.share(shareOf(cell, answered))];
  };
  const rows = keys.map((key) => [
    valueLabel(stats, key, ctx),
    ...(places.here !== null ? part(stats.cells.here, stats.answered.here, key) : []),
    ...(places.region !== null ? part(stats.cells.region, stats.answered.region, key) : []),
  ]);
  rows.push([
    t("total"),
    ...(places.here !== null ? [f.count(stats.answered.here), ""] : []),
    ...(places.region !== null ? [f.count(stats.answered.region), ""] : []),
  ]);
  if (stats.question.type === "scale") {
    const mean = (m: QuestionStats["mean"]["region"]) =>
      m ? `${f.number(m.mean, 2)} (${f.number(m.low, 2)}–${f.number(m.high, 2)})` : "–";
    rows.push([
      t("mean"),
      ...(places.here !== null ? [mean(stats.mean.here), ""] : []),
      ...(places.region !== null ? [mean(stats.mean.region), ""] : []),
    ]);
  }
  return { id: `q-${stats.slot.replace(/[^a-z0-9_-]/gi, "-")}`, title: questionTitle(stats, ctx), columns, rows };
}

export function modeGapTable(rows: ModeGapRow[], ctx: { t: Translate; f: Formatter; locale: Locale }): Table {
  const { t, f } = ctx;
  const group = (g: ModeGapRow["groups"]["self"]) =>
    !g.n.shown ? f.count(g.n) : g.n.value === 0 ? "–" : `${f.share(g.positive)} (${f.count(g.n)})`;
  const p = (value: number) => (value < 0.001 ? `< ${f.number(0.001, 3)}` : f.number(value, 3));
  return {
    id: "mode-gap",
    title: t("modeGap"),
    columns: [
      t("question"),
      t("selfShare"),
      t("assistedShare2"),
      t("handoverShare2"),
      t("difference"),
      t("significant"),
    ],
    rows: rows.map((r) => [
      pickText(r.question.text, ctx.locale).text,
      group(r.groups.self),
      group(r.groups.assisted),
      group(r.groups.handover),
      r.test ? `${r.test.difference >= 0 ? "+" : ""}${f.number(r.test.difference * 100, 0)} ${t("points")}` : "–",
      r.test
        ? `${r.test.robust ? (r.test.significant ? t("yes") : t("no")) : t("uncertain")} (${t("pValue", { p: p(r.test.pValue) })})`
        : "–",
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
export function questionSummary(stats: QuestionStats, ctx: QuestionContext): string {
  const { t, f } = ctx;
  const sentences: string[] = [];
  const places: [string, ProtectedCell[] | null, Figure | null, QuestionStats["mean"]["region"]][] = [];
  if (ctx.places.here !== null) places.push([ctx.places.here, stats.cells.here, stats.answered.here, stats.mean.here]);
  if (ctx.places.region !== null)
    places.push([ctx.places.region, stats.cells.region, stats.answered.region, stats.mean.region]);
  for (const [place, cells, answered, mean] of places) {
    if (!cells || !answered || !answered.shown) {
      sentences.push(t("summaryHidden", { place }));
      continue;
    }
    if (stats.question.type === "scale") {
      const scale = ctx.content.scales[stats.question.scale ?? ""]!;
      const steps = cells.filter((c) => scale.options.some((o) => o.key === c.key));
      if (steps.some((c) => !c.figure.shown)) {
        sentences.push(t("summaryPartly", { place, n: f.count(answered) }));
        continue;
      }
      const n = steps.reduce((s, c) => s + (c.figure.shown ? c.figure.value : 0), 0);
      const positive = steps
        .filter((c) => scale.positive.includes(c.key))
        .reduce((s, c) => s + (c.figure.shown ? c.figure.value : 0), 0);
      sentences.push(
        t("summaryScale", {
          place,
          positive: f.share(n ? positive / n : null),
          n: new Intl.NumberFormat(ctx.locale).format(n),
        }),
      );
      if (mean)
        sentences.push(
          t("summaryMean", { mean: f.number(mean.mean, 2), low: f.number(mean.low, 2), high: f.number(mean.high, 2) }),
        );
    } else {
      const top = cells
        .filter((c) => c.figure.shown && c.key !== "no_answer")
        .sort((a, b) => (b.figure.shown ? b.figure.value : 0) - (a.figure.shown ? a.figure.value : 0))[0];
      if (!top || !top.figure.shown || top.figure.value === 0) sentences.push(t("summaryHidden", { place }));
      else
        sentences.push(
          t("summaryChoice", {
            place,
            top: valueLabel(stats, top.key, ctx),
            share: f.share(shareOf(top.figure, answered)),
            n: f.count(answered),
          }),
        );
    }
  }
  return sentences.join(" ");
}
