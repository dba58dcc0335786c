import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardChrome } from "@/components/dashboard/DashboardChrome";
import { InvalidFilters } from "@/components/dashboard/InvalidFilters";
import { pickText } from "@/lib/battery/text";
import { filterQuery } from "@/lib/dashboard/filters";
import { fetchTexts } from "@/lib/dashboard/queries";
import { formatter } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
import { loadDashboardView } from "@/lib/dashboard/view";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("texts") };
}

/** Free-text answers of one question, masked, only where at least k people wrote something. */
export default async function DashboardTexts({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const view = await loadDashboardView(locale, await searchParams);
  if (!view.ok) return <InvalidFilters locale={locale} names={view.invalid} />;
  const t = await dashboardTranslator(locale);
  const questions = view.content.modules.flatMap((m) => m.questions).filter((q) => q.type === "text");
  const question = questions.find((q) => q.key === view.filters.question) ?? questions[0]!;
  const result = await fetchTexts(getDb(), view.scope, question.key, { phone: t("mask_phone"), email: t("mask_email"), personalNumber: t("mask_personalNumber") });
  const f = formatter(locale, view.scope.k, t);
  return (
    <>
      <h1>
        {t("texts")}: {view.placeName}
      </h1>
      <DashboardChrome locale={locale} principal={view.principal} filters={view.filters} current="texts" municipalities={view.municipalities} rounds={view.rounds} k={view.scope.k} />
      <p>{t("textsLead")}</p>
      <nav aria-label={t("chooseQuestion")}>
        <ul className="tabs-inline">
          {questions.map((q) => (
            <li key={q.key}>
              <a href={`/${locale}/dashboard/texts${filterQuery(view.filters, { question: q.key })}`} aria-current={q.key === question.key ? "page" : undefined}>
                {pickText(q.text, locale).text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{pickText(question.text, locale).text}</h2>
      <p>{t("textCount", { n: f.count(result.count) })}</p>
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
      ) : null}
    </>
  );
}
