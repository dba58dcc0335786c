import { getLocale, getTranslations } from "next-intl/server";

export default async function NotFound() {
  const locale = await getLocale();
  const t = await getTranslations("errors");
  const tc = await getTranslations("common");
  return (
    <>
      <h1>{t("notFoundTitle")}</h1>
      <p>{t("notFoundBody")}</p>
      <p>
        <a href={`/${locale}`}>{tc("backToStart")}</a>
      </p>
    </>
  );
}
