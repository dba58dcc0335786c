/** What every dashboard page starts from: the guard, the filters from the URL, the checked scope and the battery. */
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import type { Principal } from "@/lib/auth/policy";
import { batteryContentSchema, type BatteryContent } from "@/lib/battery/schema";
import { getDb } from "@/lib/db";
import { localModuleContentSchema } from "@/lib/battery/schema";
import type { Locale } from "@/lib/i18n/locales";
import { type Filters, readFilters } from "./filters";
import { type DashboardScope, dashboardScope } from "./queries";
import { foldTallies } from "./tallies";

export type DashboardView =
  | { ok: false; principal: Principal; invalid: string[] }
  | {
      ok: true;
      principal: Principal;
      scope: DashboardScope;
      filters: Filters;
      content: BatteryContent;
      catalogueKeys: string[];
      municipalities: { code: string; name: string }[];
      rounds: { id: number; name: string }[];
      placeName: string;
      regionName: string;
    };

export async function loadDashboardView(locale: Locale, searchParams: Record<string, string | string[] | undefined>): Promise<DashboardView> {
  const reading = readFilters(searchParams);
  const requested = reading.ok ? reading.filters.m : undefined;
  const principal = await requirePage({ roles: ["admin", "coordinator", "staff"], ...(requested ? { municipality: requested } : {}) }, locale);
  if (!reading.ok) return { ok: false, principal, invalid: reading.invalid };
  const db = getDb();
  // Move pending tally deltas into the tallies first (skipped if another request is already doing it).
  await foldTallies(db);
  const [region, municipalities, rounds, version] = await Promise.all([
    db.selectFrom("region").select(["name", "k_threshold"]).executeTakeFirstOrThrow(),
    db.selectFrom("municipality").select(["code", "name"]).orderBy("name").execute(),
    db.selectFrom("survey").select(["id", "name"]).orderBy("name").execute(),
    db
      .selectFrom("battery_version as v")
      .innerJoin("battery as b", "b.id", "v.battery_id")
      .select(["v.content"])
      .where("b.kind", "=", "regional")
      .orderBy("v.version", "desc")
      .executeTakeFirstOrThrow(),
  ]);
  if (requested && !municipalities.some((m) => m.code === requested)) notFound();
  if (reading.filters.round && !rounds.some((r) => r.id === reading.filters.round)) notFound();
  const scope = dashboardScope(principal, reading.filters, region.k_threshold);
  const locals = await db
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["v.content"])
    .where("b.kind", "=", "local")
    .$if(scope.municipality !== null, (q) => q.where("b.municipality_code", "=", scope.municipality!))
    .execute();
  const catalogueKeys = [...new Set(locals.flatMap((l) => localModuleContentSchema.parse(l.content).catalogue.map((c) => c.key)))];
  return {
    ok: true,
    principal,
    scope,
    filters: reading.filters,
    content: batteryContentSchema.parse(version.content),
    catalogueKeys,
    municipalities,
    rounds,
    placeName: municipalities.find((m) => m.code === scope.municipality)?.name ?? region.name,
    regionName: region.name,
  };
}
