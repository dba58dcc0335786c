import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InviteForm } from "@/modules/ambassador/components/InviteForm";
import { UserToggleForm } from "@/modules/admin/components/UserToggleForm";
import { setAmbassadorActiveAction, setTranslationReviewerAction } from "@/modules/ambassador/actions";
import { listAmbassadors } from "@/modules/ambassador/invitations";
import { requirePage } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { localeTable, locales, toLocale } from "@/lib/i18n/locales";
import { fetchMunicipalities, fetchRegion, regionRules } from "@/modules/staff-home/queries";
import { CountText } from "@/components/staff/CountCell";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "ambassadorAdmin" }))("metaTitle") };
}

/** The coordinator's ambassadors: who they are, where and in which languages they work, invite and deactivate. */
export default async function AmbassadorsPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const t = await getTranslations({ locale, namespace: "ambassadorAdmin" });
  const tr = await getTranslations({ locale, namespace: "translations" });
  const region = await fetchRegion();
  const [ambassadors, municipalities] = await Promise.all([
    listAmbassadors(getDb(), regionRules(region)),
    fetchMunicipalities("all"),
  ]);
  const nameOf = (code: string) => municipalities.find((m) => m.code === code)?.name ?? code;
  return (
    <>
      <h1>{t("title")}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("municipalities")}</th>
              <th scope="col">{t("languages")}</th>
              <th scope="col" className="num">
                {t("interviews")}
              </th>
              <th scope="col">{t("status")}</th>
              <th scope="col">{tr("reviewers")}</th>
            </tr>
          </thead>
          <tbody>
            {ambassadors.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  <br />
                  <span className="hint">{a.email}</span>
                </td>
                <td>{a.municipalities.map(nameOf).join(", ")}</td>
                <td>
                  {a.locales
                    .map((l) => (l in localeTable ? localeTable[l as keyof typeof localeTable].swedishName : l))
                    .join(", ")}
                </td>
                <td className="num">
                  <CountText count={a.interviews} k={region.k_threshold} locale={locale} />
                </td>
                <td>
                  {a.active ? t("active") : t("inactive")}
                  <UserToggleForm
                    action={setAmbassadorActiveAction}
                    locale={locale}
                    userId={a.id}
                    userName={a.name}
                    field="active"
                    on={a.active}
                    turnOn={t("reactivate")}
                    turnOff={t("deactivate")}
                  />
                </td>
                <td>
                  {a.translation_reviewer ? tr("reviewer") : null}
                  <UserToggleForm
                    action={setTranslationReviewerAction}
                    locale={locale}
                    userId={a.id}
                    userName={a.name}
                    field="reviewer"
                    on={a.translation_reviewer}
                    turnOn={tr("makeReviewer")}
                    turnOff={tr("removeReviewer")}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("invite")}</h2>
      <InviteForm
        locale={locale}
        labels={{
          name: t("name"),
          email: t("email"),
          municipalities: t("municipalities"),
          languages: t("languages"),
          send: t("send"),
          inviteLink: t("inviteLink", { name: "{name}" }),
        }}
        municipalities={municipalities}
        languages={locales.map((l) => ({ code: l, name: localeTable[l].nativeName, dir: localeTable[l].dir }))}
      />
    </>
  );
}
