import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { BatteryActionForm } from "@/modules/authoring/components/BatteryActionForm";
import { requirePage } from "@/lib/auth/guard";
import { batteryContentSchema } from "@/lib/battery/schema";
import { listVersions, loadDraft, regionalBatteryId, validateForPublish } from "@/modules/authoring/versions";
import { problemText } from "@/modules/authoring/problems";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "batteryAdmin" }))("metaTitle") };
}

export const dynamic = "force-dynamic";

/** The regional battery: its published versions, the draft and what stands in the way of publishing it. */
export default async function BatteryPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const te = await getTranslations({ locale, namespace: "batteryEditor" });
  const format = await getFormatter({ locale });
  const db = getDb();
  const batteryId = await regionalBatteryId(db);
  const [versions, draft] = await Promise.all([listVersions(db, batteryId), loadDraft(db, batteryId)]);
  const problems = draft ? validateForPublish(draft.content) : null;
  return (
    <>
      <h1>{t("title")}</h1>
      <section aria-labelledby="versions">
        <h2 id="versions">{t("versions")}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("versions")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("version")}</th>
                <th scope="col">{t("published")}</th>
                <th scope="col" className="num">
                  {t("questions")}
                </th>
                <th scope="col">{t("exportJson")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <a href={`/${locale}/coordinator/battery/versions/${v.version}`}>{v.version}</a>
                  </th>
                  <td>{format.dateTime(v.published_at, { dateStyle: "medium" })}</td>
                  <td className="num">
                    {batteryContentSchema.parse(v.content).modules.reduce((n, m) => n + m.questions.length, 0)}
                  </td>
                  <td>
                    <a href={`/api/battery/versions/${v.version}`} download>
                      {t("exportJson")} (v{v.version})
                    </a>
                    {" · "}
                    <a href={`/${locale}/coordinator/battery/preview?version=${v.version}&lang=ar`}>
                      {t("previewLink")} (v{v.version})
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="draft" className="card">
        <h2 id="draft">{t("draft")}</h2>
        {draft ? (
          <p className="actions">
            <a className="button" href={`/${locale}/coordinator/battery/edit`}>
              {te("editLink")}
            </a>
            <a
              className="button secondary"
              href={`/${locale}/coordinator/battery/preview?version=draft&lang=${locale}`}
            >
              {t("previewLink")} ({t("draft")})
            </a>
          </p>
        ) : null}
        <p>
          <a href={`/${locale}/translations`}>{te("translationsLink")}</a>
        </p>
        <p>
          {draft
            ? t("draftFrom", {
                version: draft.based_on_version ?? 0,
                date: format.dateTime(draft.updated_at, { dateStyle: "medium", timeStyle: "short" }),
              })
            : t("noDraft")}
        </p>
        {problems && !problems.ok ? (
          <div className="alert">
            <p>{t("publishProblems")}</p>
            <ul>
              {problems.problems.map((p) => (
                <li key={`${p.path}${p.message}`}>{problemText(te as never, p)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <BatteryActionForm action="newDraft" locale={locale} submit={t("newDraft")} secondary />
        <h3>{t("importTitle")}</h3>
        <BatteryActionForm
          action="import"
          locale={locale}
          submit={t("importSubmit")}
          file={{
            label: t("importLabel"),
            accept: "application/json,.json",
            maxBytes: 1024 * 1024,
            tooLarge: t.raw("fileTooLargeClient") as string,
          }}
          loadedAt={draft?.updated_at.toISOString()}
        />
        <h3>{t("importXlsformTitle")}</h3>
        <BatteryActionForm
          action="importXlsForm"
          locale={locale}
          submit={t("importSubmit")}
          file={{
            label: t("importXlsformLabel"),
            hint: t("importXlsformHint"),
            accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            maxBytes: 2 * 1024 * 1024,
            tooLarge: t.raw("fileTooLargeClient") as string,
          }}
          reportLabels={{
            title: t("reportTitle"),
            sheet: t("reportSheet"),
            row: t("reportRow"),
            what: t("reportWhat"),
          }}
          loadedAt={draft?.updated_at.toISOString()}
        />
        {/* Always mounted, so the result of publishing stays on screen after the draft is gone. */}
        <h3>{t("publish")}</h3>
        <BatteryActionForm action="publish" locale={locale} submit={t("publish")} />
      </section>
    </>
  );
}
