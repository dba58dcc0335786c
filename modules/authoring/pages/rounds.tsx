import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { OpenRoundForm } from "@/modules/authoring/components/OpenRoundForm";
import { closeRoundAction } from "@/modules/authoring/round-actions";
import { requirePage } from "@/lib/auth/guard";
import { batteryContentSchema } from "@/lib/battery/schema";
import { pickText } from "@/lib/battery/text";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";
import { statusAt } from "@/modules/respondent/run";
import { swedishDay } from "@/modules/respondent/submit";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "rounds" }))("metaTitle") };
}

export const dynamic = "force-dynamic";

/** The coordinator's collection rounds: open one on a published version, see codes and posters, close one. */
export default async function RoundsPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const t = await getTranslations({ locale, namespace: "rounds" });
  const format = await getFormatter({ locale });
  const db = getDb();
  const [surveys, links, municipalities, versions] = await Promise.all([
    db
      .selectFrom("survey")
      .select(["id", "name", "public_code", "opens_at", "closes_at"])
      .orderBy("created_at", "desc")
      .orderBy("name")
      .execute(),
    db
      .selectFrom("survey_municipality as sm")
      .innerJoin("municipality as m", "m.code", "sm.municipality_code")
      .select(["sm.survey_id", "m.name"])
      .execute(),
    db.selectFrom("municipality").select(["code", "name"]).orderBy("name").execute(),
    db
      .selectFrom("battery_version as v")
      .innerJoin("battery as b", "b.id", "v.battery_id")
      .select(["v.id", "v.version", "v.content"])
      .where("b.kind", "=", "regional")
      .orderBy("v.version", "desc")
      .execute(),
  ]);
  const latest = versions[0] ? batteryContentSchema.parse(versions[0].content) : null;
  const now = new Date();
  return (
    <>
      <h1>{t("title")}</h1>
      <section aria-labelledby="open-round">
        <h2 id="open-round">{t("open")}</h2>
        <OpenRoundForm
          locale={locale}
          labels={{
            name: t("name"),
            version: t("version"),
            municipalities: t("municipalities"),
            optionalModules: t("optionalModules"),
            opensOn: t("opensOn"),
            closesOn: t("closesOn"),
            submit: t("submit"),
          }}
          versions={versions.map((v) => ({ id: v.id, version: v.version }))}
          municipalities={municipalities}
          optionalModules={(latest?.modules ?? [])
            .filter((m) => m.optional)
            .map((m) => ({ key: m.key, title: pickText(m.title, locale).text }))}
          today={swedishDay(now)}
        />
      </section>
      <section aria-labelledby="rounds">
        <h2 id="rounds">{t("title")}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("code")}</th>
                <th scope="col">{t("municipalities")}</th>
                <th scope="col">{t("closesOn")}</th>
                <th scope="col">{t("status")}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => {
                const status = statusAt(s.opens_at, s.closes_at, now);
                return (
                  <tr key={s.id}>
                    <th scope="row">{s.name}</th>
                    <td>
                      <a href={`/${locale}/surveys/${s.public_code}`}>{s.public_code}</a>
                    </td>
                    <td>
                      {links
                        .filter((l) => l.survey_id === s.id)
                        .map((l) => l.name)
                        .join(", ")}
                    </td>
                    <td>{format.dateTime(s.closes_at, { dateStyle: "medium" })}</td>
                    <td>
                      {t(`status_${status}`)}
                      {status !== "closed" ? (
                        <form action={closeRoundAction}>
                          <input type="hidden" name="locale" value={locale} />
                          <input type="hidden" name="surveyId" value={s.id} />
                          <button type="submit" className="secondary" aria-label={`${t("close")}: ${s.name}`}>
                            {t("close")}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
