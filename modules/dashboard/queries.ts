/**
 * The dashboards' data functions. Each takes a DashboardScope (see scope.ts), reads the published tallies, and
 * hands out nothing but Figures made by the disclosure layer (lib/disclosure): perturbed counts, hidden where small,
 * and shares, means and tests computed from those alone. A column the scope does not allow is not read at all.
 */
import { type RawBuilder, sql } from "kysely";
import type { BatteryContent, Question } from "@/lib/battery/schema";
import type { Db } from "@/lib/db";
import { type ProtectedBreakdown, type ProtectedCell, protectBreakdown, shareOf } from "@/lib/disclosure/breakdown";
import { addRaw, EMPTY, estimate, type Figure, protectCount, type RawCell, subtractRaw } from "@/lib/disclosure/figure";
import { meanOfFigures, type ProtectedProportionTest, proportionTestOfFigures } from "@/lib/disclosure/stats";
import { type MaskLabels, maskText } from "./masking";
import { assertAnswerScope, type DashboardScope, type Round } from "./scope";

export type Pair<T> = { here: T | null; region: T | null };
type Place = "here" | "region";

/** Key sums come back reduced mod 2^32 (as float8: exact below 2^53). */
const keyOf = sql`(sum(ksum) % 4294967296)::float8`;

function placeFlag(scope: DashboardScope): RawBuilder<boolean> {
  return scope.municipality ? sql<boolean>`(municipality_code = ${scope.municipality})` : sql<boolean>`false`;
}

function surveyCondition(scope: DashboardScope): RawBuilder<unknown> {
  return scope.surveys ? sql`and survey_id = any(${scope.surveys}::int[])` : sql``;
}

/** A cell of "here" (the chosen municipality) or of the region (every row). */
function cellOf<R extends { here: boolean; n: number; key: number }>(
  rows: R[],
  place: Place,
  pred: (r: R) => boolean,
): RawCell {
  let cell = EMPTY;
  for (const r of rows) if ((place === "region" || r.here) && pred(r)) cell = addRaw(cell, { n: r.n, key: r.key });
  return cell;
}

function pairOf<T>(scope: DashboardScope, make: (place: Place) => T): Pair<T> {
  return { here: scope.here.shown ? make("here") : null, region: scope.region.shown ? make("region") : null };
}

// ---------- Overview

export type Overview = {
  total: Pair<Figure>;
  handover: Pair<Figure>;
  byMonth: { month: string; here: Figure | null; region: Figure | null }[];
  byLanguage: Pair<ProtectedBreakdown>;
  byMode: Pair<ProtectedBreakdown<"self" | "assisted">>;
  byRound: { id: number; name: string; here: Figure | null; region: Figure | null }[];
};

/**
 * Responses by month, language, mode and round. `rounds` are the rounds the user may choose; a round's region figure
 * beside a municipality is given only where the round covers at least 3 other municipalities (otherwise it would be
 * another municipality's count).
 */
export async function fetchOverview(db: Db, scope: DashboardScope, rounds: Round[]): Promise<Overview> {
  const dim = scope.group?.dim ?? "";
  const value = scope.group?.value ?? "";
  type Row = { here: boolean; breakdown: string; key_value: string; survey_id: number; n: number; key: number };
  const { rows } = await sql<Row>`
    select ${placeFlag(scope)} as here, breakdown, key as key_value, survey_id, sum(n)::float8 as n, ${keyOf} as key
    from published_response_tally
    where dim = ${dim} and dim_value = ${value} ${surveyCondition(scope)}
    group by 1, 2, 3, 4`.execute(db);
  const of = (breakdown: string) => rows.filter((r) => r.breakdown === breakdown);
  const totalRaw = (place: Place) => cellOf(of("total"), place, () => true);
  const breakdown = <K extends string>(name: string, keys: K[]) =>
    pairOf(scope, (place) =>
      protectBreakdown(
        keys.map((key) => ({ key, raw: cellOf(of(name), place, (r) => r.key_value === key) })),
        totalRaw(place),
        scope.rules,
      ),
    );
  const keysOf = (name: string) => [...new Set(of(name).map((r) => r.key_value))].sort();
  const months = keysOf("month");
  const monthCells = breakdown("month", months);
  const roundIds = [...new Set(of("total").map((r) => r.survey_id))];
  const shownRounds = rounds.filter((r) => roundIds.includes(r.id));
  const roundCells = pairOf(scope, (place) =>
    protectBreakdown(
      shownRounds.map((r) => ({ key: String(r.id), raw: cellOf(of("total"), place, (row) => row.survey_id === r.id) })),
      totalRaw(place),
      scope.rules,
    ),
  );
  return {
    total: pairOf(scope, (place) => protectCount(totalRaw(place), scope.rules)),
    handover: pairOf(scope, (place) =>
      protectCount(
        cellOf(of("handover"), place, () => true),
        scope.rules,
      ),
    ),
    byMonth: months.map((month, i) => ({
      month,
      here: monthCells.here?.cells[i]?.figure ?? null,
      region: monthCells.region?.cells[i]?.figure ?? null,
    })),
    byLanguage: breakdown("locale", keysOf("locale")),
    byMode: breakdown("mode", ["self", "assisted"] as ("self" | "assisted")[]),
    byRound: shownRounds.map((r, i) => ({
      id: r.id,
      name: r.name,
      here: roundCells.here?.cells[i]?.figure ?? null,
      region:
        scope.municipality && r.municipalities.filter((m) => m !== scope.municipality).length < 3
          ? null
          : (roundCells.region?.cells[i]?.figure ?? null),
    })),
  };
}

// ---------- Questions of a module

export type Mean = { mean: number; low: number; high: number; n: number };
export type QuestionStats = {
  slot: string;
  question: Question;
  itemKey: string;
  /** Respondents who answered (any answer, special ones included). */
  answered: Pair<Figure>;
  /** Per option, then dont_know and no_answer; for multiple choice each option counts respondents choosing it. */
  cells: Pair<ProtectedCell[]>;
  mean: Pair<Mean | null>;
};

type ValueRow = { here: boolean; question_key: string; item_key: string; value: string; n: number; key: number };

function modeGroupCondition(scope: DashboardScope): RawBuilder<unknown> {
  if (scope.group?.dim === "mode") return sql`and mode_group = ${scope.group.value}`;
  return sql``;
}

/** The published answer tallies of some questions in a view: per question, item and value ('*': answered at all). */
async function answerRows(db: Db, scope: DashboardScope, keys: string[]): Promise<ValueRow[]> {
  const respondentGroup = scope.group && scope.group.dim !== "mode" ? scope.group : null;
  const { rows } = await sql<ValueRow>`
    select ${placeFlag(scope)} as here, question_key, item_key, value, sum(n)::float8 as n, ${keyOf} as key
    from published_answer_tally
    where dim = ${respondentGroup?.dim ?? ""} and dim_value = ${respondentGroup?.value ?? ""} and question_key = any(${keys}::text[])
      ${surveyCondition(scope)} ${modeGroupCondition(scope)}
    group by 1, 2, 3, 4`.execute(db);
  return rows;
}

/** The answer values a question's table lists: its options, then "don't know" (scales) and "prefer not to say". */
export function valuesOf(
  question: Question,
  content: BatteryContent,
  catalogueKeys: string[],
  seen: string[],
): string[] {
  const options =
    question.type === "scale"
      ? (content.scales[question.scale ?? ""]?.options.map((o) => o.key) ?? [])
      : question.type === "yesno"
        ? ["yes", "no"]
        : question.optionsFrom === "catalogue"
          ? [...catalogueKeys, ...(question.options ?? []).map((o) => o.key)]
          : question.optionsFrom === "municipalities"
            ? [...new Set(seen)].filter((v) => /^\d{4}$/.test(v)).sort()
            : (question.options ?? []).map((o) => o.key);
  return [...options, ...(question.type === "scale" ? ["dont_know"] : []), "no_answer"];
}

export async function fetchModuleStats(
  db: Db,
  scope: DashboardScope,
  content: BatteryContent,
  moduleKey: string,
  catalogueKeys: string[],
): Promise<QuestionStats[] | null> {
  assertAnswerScope(scope);
  const batteryModule = content.modules.find((m) => m.key === moduleKey);
  if (!batteryModule) return null;
  const keys = batteryModule.questions.filter((q) => q.type !== "text").map((q) => q.key);
  const all = keys.length && (scope.here.shown || scope.region.shown) ? await answerRows(db, scope, keys) : [];
  const rows = all.filter((r) => r.value !== "*");
  const answeredRows = all.filter((r) => r.value === "*");

  const out: QuestionStats[] = [];
  for (const question of batteryModule.questions) {
    if (question.type === "text") continue;
    const values = valuesOf(
      question,
      content,
      catalogueKeys,
      rows.filter((r) => r.question_key === question.key).map((r) => r.value),
    );
    const items = question.repeatFor
      ? [...new Set(answeredRows.filter((r) => r.question_key === question.key).map((r) => r.item_key))].sort()
      : [""];
    for (const itemKey of items) {
      const mine = rows.filter((r) => r.question_key === question.key && r.item_key === itemKey);
      const answered = (place: Place) =>
        cellOf(answeredRows, place, (r) => r.question_key === question.key && r.item_key === itemKey);
      const count = (place: Place, value: string) => cellOf(mine, place, (r) => r.value === value);
      const cellsFor = (place: Place): ProtectedCell[] => {
        const total = answered(place);
        // Multiple choice: each option is its own breakdown of those who answered (chose it, or not).
        if (question.type === "multi") {
          return values.map((key) => {
            const chose = count(place, key);
            const pair = protectBreakdown(
              [
                { key, raw: chose },
                { key: "rest", raw: subtractRaw(total, chose) },
              ],
              total,
              scope.rules,
              { smallGroups: true },
            );
            return pair.cells[0]!;
          });
        }
        return protectBreakdown(
          values.map((key) => ({ key, raw: count(place, key) })),
          total,
          scope.rules,
          { smallGroups: true },
        ).cells;
      };
      const cells = pairOf(scope, cellsFor);
      const meanFor = (place: Place, placeCells: ProtectedCell[] | null): Mean | null => {
        if (question.type !== "scale" || !placeCells) return null;
        const scale = content.scales[question.scale ?? ""]!;
        const m = meanOfFigures(
          scale.options.map((o) => ({ value: o.value, figure: placeCells.find((c) => c.key === o.key)!.figure })),
        );
        return m && m.n >= scope.rules.k ? m : null;
      };
      out.push({
        slot: itemKey ? `${question.key}#${itemKey}` : question.key,
        question,
        itemKey,
        answered: pairOf(scope, (place) => protectCount(answered(place), scope.rules)),
        cells,
        mean: { here: meanFor("here", cells.here), region: meanFor("region", cells.region) },
      });
    }
  }
  return out;
}

// ---------- Mode gap

export type ModeGroup = "self" | "assisted" | "handover";
export type ModeGapRow = {
  question: Question;
  groups: Record<ModeGroup, { n: Figure; positive: number | null }>;
  /** Self-completed against all ambassador interviews (aloud and in private together). */
  test: ProtectedProportionTest | null;
};

/** Per scale question: the share of positive answers on one's own, aloud to an ambassador and in private, for the view's place. */
export async function fetchModeGap(db: Db, scope: DashboardScope, content: BatteryContent): Promise<ModeGapRow[]> {
  assertAnswerScope(scope);
  const scaleQuestions = content.modules.flatMap((m) => m.questions).filter((q) => q.type === "scale" && !q.repeatFor);
  const place: Place = scope.municipality ? "here" : "region";
  // Never narrowed to a group: the mode gap is itself a breakdown by mode.
  if (
    scope.group !== null ||
    !(place === "here" ? scope.here.shown : scope.region.shown) ||
    scaleQuestions.length === 0
  )
    return [];
  type Row = { here: boolean; question_key: string; mode_group: ModeGroup; value: string; n: number; key: number };
  const { rows } = await sql<Row>`
    select ${placeFlag(scope)} as here, question_key, mode_group, value, sum(n)::float8 as n, ${keyOf} as key
    from published_answer_tally
    where dim = '' and item_key = '' and question_key = any(${scaleQuestions.map((q) => q.key)}::text[])
      and value not in ('*', 'dont_know', 'no_answer') ${surveyCondition(scope)}
      ${scope.municipality ? sql`and municipality_code = ${scope.municipality}` : sql``}
    group by 1, 2, 3, 4`.execute(db);
  const out: ModeGapRow[] = [];
  for (const question of scaleQuestions) {
    const positive = new Set(content.scales[question.scale ?? ""]?.positive ?? []);
    const raw = (groups: ModeGroup[], onlyPositive: boolean) =>
      cellOf(
        rows,
        place,
        (r) =>
          r.question_key === question.key && groups.includes(r.mode_group) && (!onlyPositive || positive.has(r.value)),
      );
    const protect = (groups: ModeGroup[]) => {
      const n = raw(groups, false);
      const x = raw(groups, true);
      return protectBreakdown(
        [
          { key: "positive", raw: x },
          { key: "other", raw: subtractRaw(n, x) },
        ],
        n,
        scope.rules,
        { smallGroups: true },
      );
    };
    const group = (groups: ModeGroup[]) => {
      const b = protect(groups);
      return estimate({ n: b.total, positive: shareOf(b.cells[0]!.figure, b.total) });
    };
    const self = protect(["self"]);
    const ambassador = protect(["assisted", "handover"]);
    // Tested only where both groups and their positive and other answers are shown.
    const testable = [self, ambassador].every(
      (b) => b.total.shown && b.total.value >= scope.rules.k && b.cells.every((c) => c.figure.shown),
    );
    out.push({
      question,
      groups: { self: group(["self"]), assisted: group(["assisted"]), handover: group(["handover"]) },
      test: testable
        ? proportionTestOfFigures(
            self.cells[0]!.figure,
            self.total,
            ambassador.cells[0]!.figure,
            ambassador.total,
            scope.rules.table.params.D,
          )
        : null,
    });
  }
  // Where answers look rosier when given to the municipality: the largest significant gaps first.
  const certain = (r: ModeGapRow) => Number((r.test?.significant && r.test.robust) ?? false);
  return out.sort((a, b) => certain(b) - certain(a) || (b.test?.difference ?? -2) - (a.test?.difference ?? -2));
}

// ---------- Free text

/**
 * The free-text answers to one question, for closed rounds only (whose published answers no longer change), never
 * narrowed to a group, shown only when there are at least kText of them, masked, and in a new random order on
 * every request, so that no list can be lined up with another question's.
 */
export async function fetchTexts(
  db: Db,
  scope: DashboardScope,
  /** The closed rounds of the view, whose figures are final. */
  surveys: number[],
  questionKey: string,
  labels: MaskLabels,
  limit = 200,
): Promise<{ count: Figure; texts: string[] | null }> {
  assertAnswerScope(scope);
  const place: Place = scope.municipality ? "here" : "region";
  const allowed =
    scope.group === null && (place === "here" ? scope.here.shown : scope.region.shown) && surveys.length > 0;
  const { rows } = allowed
    ? await sql<{ text: string; record_key: string }>`
        select a.text, r.record_key from answer a join response r on r.id = a.response_id
        where a.question_key = ${questionKey} and a.text is not null and a.published and r.survey_id = any(${surveys}::int[])
          ${scope.municipality ? sql`and r.municipality_code = ${scope.municipality}` : sql``}`.execute(db)
    : { rows: [] as { text: string; record_key: string }[] };
  const raw: RawCell = { n: rows.length, key: rows.reduce((s, r) => (s + Number(r.record_key)) % 4294967296, 0) };
  const count = protectCount(raw, scope.rules);
  if (rows.length === 0) return { count, texts: [] };
  if (rows.length < scope.rules.kText || !count.shown) return { count, texts: null };
  const texts = rows.map((r) => r.text);
  shuffle(texts);
  return { count, texts: texts.slice(0, limit).map((t) => maskText(t, labels)) };
}

/** Fisher-Yates with the platform's cryptographic random source. */
function shuffle<T>(items: T[]): void {
  const random = new Uint32Array(items.length);
  crypto.getRandomValues(random);
  for (let i = items.length - 1; i > 0; i--) {
    const j = random[i]! % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
