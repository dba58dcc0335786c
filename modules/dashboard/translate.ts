import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "./tables";

/** The dashboard's texts as a plain function, for the pure table builders. */
export async function dashboardTranslator(locale: Locale): Promise<Translate> {
  const t = await getTranslations({ locale, namespace: "dashboard" });
  return (key, values) => (t as unknown as (k: string, v?: Record<string, string | number>) => string)(key, values);
}
