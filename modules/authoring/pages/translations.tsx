import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TranslationForm } from "@/modules/authoring/components/TranslationForm";
import { requirePage } from "@/lib/auth/guard";
import { languageCounts, translationRows } from "@/modules/authoring/translations";
import { regionalBatteryId } from "@/modules/authoring/versions";
import { getDb } from "@/lib/db";
import { isLocale, localeTable, locales, type Locale, toLocale } from "@/lib/i18n/locales";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "translations" }))("metaTitle") };
}

export const dynamic = "force-dynamic";

/**
 * Translations side by side with the Swedish source, per language, with missing and unreviewed counts. The
 * coordinator sees every language; an ambassador reviewer sees the languages they are assigned.
 */
export default async function TranslationsPage({ params, searchParams }: Props) {
  const locale = toLocale((await params).locale);
  const query = await searchParams;
  const principal = await requirePage({ roles: ["coordinator", "admin", "ambassador"] }, locale);
  const t = await getTranslations({ locale, namespace: "translations" });
  const allowed = locales.filter(
    (l): l is Exclude<Locale, "sv"> =>
      l !== "sv" &&
      (principal.role !== "ambassador" || (principal.translationReviewer && principal.ambassadorLocales.includes(l))),
  );
  const lang = typeof query.lang === "string" && isLocale(query.lang) && query.lang !== "sv" ? query.lang : undefined;
  // The one guard decides whether this person may review this language.
  if (lang) await requirePage({ roles: ["coordinator", "admin", "ambassador"], reviewLocale: lang }, locale);
  const group = typeof query.part === "string" ? query.part : undefined;
  const todo = query.show === "todo";
  const db = getDb();
  const batteryId = await regionalBatteryId(db);
  const counts = await languageCounts(db, batteryId);
  const view = lang ? await translationRows(db, batteryId, lang) : null;
  const groups = view ? [...new Set(view.rows.map((r) => r.module))] : [];
  const rows = (view?.rows ?? []).filter(
    (r) => (group === undefined || r.module === group) && (!todo || r.state !== "reviewed"),
  );
  const link = (next: { lang?: string; part?: string | null; show?: string | null }) => {
    const p = new URLSearchParams();
    const l = next.lang ?? lang;
    if (l) p.set("lang", l);
    const part = next.part === null ? undefined : (next.part ?? group);
    if (part !== undefined) p.set("part", part);
    const show = next.show === null ? undefined : (next.show ?? (todo ? "todo" : undefined));
    if (show) p.set("show", show);
    return `/${locale}/translations?${p.toString()}`;
  };
  const groupName = (g: string) => (g === "" ? t("groupGeneral") : g);
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {allowed.length === 0 ? <p className="notice">{t("noLanguages")}</p> : null}
      {counts && allowed.length ? (
        <section aria-labelledby="summary">
          <h2 id="summary">{t("summary")}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="summary">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("language")}</th>
                  <th scope="col" className="num">
                    {t("total")}
                  </th>
                  <th scope="col" className="num">
                    {t("missing")}
                  </th>
                  <th scope="col" className="num">
                    {t("unreviewed")}
                  </th>
                  <th scope="col" className="num">
                    {t("needsReview")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {allowed.map((l) => (
                  <tr key={l} data-lang={l}>
                    <th scope="row">
                      <a href={link({ lang: l, part: null })} aria-current={l === lang ? "page" : undefined}>
                        {localeTable[l].swedishName} ({localeTable[l].nativeName})
                      </a>
                    </th>
                    <td className="num">{counts[l].total}</td>
                    <td className="num" data-count="missing">
                      {counts[l].missing}
                    </td>
                    <td className="num" data-count="unreviewed">
                      {counts[l].unreviewed}
                    </td>
                    <td className="num" data-count="needs-review">
                      {counts[l].needsReview}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {lang && view ? (
        <section aria-labelledby="language">
          <h2 id="language">
            {localeTable[lang].swedishName} <span lang={lang}>({localeTable[lang].nativeName})</span>
          </h2>
          <p className="hint">{view.fromDraft ? t("fromDraft") : t("fromVersion")}</p>
          <nav aria-label={t("group")} className="tabs">
            <ul>
              <li>
                <a href={link({ part: null })} aria-current={group === undefined ? "page" : undefined}>
                  {t("allGroups")}
                </a>
              </li>
              {groups.map((g) => (
                <li key={g}>
                  <a href={link({ part: g })} aria-current={group === g ? "page" : undefined}>
                    {groupName(g)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <p>
            {t("filter")}:{" "}
            {todo ? <a href={link({ show: null })}>{t("filterAll")}</a> : <strong>{t("filterAll")}</strong>}
            {" · "}
            {todo ? <strong>{t("filterTodo")}</strong> : <a href={link({ show: "todo" })}>{t("filterTodo")}</a>}
          </p>
          {rows.length === 0 ? (
            <p>{t("nothing")}</p>
          ) : (
            <TranslationForm
              key={`${lang}|${group}|${todo}`}
              locale={locale}
              lang={lang}
              langName={localeTable[lang].swedishName}
              dir={localeTable[lang].dir}
              rows={rows}
              labels={{
                text: t("text"),
                source: t("source"),
                target: t("target"),
                status: t("status"),
                markReviewed: t("markReviewed"),
                save: t("save"),
                state_missing: t("state_missing"),
                state_draft: t("state_draft"),
                state_reviewed: t("state_reviewed"),
                state_needs_review: t("state_needs_review"),
              }}
              names={Object.fromEntries(
                rows.map((r) => [
                  r.id,
                  {
                    target: t("translationFor", { language: localeTable[lang].swedishName, text: r.context }),
                    reviewed: t("markReviewedFor", { text: r.context }),
                  },
                ]),
              )}
            />
          )}
        </section>
      ) : (
        allowed.length > 0 && <p>{t("chooseLanguage")}</p>
      )}
    </>
  );
}
