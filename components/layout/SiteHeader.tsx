import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";
import { LocaleSwitcher } from "./LocaleSwitcher";

/** The same for everyone and free of session reads, so respondent pages can be served statically. */
export async function SiteHeader({ locale }: { locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "common" });
  return (
    <header className="site-header">
      <div className="bar">
        <a className="brand" href={`/${locale}`}>
          {t("appName")}
        </a>
        <div className="header-actions">
          <LocaleSwitcher locale={locale} label={t("chooseLanguage")} />
        </div>
      </div>
    </header>
  );
}
