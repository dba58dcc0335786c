import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DataTable } from "@/modules/dashboard/components/DataTable";
import { requirePage } from "@/lib/auth/guard";
import type { ProtectedCell } from "@/lib/disclosure/breakdown";
import { rules } from "@/lib/disclosure/figure";
import { fetchAmbassadorFollowUp } from "@/modules/dashboard/ambassadors";
import { formatter, type Table } from "@/modules/dashboard/tables";
import { dashboardTranslator } from "@/modules/dashboard/translate";
import { latestRegionalContent } from "@/modules/authoring/versions";
import { getDb } from "@/lib/db";
import { isLocale, localeTable, toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "dashboard" }))("ambassadors") };
}

/** Coordinator only: how the ambassadors' interviews spread, and whose respondents answer markedly differently. */
export default async function AmbassadorFollowUpPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const db = getDb();
  const t = await dashboardTranslator(locale);
  const region = await db.selectFrom("region").select(["k_threshold", "k_text"]).executeTakeFirstOrThrow();
  const r = rules(region.k_threshold, region.k_text);
  const rows = await fetchAmbassadorFollowUp(db, await latestRegionalContent(db), r);
  const municipalities = new Map(
    (await db.selectFrom("municipality").select(["code", "name"]).execute()).map((m) => [m.code, m.name]),
  );
  const f = formatter(locale, r.k, t);
  const list = (cells: ProtectedCell[], label: (k: string) => string) =>
    cells
      .filter((c) => !c.figure.shown || c.figure.value > 0)
      .map((c) => `${label(c.key)} (${f.count(c.figure)})`)
      .join(", ");
  const table: Table = {
    id: "ambassador-follow-up",
    title: t("ambassadors"),
    columns: [
      t("ambassador"),
      t("interviews"),
      t("language"),
      t("chooseMunicipality"),
      t("positiveTheirs"),
      t("positiveOthers"),
      t("differenceOthers"),
      t("flag"),
    ],
    rows: rows.map((row) => [
      row.name,
      f.count(row.interviews),
      list(row.byLanguage, (k) => (isLocale(k) ? localeTable[k].nativeName : k)),
      list(row.byMunicipality, (k) => municipalities.get(k) ?? k),
      row.effect ? f.share(row.effect.p1) : "–",
      row.effect ? f.share(row.effect.p2) : "–",
      row.effect
        ? `${row.effect.difference >= 0 ? "+" : ""}${f.number(row.effect.difference * 100, 0)} ${t("points")}`
        : "–",
      row.flagged ? t("flagged") : t("notFlagged"),
    ]),
  };
  return (
    <>
      <h1>{t("ambassadors")}</h1>
      <p>{t("ambassadorsLead")}</p>
      <p className="hint">{t("protectionNote", { k: r.k })}</p>
      <DataTable table={table} />
    </>
  );
}
