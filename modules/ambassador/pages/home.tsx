import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DeviceStatus } from "@/modules/ambassador/components/DeviceStatus";
import { interviewCounts } from "@/modules/ambassador/queries";
import { requirePage } from "@/lib/auth/guard";
import { municipalityScope } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";
import { isLocale, localeTable, toLocale } from "@/lib/i18n/locales";
import { fetchMunicipalities, fetchOpenSurveys } from "@/modules/staff-home/queries";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "ambassadorHome" }))("metaTitle") };
}

/** Phone-first: open surveys with "start interview", own counts, and what waits on this device. */
export default async function AmbassadorHome({ params }: Props) {
  const locale = toLocale((await params).locale);
  const principal = await requirePage({ roles: ["ambassador"] }, locale);
  const scope = municipalityScope(principal);
  const t = await getTranslations({ locale, namespace: "ambassadorHome" });
  const ti = await getTranslations({ locale, namespace: "interview" });
  const [municipalities, surveys, counts] = await Promise.all([
    fetchMunicipalities(scope),
    fetchOpenSurveys(scope),
    interviewCounts(getDb(), principal.id),
  ]);
  const number = new Intl.NumberFormat(locale);
  const reasons = Object.fromEntries(
    (
      [
        "deactivated",
        "forbidden",
        "survey_closed",
        "invalid",
        "conflict",
        "unknown_survey",
        "other_ambassador",
        "version_changed",
      ] as const
    ).map((r) => [r, ti(`reason_${r}`)]),
  );
  return (
    <>
      <h1>{t("title", { name: principal.name })}</h1>
      <p className="lead">{t("lead")}</p>
      <section aria-labelledby="open-surveys">
        <h2 id="open-surveys" className="visually-hidden">
          {t("startInterview")}
        </h2>
        {surveys.length === 0 ? <p>{t("noSurveys")}</p> : null}
        <ul className="survey-list">
          {surveys.map((s) => (
            <li key={s.id}>
              <span>{s.name}</span>
              <span className="actions" style={{ margin: 0 }}>
                <a className="button" href={`/${locale}/ambassador/interview?survey=${s.publicCode}`}>
                  {t("startInterview")}
                </a>
                <a className="button secondary" href={`/${locale}/ambassador/refer/${s.publicCode}`}>
                  {t("referral")}
                </a>
              </span>
            </li>
          ))}
        </ul>
      </section>
      {principal.translationReviewer && principal.ambassadorLocales.length ? (
        <p>
          <a
            className="button secondary"
            href={`/${locale}/translations?lang=${principal.ambassadorLocales[0]}&show=todo`}
          >
            {t("reviewTranslations")}
          </a>
        </p>
      ) : null}
      <section className="card" aria-labelledby="counts">
        <h2 id="counts">{t("countsTitle")}</h2>
        <dl className="counts">
          <div>
            <dt>{t("today")}</dt>
            <dd>{number.format(counts.today)}</dd>
          </div>
          <div>
            <dt>{t("thisWeek")}</dt>
            <dd>{number.format(counts.thisWeek)}</dd>
          </div>
        </dl>
        <p className="hint">{t("neverSeeAnswers")}</p>
      </section>
      <DeviceStatus
        locale={locale}
        texts={{
          pending: t("pending"),
          sent: t("sent"),
          refused: t("refused"),
          syncNow: t("syncNow"),
          offline: t("offline"),
          offlineReady: t("offlineReady"),
          refusedReason: t.raw("refusedReason") as string,
          reasons,
        }}
      />
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
    </>
  );
}
