import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";

/** The short-code form: a plain GET to /<locale>/s, which sends the respondent on to the survey. */
export async function CodeForm({ locale, error }: { locale: Locale; error?: string }) {
  const t = await getTranslations({ locale, namespace: "landing" });
  return (
    <form action={`/${locale}/s`} method="get" className="code-form" role="search">
      <div>
        <label htmlFor="survey-code">{t("codeLabel")}</label>
        <input
          id="survey-code"
          name="code"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={20}
          aria-describedby={error ? "code-hint code-error" : "code-hint"}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <button type="submit">{t("codeSubmit")}</button>
      <p className="hint" id="code-hint" style={{ flexBasis: "100%" }}>
        {t("codeHint")}
      </p>
      {error ? (
        <p className="field-error" id="code-error" style={{ flexBasis: "100%" }}>
          {error}
        </p>
      ) : null}
    </form>
  );
}
