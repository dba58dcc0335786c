import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { referralToken } from "@/modules/ambassador/referral";
import { requirePage } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";
import { serverSecret } from "@/lib/server/secret";
import { qrSvg, surveyLink } from "@/modules/respondent/links";
import { surveyCodeSchema } from "@/modules/respondent/payload";
import { loadSurvey } from "@/modules/respondent/run";

type Props = { params: Promise<{ locale: string; code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "ambassadorHome" }))("referralTitle") };
}

/** A QR code that opens the survey on the respondent's own phone, attributed to this ambassador. */
export default async function ReferralPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  const parsed = surveyCodeSchema.safeParse((await params).code);
  if (!parsed.success) notFound();
  const run = await loadSurvey(getDb(), parsed.data);
  if (!run) notFound();
  const principal = await requirePage(
    { roles: ["ambassador"], anyOfMunicipalities: run.municipalities.map((m) => m.code) },
    locale,
  );
  const t = await getTranslations({ locale, namespace: "ambassadorHome" });
  const link = surveyLink(run.code, referralToken(principal.id, serverSecret()));
  const svg = await qrSvg(link);
  return (
    <>
      <h1>{t("referralTitle")}</h1>
      <p>{t("referralLead")}</p>
      <div
        className="qr"
        role="img"
        aria-label={link}
        dangerouslySetInnerHTML={{ __html: svg.replace("<svg ", '<svg width="320" height="320" aria-hidden="true" ') }}
      />
      <p>
        <strong className="receipt">{run.code}</strong>
      </p>
    </>
  );
}
