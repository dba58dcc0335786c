import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DataTable } from "@/components/dashboard/DataTable";
import { requirePage } from "@/lib/auth/guard";
import { batteryContentSchema } from "@/lib/battery/schema";
import { fetchAmbassadorFollowUp } from "@/lib/dashboard/ambassadors";
import { formatter, type Table } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
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
  const region = await db.selectFrom("region").select("k_threshold").executeTakeFirstOrThrow();
  const version = await db.selectFrom("battery_version as v").innerJoin("battery as b", "b.id", "v.battery_id").select("v.content").where("b.kind", "=", "regional").orderBy("v.version", "desc").executeTakeFirstOrThrow();
  const rows = await fetchAmbassadorFollowUp(db, batteryContentSchema.parse(version.content), region.k_threshold);
  const municipalities = new Map((await db.selectFrom("municipality").select(["code", "name"]).execute()).map((m) => [m.code, m.name]));
  const f = formatter(locale, region.k_threshold, t);
  const list = (cells: { key: string; suppressed: boolean; n?: number }[], label: (k: string) => string) =>
    cells
      .filter((c) => c.suppressed || (c.n ?? 0) > 0)
      .map((c) => `${label(c.key)} ${c.suppressed ? `(${t("fewer", { k: region.k_threshold })})` : `(${f.count({ suppressed: false, n: c.n! })})`}`)
      .join(", ");
  const table: Table = {
    id: "ambassador-follow-up",
    title: t("ambassadors"),
    columns: [t("ambassador"), t("interviews"), t("language"), t("chooseMunicipality"), t("positiveTheirs"), t("positiveOthers"), t("differenceOthers"), t("flag")],
    rows: rows.map((r) => [
      r.name,
      f.count(r.interviews),
      list(r.byLanguage, (k) => (isLocale(k) ? localeTable[k].nativeName : k)),
      list(r.byMunicipality, (k) => municipalities.get(k) ?? k),
      r.effect ? f.share(r.effect.p1) : "–",
      r.effect ? f.share(r.effect.p2) : "–",
      r.effect ? `${r.effect.difference >= 0 ? "+" : ""}${f.number(r.effect.difference * 100, 0)} ${t("points")}` : "–",
      r.flagged ? t("flagged") : t("notFlagged"),
    ]),
  };
  return (
    <>
      <h1>{t("ambassadors")}</h1>
      <p>{t("ambassadorsLead")}</p>
      <DataTable table={table} />
    </>
  );
}
