"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { discardDraft, type DeviceInterview, getInterview, startInterview } from "@/modules/ambassador/device-store";
import type { InterviewTexts } from "@/modules/ambassador/bundle";
import type { Locale } from "@/lib/i18n/locales";
import { formatMessage } from "@/lib/i18n/format-message";
import { InterviewRunner } from "./InterviewRunner";
import { QueueCounts } from "./QueueCounts";
import { useDevice } from "./useDevice";

/** The address says what to show: ?interview=<id> resumes one, ?survey=<code> starts one; nothing is the device home. */
function readAddress(): { interview: string | null; survey: string | null } {
  const query = new URLSearchParams(window.location.search);
  const survey = query.get("survey");
  return { interview: query.get("interview"), survey: survey && /^[A-Z0-9]{4,12}$/.test(survey) ? survey : null };
}

function showInAddress(locale: Locale, interview: string | null) {
  const path = `/${locale}/ambassador/interview${interview ? `?interview=${encodeURIComponent(interview)}` : ""}`;
  window.history.replaceState(null, "", path);
}

/**
 * The interview app, running on the device (offline too) with the same pure battery logic as the server. Its home
 * lists the signed-in ambassador's surveys (from their bundle) and their interviews in progress; an interview is
 * started with the survey, municipality, battery and version in force at that moment and keeps them to the end.
 */
export function InterviewApp({ locale }: { locale: Locale }) {
  const device = useDevice();
  const { ambassador, bundle, queue, refresh, sync } = device;
  const [open, setOpen] = useState<DeviceInterview | null>(null);
  const [problem, setProblem] = useState<"notFound" | null>(null);
  const routed = useRef(false);

  const begin = useCallback(
    async (code: string) => {
      if (!ambassador || !bundle) return;
      const survey = bundle.surveys.find((s) => s.code === code);
      const content = survey ? bundle.batteries[String(survey.batteryVersionId)] : undefined;
      if (!survey || !content) {
        setProblem("notFound");
        showInAddress(locale, null);
        return;
      }
      const item = await startInterview(ambassador.id, {
        survey,
        content,
        respondentLocale: null,
        answers: {},
        step: { kind: "language" },
        startedAt: new Date().toISOString(),
      });
      showInAddress(locale, item.id);
      setProblem(null);
      setOpen(item);
      await refresh();
    },
    [ambassador, bundle, locale, refresh],
  );

  const resume = useCallback(
    async (id: string) => {
      if (!ambassador) return;
      const item = await getInterview(ambassador.id, id);
      if (!item || item.status !== "draft") {
        setProblem("notFound");
        showInAddress(locale, null);
        return;
      }
      showInAddress(locale, id);
      setProblem(null);
      setOpen(item);
    },
    [ambassador, locale],
  );

  useEffect(() => {
    if (routed.current || ambassador === undefined) return;
    routed.current = true;
    const address = readAddress();
    // After this render: the address is read once, when the device store has said who is signed in.
    void Promise.resolve().then(() =>
      address.interview ? resume(address.interview) : address.survey ? begin(address.survey) : undefined,
    );
  }, [ambassador, begin, resume]);

  if (ambassador === undefined) return <p aria-busy="true">…</p>;
  const t = bundle?.texts[locale]?.interview;
  if (device.signedOut || !ambassador || !bundle || !t) {
    return (
      <section aria-labelledby="no-device">
        <h1 id="no-device">{t?.metaTitle ?? "Intervju"}</h1>
        <p className="alert">{device.signedOut ? (t?.signedOut ?? "") : (t?.noBundle ?? "")}</p>
        <p>
          <a className="button" href={`/${locale}/sign-in`}>
            {t?.signIn ?? "Logga in"}
          </a>
        </p>
      </section>
    );
  }

  if (open) {
    return (
      <InterviewRunner
        key={open.id}
        locale={locale}
        ambassadorId={ambassador.id}
        interview={open}
        texts={bundle.texts as Record<Locale, InterviewTexts>}
        onClosed={async () => {
          setOpen(null);
          await refresh();
          void sync();
        }}
        onNew={(code) => void begin(code)}
        ambassadorLocales={bundle.ambassador.locales}
      />
    );
  }

  const drafts = queue.filter((q) => q.status === "draft");
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <h1>{t.deviceTitle}</h1>
      {problem ? (
        <p className="alert" role="alert">
          {t.notOnDevice}
        </p>
      ) : null}
      {device.updateReady ? (
        <div className="notice" role="status">
          <p>{drafts.length ? t.updateAfterInterviews : t.updateReady}</p>
          {drafts.length ? null : (
            <button type="button" className="secondary" onClick={device.applyUpdate}>
              {t.updateNow}
            </button>
          )}
        </div>
      ) : null}
      {drafts.length ? (
        <section aria-labelledby="in-progress">
          <h2 id="in-progress">{t.inProgressTitle}</h2>
          <ul className="survey-list">
            {drafts.map((d) => (
              <li key={d.id}>
                <span>
                  {formatMessage(locale, t.inProgressItem, {
                    survey: d.draft?.survey.name ?? d.survey,
                    started: d.draft ? date.format(new Date(d.draft.startedAt)) : d.savedOn,
                  })}
                </span>
                <span className="actions" style={{ margin: 0 }}>
                  <button type="button" onClick={() => void resume(d.id)}>
                    {t.continueInterview}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    onClick={async () => {
                      if (!window.confirm(t.discardConfirm)) return;
                      await discardDraft(ambassador.id, d.id);
                      await refresh();
                    }}
                  >
                    {t.discard}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="choose-survey">
        <h2 id="choose-survey">{t.chooseSurvey}</h2>
        {bundle.surveys.length === 0 ? <p>{t.noSurveys}</p> : null}
        <ul className="survey-list">
          {bundle.surveys.map((s) => (
            <li key={s.code}>
              <span>{s.name}</span>
              <button type="button" onClick={() => void begin(s.code)} aria-label={`${t.startInterview}: ${s.name}`}>
                {t.startInterview}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="device-queue">
        <h2 id="device-queue">{t.queueTitle}</h2>
        <QueueCounts
          locale={locale}
          queue={queue}
          texts={{
            ...t,
            reasons: Object.fromEntries(
              Object.entries(t).flatMap(([k, v]) => (k.startsWith("reason_") ? [[k.slice("reason_".length), v]] : [])),
            ),
          }}
        />
        {!device.online ? <p className="notice">{t.offline}</p> : null}
        <button type="button" className="secondary" onClick={() => void sync()} disabled={!device.online}>
          {t.syncNow}
        </button>
      </section>
      <p>
        <a href={`/${locale}/ambassador`}>{t.home}</a>
      </p>
    </>
  );
}
