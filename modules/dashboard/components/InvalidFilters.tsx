import { getTranslations } from "next-intl/server";
import { type Filters, filterQuery } from "@/modules/dashboard/filters";
import type { DashboardView } from "@/modules/dashboard/view";
import type { Locale } from "@/lib/i18n/locales";

type Problem = Exclude<DashboardView, { ok: true }>;

/** Why a view shows nothing: a filter that could not be read, a combination we do not publish, or a round that is not closed. */
export async function InvalidFilters({
  locale,
  view,
  path,
  searchParams,
}: {
  locale: Locale;
  view: Problem;
  path: string;
  searchParams?: Record<string, string | string[] | undefined>;
}) {
  const t = await getTranslations({ locale, namespace: "dashboard" });
  const base = `/${locale}/dashboard${path}`;
  const kept: Filters = {};
  for (const key of ["m", "lang", "age", "gender", "time", "module", "question"] as const) {
    const v = searchParams?.[key];
    if (typeof v === "string" && /^[a-z0-9_.-]{1,80}$/i.test(v)) (kept as Record<string, string>)[key] = v;
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="alert" role="alert">
        {view.problem === "closedRoundNeeded"
          ? t("closedRoundNeeded")
          : view.problem === "unreadable"
            ? t("invalidFilters", { names: view.invalid.join(", ") })
            : t(`problem_${view.problem}`)}
      </p>
      {view.problem === "closedRoundNeeded" ? (
        view.finalRounds.length ? (
          <ul>
            {view.finalRounds.map((r) => (
              <li key={r.id}>
                <a href={`${base}${filterQuery(kept, { round: r.id })}`}>{r.name}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("noFinalRounds")}</p>
        )
      ) : null}
      <p>
        <a href={`${base}${filterQuery({ m: kept.m })}`}>{t("clear")}</a>
      </p>
    </>
  );
}
