import type { Metadata } from "next";
import { getMessages, getTranslations } from "next-intl/server";
import { LocalModuleEditor } from "@/modules/authoring/components/editor/LocalModuleEditor";
import { loadLocalModule } from "@/modules/authoring/local-modules";
import { getDb } from "@/lib/db";
import type { Messages } from "@/lib/i18n/messages";
import { localeTable, locales } from "@/lib/i18n/locales";
import {
  municipalityMetadata,
  type MunicipalityParams,
  requireMunicipalityPage,
} from "@/modules/staff-home/municipality-page";

type Props = { params: MunicipalityParams };

export function generateMetadata({ params }: Props): Promise<Metadata> {
  return municipalityMetadata(params, "localModule");
}

export const dynamic = "force-dynamic";

/** A municipality's catalogue of interventions: its own staff and the coordinator edit and publish it. */
export default async function LocalModulePage({ params }: Props) {
  const { locale, code, municipality } = await requireMunicipalityPage(params);
  const t = await getTranslations({ locale, namespace: "localModule" });
  const view = await loadLocalModule(getDb(), code);
  const labels = ((await getMessages({ locale })) as Messages).localModule;
  return (
    <>
      <h1>{t("title", { municipality: municipality.name })}</h1>
      <p>{t("intro", { municipality: municipality.name })}</p>
      <p>
        {view.publishedVersion ? t("version", { version: view.publishedVersion }) : t("noVersion")}{" "}
        {view.loadedAt ? t("draftNote") : null}
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
        languages={locales
          .filter((l) => l !== "sv")
          .map((l) => ({ code: l, name: localeTable[l].swedishName, dir: localeTable[l].dir }))}
      />
    </>
  );
}
