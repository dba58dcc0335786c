/**
 * One loader per dashboard view: the page renders what it returns and the export writes its tables, so a file can
 * never hold a figure the screen does not (or more of them).
 */
import { pickText } from "@/lib/battery/text";
import type { Db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";
import {
  fetchModeGap,
  fetchModuleStats,
  fetchOverview,
  fetchTexts,
  type ModeGapRow,
  type Overview,
  type QuestionStats,
} from "./queries";
import {
  type Formatter,
  formatter,
  type LabelContext,
  modeGapTable,
  overviewTables,
  type Places,
  questionTable,
  type Table,
  type Translate,
} from "./tables";
import type { ResolvedView } from "./view";

export type ViewContext = {
  view: ResolvedView;
  locale: Locale;
  t: Translate;
  f: Formatter;
  places: Places;
  labels: LabelContext;
};

export function viewContext(view: ResolvedView, locale: Locale, t: Translate): ViewContext {
  return {
    view,
    locale,
    t,
    f: formatter(locale, view.scope.rules.k, t),
    places: {
      here: view.scope.here.shown ? view.placeName : null,
      region: view.scope.region.shown ? view.regionName : null,
    },
    labels: { content: view.content, locale, catalogue: view.catalogue },
  };
}

export async function loadOverview(db: Db, ctx: ViewContext): Promise<{ overview: Overview; tables: Table[] }> {
  const overview = await fetchOverview(db, ctx.view.scope, ctx.view.rounds);
  return { overview, tables: overviewTables(overview, { places: ctx.places, t: ctx.t, f: ctx.f, locale: ctx.locale }) };
}

export async function loadQuestions(
  db: Db,
  ctx: ViewContext,
  moduleKey: string,
): Promise<{ stats: QuestionStats[]; tables: Table[] } | null> {
  const stats = await fetchModuleStats(db, ctx.view.scope, ctx.view.content, moduleKey, ctx.view.catalogueKeys);
  if (!stats) return null;
  return {
    stats,
    tables: stats.map((s) => questionTable(s, { ...ctx.labels, places: ctx.places, t: ctx.t, f: ctx.f })),
  };
}

export async function loadModeGap(db: Db, ctx: ViewContext): Promise<{ rows: ModeGapRow[]; table: Table }> {
  const rows = await fetchModeGap(db, ctx.view.scope, ctx.view.content);
  return { rows, table: modeGapTable(rows, { t: ctx.t, f: ctx.f, locale: ctx.locale }) };
}

export function textQuestions(ctx: ViewContext) {
  return ctx.view.content.modules.flatMap((m) => m.questions).filter((q) => q.type === "text");
}

/** The free text of a view: from the closed rounds it covers (`closedRounds`, none when it covers only open ones). */
export async function loadTexts(db: Db, ctx: ViewContext, questionKey: string) {
  const final = ctx.view.rounds.filter((r) => r.final).map((r) => r.id);
  const closedRounds = (ctx.view.scope.surveys ?? final).filter((id) => final.includes(id));
  const result = await fetchTexts(db, ctx.view.scope, closedRounds, questionKey, {
    phone: ctx.t("mask_phone"),
    email: ctx.t("mask_email"),
    personalNumber: ctx.t("mask_personalNumber"),
  });
  return { ...result, closedRounds };
}

/** The tables of a view as an export writes them: "overview", "mode-gap" or "questions:<module>". */
export async function exportTables(db: Db, ctx: ViewContext, view: string): Promise<Table[] | null> {
  if (view === "overview") return (await loadOverview(db, ctx)).tables;
  if (view === "mode-gap") return [(await loadModeGap(db, ctx)).table];
  if (view.startsWith("questions:"))
    return (await loadQuestions(db, ctx, view.slice("questions:".length)))?.tables ?? null;
  return null;
}

/** The title of a module in the staff user's language. */
export function moduleTitle(ctx: ViewContext, key: string): string {
  const m = ctx.view.content.modules.find((x) => x.key === key);
  return m ? pickText(m.title, ctx.locale).text : key;
}
