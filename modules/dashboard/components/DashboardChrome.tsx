import { getTranslations } from "next-intl/server";
import { pickText } from "@/lib/battery/text";
import { questionWithRole } from "@/lib/battery/schema";
import { type Filters, filterQuery } from "@/modules/dashboard/filters";
import type { ResolvedView } from "@/modules/dashboard/view";
import { localeTable, locales, type Locale } from "@/lib/i18n/locales";

type Props = {
  locale: Locale;
  view: ResolvedView;
  current: "overview" | "questions" | "mode-gap" | "texts" | "report";
  exportView?: string;
};

/**
 * Tabs, the municipality chooser and the filters (a plain GET form, so every view is a shareable link), and what
 * disclosure control did to this view: when it was published, and why a column is missing.
 */
export async function DashboardChrome({ locale, view, current, exportView }: Props) {
  const t = await getTranslations({ locale, namespace: "dashboard" });
  const { filters, principal, scope } = view;
  const base = `/${locale}/dashboard`;
  const tabs = [
    ["overview", base, t("overview")],
    ["questions", `${base}/questions`, t("questions")],
    ["mode-gap", `${base}/mode-gap`, t("modeGap")],
    ["texts", `${base}/texts`, t("texts")],
  ] as const;
  const keep = filterQuery({ ...filters, module: undefined, question: undefined });
  const select = (name: keyof Filters, label: string, options: [string, string][], any = true) => (
    <div>
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={String(filters[name] ?? "")}>
        {any ? <option value="">{t("any")}</option> : null}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const roleOptions = (role: "age" | "gender" | "time_in_sweden"): [string, string][] =>
    (questionWithRole(view.content, role)?.options ?? []).map((o) => [o.key, pickText(o.label, locale).text]);
  const regionWide = principal.role !== "staff";
  const exportQuery = filterQuery({ ...filters });
  const absence = (place: string, shown: ResolvedView["scope"]["here"]) =>
    shown.shown || shown.why === "notChosen" ? null : t(`absent_${shown.why}`, { place });
  const notes = [absence(view.placeName, scope.here), absence(view.regionName, scope.region)].filter(
    (n): n is string => n !== null,
  );
  return (
    <>
      <nav aria-label={t("title")} className="tabs no-print">
        <ul>
          {tabs.map(([key, href, label]) => (
            <li key={key}>
              <a href={`${href}${keep}`} aria-current={current === key ? "page" : undefined}>
                {label}
              </a>
            </li>
          ))}
          <li>
            <a href={`${base}/report${keep}`} aria-current={current === "report" ? "page" : undefined}>
              {t("report")}
            </a>
          </li>
          {regionWide ? (
            <li>
              <a href={`${base}/ambassadors`}>{t("ambassadors")}</a>
            </li>
          ) : null}
          {exportView
            ? (["csv", "xlsx"] as const).map((format) => (
                <li key={format}>
                  <a
                    href={`/api/dashboard/export${exportQuery || "?"}${exportQuery ? "&" : ""}view=${exportView}&locale=${locale}&format=${format}`}
                    download
                  >
                    {format === "csv" ? t("exportCsv") : t("exportXlsx")}
                  </a>
                </li>
              ))
            : null}
        </ul>
      </nav>
      <form method="get" className="filters no-print" aria-label={t("filters")}>
        {regionWide
          ? select(
              "m",
              t("chooseMunicipality"),
              view.municipalities.map((m) => [m.code, m.name]),
            )
          : null}
        {/* Answers are shown for one closed round at a time; response counts for any round, or all. */}
        {select(
          "round",
          t("round"),
          view.rounds
            .filter((r) => current === "overview" || r.final)
            .map((r) => [String(r.id), r.final ? t("roundFinal", { name: r.name }) : r.name]),
          current === "overview",
        )}
        {select(
          "lang",
          t("language"),
          locales.map((l) => [l, localeTable[l].nativeName]),
        )}
        {select("age", t("age"), roleOptions("age"))}
        {select("gender", t("gender"), roleOptions("gender"))}
        {select("time", t("time"), roleOptions("time_in_sweden"))}
        {select("mode", t("mode"), [
          ["self", t("mode_self")],
          ["assisted", t("mode_assisted")],
          ["handover", t("mode_handover")],
        ])}
        {filters.module ? <input type="hidden" name="module" value={filters.module} /> : null}
        {filters.question ? <input type="hidden" name="question" value={filters.question} /> : null}
        <div className="filter-actions">
          <button type="submit">{t("apply")}</button>
          <a
            href={`${base}${current === "overview" ? "" : `/${current}`}${filterQuery({ m: regionWide ? filters.m : undefined })}`}
          >
            {t("clear")}
          </a>
        </div>
        <p className="hint">{t("filterRules")}</p>
      </form>
      <div className="hint">
        <p>{t("protectionNote", { k: scope.rules.k })}</p>
        <p>
          {view.updated.here || view.updated.region
            ? t("updatedOn", {
                date: (scope.municipality ? view.updated.here : view.updated.region) ?? view.updated.region ?? "",
              })
            : t("notYetPublished")}
        </p>
      </div>
      {notes.map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}
    </>
  );
}
