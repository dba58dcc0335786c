import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/modules/dashboard/components/DashboardChrome";
import { DataTable } from "@/modules/dashboard/components/DataTable";
import { InvalidFilters } from "@/modules/dashboard/components/InvalidFilters";
import { pickText } from "@/lib/battery/text";
import { loadModeGap, loadOverview, loadQuestions, viewContext } from "@/modules/dashboard/loaders";
import { questionSummary } from "@/modules/dashboard/tables";
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
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("report") };
}

/** Everything for one municipality and round on one page, in tables and sentences, made for printing. */
export default async function DashboardReport({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const query = await searchParams;
  const view = await loadDashboardView(locale, query, "answers");
  if (!view.ok) return <InvalidFilters locale={locale} view={view} path="/report" searchParams={query} />;
  const ctx = viewContext(view, locale, await dashboardTranslator(locale));
  const t = ctx.t;
  const db = getDb();
  const [overview, gap, modules] = await Promise.all([
    loadOverview(db, ctx),
    view.scope.group === null ? loadModeGap(db, ctx) : Promise.resolve(null),
    Promise.all(view.content.modules.map(async (m) => ({ module: m, loaded: await loadQuestions(db, ctx, m.key) }))),
  ]);
  const round = view.rounds.find((r) => r.id === view.filters.round);
  const summaryContext = { ...ctx.labels, places: ctx.places, t, f: ctx.f };
  return (
    <article className="report">
      <h1>{t("reportTitle", { place: view.placeName })}</h1>
      {round ? <p className="lead">{round.name}</p> : null}
      <DashboardChrome locale={locale} view={view} current="report" />
      <h2>{t("overview")}</h2>
      {overview.tables.map((table) => (
        <DataTable key={table.id} table={table} />
      ))}
      {gap ? (
        <>
          <h2>{t("modeGap")}</h2>
          <p>{t("gapLead")}</p>
          <DataTable table={gap.table} />
        </>
      ) : null}
      {modules.map(({ module: m, loaded }) =>
        loaded && loaded.stats.length ? (
          <section key={m.key}>
            <h2>{pickText(m.title, locale).text}</h2>
            {loaded.stats.map((s, i) => (
              <div key={s.slot} className="question-block">
                <p>{questionSummary(s, summaryContext)}</p>
                <DataTable table={loaded.tables[i]!} />
              </div>
            ))}
          </section>
        ) : null,
      )}
    </article>
  );
}
