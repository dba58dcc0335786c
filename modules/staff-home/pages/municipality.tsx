import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CountText } from "@/components/staff/CountCell";
import { OpenSurveysTable } from "@/modules/staff-home/components/OpenSurveysTable";
import {
  municipalityMetadata,
  type MunicipalityParams,
  requireMunicipalityPage,
} from "@/modules/staff-home/municipality-page";
import { fetchOpenSurveys, fetchRegion, fetchResponseCounts, regionRules } from "@/modules/staff-home/queries";
import { getDb } from "@/lib/db";

type Props = { params: MunicipalityParams };

export function generateMetadata({ params }: Props): Promise<Metadata> {
  return municipalityMetadata(params, "municipalityPage");
}

/** One municipality beside the region: open to its own staff, the coordinator and admins. */
export default async function MunicipalityPage({ params }: Props) {
  const { locale, code, municipality } = await requireMunicipalityPage(params);
  const t = await getTranslations({ locale, namespace: "municipalityPage" });
  const ts = await getTranslations({ locale, namespace: "staff" });
  const region = await fetchRegion();
  const [counts, surveys] = await Promise.all([
    fetchResponseCounts(getDb(), [code], regionRules(region)),
    fetchOpenSurveys([code]),
  ]);
  return (
    <>
      <h1>{t("title", { municipality: municipality.name })}</h1>
      <p>
        <a href={`/${locale}/municipalities/${code}/local-module`}>
          {(await getTranslations({ locale, namespace: "localModule" }))("link")}
        </a>
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
