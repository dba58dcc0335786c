import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OpenSurveysTable } from "@/components/staff/OpenSurveysTable";
import { requirePage } from "@/lib/auth/guard";
import { municipalityScope } from "@/lib/auth/policy";
import { isLocale, localeTable, toLocale } from "@/lib/i18n/locales";
import { fetchMunicipalities, fetchOpenSurveys } from "@/lib/region/queries";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "ambassadorHome" }))("metaTitle") };
}

export default async function AmbassadorHome({ params }: Props) {
  const locale = toLocale((await params).locale);
  const principal = await requirePage({ roles: ["ambassador"] }, locale);
  const scope = municipalityScope(principal);
  const t = await getTranslations({ locale, namespace: "ambassadorHome" });
  const [municipalities, surveys] = await Promise.all([fetchMunicipalities(scope), fetchOpenSurveys(scope)]);
  return (
    <>
      <h1>{t("title", { name: principal.name })}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="grid-2">
        <section className="card" aria-labelledby="my-municipalities">
          <h2 id="my-municipalities">{t("yourMunicipalities")}</h2>
          <ul>
            {municipalities.map((m) => (
              <li key={m.code}>{m.name}</li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="my-languages">
          <h2 id="my-languages">{t("yourLanguages")}</h2>
          <ul>
            {principal.ambassadorLocales.filter(isLocale).map((l) => (
              <li key={l} lang={l} dir={localeTable[l].dir}>
                {localeTable[l].nativeName}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <OpenSurveysTable surveys={surveys} locale={locale} />
    </>
  );
}
