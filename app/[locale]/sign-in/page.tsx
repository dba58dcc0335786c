import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/SignInForm";
import { currentPrincipal } from "@/lib/auth/guard";
import { homePath } from "@/lib/auth/policy";
import type { Locale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ welcome?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "signIn" });
  return { title: t("metaTitle") };
}

export default async function SignInPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const principal = await currentPrincipal();
  if (principal?.active) redirect(`/${locale}${homePath(principal.role)}`);
  const t = await getTranslations({ locale, namespace: "signIn" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {(await searchParams).welcome ? (
        <p className="notice" role="status">
          {(await getTranslations({ locale, namespace: "invite" }))("done")}
        </p>
      ) : null}
      <SignInForm locale={locale} labels={{ email: t("email"), password: t("password"), submit: t("submit") }} />
    </>
  );
}
