import { pickText } from "@/lib/battery/text";
import { AccessDenied, requireRoute } from "@/lib/auth/guard";
import { readFilters } from "@/lib/dashboard/filters";
import { dashboardScope, fetchModeGap, fetchModuleStats, fetchOverview } from "@/lib/dashboard/queries";
import { formatter, modeGapTable, overviewTables, questionTable, type Table, toCsv } from "@/lib/dashboard/tables";
import { dashboardTranslator } from "@/lib/dashboard/translate";
import { toXlsx } from "@/lib/dashboard/xlsx";
import { getDb } from "@/lib/db";
import { batteryContentSchema, localModuleContentSchema } from "@/lib/battery/schema";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { referenceCatalogue } from "@/lib/seed/reference-battery";

/**
 * CSV of exactly the aggregates a dashboard view shows (same scope check, same suppression, same tables).
 * ?view=overview | mode-gap | questions:<module>, plus the view's filters and locale.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams);
  const { view = "overview", locale: rawLocale = "sv", format = "csv", ...filterParams } = params;
  if (format !== "csv" && format !== "xlsx") return Response.json({ error: "unknown_format" }, { status: 400 });
  const locale: Locale = isLocale(rawLocale) ? rawLocale : "sv";
  const reading = readFilters(filterParams);
  if (!reading.ok) return Response.json({ error: "invalid_filters", invalid: reading.invalid }, { status: 400 });
  const principal = await requireRoute({ roles: ["admin", "coordinator", "staff"], ...(reading.filters.m ? { municipality: reading.filters.m } : {}) });
  if (principal instanceof Response) return principal;
  const db = getDb();
  const region = await db.selectFrom("region").select(["name", "k_threshold"]).executeTakeFirstOrThrow();
  let scope;
  try {
    scope = dashboardScope(principal, reading.filters, region.k_threshold);
  } catch (err) {
    if (err instanceof AccessDenied) return Response.json({ error: "forbidden" }, { status: 403 });
    throw err;
  }
  const municipality = scope.municipality ? await db.selectFrom("municipality").select("name").where("code", "=", scope.municipality).executeTakeFirst() : null;
  if (scope.municipality && !municipality) return Response.json({ error: "unknown_municipality" }, { status: 404 });
  const place = municipality?.name ?? null;
  const t = await dashboardTranslator(locale);
  const f = formatter(locale, scope.k, t);
  const version = await db.selectFrom("battery_version as v").innerJoin("battery as b", "b.id", "v.battery_id").select("v.content").where("b.kind", "=", "regional").orderBy("v.version", "desc").executeTakeFirstOrThrow();
  const content = batteryContentSchema.parse(version.content);

  let tables: Table[];
  if (view === "overview") {
    tables = overviewTables(await fetchOverview(db, scope), { place, region: region.name, t, f, locale });
  } else if (view === "mode-gap") {
    tables = [modeGapTable(await fetchModeGap(db, scope, content), { t, f, locale })];
  } else if (view.startsWith("questions:")) {
    const locals = await db.selectFrom("battery_version as v").innerJoin("battery as b", "b.id", "v.battery_id").select("v.content").where("b.kind", "=", "local").execute();
    const catalogueKeys = [...new Set(locals.flatMap((l) => localModuleContentSchema.parse(l.content).catalogue.map((c) => c.key)))];
    const stats = await fetchModuleStats(db, scope, content, view.slice("questions:".length), catalogueKeys);
    if (!stats) return Response.json({ error: "unknown_module" }, { status: 404 });
    const catalogue = new Map(referenceCatalogue().map((c) => [c.key, pickText(c.label, locale).text]));
    tables = stats.map((s) => questionTable(s, { place, region: region.name, t, f, locale, content, catalogue }));
  } else {
    return Response.json({ error: "unknown_view" }, { status: 400 });
  }
  await db.insertInto("audit_log").values({ actor_id: principal.id, action: `export.${format}`, target: view, details: JSON.stringify({ filters: reading.filters }) }).execute();
  const name = `${(place ?? region.name).toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${view.replace(/[^a-z0-9]+/g, "-")}.${format}`;
  const headers = { "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" };
  if (format === "xlsx") {
    return new Response(Buffer.from(toXlsx(tables)), { headers: { ...headers, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
  }
  return new Response(toCsv(tables), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
}
