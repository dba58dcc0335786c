import { createTranslator } from "next-intl";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Formats one message (raw ICU, as in messages/*.json) handed to a component as a label, with the language's number
 * and plural rules: next-intl's own formatter, on the server or in the browser. Every label with a placeholder goes
 * through here (or through next-intl's t()); nothing fills {placeholders} by hand.
 */
export function formatMessage(locale: Locale, message: string, values: Record<string, string | number> = {}): string {
  return createTranslator({ locale, messages: { m: message } })("m", values);
}
