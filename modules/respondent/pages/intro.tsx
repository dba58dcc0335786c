import { getTranslations } from "next-intl/server";
import { BatteryText } from "@/modules/respondent/components/BatteryText";
import { SurveyUnavailable } from "@/modules/respondent/components/SurveyUnavailable";
import { toLocale } from "@/lib/i18n/locales";
import { startSurveyAction } from "@/modules/respondent/actions";
import { respondentState } from "@/modules/respondent/respondent";

type Props = { params: Promise<{ locale: string; code: string }>; searchParams: Promise<{ r?: string }> };

/** The consent and promise, in the respondent's language, before the first question. */
export default async function SurveyIntro({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(rawCode);
  if (!state.run || state.run.status !== "open")
    return <SurveyUnavailable locale={locale} code={state.code} run={state.run} />;
  const t = await getTranslations({ locale, namespace: "survey" });
  const tl = await getTranslations({ locale, namespace: "landing" });
  const tc = await getTranslations({ locale, namespace: "common" });
  const { content } = state.run;
  return (
    <>
      <p className="hint">
        <BatteryText text={content.title} locale={locale} notTranslated={tc("notTranslated")} />
      </p>
      <h1>{t("introTitle")}</h1>
      <p className="lead">
        <BatteryText text={content.intro} locale={locale} notTranslated={tc("notTranslated")} />
      </p>
      <ul className="promise">
        <li>{tl("promiseAnonymous")}</li>
        <li>{tl("promiseNoEffect")}</li>
        <li>{tl("promiseSkip")}</li>
      </ul>
      <p>
        <a href={`/${locale}/privacy`}>{(await getTranslations({ locale, namespace: "privacy" }))("title")}</a>
      </p>
      <form action={startSurveyAction} className="actions">
        <input type="hidden" name="code" value={state.code} />
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="r" value={(await searchParams).r?.slice(0, 120) ?? ""} />
        <button type="submit">{state.draft ? t("resume") : t("start")}</button>
      </form>
    </>
  );
}
