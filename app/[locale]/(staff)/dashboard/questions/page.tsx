import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { DashboardChrome } from "@/components/dashboard/DashboardChrome";
import { DataTable } from "@/components/dashboard/DataTable";
import { InvalidFilters } from "@/components/dashboard/InvalidFilters";
import { QuestionChart } from "@/components/dashboard/QuestionChart";
import { pickText } from "@/lib/battery/text";
import { chartData } from "@/lib/dashboard/chart-data";
import { filterQuery } from "@/lib/dashboard/filters";
import { fetchModuleStats } from "@/lib/dashboard/queries";
import { formatter, questionSummary, questionTable, valueLabel } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
import { loadDashboardView } from "@/lib/dashboard/view";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";
import { referenceCatalogue } from "@/lib/seed/reference-battery";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("questions") };
}

/** Per question of one module: a chart beside the region, a sentence saying what it shows, and the table. */
export default async function DashboardQuestions({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const view = await loadDashboardView(locale, await searchParams);
  if (!view.ok) return <InvalidFilters locale={locale} names={view.invalid} />;
  const t = await dashboardTranslator(locale);
  const moduleKey = view.filters.module ?? view.content.modules[0]!.key;
  const stats = await fetchModuleStats(getDb(), view.scope, view.content, moduleKey, view.catalogueKeys);
  if (!stats) notFound();
  const f = formatter(locale, view.scope.k, t);
  const place = view.scope.municipality ? view.placeName : null;
  const catalogue = new Map(referenceCatalogue().map((c) => [c.key, pickText(c.label, locale).text]));
  const ctx = { place, region: view.regionName, t, f, locale, content: view.content, catalogue };
  return (
    <>
      <h1>
        {t("questions")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} principal={view.principal} filters={view.filters} current="questions" exportView={`questions:${moduleKey}`} municipalities={view.municipalities} rounds={view.rounds} k={view.scope.k} />
      <nav aria-label={t("chooseModule")}>
        <ul className="tabs-inline">
          {view.content.modules.map((m) => (
            <li key={m.key}>
              <a href={`/${locale}/dashboard/questions${filterQuery(view.filters, { module: m.key })}`} aria-current={m.key === moduleKey ? "page" : undefined}>
                {pickText(m.title, locale).text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {stats.map((s) => {
        const table = questionTable(s, ctx);
        const summary = questionSummary(s, ctx);
        return (
          <section key={s.slot} className="question-block" aria-labelledby={`${table.id}-h`}>
            <h2 id={`${table.id}-h`}>{table.title}</h2>
            <p>{summary}</p>
            <QuestionChart data={chartData(s, view.content, { here: place, region: view.regionName }, (key) => valueLabel(s, key, view.content, locale, catalogue), f.count)} summary={summary} />
            <details>
              <summary>{t("dataTable")}</summary>
              <DataTable table={table} />
            </details>
          </section>
        );
      })}
    </>
  );
}
