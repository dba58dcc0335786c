import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/modules/dashboard/components/DashboardChrome";
import { DataTable } from "@/modules/dashboard/components/DataTable";
import { InvalidFilters } from "@/modules/dashboard/components/InvalidFilters";
import { TrendChart } from "@/modules/dashboard/components/TrendChart";
import { valueOf } from "@/lib/disclosure/figure";
import { loadOverview, viewContext } from "@/modules/dashboard/loaders";
import { dashboardTranslator } from "@/modules/dashboard/translate";
import { loadDashboardView } from "@/modules/dashboard/page-view";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("overview") };
}

/** Responses by round, month, language and mode, for the municipality beside the region. */
export default async function DashboardOverview({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const query = await searchParams;
  const view = await loadDashboardView(locale, query);
  if (!view.ok) return <InvalidFilters locale={locale} view={view} path="" searchParams={query} />;
  const ctx = viewContext(view, locale, await dashboardTranslator(locale));
  const { overview, tables } = await loadOverview(getDb(), ctx);
  const t = ctx.t;
  return (
    <>
      <h1>
        {t("title")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} view={view} current="overview" exportView="overview" />
      {tables.map((table) => (
        <section key={table.id} aria-labelledby={`${table.id}-h`}>
          <h2 id={`${table.id}-h`}>{table.title}</h2>
          {table.id === "by-month" && overview.byMonth.length > 1 && ctx.places.region !== null ? (
            <TrendChart
              points={overview.byMonth.map((m) => ({
                month: m.month,
                here: valueOf(m.here),
                region: valueOf(m.region),
              }))}
              here={ctx.places.here}
              region={ctx.places.region}
              summary={`${table.title}: ${overview.byMonth[0]!.month} – ${overview.byMonth[overview.byMonth.length - 1]!.month}`}
            />
          ) : null}
          <DataTable table={table} caption={`${table.title} – ${view.placeName}`} />
        </section>
      ))}
    </>
  );
}
