import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/components/dashboard/DashboardChrome";
import { DataTable } from "@/components/dashboard/DataTable";
import { InvalidFilters } from "@/components/dashboard/InvalidFilters";
import { fetchModeGap } from "@/lib/dashboard/queries";
import { formatter, modeGapTable } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
import { loadDashboardView } from "@/lib/dashboard/view";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("modeGap") };
}

/** Where answers look rosier when given to the municipality: positive shares by mode, ranked, with a stated test. */
export default async function DashboardModeGap({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const view = await loadDashboardView(locale, await searchParams);
  if (!view.ok) return <InvalidFilters locale={locale} names={view.invalid} />;
  const t = await dashboardTranslator(locale);
  const rows = await fetchModeGap(getDb(), view.scope, view.content);
  const table = modeGapTable(rows, { t, f: formatter(locale, view.scope.k, t), locale });
  return (
    <>
      <h1>
        {t("modeGap")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} principal={view.principal} filters={view.filters} current="mode-gap" exportView="mode-gap" municipalities={view.municipalities} rounds={view.rounds} k={view.scope.k} />
      <p>{t("gapLead")}</p>
      <DataTable table={table} caption={`${table.title} – ${view.placeName}`} />
    </>
  );
}
