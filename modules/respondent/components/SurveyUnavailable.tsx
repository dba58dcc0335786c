import { getFormatter, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";
import type { SurveyRun } from "@/modules/respondent/run";
import { CodeForm } from "./CodeForm";

/** A friendly page, in the respondent's language, for an unknown, closed or not yet open survey. */
export async function SurveyUnavailable({
  locale,
  code,
  run,
}: {
  locale: Locale;
  code: string;
  run: SurveyRun | null;
}) {
  const t = await getTranslations({ locale, namespace: "survey" });
  const format = await getFormatter({ locale });
  if (!run) {
    return (
      <>
        <h1>{t("unknownTitle", { code: code.slice(0, 20) })}</h1>
        <p>{t("unknownBody")}</p>
        <CodeForm locale={locale} />
      </>
    );
  }
  if (run.status === "upcoming") {
    return (
      <>
        <h1>{t("notYetTitle")}</h1>
        <p>{t("notYetBody", { date: format.dateTime(run.opensAt, { dateStyle: "long" }) })}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("closedTitle")}</h1>
      <p>{t("closedBody")}</p>
    </>
  );
}
