/**
 * Picking a battery text in the respondent's language. A text not yet translated falls back
 * to Swedish and says so (the caller shows the language's own "(not translated)" label): never blank.
 */
import type { Locale } from "@/lib/i18n/locales";
import type { LocalizedText } from "./schema";

export type PickedText = { text: string; locale: Locale; missing: boolean };

export function pickText(text: LocalizedText, locale: Locale): PickedText {
  const value = text[locale];
  if (value !== undefined && value.trim() !== "") return { text: value, locale, missing: false };
  return { text: text.sv, locale: "sv", missing: locale !== "sv" };
}

/** Fills {name} placeholders (such as {intervention} in repeated questions). */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
