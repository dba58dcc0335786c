/**
 * What every page about one municipality (/[locale]/municipalities/[code]/...) starts with: the code checked, the
 * guard (its own staff, the coordinator, admins), and the municipality read; anything else is "not found".
 */
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import type { Principal } from "@/lib/auth/policy";
import { type Locale, toLocale } from "@/lib/i18n/locales";
import { fetchMunicipality } from "./queries";

export type MunicipalityParams = Promise<{ locale: string; code: string }>;

const isMunicipalityCode = (code: string) => /^\d{4}$/.test(code);

export async function requireMunicipalityPage(params: MunicipalityParams) {
  const { code, locale: raw } = await params;
  const locale: Locale = toLocale(raw);
  if (!isMunicipalityCode(code)) notFound();
  const principal: Principal = await requirePage(
    { roles: ["admin", "coordinator", "staff"], municipality: code },
    locale,
  );
  const municipality = await fetchMunicipality(code);
  if (!municipality) notFound();
  return { locale, code, municipality, principal };
}

/** The page title ("metaTitle" of the page's message namespace, with the municipality's name). */
export async function municipalityMetadata(
  params: MunicipalityParams,
  namespace: "municipalityPage" | "localModule",
): Promise<Metadata> {
  const { code, locale } = await params;
  const municipality = isMunicipalityCode(code) ? await fetchMunicipality(code) : undefined;
  const t = await getTranslations({ locale: toLocale(locale), namespace });
  return { title: t("metaTitle", { municipality: municipality?.name ?? code }) };
}
