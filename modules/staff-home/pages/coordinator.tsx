import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BatteryCard } from "@/modules/staff-home/components/BatteryCard";
import { MunicipalityTable } from "@/components/staff/MunicipalityTable";
import { OpenSurveysTable } from "@/modules/staff-home/components/OpenSurveysTable";
import { toLocale } from "@/lib/i18n/locales";
import { requirePage } from "@/lib/auth/guard";
import { municipalityScope } from "@/lib/auth/policy";
import {
  fetchCurrentBattery,
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
  return { title: (await getTranslations({ locale, namespace: "coordinatorHome" }))("metaTitle") };
}

export default async function CoordinatorHome({ params }: Props) {
  const locale = toLocale((await params).locale);
  const principal = await requirePage({ roles: ["coordinator"] }, locale);
  const scope = municipalityScope(principal);
  const t = await getTranslations({ locale, namespace: "coordinatorHome" });
  const region = await fetchRegion();
  const [municipalities, counts, surveys, battery] = await Promise.all([
    fetchMunicipalities(scope),
    fetchResponseCounts(getDb(), scope, regionRules(region)),
    fetchOpenSurveys(scope),
    fetchCurrentBattery(),
  ]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p>
        <a className="button" href={`/${locale}/dashboard`}>
          {(await getTranslations({ locale, namespace: "staff" }))("results")}
        </a>
      </p>
      <p className="lead">{t("lead", { region: region.name })}</p>
      <p>
        <a href={`/${locale}/coordinator/ambassadors`}>
          {(await getTranslations({ locale, namespace: "ambassadorAdmin" }))("title")}
        </a>
        {" · "}
        <a href={`/${locale}/coordinator/battery`}>
          {(await getTranslations({ locale, namespace: "batteryAdmin" }))("title")}
        </a>
        {" · "}
        <a href={`/${locale}/coordinator/rounds`}>
          {(await getTranslations({ locale, namespace: "rounds" }))("title")}
        </a>
      </p>
      <BatteryCard battery={battery} locale={locale} />
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
