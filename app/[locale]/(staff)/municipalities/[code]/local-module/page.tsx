import type { Metadata } from "next";
import { getMessages, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { LocalModuleEditor } from "@/components/battery/editor/LocalModuleEditor";
import { requirePage } from "@/lib/auth/guard";
import { loadLocalModule } from "@/lib/authoring/local-modules";
import { getDb } from "@/lib/db";
import type { Messages } from "@/lib/i18n/messages";
import { localeTable, locales, toLocale } from "@/lib/i18n/locales";
import { fetchMunicipality } from "@/lib/region/queries";

type Props = { params: Promise<{ locale: string; code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  const locale = toLocale((await params).locale);
  const m = /^\d{4}$/.test(code) ? await fetchMunicipality(code) : undefined;
  return { title: (await getTranslations({ locale, namespace: "localModule" }))("metaTitle", { municipality: m?.name ?? code }) };
}

export const dynamic = "force-dynamic";

/** A municipality's catalogue of interventions: its own staff and the coordinator edit and publish it. */
export default async function LocalModulePage({ params }: Props) {
  const { code } = await params;
  const locale = toLocale((await params).locale);
  if (!/^\d{4}$/.test(code)) notFound();
  await requirePage({ roles: ["admin", "coordinator", "staff"], municipality: code }, locale);
  const municipality = await fetchMunicipality(code);
  if (!municipality) notFound();
  const t = await getTranslations({ locale, namespace: "localModule" });
  const view = await loadLocalModule(getDb(), code);
  const labels = ((await getMessages({ locale })) as Messages).localModule;
  return (
    <>
      <h1>{t("title", { municipality: municipality.name })}</h1>
      <p>{t("intro", { municipality: municipality.name })}</p>
      <p>
        {view.publishedVersion ? t("version", { version: view.publishedVersion }) : t("noVersion")} {view.loadedAt ? t("draftNote") : null}
      </p>
      <noscript>
        <p className="alert">{t("needsJs")}</p>
      </noscript>
      <LocalModuleEditor
        locale={locale}
        municipality={code}
        content={view.content}
        loadedAt={view.loadedAt}
        labels={labels}
        languages={locales.filter((l) => l !== "sv").map((l) => ({ code: l, name: localeTable[l].swedishName, dir: localeTable[l].dir }))}
      />
    </>
  );
}
