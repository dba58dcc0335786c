import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NOISE } from "@/lib/disclosure/figure";
import { RetentionForm } from "@/modules/admin/components/RetentionForm";
import { toLocale } from "@/lib/i18n/locales";
import { requirePage } from "@/lib/auth/guard";
import { fetchMunicipalities, fetchRegion, fetchUsers } from "@/modules/staff-home/queries";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "adminHome" }))("metaTitle") };
}

export default async function AdminHome({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["admin"] }, locale);
  const t = await getTranslations({ locale, namespace: "adminHome" });
  const tr = await getTranslations({ locale, namespace: "roles" });
  const [region, users, municipalities] = await Promise.all([fetchRegion(), fetchUsers(), fetchMunicipalities("all")]);
  const nameOf = (code: string) => municipalities.find((m) => m.code === code)?.name ?? code;
  return (
    <>
      <h1>{t("title")}</h1>
      <section className="card" aria-labelledby="settings">
        <h2 id="settings">{t("settings")}</h2>
        <dl>
          <dt>{t("kThreshold")}</dt>
          <dd>{region.k_threshold}</dd>
          <dt>{t("kText")}</dt>
          <dd>{region.k_text}</dd>
          <dt>{t("noise")}</dt>
          <dd>{t("noiseValue", { d: NOISE.D, v: NOISE.V })}</dd>
          <dt>{t("retention")}</dt>
          <dd>{t("retentionMonths", { months: region.retention_months })}</dd>
        </dl>
        <RetentionForm
          locale={locale}
          months={region.retention_months}
          labels={{ label: t("retentionLabel"), hint: t("retentionHint"), save: t("retentionSave") }}
        />
        <p>
          <a href={`/${locale}/admin/audit`}>{t("auditLink")}</a>
        </p>
      </section>
      <section aria-labelledby="users">
        <h2 id="users">{t("users")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("email")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("scope")}</th>
                <th scope="col">{t("status")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{tr(u.role)}</td>
                  <td>
                    {u.role === "staff" && u.municipality_code
                      ? nameOf(u.municipality_code)
                      : u.role === "ambassador"
                        ? u.ambassadorMunicipalities.map(nameOf).join(", ")
                        : t("wholeRegion")}
                  </td>
                  <td>{u.active ? t("active") : t("inactive")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
