import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/components/dashboard/DashboardChrome";
import { DataTable } from "@/components/dashboard/DataTable";
import { InvalidFilters } from "@/components/dashboard/InvalidFilters";
import { pickText } from "@/lib/battery/text";
import { fetchModeGap, fetchModuleStats, fetchOverview } from "@/lib/dashboard/queries";
import { formatter, modeGapTable, overviewTables, questionSummary, questionTable } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
import { loadDashboardView } from "@/lib/dashboard/view";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";
import { referenceCatalogue } from "@/lib/seed/reference-battery";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("report") };
}

/** Everything for one municipality and round on one page, in tables and sentences, made for printing. */
export default async function DashboardReport({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const view = await loadDashboardView(locale, await searchParams);
  if (!view.ok) return <InvalidFilters locale={locale} names={view.invalid} />;
  const t = await dashboardTranslator(locale);
  const db = getDb();
  const f = formatter(locale, view.scope.k, t);
  const place = view.scope.municipality ? view.placeName : null;
  const catalogue = new Map(referenceCatalogue().map((c) => [c.key, pickText(c.label, locale).text]));
  const ctx = { place, region: view.regionName, t, f, locale, content: view.content, catalogue };
  const [overview, gap, modules] = await Promise.all([
    fetchOverview(db, view.scope),
    fetchModeGap(db, view.scope, view.content),
    Promise.all(view.content.modules.map(async (m) => ({ module: m, stats: (await fetchModuleStats(db, view.scope, view.content, m.key, view.catalogueKeys)) ?? [] }))),
  ]);
  const round = view.rounds.find((r) => r.id === view.filters.round);
  return (
    <article className="report">
      <h1>{t("reportTitle", { place: view.placeName })}</h1>
      {round ? <p className="lead">{round.name}</p> : null}
      <DashboardChrome locale={locale} principal={view.principal} filters={view.filters} current="report" municipalities={view.municipalities} rounds={view.rounds} k={view.scope.k} />
      <h2>{t("overview")}</h2>
      {overviewTables(overview, ctx).map((table) => (
        <DataTable key={table.id} table={table} />
      ))}
      <h2>{t("modeGap")}</h2>
      <p>{t("gapLead")}</p>
      <DataTable table={modeGapTable(gap, { t, f, locale })} />
      {modules.map(({ module: m, stats }) =>
        stats.length ? (
          <section key={m.key}>
            <h2>{pickText(m.title, locale).text}</h2>
            {stats.map((s) => (
              <div key={s.slot} className="question-block">
                <p>{questionSummary(s, ctx)}</p>
                <DataTable table={questionTable(s, ctx)} />
              </div>
            ))}
          </section>
        ) : null,
      )}
    </article>
  );
}
