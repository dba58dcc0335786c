import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { BatteryText } from "@/modules/respondent/components/BatteryText";
import { QuestionField } from "@/modules/respondent/components/QuestionField";
import { regionalBatteryId, loadDraft } from "@/modules/authoring/versions";
import { requirePage } from "@/lib/auth/guard";
import { type BatteryContent, batteryContentSchema } from "@/lib/battery/schema";
import { pickText } from "@/lib/battery/text";
import { getDb } from "@/lib/db";
import { MAX_TEXT_LENGTH } from "@/lib/battery/logic";
import { formatMessage } from "@/lib/i18n/format-message";
import { directionOf, isLocale, type Locale, localeTable, locales, toLocale } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";
import { previewCatalogue } from "@/modules/authoring/local-modules";
import { buildPage } from "@/modules/respondent/page-flow";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ version?: string; lang?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "batteryAdmin" }))("previewLink") };
}

/**
 * A draft or a published version as a respondent would see it, in any of the ten languages: every module
 * with every question (the show-if ones too), read-only. ?version=N, or ?version=draft; ?lang=ar.
 */
export default async function PreviewPage({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const search = await searchParams;
  const lang: Locale = isLocale(search.lang) ? search.lang : locale;
  const db = getDb();
  const battery = { id: await regionalBatteryId(db) };
  let raw: unknown;
  if (search.version === "draft") raw = (await loadDraft(db, battery.id))?.content;
  else {
    const number = Number(search.version ?? 0);
    const row = await db
      .selectFrom("battery_version")
      .select("content")
      .where("battery_id", "=", battery.id)
      .$if(number > 0, (q) => q.where("version", "=", number))
      .orderBy("version", "desc")
      .executeTakeFirst();
    raw = row?.content;
  }
  const parsed = batteryContentSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const content: BatteryContent = parsed.data;
  const m = await loadMessages[lang]();
  const labels = {
    notTranslated: m.common.notTranslated,
    preferNotToSay: pickText(content.special.no_answer, lang).text,
    chooseAll: m.survey.chooseAll,
    chooseMax: m.survey.chooseMax,
    textLabel: m.survey.textLabel,
    textHint: formatMessage(lang, m.survey.textHint, { max: MAX_TEXT_LENGTH }),
  };
  const ctx = { municipalities: [], catalogue: await previewCatalogue(db) };
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const query = `?version=${encodeURIComponent(search.version ?? "")}&lang=`;
  return (
    <>
      <h1>
        {t("previewLink")}: {search.version === "draft" ? t("draft") : `${t("version")} ${search.version ?? ""}`}
      </h1>
      <nav aria-label={t("previewLink")}>
        <ul className="language-list">
          {locales.map((code) => (
            <li key={code}>
              <a
                href={`/${locale}/coordinator/battery/preview${query}${code}`}
                hrefLang={code}
                lang={code}
                dir={localeTable[code].dir}
                aria-current={code === lang ? "true" : undefined}
              >
                {localeTable[code].nativeName}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div lang={lang} dir={directionOf(lang)} className="preview">
        <p className="lead">
          <BatteryText text={content.intro} locale={lang} notTranslated={labels.notTranslated} />
        </p>
        {content.modules.map((module) => {
          const page = buildPage(content, module.key, {}, ctx);
          return (
            <section key={module.key} aria-label={pickText(module.title, lang).text}>
              <h2>
                <BatteryText text={module.title} locale={lang} notTranslated={labels.notTranslated} />
              </h2>
              <fieldset disabled className="preview-module">
                {(page?.slots ?? []).map((slot) => (
                  <QuestionField
                    key={slot.id}
                    slot={slot}
                    hidden={false}
                    answer={undefined}
                    content={content}
                    ctx={ctx}
                    locale={lang}
                    labels={labels}
                  />
                ))}
              </fieldset>
            </section>
          );
        })}
      </div>
    </>
  );
}
