import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { RestartButton } from "@/components/survey/RestartButton";
import { toLocale } from "@/lib/i18n/locales";
import { serverSecret } from "@/lib/server/secret";
import { formatReceipt, receiptFor } from "@/lib/survey/receipt";
import { responseExists, respondentState } from "@/lib/survey/respondent";

type Props = { params: Promise<{ locale: string; code: string }> };

/** Thanks, and the receipt code for withdrawing — shown again on reload, never stored in clear. */
export default async function ThanksPage({ params }: Props) {
  const { code: rawCode } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(rawCode);
  if (!state.doneId || !(await responseExists(state.doneId))) redirect(`/${locale}/s/${state.code}`);
  const t = await getTranslations({ locale, namespace: "survey" });
  const receipt = formatReceipt(receiptFor(state.doneId, serverSecret()));
  return (
    <>
      <h1>{t("thanksTitle")}</h1>
      <p className="lead">{t("thanksLead")}</p>
      <section className="card" aria-labelledby="receipt-title">
        <h2 id="receipt-title">{t("receiptTitle")}</h2>
        <p>
          <output className="receipt" aria-label={t("receiptTitle")} lang="en">
            {receipt}
          </output>
        </p>
        <p>{t("receiptLead")}</p>
        <p>
          <a href={`/${locale}/withdraw`}>{t("withdrawLink")}</a>
        </p>
      </section>
      <RestartButton code={state.code} locale={locale} label={t("answerAgain")} />
    </>
  );
}
