import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MunicipalityTable } from "@/components/staff/MunicipalityTable";
import { OpenSurveysTable } from "@/modules/staff-home/components/OpenSurveysTable";
import { toLocale } from "@/lib/i18n/locales";
import { requirePage } from "@/lib/auth/guard";
import { municipalityScope } from "@/lib/auth/policy";
import {
  fetchMunicipalities,
  fetchOpenSurveys,
  fetchRegion,
  fetchResponseCounts,
  regionRules,
} from "@/modules/staff-home/queries";
import { getDb } from "@/lib/db";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "staffHome" }))("metaTitle") };
}

export default async function StaffHome({ params }: Props) {
  const locale = toLocale((await params).locale);
  const principal = await requirePage({ roles: ["staff"] }, locale);
  const scope = municipalityScope(principal);
  const t = await getTranslations({ locale, namespace: "staffHome" });
  const region = await fetchRegion();
  const [municipalities, counts, surveys] = await Promise.all([
    fetchMunicipalities(scope),
    fetchResponseCounts(getDb(), scope, regionRules(region)),
    fetchOpenSurveys(scope),
  ]);
  const name = municipalities[0]?.name ?? "";
  return (
    <>
      <h1>{t("title", { municipality: name })}</h1>
      <p>
        <a className="button" href={`/${locale}/dashboard`}>
          {(await getTranslations({ locale, namespace: "staff" }))("results")}
        </a>{" "}
        {principal.municipalityCode ? (
          <a className="button secondary" href={`/${locale}/municipalities/${principal.municipalityCode}/local-module`}>
            {(await getTranslations({ locale, namespace: "localModule" }))("link")}
          </a>
        ) : null}
      </p>
      <p className="lead">{t("lead", { municipality: name })}</p>
      <MunicipalityTable
        municipalities={municipalities}
        counts={counts.byMunicipality}
        region={counts.region}
        k={region.k_threshold}
        locale={locale}
      />
      <OpenSurveysTable surveys={surveys} locale={locale} />
    </>
  );
}
