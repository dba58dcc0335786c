import { createTranslator } from "next-intl";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Formats one of the bundle's messages (raw ICU, as in messages/*.json) on the device, with the language's number
 * and plural rules: the same formatter next-intl uses on the server.
 */
export function formatMessage(locale: Locale, message: string, values: Record<string, string | number> = {}): string {
  return createTranslator({ locale, messages: { m: message } })("m", values);
}
