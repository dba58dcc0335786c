import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { CodeForm } from "@/modules/respondent/components/CodeForm";
import { toLocale } from "@/lib/i18n/locales";
import { surveyCodeSchema } from "@/modules/respondent/payload";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ code?: string | string[] }> };

/** Where the short-code form lands: a valid-looking code goes on to the survey, anything else gets a message. */
export default async function CodeEntry({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const raw = (await searchParams).code;
  const value = (Array.isArray(raw) ? raw[0] : raw)?.replace(/[\s-]/g, "") ?? "";
  const parsed = surveyCodeSchema.safeParse(value);
  if (parsed.success) redirect(`/${locale}/s/${parsed.data}`);
  const t = await getTranslations({ locale, namespace: "landing" });
  const ts = await getTranslations({ locale, namespace: "survey" });
  return (
    <>
      <h1>{t("codeTitle")}</h1>
      <CodeForm locale={locale} error={value ? ts("unknownTitle", { code: value.slice(0, 20) }) : ts("codeMissing")} />
    </>
  );
}
