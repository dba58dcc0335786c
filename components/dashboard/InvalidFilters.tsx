import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";

export async function InvalidFilters({ locale, names }: { locale: Locale; names: string[] }) {
  const t = await getTranslations({ locale, namespace: "dashboard" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="alert" role="alert">
        {t("invalidFilters", { names: names.join(", ") })}
      </p>
      <p>
        <a href={`/${locale}/dashboard`}>{t("clear")}</a>
      </p>
    </>
  );
}
