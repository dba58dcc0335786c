import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/modules/dashboard/components/DashboardChrome";
import { DataTable } from "@/modules/dashboard/components/DataTable";
import { InvalidFilters } from "@/modules/dashboard/components/InvalidFilters";
import { loadModeGap, viewContext } from "@/modules/dashboard/loaders";
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
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("modeGap") };
}

/** Where answers look rosier when given to the municipality: positive shares by mode, ranked, with a stated test. */
export default async function DashboardModeGap({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const query = await searchParams;
  const view = await loadDashboardView(locale, query, "answers");
  if (!view.ok) return <InvalidFilters locale={locale} view={view} path="/mode-gap" searchParams={query} />;
  const ctx = viewContext(view, locale, await dashboardTranslator(locale));
  const t = ctx.t;
  const grouped = view.scope.group !== null;
  const { table } = grouped ? { table: null } : await loadModeGap(getDb(), ctx);
  return (
    <>
      <h1>
        {t("modeGap")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} view={view} current="mode-gap" exportView={grouped ? undefined : "mode-gap"} />
      <p>{t("gapLead")}</p>
      {table ? (
        <DataTable table={table} caption={`${table.title} – ${view.placeName}`} />
      ) : (
        <p className="notice">{t("gapNoGroups")}</p>
      )}
    </>
  );
}
