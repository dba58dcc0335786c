"use client";
import { useTranslations } from "next-intl";
import { usePathname } from "@/lib/i18n/navigation";
import { localeTable, type Locale } from "@/lib/i18n/locales";
import { LanguageList } from "./LanguageList";

/** The header's language menu: a <details> disclosure, so it opens without JavaScript too. */
export function LocaleSwitcher({ locale }: { locale: Locale }) {
  const t = useTranslations("common");
  const pathname = usePathname();
  return (
    <details className="lang-menu">
      <summary>
        <span className="visually-hidden">{t("chooseLanguage")}: </span>
        <span aria-hidden="true">🌐 </span>
        {localeTable[locale].nativeName}
      </summary>
      <LanguageList current={locale} path={pathname === "/" ? "" : pathname} />
    </details>
  );
}
