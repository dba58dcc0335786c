import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InterviewApp } from "@/modules/ambassador/components/InterviewApp";
import { requirePage } from "@/lib/auth/guard";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "interview" }))("metaTitle") };
}

/**
 * The interview screen: a shell the device keeps for offline use (modules/ambassador/offline/sw.ts). It is the same for
 * every ambassador and every survey (no name, no query read here): the app reads the address and the device store
 * itself, so a kept copy can never start the wrong survey or show someone else's queue.
 */
export default async function InterviewPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["ambassador"] }, locale);
  return <InterviewApp locale={locale} />;
}
