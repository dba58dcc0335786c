import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InterviewApp } from "@/components/ambassador/InterviewApp";
import { requirePage } from "@/lib/auth/guard";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ survey?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "interview" }))("metaTitle") };
}

/** The interview screen: a shell that the device keeps for offline use; everything else runs on the device. */
export default async function InterviewPage({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["ambassador"] }, locale);
  const code = (await searchParams).survey;
  return <InterviewApp locale={locale} surveyCode={code && /^[A-Z0-9]{4,12}$/.test(code) ? code : null} />;
}
