import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { SurveyProgress } from "@/modules/respondent/components/SurveyProgress";
import { RestartButton } from "@/modules/respondent/components/RestartButton";
import { SurveyUnavailable } from "@/modules/respondent/components/SurveyUnavailable";
import { pruneHidden } from "@/lib/battery/logic";
import { toLocale } from "@/lib/i18n/locales";
import { submitSurveyAction } from "@/modules/respondent/actions";
import { askedModules } from "@/modules/respondent/page-flow";
import { respondentState } from "@/modules/respondent/respondent";
import { runContext } from "@/modules/respondent/run";

type Props = { params: Promise<{ locale: string; code: string }>; searchParams: Promise<{ err?: string }> };

/** The last step: how many questions were answered, and one button that sends them once. */
export default async function SendPage({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(rawCode);
  if (!state.run || state.run.status !== "open")
    return <SurveyUnavailable locale={locale} code={state.code} run={state.run} />;
  const { run, code } = state;
  if (!state.draft) redirect(`/${locale}/s/${code}/intro`);
  const t = await getTranslations({ locale, namespace: "survey" });
  const ctx = runContext(run, state.draft.municipality);
  const modules = askedModules(run.content, state.draft.answers, ctx);
  const answered = Object.keys(pruneHidden(run.content, state.draft.answers, ctx)).length;
  const err = (await searchParams).err;
  const last = modules[modules.length - 1];
  return (
    <>
      <a className="back-link" href={last ? `/${locale}/s/${code}/m/${last.key}` : `/${locale}/s/${code}/intro`}>
        {t("back")}
      </a>
      <SurveyProgress locale={locale} current={modules.length} total={modules.length} />
      <h1>{t("reviewTitle")}</h1>
      {err ? (
        <p className="alert" role="alert">
          {err === "conflict" ? t("submitConflict") : t("submitUnavailable")}
        </p>
      ) : null}
      <p>{t("reviewLead", { count: answered })}</p>
      <form action={submitSurveyAction} className="actions">
        <input type="hidden" name="code" value={code} />
        <input type="hidden" name="locale" value={locale} />
        <button type="submit">{t("send")}</button>
      </form>
      {err === "conflict" ? <RestartButton code={code} locale={locale} label={t("startOver")} /> : null}
    </>
  );
}
