import type { Locale } from "@/lib/i18n/locales";
import { getTranslations } from "next-intl/server";
import type { SafeCount } from "@/lib/dashboard/suppression";

/** A count as the server released it: the number, or "fewer than k". */
export async function CountText({ count, k, locale }: { count: SafeCount | undefined; k: number; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "common" });
  if (!count) return <>0</>;
  if (count.suppressed) return <>{t("fewerThan", { k })}</>;
  return <>{new Intl.NumberFormat(locale).format(count.n)}</>;
}
