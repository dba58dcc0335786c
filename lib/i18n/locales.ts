/**
 * The language table. Direction, native name and the staff-UI flag live here,
 * so right-to-left never depends on a hard-coded list elsewhere.
 */
export const locales = ["sv", "en", "ar", "fa", "fa-AF", "ckb", "ku", "so", "ti", "uk"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "sv";

export type LocaleInfo = {
  code: Locale;
  /** The language's name in its own script, as respondents look for it. */
  nativeName: string;
  /** The Swedish name, for staff views. */
  swedishName: string;
  dir: "ltr" | "rtl";
  /** Staff pages are written in sv and en; other locales fall back to these. */
  staffUi: boolean;
};

export const localeTable: Record<Locale, LocaleInfo> = {
  sv: { code: "sv", nativeName: "Svenska", swedishName: "svenska", dir: "ltr", staffUi: true },
  en: { code: "en", nativeName: "English", swedishName: "engelska", dir: "ltr", staffUi: true },
  ar: { code: "ar", nativeName: "العربية", swedishName: "arabiska", dir: "rtl", staffUi: false },
  fa: { code: "fa", nativeName: "فارسی", swedishName: "persiska", dir: "rtl", staffUi: false },
  "fa-AF": { code: "fa-AF", nativeName: "دری", swedishName: "dari", dir: "rtl", staffUi: false },
  ckb: { code: "ckb", nativeName: "سۆرانی", swedishName: "sorani", dir: "rtl", staffUi: false },
  ku: { code: "ku", nativeName: "Kurmancî", swedishName: "kurmanji", dir: "ltr", staffUi: false },
  so: { code: "so", nativeName: "Soomaali", swedishName: "somaliska", dir: "ltr", staffUi: false },
  ti: { code: "ti", nativeName: "ትግርኛ", swedishName: "tigrinja", dir: "ltr", staffUi: false },
  uk: { code: "uk", nativeName: "Українська", swedishName: "ukrainska", dir: "ltr", staffUi: false },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return localeTable[locale].dir;
}

/** A route's locale segment as a Locale (the proxy and layout have already refused unknown ones). */
export function toLocale(value: string): Locale {
  return isLocale(value) ? value : defaultLocale;
}
