/** A dashboard page's view: the guard (with the requested municipality), then the view resolution. */
import { forbidden, notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { AccessDenied } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";
import type { ViewKind } from "./scope";
import { type DashboardView, NotFound, resolveDashboardView } from "./view";

/** Unknown municipality or round is "not found"; a round or municipality outside the user's scope is forbidden. */
export async function loadDashboardView(
  locale: Locale,
  searchParams: Record<string, string | string[] | undefined>,
  kind: ViewKind = "counts",
): Promise<DashboardView> {
  const m = typeof searchParams.m === "string" && /^\d{4}$/.test(searchParams.m) ? searchParams.m : undefined;
  const principal = await requirePage(
    { roles: ["admin", "coordinator", "staff"], ...(m ? { municipality: m } : {}) },
    locale,
  );
  try {
    return await resolveDashboardView(getDb(), principal, searchParams, { kind });
  } catch (err) {
    if (err instanceof NotFound) notFound();
    if (err instanceof AccessDenied) forbidden();
    throw err;
  }
}
