import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LanguageList } from "@/components/layout/LanguageList";
import { RestartButton } from "@/modules/respondent/components/RestartButton";
import { SurveyUnavailable } from "@/modules/respondent/components/SurveyUnavailable";
import { toLocale } from "@/lib/i18n/locales";
import { startSurveyAction } from "@/modules/respondent/actions";
import { respondentState } from "@/modules/respondent/respondent";

type Props = {
  params: Promise<{ locale: string; code: string }>;
  searchParams: Promise<{ expired?: string; r?: string }>;
};

/**
 * The survey's entry (the link and QR code lead here). A first visit always starts with the language
 * chooser; a device with answers in progress is offered to continue where it stopped. A device that has sent
 * its answers starts afresh: nothing here shows, or leads to, what the previous person said.
 */
export default async function SurveyEntry({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(rawCode);
  if (state.run && state.code !== rawCode) redirect(`/${locale}/s/${state.code}`);
  if (!state.run || state.run.status !== "open")
    return <SurveyUnavailable locale={locale} code={state.code} run={state.run} />;
  const t = await getTranslations({ locale, namespace: "survey" });
  const code = state.code;
  const search = await searchParams;
  // A referral from an ambassador travels with the respondent to the start button.
  const referral = typeof search.r === "string" && search.r.length <= 120 ? `?r=${encodeURIComponent(search.r)}` : "";

  return (
    <>
      {search.expired ? <p className="notice">{t("sessionExpired")}</p> : null}
      {state.draft ? (
        <section aria-labelledby="resume">
          <h1 id="resume">{t("resume")}</h1>
          <p>{t("resumeLead")}</p>
          <div className="actions">
            <form action={startSurveyAction}>
              <input type="hidden" name="code" value={code} />
              <input type="hidden" name="locale" value={locale} />
              <button type="submit">{t("resume")}</button>
            </form>
            <RestartButton code={code} locale={locale} label={t("startOver")} />
          </div>
          <h2>{t("chooseLanguageTitle")}</h2>
          <LanguageList current={locale} path={`/s/${code}/intro`} />
        </section>
      ) : (
        <section aria-labelledby="choose-language">
          <h1 id="choose-language">{t("chooseLanguageTitle")}</h1>
          <p>{t("chooseLanguageLead")}</p>
          <LanguageList current={locale} path={`/s/${code}/intro${referral}`} />
          <div className="actions">
            <a className="button" href={`/${locale}/s/${code}/intro${referral}`}>
              {t("continueIn")}
            </a>
          </div>
        </section>
      )}
    </>
  );
}
