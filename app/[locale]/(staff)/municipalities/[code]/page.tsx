import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { CountText } from "@/components/staff/CountCell";
import { OpenSurveysTable } from "@/components/staff/OpenSurveysTable";
import { toLocale } from "@/lib/i18n/locales";
import { requirePage } from "@/lib/auth/guard";
import { fetchMunicipality, fetchOpenSurveys, fetchRegion, fetchResponseCounts } from "@/lib/region/queries";

type Props = { params: Promise<{ locale: string; code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  const locale = toLocale((await params).locale);
  const m = /^\d{4}$/.test(code) ? await fetchMunicipality(code) : undefined;
  return { title: (await getTranslations({ locale, namespace: "municipalityPage" }))("metaTitle", { municipality: m?.name ?? code }) };
}

/** One municipality beside the region: open to its own staff, the coordinator and admins. */
export default async function MunicipalityPage({ params }: Props) {
  const { code } = await params;
  const locale = toLocale((await params).locale);
  if (!/^\d{4}$/.test(code)) notFound();
  await requirePage({ roles: ["admin", "coordinator", "staff"], municipality: code }, locale);
  const municipality = await fetchMunicipality(code);
  if (!municipality) notFound();
  const t = await getTranslations({ locale, namespace: "municipalityPage" });
  const ts = await getTranslations({ locale, namespace: "staff" });
  const region = await fetchRegion();
  const [counts, surveys] = await Promise.all([fetchResponseCounts([code], region.k_threshold), fetchOpenSurveys([code])]);
  return (
    <>
      <h1>{t("title", { municipality: municipality.name })}</h1>
      <p>
        <a href={`/${locale}/municipalities/${code}/local-module`}>{(await getTranslations({ locale, namespace: "localModule" }))("link")}</a>
      </p>
      <dl className="card">
        <dt>{t("responsesTotal")}</dt>
        <dd>
          <CountText count={counts.byMunicipality.get(code)} k={region.k_threshold} locale={locale} />
        </dd>
        <dt>{ts("regionTotal")}</dt>
        <dd>
          <CountText count={counts.region} k={region.k_threshold} locale={locale} />
        </dd>
      </dl>
      <OpenSurveysTable surveys={surveys} locale={locale} />
    </>
  );
}
