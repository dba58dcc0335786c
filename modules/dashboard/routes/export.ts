import { AccessDenied, requireRoute } from "@/lib/auth/guard";
import { recordAudit } from "@/modules/admin/audit";
import { exportTables, viewContext } from "@/modules/dashboard/loaders";
import { toCsv } from "@/modules/dashboard/tables";
import { dashboardTranslator } from "@/modules/dashboard/translate";
import { NotFound, resolveDashboardView } from "@/modules/dashboard/view";
import { toXlsx } from "@/modules/dashboard/xlsx";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";

/**
 * CSV or XLSX of exactly the tables a dashboard view shows: the same guard, the same view resolution and the same
 * loader as its page. ?view=overview | mode-gap | questions:<module>, plus the view's filters and locale.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const {
    view = "overview",
    locale: rawLocale = "sv",
    format = "csv",
    ...filterParams
  } = Object.fromEntries(url.searchParams);
  if (format !== "csv" && format !== "xlsx") return Response.json({ error: "unknown_format" }, { status: 400 });
  const locale: Locale = isLocale(rawLocale) ? rawLocale : "sv";
  const m = typeof filterParams.m === "string" && /^\d{4}$/.test(filterParams.m) ? filterParams.m : undefined;
  const principal = await requireRoute({ roles: ["admin", "coordinator", "staff"], ...(m ? { municipality: m } : {}) });
  if (principal instanceof Response) return principal;
  const db = getDb();
  let resolved;
  try {
    resolved = await resolveDashboardView(db, principal, filterParams, {
      kind: view === "overview" ? "counts" : "answers",
    });
  } catch (err) {
    if (err instanceof AccessDenied) return Response.json({ error: "forbidden" }, { status: 403 });
    if (err instanceof NotFound) return Response.json({ error: "not_found" }, { status: 404 });
    throw err;
  }
  if (!resolved.ok)
    return Response.json(
      { error: resolved.problem, ...("invalid" in resolved ? { invalid: resolved.invalid } : {}) },
      { status: 400 },
    );
  const ctx = viewContext(resolved, locale, await dashboardTranslator(locale));
  const tables = await exportTables(db, ctx, view);
  if (!tables) return Response.json({ error: "unknown_view" }, { status: 400 });
  await recordAudit(db, {
    actor_id: principal.id,
    action: `export.${format}`,
    target: view,
    details: { filters: resolved.filters },
  });
  const name = `${resolved.placeName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${view.replace(/[^a-z0-9]+/g, "-")}.${format}`;
  const headers = { "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" };
  if (format === "xlsx") {
    return new Response(Buffer.from(toXlsx(tables)), {
      headers: { ...headers, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
  }
  return new Response(toCsv(tables), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
}
