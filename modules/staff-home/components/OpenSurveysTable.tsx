import type { Locale } from "@/lib/i18n/locales";
import { getFormatter, getTranslations } from "next-intl/server";
import type { OpenSurvey } from "@/modules/staff-home/queries";

export async function OpenSurveysTable({ surveys, locale }: { surveys: OpenSurvey[]; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "staff" });
  const format = await getFormatter({ locale });
  return (
    <section aria-labelledby="open-surveys">
      <h2 id="open-surveys">{t("openSurveys")}</h2>
      {surveys.length === 0 ? (
        <p>{t("noOpenSurveys")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("surveyName")}</th>
                <th scope="col">{t("publicCode")}</th>
                <th scope="col">{t("closes")}</th>
                <th scope="col">{t("qrCode")}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>
                    <code>{s.publicCode}</code>
                  </td>
                  <td>{format.dateTime(s.closesAt, { dateStyle: "medium" })}</td>
                  <td>
                    <a href={`/${locale}/surveys/${s.publicCode}`}>{t("printPoster")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
