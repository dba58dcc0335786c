import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { LanguageList } from "@/components/layout/LanguageList";
import { CodeForm } from "@/modules/respondent/components/CodeForm";
import type { Locale } from "@/lib/i18n/locales";
import { getDb } from "@/lib/db";
import { municipalityCount } from "@/modules/respondent/region";

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "landing" });
  return { title: t("metaTitle") };
}

export default async function LandingPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: "landing" });
  const tc = await getTranslations({ locale, namespace: "common" });
  // The landing page stays up while the database is away: the count is then left out.
  const municipalities = await municipalityCount(getDb()).catch(() => null);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>

      <section aria-labelledby="languages-heading" className="card">
        <h2 id="languages-heading">{tc("chooseLanguage")}</h2>
        <LanguageList current={locale} path="" />
      </section>

      <section aria-labelledby="code-heading">
        <h2 id="code-heading">{t("codeTitle")}</h2>
        <CodeForm locale={locale} />
      </section>

      <section aria-labelledby="promise-heading">
        <h2 id="promise-heading">{t("promiseTitle")}</h2>
        <ul className="promise">
          <li>{t("promiseAnonymous")}</li>
          <li>{t("promiseNoEffect")}</li>
          <li>{t("promiseSkip")}</li>
        </ul>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading">{t("howTitle")}</h2>
        <ol>
          <li>{t("howLink")}</li>
          <li>{t("howCode")}</li>
          <li>{t("howAmbassador")}</li>
        </ol>
      </section>

      {municipalities ? <p className="hint">{t("municipalitiesTitle", { count: municipalities })}</p> : null}
      <p>
        <a href={`/${locale}/withdraw`}>{t("withdrawLink")}</a>
      </p>
    </>
  );
}
