import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/modules/dashboard/components/DashboardChrome";
import { InvalidFilters } from "@/modules/dashboard/components/InvalidFilters";
import { pickText } from "@/lib/battery/text";
import { filterQuery } from "@/modules/dashboard/filters";
import { loadTexts, textQuestions, viewContext } from "@/modules/dashboard/loaders";
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
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("texts") };
}

/** Free-text answers of one question: closed rounds only, never narrowed to a group, masked, in a random order. */
export default async function DashboardTexts({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const query = await searchParams;
  const view = await loadDashboardView(locale, query, "answers");
  if (!view.ok) return <InvalidFilters locale={locale} view={view} path="/texts" searchParams={query} />;
  const ctx = viewContext(view, locale, await dashboardTranslator(locale));
  const t = ctx.t;
  const questions = textQuestions(ctx);
  const question = questions.find((q) => q.key === view.filters.question) ?? questions[0];
  const result = question ? await loadTexts(getDb(), ctx, question.key) : null;
  return (
    <>
      <h1>
        {t("texts")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} view={view} current="texts" />
      <p>{t("textsLead", { k: view.scope.rules.kText })}</p>
      <nav aria-label={t("chooseQuestion")}>
        <ul className="tabs-inline">
          {questions.map((q) => (
            <li key={q.key}>
              <a
                href={`/${locale}/dashboard/texts${filterQuery(view.filters, { question: q.key })}`}
                aria-current={q.key === question?.key ? "page" : undefined}
              >
                {pickText(q.text, locale).text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {question && result ? (
        <>
          <h2>{pickText(question.text, locale).text}</h2>
          {view.scope.group !== null ? (
            <p className="notice">{t("textsNeverGrouped")}</p>
          ) : result.closedRounds.length === 0 ? (
            <p className="notice">{t("textsClosedOnly")}</p>
          ) : (
            <>
              <p>{t("textCount", { n: ctx.f.count(result.count) })}</p>
              {result.texts && result.texts.length ? (
                <ul className="text-list">
                  {result.texts.map((text, i) => (
                    <li key={i} dir="auto">
                      {text}
                    </li>
                  ))}
                </ul>
              ) : result.texts ? (
                <p>{t("noTexts")}</p>
              ) : (
                <p className="notice">{t("textsTooFew", { k: view.scope.rules.kText })}</p>
              )}
            </>
          )}
        </>
      ) : null}
    </>
  );
}
