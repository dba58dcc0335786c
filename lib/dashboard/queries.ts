/**
 * The dashboards' data functions. Each takes a DashboardScope, which only dashboardScope() makes after
 * checking the user's role and municipality, and suppresses small groups before returning: nothing below
 * k respondents ever leaves these functions. Aggregation happens in PostgreSQL; shares, tests and
 * suppression in the pure functions beside this file.
 */
import { type RawBuilder, sql } from "kysely";
import type { Db } from "@/lib/db";
import { AccessDenied, inScope, type Principal, regionWideRoles } from "@/lib/auth/policy";
import type { BatteryContent, Question } from "@/lib/battery/schema";
import type { Filters } from "./filters";
import { type MaskLabels, maskText } from "./masking";
import { meanWithCi, type ProportionTest, twoProportionTest } from "./stats";
import { type SafeCell, type SafeCount, safeCount, suppressBreakdown } from "./suppression";

declare const scopeBrand: unique symbol;
/** A checked view: the municipality shown beside the region (null: the region alone), k and the filters. */
export type DashboardScope = { municipality: string | null; k: number; filters: Filters; readonly [scopeBrand]: true };

/** The only way to a DashboardScope: staff get their own municipality, coordinators and admins any or the region. */
export function dashboardScope(principal: Principal, filters: Filters, k: number): DashboardScope {
  const requested = filters.m ?? (principal.role === "staff" ? (principal.municipalityCode ?? undefined) : undefined);
  if (!["admin", "coordinator", "staff"].includes(principal.role)) throw new AccessDenied("forbidden");
  if (requested === undefined && !regionWideRoles.includes(principal.role)) throw new AccessDenied("forbidden");
  if (requested !== undefined && !inScope(principal, requested)) throw new AccessDenied("forbidden");
  return { municipality: requested ?? null, k, filters } as DashboardScope;
}

/** The responses a view covers, as SQL conditions on response r. */
function responseConditions(f: Filters): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (f.round) c.push(sql`r.survey_id = ${f.round}`);
  if (f.version) c.push(sql`r.battery_version_id = ${f.version}`);
  if (f.from) c.push(sql`r.submitted_on >= ${`${f.from}-01`}::date`);
  if (f.to) c.push(sql`r.submitted_on < (${`${f.to}-01`}::date + interval '1 month')`);
  if (f.lang) c.push(sql`r.locale = ${f.lang}`);
  if (f.mode === "self") c.push(sql`r.mode = 'self'`);
  if (f.mode === "assisted") c.push(sql`r.mode = 'assisted'`);
  if (f.mode === "handover") c.push(sql`cardinality(r.handover_questions) > 0`);
  const profile = (question: string, value: string | undefined) => {
    if (value) c.push(sql`exists (select 1 from answer p where p.response_id = r.id and p.question_key = ${question} and p.item_key = '' and p.choice = ${value})`);
  };
  profile("bg.age_band", f.age);
  profile("bg.gender", f.gender);
  profile("bg.time_in_sweden", f.time);
  return c;
}

function where(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

/** "here" is the chosen municipality; every row also counts for the region. */
function hereFlag(scope: DashboardScope): RawBuilder<boolean> {
  return scope.municipality ? sql<boolean>`(r.municipality_code = ${scope.municipality})` : sql<boolean>`false`;
}

export type Pair<T> = { here: T | null; region: T };

export type Source = "auto" | "raw" | "tally";

/** Whether a view can be answered from the tallies: they are kept by round, month, language and mode. */
export function tallyCompatible(f: Filters): boolean {
  return !f.version && !f.age && !f.gender && !f.time && f.mode !== "handover";
}

function readsTallies(f: Filters, source: Source): boolean {
  return source === "tally" || (source === "auto" && tallyCompatible(f));
}

function tallyConditions(f: Filters, kind: "response" | "answer"): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (f.round) c.push(sql`t.survey_id = ${f.round}`);
  if (f.from) c.push(sql`t.month >= ${`${f.from}-01`}::date`);
  if (f.to) c.push(sql`t.month <= ${`${f.to}-01`}::date`);
  if (f.lang) c.push(sql`t.locale = ${f.lang}`);
  if (f.mode === "self") c.push(kind === "response" ? sql`t.mode = 'self'` : sql`t.mode_group = 'self'`);
  if (f.mode === "assisted") c.push(kind === "response" ? sql`t.mode = 'assisted'` : sql`t.mode_group in ('assisted', 'handover')`);
  return c;
}

function tallyHere(scope: DashboardScope): RawBuilder<boolean> {
  return scope.municipality ? sql<boolean>`(t.municipality_code = ${scope.municipality})` : sql<boolean>`false`;
}

// ---------- Overview

export type Overview = {
  total: Pair<SafeCount>;
  byMonth: { month: string; here: SafeCount | null; region: SafeCount }[];
  byLanguage: Pair<SafeCell[]>;
  byMode: Pair<SafeCell<"self" | "assisted">[]>;
  handover: Pair<SafeCount>;
  byRound: { id: number; name: string; here: SafeCount | null; region: SafeCount }[];
};

export async function fetchOverview(db: Db, scope: DashboardScope, source: Source = "auto"): Promise<Overview> {
  const counted = readsTallies(scope.filters, source)
    ? sql`
        select ${tallyHere(scope)} as here, t.month, t.locale, t.mode, t.handover, t.survey_id, sum(t.n)::int as n
        from (select * from response_tally union all select * from response_tally_delta) t ${where(tallyConditions(scope.filters, "response"))}
        group by 1, 2, 3, 4, 5, 6`
    : sql`
        select ${hereFlag(scope)} as here, date_trunc('month', r.submitted_on)::date as month, r.locale, r.mode,
               cardinality(r.handover_questions) > 0 as handover, r.survey_id, count(*)::int as n
        from response r ${where(responseConditions(scope.filters))}
        group by 1, 2, 3, 4, 5, 6`;
  // Each breakdown summed in the database: a hundred rows to read instead of thousands at a million responses
  // (integer sums, and months formatted once per month rather than once per row: both showed in the plan).
  type Row = { here: boolean; dimension: "month" | "locale" | "mode" | "round" | "handover"; key: string; n: number };
  const { rows } = await sql<Row>`
    with c as (${counted})
    select here, 'month' as dimension, to_char(month, 'YYYY-MM') as key, n from (select here, month, sum(n)::int as n from c group by 1, 2) m
    union all select here, 'locale', locale, sum(n)::int from c group by 1, 3
    union all select here, 'mode', mode, sum(n)::int from c group by 1, 3
    union all select here, 'round', survey_id::text, sum(n)::int from c group by 1, 3
    union all select here, 'handover', handover::text, sum(n)::int from c group by 1, 3`.execute(db);

  /** Counts by key in one breakdown, for "here" (the chosen municipality) or the whole region. */
  const countsOf = (dimension: Row["dimension"], hereOnly: boolean) => {
    const byKey = new Map<string, number>();
    for (const r of rows) if (r.dimension === dimension && (r.here || !hereOnly)) byKey.set(r.key, (byKey.get(r.key) ?? 0) + r.n);
    return byKey;
  };
  const pair = <T>(make: (hereOnly: boolean) => T): Pair<T> => ({ here: scope.municipality ? make(true) : null, region: make(false) });
  const breakdown = <K extends string>(dimension: Row["dimension"], keys: K[]) =>
    pair((hereOnly) => {
      const byKey = countsOf(dimension, hereOnly);
      return suppressBreakdown(keys.map((key) => ({ key, n: byKey.get(key) ?? 0 })), scope.k).cells;
    });
  const keysOf = (dimension: Row["dimension"]) => [...new Set(rows.filter((r) => r.dimension === dimension).map((r) => r.key))].sort();

  const months = keysOf("month");
  const monthCells = breakdown("month", months);
  const rounds = await db.selectFrom("survey").select(["id", "name"]).orderBy("name").execute();
  const roundCells = breakdown("round", rounds.map((s) => String(s.id)));

  return {
    // Every response has a mode: the modes add up to the total.
    total: pair((hereOnly) => safeCount([...countsOf("mode", hereOnly).values()].reduce((a, b) => a + b, 0), scope.k)),
    byMonth: months.map((month, i) => ({ month, here: monthCells.here?.[i] ?? null, region: monthCells.region[i]! })),
    byLanguage: breakdown("locale", keysOf("locale")),
    byMode: breakdown("mode", ["self", "assisted"] as const as ("self" | "assisted")[]),
    handover: pair((hereOnly) => safeCount(countsOf("handover", hereOnly).get("true") ?? 0, scope.k)),
    byRound: rounds
      .map((s, i) => ({ id: s.id, name: s.name, here: roundCells.here?.[i] ?? null, region: roundCells.region[i]! }))
      .filter((r) => r.region.suppressed || r.region.n > 0),
  };
}

// ---------- Questions of a module

export type QuestionStats = {
  slot: string;
  question: Question;
  itemKey: string;
  /** Respondents who answered (any answer, special ones included). */
  answered: Pair<SafeCount>;
  /** Per option, then dont_know and no_answer; for multiple choice each option counts respondents choosing it. */
  cells: Pair<SafeCell[]>;
  mean: Pair<{ mean: number; low: number; high: number; n: number } | null>;
};

type ValueRow = { here: boolean; question_key: string; item_key: string; value: string; n: number };

/** Per question, item and value: how many answers, here and elsewhere; '*' rows say how many answered at all. */
async function moduleRows(db: Db, scope: DashboardScope, keys: string[], source: Source): Promise<{ rows: ValueRow[]; answeredRows: ValueRow[] }> {
  let all: ValueRow[];
  if (readsTallies(scope.filters, source)) {
    const conditions = tallyConditions(scope.filters, "answer");
    // Unfiltered by round, month, language or mode (how every dashboard opens), the rollup holds the same sums in
    // a few hundred rows per module where the tallies hold hundreds of thousands at a million responses.
    const kept = conditions.length ? sql`answer_tally` : sql`answer_rollup`;
    const columns = sql`municipality_code, question_key, item_key, value, n${conditions.length ? sql`, survey_id, month, locale, mode_group` : sql``}`;
    all = (
      await sql<ValueRow>`
        select ${tallyHere(scope)} as here, t.question_key, t.item_key, t.value, sum(t.n)::int as n
        from (select ${columns} from ${kept} where question_key = any(${keys})
              union all
              select ${columns} from answer_tally_delta where question_key = any(${keys})) t
        ${where(conditions)}
        group by 1, 2, 3, 4`.execute(db)
    ).rows;
  } else {
    all = (
      await sql<ValueRow>`
        with r as (select r.id, r.municipality_code from response r ${where(responseConditions(scope.filters))})
        select ${hereFlag(scope)} as here, a.question_key, a.item_key, v.value, count(*)::int as n
        from answer a join r on r.id = a.response_id
        cross join lateral unnest(array['*'] || coalesce(a.choices, array[coalesce(a.choice, a.special)])) as v(value)
        where a.question_key = any(${keys})
        group by 1, 2, 3, 4`.execute(db)
    ).rows;
  }
  return { rows: all.filter((r) => r.value !== "*"), answeredRows: all.filter((r) => r.value === "*") };
}

export async function fetchModuleStats(
  db: Db,
  scope: DashboardScope,
  content: BatteryContent,
  moduleKey: string,
  catalogueKeys: string[],
  source: Source = "auto",
): Promise<QuestionStats[] | null> {
  const batteryModule = content.modules.find((m) => m.key === moduleKey);
  if (!batteryModule) return null;
  const keys = batteryModule.questions.filter((q) => q.type !== "text").map((q) => q.key);
  const { rows, answeredRows } = keys.length ? await moduleRows(db, scope, keys, source) : { rows: [], answeredRows: [] };

  const out: QuestionStats[] = [];
  for (const question of batteryModule.questions) {
    if (question.type === "text") continue;
    const options =
      question.type === "scale"
        ? (content.scales[question.scale ?? ""]?.options.map((o) => o.key) ?? [])
        : question.type === "yesno"
          ? ["yes", "no"]
          : question.optionsFrom === "catalogue"
            ? [...catalogueKeys, ...(question.options ?? []).map((o) => o.key)]
            : question.optionsFrom === "municipalities"
              ? [...new Set(rows.filter((r) => r.question_key === question.key).map((r) => r.value))].filter((v) => /^\d{4}$/.test(v)).sort()
              : (question.options ?? []).map((o) => o.key);
    const values = [...options, ...(question.type === "scale" ? ["dont_know"] : []), "no_answer"];
    const items = question.repeatFor ? [...new Set(answeredRows.filter((r) => r.question_key === question.key).map((r) => r.item_key))].sort() : [""];
    for (const itemKey of items) {
      const mine = rows.filter((r) => r.question_key === question.key && r.item_key === itemKey);
      const answered = answeredRows.filter((r) => r.question_key === question.key && r.item_key === itemKey);
      const count = (pred: (r: { here: boolean }) => boolean, value: string) => mine.filter((r) => pred(r) && r.value === value).reduce((s, r) => s + r.n, 0);
      const answeredCount = (pred: (r: { here: boolean }) => boolean) => answered.filter(pred).reduce((s, r) => s + r.n, 0);
      const cellsFor = (pred: (r: { here: boolean }) => boolean): SafeCell[] => {
        const cells = values.map((key) => ({ key, n: count(pred, key) }));
        // Multiple choice: each option is its own yes/no breakdown of those who answered.
        if (question.type === "multi") {
          const total = answeredCount(pred);
          return cells.map((c) => {
            const pairCells = suppressBreakdown([{ key: c.key, n: c.n }, { key: "rest", n: total - c.n }], scope.k).cells;
            return { ...pairCells[0]!, key: c.key };
          });
        }
        return suppressBreakdown(cells, scope.k).cells;
      };
      const meanFor = (pred: (r: { here: boolean }) => boolean) => {
        if (question.type !== "scale") return null;
        const scale = content.scales[question.scale ?? ""]!;
        const m = meanWithCi(scale.options.map((o) => ({ value: o.value, n: count(pred, o.key) })));
        return m && m.n >= scope.k ? m : null;
      };
      const isHere = (r: { here: boolean }) => r.here;
      const all = () => true;
      out.push({
        slot: itemKey ? `${question.key}#${itemKey}` : question.key,
        question,
        itemKey,
        answered: { here: scope.municipality ? safeCount(answeredCount(isHere), scope.k) : null, region: safeCount(answeredCount(all), scope.k) },
        cells: { here: scope.municipality ? cellsFor(isHere) : null, region: cellsFor(all) },
        mean: { here: scope.municipality ? meanFor(isHere) : null, region: meanFor(all) },
      });
    }
  }
  return out;
}

// ---------- Mode gap

export type ModeGroup = "self" | "assisted" | "handover";
export type ModeGapRow = {
  question: Question;
  groups: Record<ModeGroup, { n: SafeCount; positive: number | null }>;
  /** Self-completed against all ambassador interviews (assisted and private together). */
  test: ProportionTest | null;
};

export async function fetchModeGap(db: Db, scope: DashboardScope, content: BatteryContent, source: Source = "auto"): Promise<ModeGapRow[]> {
  const scaleQuestions = content.modules.flatMap((m) => m.questions).filter((q) => q.type === "scale" && !q.repeatFor);
  const keys = scaleQuestions.map((q) => q.key);
  const filters = { ...scope.filters, mode: undefined };
  type Row = { question_key: string; grp: ModeGroup; choice: string; n: number };
  let rows: Row[];
  if (readsTallies(filters, source)) {
    const conditions = [sql`t.question_key = any(${keys})`, sql`t.item_key = ''`, sql`t.value not in ('*', 'dont_know', 'no_answer')`, ...tallyConditions(filters, "answer")];
    if (scope.municipality) conditions.push(sql`t.municipality_code = ${scope.municipality}`);
    rows = (
      await sql<Row>`
        select t.question_key, t.mode_group as grp, t.value as choice, sum(t.n)::int as n
        from (select survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n from answer_tally where question_key = any(${keys})
              union all
              select survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n from answer_tally_delta where question_key = any(${keys})) t
        ${where(conditions)}
        group by 1, 2, 3`.execute(db)
    ).rows;
  } else {
    const conditions = responseConditions(filters);
    if (scope.municipality) conditions.push(sql`r.municipality_code = ${scope.municipality}`);
    rows = (
      await sql<Row>`
        with r as (select r.id, r.mode from response r ${where(conditions)})
        select a.question_key, case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end as grp,
               a.choice, count(*)::int as n
        from answer a join r on r.id = a.response_id
        where a.question_key = any(${keys}) and a.value is not null
        group by 1, 2, 3`.execute(db)
    ).rows;
  }
  const out: ModeGapRow[] = [];
  for (const question of scaleQuestions) {
    const positive = new Set(content.scales[question.scale ?? ""]?.positive ?? []);
    const tally = (grp: ModeGroup) => {
      const mine = rows.filter((r) => r.question_key === question.key && r.grp === grp);
      return { n: mine.reduce((s, r) => s + r.n, 0), x: mine.filter((r) => positive.has(r.choice)).reduce((s, r) => s + r.n, 0) };
    };
    const t = { self: tally("self"), assisted: tally("assisted"), handover: tally("handover") };
    const group = (g: { n: number; x: number }) => {
      const n = safeCount(g.n, scope.k);
      return { n, positive: n.suppressed || g.n === 0 ? null : g.x / g.n };
    };
    const ambassador = { n: t.assisted.n + t.handover.n, x: t.assisted.x + t.handover.x };
    const testable = t.self.n >= scope.k && ambassador.n >= scope.k;
    out.push({
      question,
      groups: { self: group(t.self), assisted: group(t.assisted), handover: group(t.handover) },
      test: testable ? twoProportionTest(t.self.x, t.self.n, ambassador.x, ambassador.n) : null,
    });
  }
  // Where answers look rosier when given to the municipality: the largest significant gaps first.
  return out.sort((a, b) => Number(b.test?.significant ?? false) - Number(a.test?.significant ?? false) || (b.test?.difference ?? -2) - (a.test?.difference ?? -2));
}

// ---------- Free text

export async function fetchTexts(db: Db, scope: DashboardScope, questionKey: string, labels: MaskLabels, limit = 200): Promise<{ count: SafeCount; texts: string[] | null }> {
  const conditions = responseConditions(scope.filters);
  if (scope.municipality) conditions.push(sql`r.municipality_code = ${scope.municipality}`);
  const { rows } = await sql<{ text: string }>`
    with r as (select r.id from response r ${where(conditions)})
    select a.text from answer a join r on r.id = a.response_id
    where a.question_key = ${questionKey} and a.text is not null
    order by md5(a.response_id::text)`.execute(db);
  const count = safeCount(rows.length, scope.k);
  if (count.suppressed || rows.length === 0) return { count, texts: count.suppressed ? null : [] };
  // Ordered by a hash of the id, not by time, so the list says nothing about who answered when.
  return { count, texts: rows.slice(0, limit).map((r) => maskText(r.text, labels)) };
}
