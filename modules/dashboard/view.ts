/**
 * What every dashboard page and export starts from: the filters from the URL, the checked scope and the battery,
 * for a principal the guard has let in. Pages come through loadDashboardView (page-view.ts), the export route with
 * the principal it guarded; both resolve here, so an export can never see more than its page.
 */
import { latestRegionalContent } from "@/modules/authoring/versions";
import type { Principal } from "@/lib/auth/policy";
import {
  type BatteryContent,
  localModuleContentSchema,
  type LocalizedText,
  questionWithRole,
} from "@/lib/battery/schema";
import type { Db } from "@/lib/db";
import { rules, type Rules } from "@/lib/disclosure/figure";
import { locales } from "@/lib/i18n/locales";
import { type Filters, type GroupFilterKey, readFilters } from "./filters";
import {
  type DashboardScope,
  dashboardScope,
  fetchRounds,
  lastPublished,
  type Round,
  roundsFor,
  type ViewKind,
} from "./scope";

export type ResolvedView = {
  ok: true;
  principal: Principal;
  scope: DashboardScope;
  filters: Filters;
  content: BatteryContent;
  catalogueKeys: string[];
  /** Labels of the local modules' interventions (latest versions), by key. */
  catalogue: Map<string, LocalizedText>;
  municipalities: { code: string; name: string }[];
  /** The rounds the user may choose, newest first; `allRounds` names every round for the region column. */
  rounds: Round[];
  allRounds: Round[];
  placeName: string;
  regionName: string;
  updated: { here: string | null; region: string | null };
};

export type DashboardView =
  | ResolvedView
  | { ok: false; principal: Principal; problem: "unreadable" | "oneGroup"; invalid: string[] }
  | { ok: false; principal: Principal; problem: "closedRoundNeeded"; finalRounds: Round[] };

/** The option keys of a group dimension, from the battery (the questions with the roles age, gender, time in Sweden). */
export function groupValuesOf(content: BatteryContent): (dim: GroupFilterKey) => string[] {
  return (dim) => {
    if (dim === "lang") return [...locales];
    if (dim === "mode") return ["self", "assisted", "handover"];
    const role = dim === "age" ? "age" : dim === "gender" ? "gender" : "time_in_sweden";
    return (questionWithRole(content, role)?.options ?? []).map((o) => o.key);
  };
}

export class NotFound extends Error {}

/**
 * Resolves a view for a principal the caller has already guarded. Throws AccessDenied or NotFound. `rules` replaces
 * the region's disclosure rules: only the attack suite does that, to show its attacks succeed without them.
 */
export async function resolveDashboardView(
  db: Db,
  principal: Principal,
  searchParams: Record<string, string | string[] | undefined>,
  options: { rules?: Rules; kind?: ViewKind } = {},
): Promise<DashboardView> {
  const reading = readFilters(searchParams);
  if (!reading.ok) return { ok: false, principal, problem: reading.problem, invalid: reading.invalid };
  const [region, municipalities, allRounds, content] = await Promise.all([
    db.selectFrom("region").select(["name", "k_threshold", "k_text"]).executeTakeFirstOrThrow(),
    db.selectFrom("municipality").select(["code", "name"]).orderBy("name").execute(),
    fetchRounds(db),
    latestRegionalContent(db),
  ]);
  const filters = reading.filters;
  if (filters.m && !municipalities.some((m) => m.code === filters.m)) throw new NotFound();
  if (filters.round && !allRounds.some((r) => r.id === filters.round)) throw new NotFound();
  const values = groupValuesOf(content);
  for (const dim of ["age", "gender", "time"] as const) {
    const v = filters[dim];
    if (v !== undefined && !values(dim).includes(v))
      return { ok: false, principal, problem: "unreadable", invalid: [dim] };
  }
  const outcome = await dashboardScope(
    db,
    principal,
    filters,
    options.rules ?? rules(region.k_threshold, region.k_text),
    allRounds,
    values,
    options.kind ?? "counts",
  );
  if (!outcome.ok) return { ok: false, principal, problem: "closedRoundNeeded", finalRounds: outcome.rounds };
  const scope = outcome.scope;
  const locals = await db
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["v.content", "b.municipality_code", "v.version"])
    .where("b.kind", "=", "local")
    .$if(scope.municipality !== null, (q) => q.where("b.municipality_code", "=", scope.municipality!))
    .orderBy("v.version", "asc")
    .execute();
  const catalogue = new Map<string, LocalizedText>();
  for (const l of locals)
    for (const c of localModuleContentSchema.parse(l.content).catalogue) catalogue.set(c.key, c.label);
  return {
    ok: true,
    principal,
    scope,
    filters: scope.filters,
    content,
    catalogueKeys: [...catalogue.keys()],
    catalogue,
    municipalities,
    rounds: roundsFor(principal, allRounds),
    allRounds,
    placeName: municipalities.find((m) => m.code === scope.municipality)?.name ?? region.name,
    regionName: region.name,
    updated: await lastPublished(db, scope.municipality),
  };
}
