import { restartSurveyAction } from "@/modules/respondent/actions";

/** Forgets this device's answers (or sent response) for a survey and starts again at the intro. */
export function RestartButton({ code, locale, label }: { code: string; locale: string; label: string }) {
  return (
    <form action={restartSurveyAction}>
      <input type="hidden" name="code" value={code} />
      <input type="hidden" name="locale" value={locale} />
      <button type="submit" className="secondary">
        {label}
      </button>
    </form>
  );
}
