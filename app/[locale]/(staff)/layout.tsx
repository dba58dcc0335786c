import type { ReactNode } from "react";
import { StaffBar } from "@/components/staff/StaffBar";
import { currentPrincipal } from "@/lib/auth/guard";
import { isLocale } from "@/lib/i18n/locales";

// Staff pages depend on the session: never prerendered.
export const dynamic = "force-dynamic";

// The bar only; each page checks access itself through requirePage.
export default async function StaffLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  const principal = await currentPrincipal();
  return (
    <>
      {principal?.active && isLocale(locale) ? <StaffBar locale={locale} principal={principal} /> : null}
      {children}
    </>
  );
}
