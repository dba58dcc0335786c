import type { Locale } from "@/lib/i18n/locales";
import { getTranslations } from "next-intl/server";
import type { Figure } from "@/lib/disclosure/figure";

/** A protected count: its perturbed value, or "fewer than k". */
export async function CountText({ count, k, locale }: { count: Figure | undefined; k: number; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "common" });
  if (!count) return <>0</>;
  if (!count.shown) return <>{t("fewerThan", { k })}</>;
  return <>{new Intl.NumberFormat(locale).format(count.value)}</>;
}
