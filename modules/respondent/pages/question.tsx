import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { BatteryText } from "@/modules/respondent/components/BatteryText";
import { FormEnhancer } from "@/modules/respondent/components/FormEnhancer";
import { domId, QuestionField } from "@/modules/respondent/components/QuestionField";
import { SurveyProgress } from "@/modules/respondent/components/SurveyProgress";
import { SurveyUnavailable } from "@/modules/respondent/components/SurveyUnavailable";
import type { AnswerProblem } from "@/lib/battery/logic";
import { MAX_TEXT_LENGTH, optionsFor } from "@/lib/battery/logic";
import { pickText } from "@/lib/battery/text";
import { directionOf, toLocale } from "@/lib/i18n/locales";
import { savePageAction } from "@/modules/respondent/actions";
import { askedModules, buildPage, neighbours } from "@/modules/respondent/page-flow";
import { respondentState } from "@/modules/respondent/respondent";
import { runContext } from "@/modules/respondent/run";

type Props = {
  params: Promise<{ locale: string; code: string; module: string }>;
  searchParams: Promise<{ err?: string; more?: string }>;
};

const problems = new Set<AnswerProblem>([
  "unknown_option",
  "too_many",
  "exclusive_combined",
  "empty",
  "too_long",
  "wrong_kind",
  "special_not_allowed",
]);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code, module } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(code);
  const m = state.run?.content.modules.find((x) => x.key === module);
  return { title: m ? pickText(m.title, locale).text : undefined, robots: { index: false } };
}

/** One module of the battery as a plain form: server-rendered, posted without JavaScript, enhanced with it. */
export default async function ModulePage({ params, searchParams }: Props) {
  const { code: rawCode, module: moduleKey } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(rawCode);
  if (!state.run || state.run.status !== "open")
    return <SurveyUnavailable locale={locale} code={state.code} run={state.run} />;
  const { run, code } = state;
  if (!state.draft) redirect(`/${locale}/s/${code}/intro`);
  const answers = state.draft.answers;
  const ctx = runContext(run, state.draft.municipality);
  const modules = askedModules(run.content, answers, ctx);
  const page = buildPage(run.content, moduleKey, answers, ctx);
  if (!page || !modules.some((m) => m.key === moduleKey))
    redirect(modules[0] ? `/${locale}/s/${code}/m/${modules[0].key}` : `/${locale}/s/${code}/send`);

  const t = await getTranslations({ locale, namespace: "survey" });
  const tc = await getTranslations({ locale, namespace: "common" });
  const number = new Intl.NumberFormat(locale);
  const { index, previous } = neighbours(modules, moduleKey);
  const search = await searchParams;
  const errors = new Map<string, string>();
  for (const part of (search.err ?? "").split("|").slice(0, 50)) {
    const [slot, problem] = part.split("~");
    const s = page.slots.find((x) => x.id === slot);
    if (!s || !problems.has(problem as AnswerProblem)) continue;
    const exclusive = s.question.exclusiveOption
      ? optionsFor(s.question, ctx).find((o) => o.key === s.question.exclusiveOption)
      : undefined;
    errors.set(
      s.id,
      t(`problem_${problem as AnswerProblem}`, {
        max: number.format(problem === "too_long" ? MAX_TEXT_LENGTH : (s.question.maxChoices ?? 0)),
        option: exclusive
          ? pickText(exclusive.label, locale).text
          : pickText(run.content.special.no_answer, locale).text,
      }),
    );
  }
  const more = Number(search.more ?? 0);
  const labels = {
    notTranslated: tc("notTranslated"),
    preferNotToSay: pickText(run.content.special.no_answer, locale).text,
    chooseAll: t("chooseAll"),
    chooseMax: t.raw("chooseMax") as string,
    textLabel: t("textLabel"),
    textHint: t("textHint", { max: number.format(MAX_TEXT_LENGTH) }),
  };
  const formId = "survey-page";
  return (
    <>
      <a className="back-link" href={previous ? `/${locale}/s/${code}/m/${previous}` : `/${locale}/s/${code}/intro`}>
        <span aria-hidden="true">{directionOf(locale) === "rtl" ? "→ " : "← "}</span>
        {t("back")}
      </a>
      <div className="survey-head">
        <SurveyProgress locale={locale} current={index + 1} total={modules.length} />
        <h1>
          <BatteryText text={page.module.title} locale={locale} notTranslated={tc("notTranslated")} />
        </h1>
      </div>
      {errors.size ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <p id="error-summary-title">
            <strong>{t("errorSummary")}</strong>
          </p>
          <ul>
            {[...errors].map(([slot, message]) => (
              <li key={slot}>
                <a href={`#${domId(slot)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {more > 0 && !errors.size ? (
        <p className="notice" role="status">
          {t("moreQuestions", { count: Math.min(more, 50) })}
        </p>
      ) : null}
      <form id={formId} action={savePageAction} method="post" noValidate>
        <input type="hidden" name="code" value={code} />
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="module" value={moduleKey} />
        <input
          type="hidden"
          name="shown"
          value={page.slots
            .filter((s) => page.visible.has(s.id))
            .map((s) => s.id)
            .join(",")}
        />
        {page.slots.map((slot) => (
          <QuestionField
            key={slot.id}
            slot={slot}
            hidden={!page.visible.has(slot.id)}
            answer={answers[slot.id]}
            error={errors.get(slot.id)}
            content={run.content}
            ctx={ctx}
            locale={locale}
            labels={labels}
          />
        ))}
        <div className="actions">
          <button type="submit">{t("next")}</button>
        </div>
      </form>
      <FormEnhancer
        formId={formId}
        fields={page.slots.map((s) => ({ slot: s.id, type: s.question.type }))}
        rules={page.rules}
      />
    </>
  );
}
