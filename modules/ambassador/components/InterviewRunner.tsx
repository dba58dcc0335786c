"use client";
import { type FormEvent, useMemo, useRef, useState } from "react";
import type { InterviewTexts } from "@/modules/ambassador/bundle";
import {
  type DeviceInterview,
  finishInterview,
  type InterviewDraft,
  updateDraft,
} from "@/modules/ambassador/device-store";
import {
  type InterviewStep,
  nextStep,
  partPage,
  previousStep,
  privatelyAnswered,
  progressOf,
  resumeStep,
} from "@/modules/ambassador/interview-plan";
import { type Answers, chosenMunicipality, pruneHidden, type RunContext, type Slot } from "@/lib/battery/logic";
import { pickText } from "@/lib/battery/text";
import { localeTable, locales, type Locale } from "@/lib/i18n/locales";
import { readSlot } from "@/modules/respondent/form";
import { FormEnhancer } from "@/modules/respondent/components/FormEnhancer";
import { QuestionField } from "@/modules/respondent/components/QuestionField";
import { formatMessage } from "@/lib/i18n/format-message";
import { HoldButton } from "./HoldButton";
import { useLockedScreen } from "./useLockedScreen";

type Props = {
  locale: Locale;
  ambassadorId: string;
  interview: DeviceInterview;
  texts: Record<Locale, InterviewTexts>;
  onClosed: () => void | Promise<void>;
  onNew: (surveyCode: string) => void;
  ambassadorLocales: string[];
};

function contextOf(draft: InterviewDraft): RunContext {
  const { survey } = draft;
  const chosen = chosenMunicipality(draft.content, draft.answers);
  const municipality =
    survey.municipalities.length === 1
      ? survey.municipalities[0]
      : survey.municipalities.find((m) => chosen === m.code);
  return {
    municipalities: survey.municipalities.map((m) => ({ key: m.code, label: { sv: m.name } })),
    catalogue: municipality?.catalogue ?? [],
    disabledModules: survey.disabledModules,
  };
}

/**
 * One interview, from the respondent's language to the saved record. Every answer is written to the device as it is
 * given, with the step, so a reload or a restart resumes here. The private part is a locked screen; its answers are
 * never shown again once the page that holds them is gone (a resume shows only that a question was answered).
 */
export function InterviewRunner({ locale, ambassadorId, interview, texts, onClosed, onNew, ambassadorLocales }: Props) {
  const [draft, setDraft] = useState<InterviewDraft>(interview.draft!);
  const { content, survey } = draft;
  const ctx = useMemo(() => contextOf(draft), [draft]);
  const [step, setStep] = useState<InterviewStep>(() =>
    resumeStep(content, interview.draft!.step, interview.draft!.answers, contextOf(interview.draft!)),
  );
  // Private answers given before this screen was loaded are never put back on screen: whoever holds the device now
  // may not be the person who gave them.
  const [privateOnScreen] = useState(() => privatelyAnswered(content, interview.draft!.answers).length === 0);
  const [resumedPrivate, setResumedPrivate] = useState(() => interview.draft!.step.kind === "private");
  const [swedish, setSwedish] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failed, setFailed] = useState(false);
  const writes = useRef<Promise<unknown>>(Promise.resolve());

  const locked = !saved && (step.kind === "handover" || step.kind === "private" || step.kind === "handback");
  useLockedScreen(locked);

  /** Writes a change to the device, in order; the screen follows the stored draft. */
  function persist(change: (d: InterviewDraft) => InterviewDraft) {
    setDraft((d) => change(d));
    writes.current = writes.current
      .then(() => updateDraft(ambassadorId, interview.id, change))
      .then((stored) => setFailed(stored === null))
      .catch(() => setFailed(true));
  }

  function go(to: InterviewStep) {
    setStep(to);
    persist((d) => ({ ...d, step: to }));
    window.scrollTo(0, 0);
  }

  const own = texts[locale];
  const t = own.interview;
  const rLocale = draft.respondentLocale ?? locale;
  const r = texts[rLocale];
  const dir = localeTable[rLocale].dir;
  const labels = (x: InterviewTexts, l: Locale) => ({
    notTranslated: x.notTranslated,
    preferNotToSay: pickText(content.special.no_answer, l).text,
    chooseAll: x.survey.chooseAll!,
    chooseMax: x.survey.chooseMax!,
    textLabel: x.survey.textLabel!,
    textHint: formatMessage(l, x.survey.textHint!, { max: 2000 }),
  });

  /** Reads the page's form into the answers. On a private page not shown with its answers, empty keeps the answer. */
  function readForm(form: HTMLFormElement, slots: Slot[], keepEmpty: boolean): Answers {
    const data = new FormData(form);
    const next = { ...draft.answers };
    for (const slot of slots) {
      const fieldset = form.querySelector<HTMLFieldSetElement>(`fieldset[data-slot="${CSS.escape(slot.id)}"]`);
      if (!fieldset || fieldset.hidden) continue;
      const reading = readSlot(
        slot,
        (name) => data.getAll(name).filter((v): v is string => typeof v === "string"),
        ctx,
        content.scales,
      );
      if (reading.value && !reading.problem) next[slot.id] = reading.value;
      else if (!(keepEmpty && next[slot.id])) delete next[slot.id];
    }
    return pruneHidden(content, next, contextOf({ ...draft, answers: next }));
  }

  if (saved) {
    return (
      <section aria-labelledby="saved-title">
        <h1 id="saved-title">{t.savedTitle}</h1>
        <p>{t.savedLead}</p>
        <div className="actions">
          <button type="button" onClick={() => onNew(survey.code)}>
            {t.newInterview}
          </button>
          <button type="button" className="secondary" onClick={() => void onClosed()}>
            {t.deviceHome}
          </button>
        </div>
      </section>
    );
  }

  const failure = failed ? (
    <p className="alert" role="alert">
      {t.notSaved}
    </p>
  ) : null;

  if (step.kind === "language") {
    // The ambassador's own languages first: those are the people they usually interview.
    const preferred = [
      ...locales.filter((l) => ambassadorLocales.includes(l)),
      ...locales.filter((l) => !ambassadorLocales.includes(l)),
    ];
    return (
      <section aria-labelledby="respondent-language">
        {failure}
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
                  const to = nextStep(content, step, draft.answers, ctx);
                  setStep(to);
                  persist((d) => ({ ...d, respondentLocale: l, step: to }));
                }}
              >
                {localeTable[l].nativeName}
              </button>
            </li>
          ))}
        </ul>
        <p>
          <button type="button" className="link" onClick={() => void onClosed()}>
            {t.pause}
          </button>
        </p>
      </section>
    );
  }

  if (step.kind === "handover" || (step.kind === "private" && resumedPrivate)) {
    return (
      <section className="handover" aria-labelledby="handover-title">
        {failure}
        <h1 id="handover-title">{t.handoverTitle}</h1>
        {resumedPrivate ? <p className="notice">{t.handoverResumed}</p> : null}
        <p>{t.handoverAmbassador}</p>
        <p className="respondent-voice" lang={rLocale} dir={dir}>
          {r.interview.handoverRespondent}
        </p>
        <button
          type="button"
          id="handover-ready"
          lang={rLocale}
          dir={dir}
          onClick={() => {
            if (resumedPrivate) setResumedPrivate(false);
            else go(nextStep(content, step, draft.answers, ctx));
          }}
        >
          {r.interview.handoverStart}
        </button>
        {step.kind === "handover" ? (
          <p>
            <button
              type="button"
              className="link"
              onClick={() => go(previousStep(content, step, draft.answers, ctx) ?? step)}
            >
              {t.back}
            </button>
          </p>
        ) : null}
      </section>
    );
  }

  if (step.kind === "spoken" || step.kind === "private") {
    const isPrivate = step.kind === "private";
    const page = partPage(content, step.module, step.kind, draft.answers, ctx);
    if (!page) return null;
    const showAnswers = !isPrivate || privateOnScreen;
    const progress = progressOf(content, step, draft.answers, ctx);
    const back = previousStep(content, step, draft.answers, ctx);
    const formId = `interview-${step.kind}-${step.module}`;
    const voice = isPrivate ? r : own;
    const onSubmit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const answers = readForm(event.currentTarget, page.slots, !showAnswers);
      const to = nextStep(content, step, answers, contextOf({ ...draft, answers }));
      setStep(to);
      persist((d) => ({ ...d, answers, step: to }));
      window.scrollTo(0, 0);
    };
    return (
      <>
        {failure}
        {!isPrivate ? (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setSwedish((v) => !v)} aria-pressed={swedish}>
              {swedish ? t.hideSwedish : t.showSwedish}
            </button>
            {back ? (
              <button type="button" className="secondary" onClick={() => go(back)}>
                {t.back}
              </button>
            ) : null}
            <button type="button" className="secondary" onClick={() => void onClosed()}>
              {t.pause}
            </button>
          </div>
        ) : null}
        {progress ? (
          <p className="hint" lang={isPrivate ? rLocale : locale} dir={isPrivate ? dir : undefined}>
            {formatMessage(isPrivate ? rLocale : locale, voice.interview.progress, progress)}
          </p>
        ) : null}
        <div lang={rLocale} dir={dir} className={isPrivate ? "handover" : undefined}>
          <h1>{pickText(page.module.title, rLocale).text}</h1>
          <form
            id={formId}
            key={formId}
            onSubmit={onSubmit}
            onChange={(event) => {
              const answers = readForm(event.currentTarget, page.slots, !showAnswers);
              persist((d) => ({ ...d, answers }));
            }}
          >
            {page.slots.map((slot) => (
              <div key={slot.id}>
                {isPrivate && !showAnswers && draft.answers[slot.id] && page.visible.has(slot.id) ? (
                  <p className="private-placeholder">{r.interview.answeredBefore}</p>
                ) : null}
                <QuestionField
                  slot={slot}
                  hidden={!page.visible.has(slot.id)}
                  answer={showAnswers ? draft.answers[slot.id] : undefined}
                  content={content}
                  ctx={ctx}
                  locale={rLocale}
                  labels={labels(r, rLocale)}
                  swedish={swedish && !isPrivate ? { label: t.swedishText } : undefined}
                />
              </div>
            ))}
            <div className="actions">
              {isPrivate && back ? (
                <button type="button" className="secondary" onClick={() => go(back)}>
                  {r.interview.back}
                </button>
              ) : null}
              <button type="submit">
                {isPrivate
                  ? nextStep(content, step, draft.answers, ctx).kind === "handback"
                    ? r.interview.handoverDone
                    : r.interview.next
                  : t.next}
              </button>
            </div>
          </form>
        </div>
        <FormEnhancer
          formId={formId}
          fields={page.slots.map((s) => ({ slot: s.id, type: s.question.type }))}
          rules={page.rules}
        />
      </>
    );
  }

  if (step.kind === "handback") {
    return (
      <section className="handover" aria-labelledby="handback-title">
        {failure}
        <h1 id="handback-title" lang={rLocale} dir={dir}>
          {r.interview.handbackTitle}
        </h1>
        <p lang={rLocale} dir={dir}>
          {r.interview.handbackRespondent}
        </p>
        <p>{t.handbackAmbassador}</p>
        <HoldButton
          label={t.holdToContinue}
          hint={t.holdHint}
          onConfirm={() => go(nextStep(content, step, draft.answers, ctx))}
        />
      </section>
    );
  }

  // The interview record, filled in by the ambassador.
  const fields = content.ambassadorFields.map((q) => ({ id: q.key, module: content.modules[0]!, question: q }) as Slot);
  const onRecord = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const record: Answers = {};
    for (const slot of fields) {
      const reading = readSlot(
        slot,
        (name) => data.getAll(name).filter((v): v is string => typeof v === "string"),
        ctx,
        content.scales,
      );
      if (reading.value && !reading.problem) record[slot.id] = reading.value;
    }
    await writes.current;
    const done = await finishInterview(ambassadorId, interview.id, (d) => {
      const dctx = contextOf(d);
      const answers = pruneHidden(d.content, d.answers, dctx);
      return {
        id: interview.id,
        ambassador: ambassadorId,
        version: d.survey.batteryVersionId,
        survey: d.survey.code,
        locale: d.respondentLocale ?? locale,
        municipality: d.survey.municipalities.length === 1 ? d.survey.municipalities[0]!.code : undefined,
        answers,
        handover: privatelyAnswered(d.content, answers),
        record,
        finishedAt: new Date().toISOString(),
      };
    });
    if (!done) {
      setFailed(true);
      return;
    }
    window.history.replaceState(null, "", `/${locale}/ambassador/interview`);
    setSaved(true);
  };
  return (
    <section aria-labelledby="record-title">
      {failure}
      <h1 id="record-title">{t.recordTitle}</h1>
      <p>{t.recordLead}</p>
      <form id="interview-record" onSubmit={(e) => void onRecord(e)}>
        {fields.map((slot) => (
          <QuestionField
            key={slot.id}
            slot={slot}
            hidden={false}
            answer={undefined}
            content={content}
            ctx={ctx}
            locale={locale}
            labels={labels(own, locale)}
          />
        ))}
        <div className="actions">
          <button type="submit">{t.finish}</button>
        </div>
      </form>
    </section>
  );
}
