import { getTranslations } from "next-intl/server";
import type { Principal } from "@/lib/auth/policy";
import { type Filters, filterQuery } from "@/lib/dashboard/filters";
import { localeTable, locales, type Locale } from "@/lib/i18n/locales";

type Props = {
  locale: Locale;
  principal: Principal;
  filters: Filters;
  current: "overview" | "questions" | "mode-gap" | "texts" | "report";
  exportView?: string;
  municipalities: { code: string; name: string }[];
  rounds: { id: number; name: string }[];
  k: number;
};

/** Tabs, the municipality chooser and the filters: a plain GET form, so every view is a shareable link. */
export async function DashboardChrome(props: Props) {
  const t = await getTranslations({ locale: props.locale, namespace: "dashboard" });
  const { filters, locale } = props;
  const base = `/${locale}/dashboard`;
  const tabs = [
    ["overview", base, t("overview")],
    ["questions", `${base}/questions`, t("questions")],
    ["mode-gap", `${base}/mode-gap`, t("modeGap")],
    ["texts", `${base}/texts`, t("texts")],
  ] as const;
  const keep = filterQuery({ ...filters, module: undefined, question: undefined });
  const select = (name: keyof Filters, label: string, options: [string, string][]) => (
    <div>
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={String(filters[name] ?? "")}>
        <option value="">{t("any")}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const regionWide = props.principal.role !== "staff";
  return (
    <>
      <nav aria-label={t("title")} className="tabs no-print">
        <ul>
          {tabs.map(([key, href, label]) => (
            <li key={key}>
              <a href={`${href}${keep}`} aria-current={props.current === key ? "page" : undefined}>
                {label}
              </a>
            </li>
          ))}
          <li>
            <a href={`${base}/report${keep}`}>{t("report")}</a>
          </li>
          {regionWide ? (
            <li>
              <a href={`${base}/ambassadors`}>{t("ambassadors")}</a>
            </li>
          ) : null}
          {props.exportView
            ? (["csv", "xlsx"] as const).map((format) => (
                <li key={format}>
                  <a href={`/api/dashboard/export${filterQuery({ ...filters }) || "?"}${filterQuery({ ...filters }) ? "&" : ""}view=${props.exportView}&locale=${locale}&format=${format}`} download>
                    {format === "csv" ? t("exportCsv") : t("exportXlsx")}
                  </a>
                </li>
              ))
            : null}
        </ul>
      </nav>
      <form method="get" className="filters no-print" aria-label={t("filters")}>
        {regionWide ? select("m", t("chooseMunicipality"), props.municipalities.map((m) => [m.code, m.name])) : null}
        {select("round", t("round"), props.rounds.map((r) => [String(r.id), r.name]))}
        <div>
          <label htmlFor="f-from">{t("from")}</label>
          <input id="f-from" name="from" type="month" defaultValue={filters.from ?? ""} />
        </div>
        <div>
          <label htmlFor="f-to">{t("to")}</label>
          <input id="f-to" name="to" type="month" defaultValue={filters.to ?? ""} />
        </div>
        {select("lang", t("language"), locales.map((l) => [l, localeTable[l].nativeName]))}
        {select("age", t("age"), [["16_24", "16–24"], ["25_39", "25–39"], ["40_64", "40–64"], ["65p", "65+"]])}
        {select("gender", t("gender"), [["woman", locale === "sv" ? "Kvinna" : "Woman"], ["man", locale === "sv" ? "Man" : "Man"], ["other", locale === "sv" ? "Annat" : "Other"]])}
        {select("time", t("time"), [["lt1", "< 1"], ["1to2", "1–2"], ["2to5", "2–5"], ["gt5", "> 5"]])}
        {select("mode", t("mode"), [["self", t("mode_self")], ["assisted", t("mode_assisted")], ["handover", t("mode_handover")]])}
        {filters.module ? <input type="hidden" name="module" value={filters.module} /> : null}
        {filters.question ? <input type="hidden" name="question" value={filters.question} /> : null}
        <div className="filter-actions">
          <button type="submit">{t("apply")}</button>
          <a href={`${base}${props.current === "overview" ? "" : `/${props.current}`}${filterQuery({ m: regionWide ? filters.m : undefined })}`}>{t("clear")}</a>
        </div>
      </form>
      <p className="hint">{t("suppressionNote", { k: props.k })}</p>
    </>
  );
}
