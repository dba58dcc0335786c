"use client";
import { usePathname } from "next/navigation";
import { localeTable, locales, type Locale } from "@/lib/i18n/locales";
import { LanguageList } from "./LanguageList";

/**
 * The header's language menu: a <details> disclosure, so it opens without JavaScript too. It links to the
 * same page in each language; it uses Next's own usePathname so respondent pages carry no i18n runtime.
 */
export function LocaleSwitcher({ locale, label }: { locale: Locale; label: string }) {
  const pathname = usePathname() ?? `/${locale}`;
  const first = pathname.split("/")[1];
  const rest = first && (locales as readonly string[]).includes(first) ? pathname.slice(first.length + 1) : pathname;
  return (
    <details className="lang-menu">
      <summary>
        <span className="visually-hidden">{label}: </span>
        <svg
          aria-hidden="true"
          width="16"
          height="16"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          style={{ verticalAlign: "-3px", marginInlineEnd: "0.35rem" }}
        >
          <circle cx="12" cy="12" r="10" />
          <path d="M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20" />
        </svg>
        {localeTable[locale].nativeName}
      </summary>
      <LanguageList current={locale} path={rest === "/" ? "" : rest} />
    </details>
  );
}
