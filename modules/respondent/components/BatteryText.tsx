import type { LocalizedText } from "@/lib/battery/schema";
import { fillPlaceholders, pickText } from "@/lib/battery/text";
import type { Locale } from "@/lib/i18n/locales";

/**
 * A battery text in the respondent's language; where it is not translated yet, the Swedish text
 * (marked lang="sv") with the language's own "(not translated)" label. Never blank.
 */
export function BatteryText({
  text,
  locale,
  notTranslated,
  values,
}: {
  text: LocalizedText;
  locale: Locale;
  notTranslated: string;
  values?: Record<string, string>;
}) {
  const picked = pickText(text, locale);
  const shown = values ? fillPlaceholders(picked.text, values) : picked.text;
  if (!picked.missing) return <>{shown}</>;
  return (
    <>
      <span lang="sv" dir="ltr">
        {shown}
      </span>{" "}
      <span className="not-translated">{notTranslated}</span>
    </>
  );
}
