/**
 * A dashboard view's scope: whose figures (a municipality beside the region, or the region alone), over which
 * rounds, for which group, and which of its two columns may be shown at all. Only dashboardScope() makes one,
 * after checking the user's role and municipality; every data function takes one. The rules (README "Disclosure
 * control"):
 *
 * - Staff see their own municipality and may choose only rounds that include it; coordinators and admins see
 *   any municipality or the region.
 * - "The region" is shown beside a municipality only when it aggregates at least 3 other municipalities (with
 *   published responses in the view), so that it never amounts to one other municipality's results.
 * - Answers (questions, the mode gap, free text, the report) are shown for one closed round whose figures are
 *   final; response counts for any round, or all. One group at a time; a language, age band, gender or time in
 *   Sweden needs a final round as well, and within it a group is shown only where the group table of that round
 *   allows (lib/disclosure/groups).
 */
import { sql } from "kysely";
import { AccessDenied, inScope, type Principal, regionWideRoles } from "@/lib/auth/policy";
import type { Db } from "@/lib/db";
import { EMPTY, perturb, type RawCell, type Rules } from "@/lib/disclosure/figure";
import { protectGroups } from "@/lib/disclosure/groups";
import { closedRoundFilterKeys, type Filters, groupFilter, type GroupFilterKey } from "./filters";

export type Round = { id: number; name: string; final: boolean; closesAt: Date; municipalities: string[] };

/** Why a column is not shown. */
export type ColumnAbsence = "groupTooSmall" | "fewMunicipalities" | "notChosen";

declare const scopeBrand: unique symbol;
export type DashboardScope = {
  /** The municipality shown beside the region; null: the region alone. */
  municipality: string | null;
  rules: Rules;
  filters: Filters;
  /** The rounds the view covers; null: all rounds (response counts only). */
  surveys: number[] | null;
  /** Answers: exactly one final round. Counts: any. */
  kind: ViewKind;
  /** The group the view is narrowed to: a respondent group (closed round only) or a mode. */
  group: { dim: GroupFilterKey; value: string } | null;
  here: { shown: true } | { shown: false; why: ColumnAbsence };
  region: { shown: true } | { shown: false; why: ColumnAbsence };
  readonly [scopeBrand]: true;
};

/** What a view shows: response counts (which may cover open rounds) or answers (one final round). */
export type ViewKind = "counts" | "answers";

/** Answers are read for one final round only; a data function handed any other scope refuses. */
export function assertAnswerScope(scope: DashboardScope): void {
  if (scope.kind !== "answers" || scope.surveys?.length !== 1)
    throw new Error("answers are shown for one final round only");
}

export type ScopeOutcome =
  { ok: true; scope: DashboardScope } | { ok: false; problem: "closedRoundNeeded"; rounds: Round[] };

export async function fetchRounds(db: Db): Promise<Round[]> {
  const rows = await db
    .selectFrom("survey as s")
    .leftJoin("survey_municipality as sm", "sm.survey_id", "s.id")
    .select([
      "s.id",
      "s.name",
      "s.figures_final_on",
      "s.closes_at",
      sql<
        string[]
      >`coalesce(array_agg(sm.municipality_code order by sm.municipality_code) filter (where sm.municipality_code is not null), '{}')`.as(
        "municipalities",
      ),
    ])
    .groupBy("s.id")
    .orderBy("s.opens_at", "desc")
    .orderBy("s.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    final: r.figures_final_on !== null,
    closesAt: r.closes_at,
    municipalities: r.municipalities,
  }));
}

/** The rounds a user may choose: staff only those that include their municipality. */
export function roundsFor(principal: Principal, rounds: Round[]): Round[] {
  if (regionWideRoles.includes(principal.role)) return rounds;
  const own = principal.municipalityCode;
  return rounds.filter((r) => own !== null && r.municipalities.includes(own));
}

type Totals = Map<string, Map<string, RawCell>>; // dim_value -> municipality -> cell

/** Published respondents per municipality in the rounds, for each value of a dimension ('' for all). */
async function groupTotals(db: Db, dim: string, surveys: number[] | null): Promise<Totals> {
  const { rows } = await sql<{ dim_value: string; municipality_code: string; n: number; key: number }>`
    select dim_value, municipality_code, sum(n)::float8 as n, (sum(ksum) % 4294967296)::float8 as key
    from published_response_tally
    where dim = ${dim} and breakdown = 'total' ${surveys ? sql`and survey_id = any(${surveys}::int[])` : sql``}
    group by 1, 2`.execute(db);
  const out: Totals = new Map();
  for (const r of rows) {
    const byMunicipality = out.get(r.dim_value) ?? new Map<string, RawCell>();
    byMunicipality.set(r.municipality_code, { n: r.n, key: r.key });
    out.set(r.dim_value, byMunicipality);
  }
  return out;
}

/** Other municipalities the region's figure covers: those whose (perturbed, so protected) count is not zero. */
function othersWithResponses(
  byMunicipality: Map<string, RawCell> | undefined,
  own: string | null,
  rules: Rules,
): number {
  let count = 0;
  for (const [code, cell] of byMunicipality ?? []) if (code !== "" && code !== own && perturb(cell, rules) > 0) count++;
  return count;
}

/** The latest round whose figures are final among those given, if any. */
export function latestFinal(rounds: Round[]): Round | undefined {
  return [...rounds]
    .filter((r) => r.final)
    .sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime() || b.id - a.id)[0];
}

export async function dashboardScope(
  db: Db,
  principal: Principal,
  filters: Filters,
  rules: Rules,
  rounds: Round[],
  groupValues: (dim: GroupFilterKey) => string[],
  kind: ViewKind = "counts",
): Promise<ScopeOutcome> {
  if (!["admin", "coordinator", "staff"].includes(principal.role)) throw new AccessDenied("forbidden");
  const requested = filters.m ?? (principal.role === "staff" ? (principal.municipalityCode ?? undefined) : undefined);
  if (requested === undefined && !regionWideRoles.includes(principal.role)) throw new AccessDenied("forbidden");
  if (requested !== undefined && !inScope(principal, requested)) throw new AccessDenied("forbidden");
  const mine = roundsFor(principal, rounds);
  if (filters.round !== undefined && !mine.some((r) => r.id === filters.round)) throw new AccessDenied("forbidden");
  const municipality = requested ?? null;

  const group = groupFilter(filters);
  const closedRoundGroup = group && (closedRoundFilterKeys as readonly string[]).includes(group.dim);
  // Answers, and any respondent group, need a final round: the one asked for, or for answers the latest one.
  const needsFinal = kind === "answers" || closedRoundGroup;
  let roundId = filters.round;
  if (needsFinal) {
    if (roundId === undefined && kind === "answers") roundId = latestFinal(mine)?.id;
    const round = rounds.find((r) => r.id === roundId);
    if (!round || !round.final) return { ok: false, problem: "closedRoundNeeded", rounds: mine.filter((r) => r.final) };
  }
  const surveys = roundId !== undefined ? [roundId] : null;
  const base = { municipality, rules, filters: { ...filters, round: roundId }, surveys, group, kind };

  const dim = closedRoundGroup ? group!.dim : group?.dim === "mode" ? "mode" : "";
  const totals = await groupTotals(db, dim, surveys);
  const value = closedRoundGroup || group?.dim === "mode" ? group!.value : "";
  let hereShown = true;
  let regionShown = true;
  if (closedRoundGroup) {
    // The group table of this round: every municipality with published responses in it, every value of the dimension.
    const codes = [...new Set([...totals.values()].flatMap((m) => [...m.keys()]))];
    const values = [...new Set([...groupValues(group!.dim), ...totals.keys()])];
    const visibility = protectGroups(
      {
        municipalities: codes.map((key) => ({ key, choosable: key !== "" })),
        values: values.map((key) => ({ key, choosable: key !== "none" && groupValues(group!.dim).includes(key) })),
        cell: (m, v) => totals.get(v)?.get(m) ?? EMPTY,
        regionCell: (v) =>
          [...(totals.get(v)?.values() ?? [])].reduce(
            (s, c) => ({ n: s.n + c.n, key: (s.key + c.key) % 4294967296 }),
            EMPTY,
          ),
      },
      rules,
    );
    hereShown = municipality !== null && visibility.shown(municipality, value);
    regionShown = visibility.regionShown(value);
  }
  const here: DashboardScope["here"] =
    municipality === null
      ? { shown: false, why: "notChosen" }
      : hereShown
        ? { shown: true }
        : { shown: false, why: "groupTooSmall" };
  let region: DashboardScope["region"] = regionShown ? { shown: true } : { shown: false, why: "groupTooSmall" };
  if (region.shown && municipality !== null && othersWithResponses(totals.get(value), municipality, rules) < 3)
    region = { shown: false, why: "fewMunicipalities" };
  return { ok: true, scope: { ...base, here, region } as DashboardScope };
}

/** The day each place's figures were last published: the municipality's, and the region's latest. */
export async function lastPublished(
  db: Db,
  municipality: string | null,
): Promise<{ here: string | null; region: string | null }> {
  const { rows } = await sql<{ here: string | null; region: string | null }>`
    select to_char(max(published_on) filter (where municipality_code = ${municipality ?? "----"}), 'YYYY-MM-DD') as here,
           to_char(max(published_on), 'YYYY-MM-DD') as region
    from publication`.execute(db);
  return { here: rows[0]?.here ?? null, region: rows[0]?.region ?? null };
}
