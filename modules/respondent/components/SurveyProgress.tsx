import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";

/** "Part 3 of 10" with numerals in the respondent's script, and a bar that fills from the start side. */
export async function SurveyProgress({ locale, current, total }: { locale: Locale; current: number; total: number }) {
  const t = await getTranslations({ locale, namespace: "survey" });
  const number = new Intl.NumberFormat(locale);
  const percent = Math.round((current / total) * 100);
  return (
    <div className="progress">
      <p id="progress-text" style={{ margin: 0 }}>
        {t("progress", { current: number.format(current), total: number.format(total) })}
      </p>
      <div
        className="progress-bar"
        role="progressbar"
        aria-labelledby="progress-text"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={current}
        aria-valuetext={t("progress", { current: number.format(current), total: number.format(total) })}
      >
        <span style={{ inlineSize: `${percent}%` }} />
      </div>
    </div>
  );
}
