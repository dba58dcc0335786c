"use client";
import { type FormEvent, useMemo, useState } from "react";
import type { Answers, RunContext, Slot } from "@/lib/battery/logic";
import { pruneHidden } from "@/lib/battery/logic";
import { pickText } from "@/lib/battery/text";
import { enqueue } from "@/lib/ambassador/device-store";
import { readSlot } from "@/lib/survey/form";
import { askedModules, buildPage, neighbours } from "@/lib/survey/pages";
import { localeTable, locales, type Locale } from "@/lib/i18n/locales";
import { FormEnhancer } from "@/components/survey/FormEnhancer";
import { QuestionField } from "@/components/survey/QuestionField";
import { useDevice } from "./useDevice";

type Stage =
  | { kind: "language" }
  | { kind: "module"; key: string }
  | { kind: "handover-intro"; key: string }
  | { kind: "handover"; key: string }
  | { kind: "record" }
  | { kind: "saved" };

const fmt = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (w, k: string) => String(values[k] ?? w));

/**
 * The interview screen. Runs entirely on the device (so it works offline) with the same pure battery logic
 * as the server. Instructions and buttons in the ambassador's language; questions in the respondent's.
 * Sensitive questions are answered in private handover and hidden from the ambassador afterwards.
 */
export function InterviewApp({ locale, surveyCode }: { locale: Locale; surveyCode: string | null }) {
  const { bundle, refresh } = useDevice(locale);
  // Offline, the device serves the page it kept, which may lack ?survey=: read it from the address itself.
  const [code, setCode] = useState<string | null>(() => surveyCode ?? (typeof window === "undefined" ? null : new URLSearchParams(window.location.search).get("survey")));
  const [respondentLocale, setRespondentLocale] = useState<Locale | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [handover, setHandover] = useState<string[]>([]);
  const [stage, setStage] = useState<Stage>({ kind: "language" });
  const [swedish, setSwedish] = useState(false);
  const [interviewId, setInterviewId] = useState(() => crypto.randomUUID());

  const survey = bundle?.surveys.find((s) => s.code === code) ?? null;
  const content = survey ? bundle?.batteries[String(survey.batteryVersionId)] : undefined;
  const ctx: RunContext = useMemo(
    () => ({
      municipalities: (survey?.municipalities ?? []).map((m) => ({ key: m.code, label: { sv: m.name } })),
      catalogue: survey?.municipalities.length === 1 ? survey.municipalities[0]!.catalogue : (survey?.municipalities.find((m) => answers["bg.municipality"]?.kind === "choice" && answers["bg.municipality"].value === m.code)?.catalogue ?? []),
      disabledModules: survey?.disabledModules,
    }),
    [survey, answers],
  );

  if (bundle === undefined) return <p>…</p>;
  const own = bundle ? bundle.texts[locale] : null;
  if (!bundle || !own) return <p className="alert">{own?.interview.noBundle ?? "Open the app online once before interviewing offline."}</p>;
  const t = own.interview;

  if (!survey || !content) {
    return (
      <section aria-labelledby="choose-survey">
        <h1 id="choose-survey">{t.chooseSurvey}</h1>
        <ul className="survey-list">
          {bundle.surveys.map((s) => (
            <li key={s.code}>
              <span>{s.name}</span>
              <button type="button" onClick={() => setCode(s.code)}>
                {t.chooseSurvey}: {s.code}
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  const rLocale = respondentLocale ?? locale;
  const r = bundle.texts[rLocale];
  const labels = (texts: typeof r) => ({
    notTranslated: texts.notTranslated,
    preferNotToSay: pickText(content.special.no_answer, rLocale).text,
    chooseAll: texts.survey.chooseAll!,
    chooseMax: texts.survey.chooseMax!,
    textLabel: texts.survey.textLabel!,
    textHint: fmt(texts.survey.textHint!, { max: new Intl.NumberFormat(rLocale).format(2000) }),
  });
  const modules = askedModules(content, answers, ctx);
  const dir = localeTable[rLocale].dir;

  function readForm(event: FormEvent<HTMLFormElement>, slots: Slot[]): Answers {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = { ...answers };
    for (const slot of slots) {
      const fieldset = event.currentTarget.querySelector<HTMLFieldSetElement>(`fieldset[data-slot="${CSS.escape(slot.id)}"]`);
      if (fieldset?.hidden) continue;
      const reading = readSlot(slot, (name) => data.getAll(name).filter((v): v is string => typeof v === "string"), ctx, content!.scales);
      if (reading.value && !reading.problem) next[slot.id] = reading.value;
      else delete next[slot.id];
    }
    return pruneHidden(content!, next, ctx);
  }

  const goAfter = (key: string, nextAnswers: Answers) => {
    const { next } = neighbours(askedModules(content, nextAnswers, ctx), key);
    setStage(next ? { kind: "module", key: next } : { kind: "record" });
    window.scrollTo(0, 0);
  };

  if (stage.kind === "language") {
    const preferred = [...(bundle.ambassador.locales.filter((l) => (locales as readonly string[]).includes(l)) as Locale[]), ...locales.filter((l) => !bundle.ambassador.locales.includes(l))];
    return (
      <section aria-labelledby="respondent-language">
        <p className="hint">{survey.name}</p>
        <h1 id="respondent-language">{t.chooseRespondentLanguage}</h1>
        <ul className="language-list">
          {preferred.map((l) => (
            <li key={l}>
              <button
                type="button"
                className="secondary"
                lang={l}
                dir={localeTable[l].dir}
                onClick={() => {
                  setRespondentLocale(l);
                  setStage({ kind: "module", key: modules[0]!.key });
                }}
              >
                {localeTable[l].nativeName}
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  if (stage.kind === "module" || stage.kind === "handover") {
    const page = buildPage(content, stage.key, answers, ctx);
    if (!page) return null;
    const privateStage = stage.kind === "handover";
    const slots = page.slots.filter((s) => Boolean(s.question.sensitive) === privateStage);
    const index = modules.findIndex((m) => m.key === stage.key);
    const onSubmit = (event: FormEvent<HTMLFormElement>) => {
      const next = readForm(event, slots);
      setAnswers(next);
      if (privateStage) {
        setHandover((h) => [...new Set([...h, ...slots.map((s) => s.id).filter((id) => next[id])])]);
        goAfter(stage.key, next);
        return;
      }
      const after = buildPage(content, stage.key, next, ctx);
      const sensitive = after?.slots.filter((s) => s.question.sensitive && after.visible.has(s.id) && !handover.includes(s.id)) ?? [];
      if (sensitive.length) setStage({ kind: "handover-intro", key: stage.key });
      else goAfter(stage.key, next);
    };
    const formId = `interview-${stage.key}-${stage.kind}`;
    return (
      <>
        {!privateStage ? (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setSwedish((v) => !v)} aria-pressed={swedish}>
              {swedish ? t.hideSwedish : t.showSwedish}
            </button>
            {index > 0 ? (
              <button type="button" className="secondary" onClick={() => setStage({ kind: "module", key: modules[index - 1]!.key })}>
                {t.back}
              </button>
            ) : null}
          </div>
        ) : null}
        <p className="hint">{fmt(t.progress, { current: new Intl.NumberFormat(locale).format(index + 1), total: new Intl.NumberFormat(locale).format(modules.length) })}</p>
        <div lang={rLocale} dir={dir} className={privateStage ? "handover" : undefined}>
          <h1>{pickText(page.module.title, rLocale).text}</h1>
          <form id={formId} onSubmit={onSubmit} key={formId}>
            {page.slots
              .filter((s) => !privateStage && s.question.sensitive && handover.includes(s.id))
              .map((s) => (
                <p key={s.id} className="private-placeholder" lang={locale} dir={localeTable[locale].dir}>
                  {t.answeredPrivately}
                </p>
              ))}
            {slots.map((slot) => (
              <QuestionField
                key={slot.id}
                slot={slot}
                hidden={!page.visible.has(slot.id)}
                answer={privateStage ? undefined : answers[slot.id]}
                content={content}
                ctx={ctx}
                locale={rLocale}
                labels={labels(r)}
                swedish={swedish && !privateStage ? { label: t.swedishText } : undefined}
              />
            ))}
            <div className="actions">
              <button type="submit">{privateStage ? r.interview.handoverDone : t.next}</button>
            </div>
          </form>
        </div>
        <FormEnhancer formId={formId} fields={slots.map((s) => ({ slot: s.id, type: s.question.type }))} rules={page.rules.filter((rule) => slots.some((s) => s.id === rule.slot))} />
      </>
    );
  }

  if (stage.kind === "handover-intro") {
    return (
      <section className="handover" aria-labelledby="handover-title">
        <h1 id="handover-title">{t.handoverTitle}</h1>
        <p>{t.handoverAmbassador}</p>
        <p className="respondent-voice" lang={rLocale} dir={dir}>
          {r.interview.handoverRespondent}
        </p>
        <button type="button" lang={rLocale} dir={dir} onClick={() => setStage({ kind: "handover", key: stage.key })}>
          {r.interview.handoverStart}
        </button>
      </section>
    );
  }

  if (stage.kind === "record") {
    const fields = content.ambassadorFields.map((q) => ({ id: q.key, module: content.modules[0]!, question: q }) as Slot);
    const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const data = new FormData(event.currentTarget);
      const record: Answers = {};
      for (const slot of fields) {
        const reading = readSlot(slot, (name) => data.getAll(name).filter((v): v is string => typeof v === "string"), ctx, content.scales);
        if (reading.value && !reading.problem) record[slot.id] = reading.value;
      }
      const municipality = survey.municipalities.length === 1 ? survey.municipalities[0]!.code : undefined;
      const payload = { id: interviewId, survey: survey.code, locale: rLocale, municipality, answers: pruneHidden(content, answers, ctx), handover, record, finishedAt: new Date().toISOString() };
      await enqueue({ id: interviewId, survey: survey.code, status: "pending", savedOn: payload.finishedAt.slice(0, 10), payload });
      // The answers leave the screen: the ambassador cannot page back into a finished interview.
      setAnswers({});
      setHandover([]);
      setStage({ kind: "saved" });
      await refresh();
    };
    return (
      <section aria-labelledby="record-title">
        <h1 id="record-title">{t.recordTitle}</h1>
        <p>{t.recordLead}</p>
        <form id="interview-record" onSubmit={(e) => void onSubmit(e)}>
          {fields.map((slot) => (
            <QuestionField key={slot.id} slot={slot} hidden={false} answer={undefined} content={content} ctx={ctx} locale={locale} labels={labels(own)} />
          ))}
          <div className="actions">
            <button type="submit">{t.finish}</button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section aria-labelledby="saved-title">
      <h1 id="saved-title">{t.savedTitle}</h1>
      <p>{t.savedLead}</p>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            setInterviewId(crypto.randomUUID());
            setRespondentLocale(null);
            setStage({ kind: "language" });
          }}
        >
          {t.newInterview}
        </button>
        <a className="button secondary" href={`/${locale}/ambassador`}>
          {t.home}
        </a>
      </div>
    </section>
  );
}
