import "@fontsource/noto-sans/400.css";
import "@fontsource/noto-sans/700.css";
import "@fontsource/noto-sans-arabic/400.css";
import "@fontsource/noto-sans-arabic/700.css";
import "@fontsource/noto-sans-ethiopic/400.css";
import "@fontsource/noto-sans-ethiopic/700.css";
import "../globals.css";
import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { ErrorTextsProvider } from "@/components/layout/ErrorTexts";
import { SiteFooter } from "@/components/layout/SiteFooter";
import { SiteHeader } from "@/components/layout/SiteHeader";
import { directionOf } from "@/lib/i18n/locales";
import { routing } from "@/lib/i18n/routing";

export function generateStaticParams() {
  return routing.locales.map((locale) => ({ locale }));
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b4f8a" };

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "common" });
  return { title: { default: t("appName"), template: `%s – ${t("appName")}` } };
}

export default async function LocaleLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  // Every page is rendered per request so Next can give its scripts this request's CSP nonce (see proxy.ts).
  await connection();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: "common" });
  const messages = await getMessages({ locale });
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <SiteHeader locale={locale} />
        <main id="main" tabIndex={-1}>
          {/* Only the error texts go to the browser here; pages hand their client components what they need. */}
          <ErrorTextsProvider
            texts={{ title: messages.errors.errorTitle, body: messages.errors.errorBody, retry: messages.errors.retry }}
          >
            {children}
          </ErrorTextsProvider>
        </main>
        <SiteFooter locale={locale} />
      </body>
    </html>
  );
}
