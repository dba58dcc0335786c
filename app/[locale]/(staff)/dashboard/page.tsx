import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/components/dashboard/DashboardChrome";
import { DataTable } from "@/components/dashboard/DataTable";
import { InvalidFilters } from "@/components/dashboard/InvalidFilters";
import { TrendChart } from "@/components/dashboard/TrendChart";
import { fetchOverview } from "@/lib/dashboard/queries";
import { formatter, overviewTables } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
import { loadDashboardView } from "@/lib/dashboard/view";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("overview") };
}

/** Responses by round, month, language and mode, for the municipality beside the region. */
export default async function DashboardOverview({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const view = await loadDashboardView(locale, await searchParams);
  if (!view.ok) return <InvalidFilters locale={locale} names={view.invalid} />;
  const t = await dashboardTranslator(locale);
  const overview = await fetchOverview(getDb(), view.scope);
  const place = view.scope.municipality ? view.placeName : null;
  const tables = overviewTables(overview, { place, region: view.regionName, t, f: formatter(locale, view.scope.k, t), locale });
  return (
    <>
      <h1>
        {t("title")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} principal={view.principal} filters={view.filters} current="overview" exportView="overview" municipalities={view.municipalities} rounds={view.rounds} k={view.scope.k} />
      {tables.map((table) => (
        <section key={table.id} aria-labelledby={`${table.id}-h`}>
          <h2 id={`${table.id}-h`}>{table.title}</h2>
          {table.id === "by-month" && overview.byMonth.length > 1 ? (
            <TrendChart
              points={overview.byMonth.map((m) => ({ month: m.month, here: m.here && !m.here.suppressed ? m.here.n : null, region: m.region.suppressed ? null : m.region.n }))}
              here={place}
              region={view.regionName}
              summary={`${table.title}: ${overview.byMonth[0]!.month} – ${overview.byMonth[overview.byMonth.length - 1]!.month}`}
            />
          ) : null}
          <DataTable table={table} caption={`${table.title} – ${view.placeName}`} />
        </section>
      ))}
    </>
  );
}
