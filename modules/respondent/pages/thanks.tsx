import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { RestartButton } from "@/modules/respondent/components/RestartButton";
import { ShownOnce } from "@/modules/respondent/components/ShownOnce";
import { SurveyUnavailable } from "@/modules/respondent/components/SurveyUnavailable";
import { toLocale } from "@/lib/i18n/locales";
import { formatReceipt } from "@/modules/respondent/receipt";
import { RECEIPT_HEADER, receiptValue } from "@/modules/respondent/receipt-handoff";
import { respondentState } from "@/modules/respondent/respondent";

type Props = { params: Promise<{ locale: string; code: string }> };

/**
 * Thanks, and the receipt code for withdrawing, shown once: the proxy hands it over only on the visit right after
 * sending (proxy.ts). A reload, the back button or the next person on the phone sees thanks without any code, and
 * nothing of the answers.
 */
export default async function ThanksPage({ params }: Props) {
  const { code: rawCode } = await params;
  const locale = toLocale((await params).locale);
  const state = await respondentState(rawCode);
  if (!state.run) return <SurveyUnavailable locale={locale} code={state.code} run={state.run} />;
  const t = await getTranslations({ locale, namespace: "survey" });
  const receipt = receiptValue((await headers()).get(RECEIPT_HEADER) ?? undefined);
  return (
    <>
      <h1>{t("thanksTitle")}</h1>
      <p className="lead">{t("thanksLead")}</p>
      {receipt ? (
        <ShownOnce id={receipt} secrets={[receipt, formatReceipt(receipt)]}>
          <section className="card" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{t("receiptTitle")}</h2>
            <p>
              <output className="receipt" aria-label={t("receiptTitle")} lang="en" dir="ltr">
                {formatReceipt(receipt)}
              </output>
            </p>
            <p>{t("receiptLead")}</p>
            <p>{t("receiptOnce")}</p>
            <p>
              <a href={`/${locale}/withdraw`}>{t("withdrawLink")}</a>
            </p>
          </section>
        </ShownOnce>
      ) : (
        <p>
          {t("receiptGone")} <a href={`/${locale}/withdraw`}>{t("withdrawLink")}</a>
        </p>
      )}
      <RestartButton code={state.code} locale={locale} label={t("answerAgain")} />
    </>
  );
}
