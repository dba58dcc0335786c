import type { Metadata } from "next";
import { getMessages, getTranslations } from "next-intl/server";
import { BatteryEditor } from "@/modules/authoring/components/editor/BatteryEditor";
import { requirePage } from "@/lib/auth/guard";
import type { BatteryContent } from "@/lib/battery/schema";
import { loadDraft, regionalBatteryId } from "@/modules/authoring/versions";
import { getDb } from "@/lib/db";
import type { Messages } from "@/lib/i18n/messages";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "batteryEditor" }))("metaTitle") };
}

export const dynamic = "force-dynamic";

/** The draft of the regional battery in the editor (Swedish source; translations have their own view). */
export default async function EditDraftPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const t = await getTranslations({ locale, namespace: "batteryEditor" });
  const db = getDb();
  const draft = await loadDraft(db, await regionalBatteryId(db));
  const labels = ((await getMessages({ locale })) as Messages).batteryEditor;
  return (
    <>
      <p>
        <a href={`/${locale}/coordinator/battery`}>{t("back")}</a>
      </p>
      <h1>{t("title")}</h1>
      {draft ? (
        <>
          <p>{t("intro")}</p>
          <p>
            <a href={`/${locale}/coordinator/battery/translations`}>{t("translationsLink")}</a>
          </p>
          <noscript>
            <p className="alert">{t("needsJs")}</p>
          </noscript>
          <BatteryEditor
            locale={locale}
            content={draft.content as BatteryContent}
            loadedAt={draft.updated_at.toISOString()}
            labels={labels}
          />
        </>
      ) : (
        <p>{t("noDraft")}</p>
      )}
    </>
  );
}
