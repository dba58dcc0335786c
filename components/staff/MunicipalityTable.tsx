import type { Locale } from "@/lib/i18n/locales";
import { getTranslations } from "next-intl/server";
import type { Figure } from "@/lib/disclosure/figure";
import { CountText } from "./CountCell";

type Row = { code: string; name: string; population: number | null };

/** Municipalities in scope with their response counts (suppressed below k) and the region's total. */
export async function MunicipalityTable(props: {
  municipalities: Row[];
  counts: Map<string, Figure>;
  region: Figure;
  k: number;
  locale: Locale;
}) {
  const t = await getTranslations({ locale: props.locale, namespace: "staff" });
  const number = new Intl.NumberFormat(props.locale);
  return (
    <section aria-labelledby="municipalities">
      <h2 id="municipalities">{t("municipalities")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("municipality")}</th>
              <th scope="col">{t("code")}</th>
              <th scope="col" className="num">
                {t("population")}
              </th>
              <th scope="col" className="num">
                {t("responses")}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.municipalities.map((m) => (
              <tr key={m.code}>
                <td>
                  <a href={`/${props.locale}/municipalities/${m.code}`}>{m.name}</a>
                </td>
                <td>{m.code}</td>
                <td className="num">{m.population ? number.format(m.population) : ""}</td>
                <td className="num">
                  <CountText count={props.counts.get(m.code)} k={props.k} locale={props.locale} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t("regionTotal")}
              </th>
              <td className="num">
                <CountText count={props.region} k={props.k} locale={props.locale} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="hint">{t("suppressionNote", { k: props.k })}</p>
    </section>
  );
}
