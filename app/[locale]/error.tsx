"use client";
import { useTranslations } from "next-intl";

export default function ErrorBoundary({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <>
      <h1>{t("errorTitle")}</h1>
      <p>{t("errorBody")}</p>
      <button type="button" onClick={reset}>
        {t("retry")}
      </button>
    </>
  );
}
