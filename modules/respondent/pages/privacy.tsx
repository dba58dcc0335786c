import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { toLocale } from "@/lib/i18n/locales";
import { fetchRegion } from "@/modules/staff-home/queries";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "privacy" }))("metaTitle") };
}

/** The privacy notice in the respondent's language, with the region's actual retention period, group size and free-text minimum. */
export default async function PrivacyPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: "privacy" });
  const region = await fetchRegion();
  const sections = [
    ["storedTitle", [t("stored"), t("freeTextWarning")]],
    ["howLongTitle", [t("howLong", { months: region.retention_months })]],
    ["whoTitle", [t("who")]],
    ["protectionTitle", [t("protection", { k: region.k_threshold, kText: region.k_text })]],
    ["withdrawTitle", [t("withdraw")]],
    ["voluntaryTitle", [t("voluntary")]],
    ["controllerTitle", [t("controller")]],
  ] as const;
  return (
    <article className="prose">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {sections.map(([title, paragraphs]) => (
        <section key={title} aria-labelledby={`privacy-${title}`}>
          <h2 id={`privacy-${title}`}>{t(title)}</h2>
          {paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {title === "withdrawTitle" ? (
            <p>
              <a href={`/${locale}/withdraw`}>{t("withdrawLink")}</a>
            </p>
          ) : null}
        </section>
      ))}
    </article>
  );
}
