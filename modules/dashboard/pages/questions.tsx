import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { DashboardChrome } from "@/modules/dashboard/components/DashboardChrome";
import { DataTable } from "@/modules/dashboard/components/DataTable";
import { InvalidFilters } from "@/modules/dashboard/components/InvalidFilters";
import { QuestionChart } from "@/modules/dashboard/components/QuestionChart";
import { pickText } from "@/lib/battery/text";
import { chartData } from "@/modules/dashboard/chart-data";
import { filterQuery } from "@/modules/dashboard/filters";
import { loadQuestions, viewContext } from "@/modules/dashboard/loaders";
import { questionSummary, valueLabel } from "@/modules/dashboard/tables";
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
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("questions") };
}

/** Per question of one module: a chart beside the region, a sentence saying what it shows, and the table. */
export default async function DashboardQuestions({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const query = await searchParams;
  const view = await loadDashboardView(locale, query, "answers");
  if (!view.ok) return <InvalidFilters locale={locale} view={view} path="/questions" searchParams={query} />;
  const ctx = viewContext(view, locale, await dashboardTranslator(locale));
  const moduleKey = view.filters.module ?? view.content.modules[0]!.key;
  const loaded = await loadQuestions(getDb(), ctx, moduleKey);
  if (!loaded) notFound();
  const t = ctx.t;
  const summaryContext = { ...ctx.labels, places: ctx.places, t, f: ctx.f };
  return (
    <>
      <h1>
        {t("questions")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} view={view} current="questions" exportView={`questions:${moduleKey}`} />
      <nav aria-label={t("chooseModule")}>
        <ul className="tabs-inline">
          {view.content.modules.map((m) => (
            <li key={m.key}>
              <a
                href={`/${locale}/dashboard/questions${filterQuery(view.filters, { module: m.key })}`}
                aria-current={m.key === moduleKey ? "page" : undefined}
              >
                {pickText(m.title, locale).text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {loaded.stats.map((s, i) => {
        const table = loaded.tables[i]!;
        const summary = questionSummary(s, summaryContext);
        return (
          <section key={s.slot} className="question-block" aria-labelledby={`${table.id}-h`}>
            <h2 id={`${table.id}-h`}>{table.title}</h2>
            <p>{summary}</p>
            {ctx.places.here !== null || ctx.places.region !== null ? (
              <QuestionChart
                data={chartData(s, view.content, ctx.places, (key) => valueLabel(s, key, ctx.labels), ctx.f.count)}
                summary={summary}
              />
            ) : null}
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
