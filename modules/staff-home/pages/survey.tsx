import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";
import { surveyLink } from "@/modules/respondent/links";
import { surveyCodeSchema } from "@/modules/respondent/payload";
import { loadSurvey } from "@/modules/respondent/run";

type Props = { params: Promise<{ locale: string; code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "surveyPrint" }))("metaTitle") };
}

/** A printable poster for a survey: QR code, short code and link, for the staff of its municipalities. */
export default async function SurveyPrintPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  const parsed = surveyCodeSchema.safeParse((await params).code);
  if (!parsed.success) notFound();
  const run = await loadSurvey(getDb(), parsed.data);
  if (!run) notFound();
  await requirePage(
    {
      roles: ["admin", "coordinator", "staff", "ambassador"],
      anyOfMunicipalities: run.municipalities.map((m) => m.code),
    },
    locale,
  );
  const t = await getTranslations({ locale, namespace: "surveyPrint" });
  return (
    <article className="poster">
      <h1>{t("title")}</h1>
      <p className="lead">{run.name}</p>
      <p className="qr">
        {/* eslint-disable-next-line @next/next/no-img-element -- a plain SVG from our own route prints best */}
        <img
          src={`/api/surveys/${run.code}/qr`}
          alt={t("qrAlt", { link: surveyLink(run.code) })}
          width={352}
          height={352}
        />
      </p>
      <p>
        {t("codeIs")} <strong className="receipt">{run.code}</strong>
      </p>
      <p dir="ltr">{surveyLink(run.code)}</p>
      <p className="no-print hint">{t("print")}</p>
    </article>
  );
}
