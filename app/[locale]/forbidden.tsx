import { getLocale, getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const locale = await getLocale();
  const t = await getTranslations("errors");
  const tc = await getTranslations("common");
  return (
    <>
      <h1>{t("forbiddenTitle")}</h1>
      <p>{t("forbiddenBody")}</p>
      <p>
        <a href={`/${locale}/home`}>{tc("home")}</a>
      </p>
    </>
  );
}
