import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WithdrawForm } from "@/modules/respondent/components/WithdrawForm";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "survey" }))("withdrawTitle") };
}

export default async function WithdrawPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: "survey" });
  return (
    <>
      <h1>{t("withdrawTitle")}</h1>
      <p>{t("withdrawLead")}</p>
      <WithdrawForm locale={locale} labels={{ code: t("withdrawCode"), submit: t("withdrawSubmit") }} />
    </>
  );
}
