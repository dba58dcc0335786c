import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";

export async function SiteFooter({ locale }: { locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "common" });
  const tp = await getTranslations({ locale, namespace: "privacy" });
  return (
    <footer className="site-footer">
      <div className="bar">
        <span>Region Östergötland</span>
        <a href={`/${locale}/privacy`}>{tp("footerLink")}</a>
        <a href={`/${locale}/sign-in`}>{t("staffArea")}</a>
      </div>
    </footer>
  );
}
