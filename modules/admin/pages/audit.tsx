import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePage } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";
import { type AuditGroup, auditGroups, fetchAuditLog } from "@/modules/admin/audit";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "adminHome" }))("auditTitle") };
}

/** The audit log for admins: who exported, published, imported, opened rounds and changed users, and when. */
export default async function AuditPage({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["admin"] }, locale);
  const query = await searchParams;
  const t = await getTranslations({ locale, namespace: "adminHome" });
  const format = await getFormatter({ locale });
  const group = auditGroups.find((g) => g === query.group) as AuditGroup | undefined;
  const before = typeof query.before === "string" && /^\d{1,18}$/.test(query.before) ? Number(query.before) : undefined;
  const { rows, older } = await fetchAuditLog(getDb(), { group, before });
  const link = (next: { group?: string; before?: number }) => {
    const p = new URLSearchParams();
    if (next.group) p.set("group", next.group);
    if (next.before) p.set("before", String(next.before));
    return `/${locale}/admin/audit${p.size ? `?${p}` : ""}`;
  };
  return (
    <>
      <h1>{t("auditTitle")}</h1>
      <p>{t("auditIntro")}</p>
      <nav aria-label={t("auditFilter")} className="tabs">
        <ul>
          <li>
            <a href={link({})} aria-current={!group ? "page" : undefined}>
              {t("auditAll")}
            </a>
          </li>
          {auditGroups.map((g) => (
            <li key={g}>
              <a href={link({ group: g })} aria-current={group === g ? "page" : undefined}>
                {t(`auditGroup_${g}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p>{t("auditEmpty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("auditTitle")}>
          <table className="audit-log">
            <thead>
              <tr>
                <th scope="col">{t("auditAt")}</th>
                <th scope="col">{t("auditActor")}</th>
                <th scope="col">{t("auditAction")}</th>
                <th scope="col">{t("auditTarget")}</th>
                <th scope="col">{t("auditDetails")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-action={r.action}>
                  <td>{format.dateTime(r.at, { dateStyle: "short", timeStyle: "medium" })}</td>
                  <td>{r.actor ?? t("auditSystem")}</td>
                  <td className="mono">{r.action}</td>
                  <td className="mono">{r.target}</td>
                  <td className="mono">{JSON.stringify(r.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="actions">
        {before ? <a href={link({ group })}>{t("auditNewest")}</a> : null}
        {older ? <a href={link({ group, before: older })}>{t("auditOlder")}</a> : null}
      </p>
    </>
  );
}
