/**
 * Keeping the dashboard aggregates: deltas written in the same statement as a response (or in the transaction of
 * its withdrawal), folded into the tallies and the rollup by whoever reads first, and a from-scratch recount to
 * rebuild or to check them.
 */
import { sql } from "kysely";
import type { Db } from "@/lib/db";

type Tx = Db;

/** What one answer row counts towards: '*' (answered at all) and each value it holds (none for free text). */
const answerValues = sql`array['*'] || case when a.text is not null then array[]::text[] else coalesce(a.choices, array[coalesce(a.choice, a.special)]) end`;

/**
 * The columns of a response row that its tallies are kept by, named as deltaInserts reads them from `r`: for a
 * select from response, or for the RETURNING clause of the insert that stores it.
 */
export const tallyKeyColumns = sql`id, survey_id, coalesce(municipality_code, '') as municipality_code, date_trunc('month', submitted_on)::date as month,
  locale, mode, cardinality(handover_questions) > 0 as handover`;

/** The answer columns deltaInserts reads from `a`. */
export const tallyAnswerColumns = sql`question_key, item_key, text, choices, choice, special, in_handover`;

/**
 * Two data-modifying CTEs (for a WITH list) that add the tally rows of the response in CTE `r` (tallyKeyColumns)
 * and its answers in CTE `a` (tallyAnswerColumns), with sign +1 or -1.
 */
export function deltaInserts(sign: 1 | -1) {
  return sql`
    response_deltas as (
      insert into response_tally_delta (survey_id, municipality_code, month, locale, mode, handover, n)
      select survey_id, municipality_code, month, locale, mode, handover, ${sign}::int from r
    ),
    answer_deltas as (
      insert into answer_tally_delta (survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n)
      select r.survey_id, r.municipality_code, r.month, r.locale,
             case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end,
             a.question_key, a.item_key, v.value, ${sign}::int
      from r cross join a
      cross join lateral unnest(${answerValues}) as v(value)
    )`;
}

/** The tally rows one stored response contributes, computed in SQL from its own rows: one statement for both delta tables. */
export function responseDeltas(responseId: string, sign: 1 | -1) {
  return sql`
    with r as (select ${tallyKeyColumns} from response where id = ${responseId}),
    a as (select ${tallyAnswerColumns} from answer where response_id = ${responseId}),
    ${deltaInserts(sign)}
    select count(*) from r`;
}

export async function addResponseDeltas(trx: Tx, responseId: string, sign: 1 | -1): Promise<void> {
  await responseDeltas(responseId, sign).execute(trx);
}

/** Moves pending deltas into the tallies. One folder at a time; readers never wait for it. */
export async function foldTallies(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(4242001) as locked`.execute(trx);
    if (!rows[0]?.locked) return;
    await sql`
      with moved as (delete from response_tally_delta returning *)
      insert into response_tally (survey_id, municipality_code, month, locale, mode, handover, n)
      select survey_id, municipality_code, month, locale, mode, handover, sum(n) from moved
      group by survey_id, municipality_code, month, locale, mode, handover
      on conflict (survey_id, municipality_code, month, locale, mode, handover) do update set n = response_tally.n + excluded.n`.execute(trx);
    await sql`
      with moved as (delete from answer_tally_delta returning *),
      tallied as (
        insert into answer_tally (survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n)
        select survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, sum(n) from moved
        group by survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value
        on conflict (question_key, municipality_code, survey_id, month, locale, mode_group, item_key, value) do update set n = answer_tally.n + excluded.n
      )
      insert into answer_rollup (question_key, municipality_code, item_key, value, n)
      select question_key, municipality_code, item_key, value, sum(n) from moved
      group by question_key, municipality_code, item_key, value
      on conflict (question_key, municipality_code, item_key, value) do update set n = answer_rollup.n + excluded.n`.execute(trx);
  });
}

/** The rollup counted again from the answer tallies (after they were rebuilt or bulk-loaded). */
export async function rebuildRollup(trx: Tx): Promise<void> {
  await sql`truncate answer_rollup`.execute(trx);
  await sql`
    insert into answer_rollup (question_key, municipality_code, item_key, value, n)
    select question_key, municipality_code, item_key, value, sum(n) from answer_tally
    group by question_key, municipality_code, item_key, value
    order by question_key, municipality_code, item_key, value`.execute(trx);
}

/**
 * Throws the tallies away and counts everything again from the responses and answers. Answers are first counted
 * by what they hold (tens of millions of rows to a few hundred thousand groups, in one in-memory hash table
 * rather than a sort spilled to disk), then each group is spread over the values it counts towards. The tallies
 * are written in key order, so each question's rows sit together on disk for the dashboards' reads.
 */
export async function rebuildTallies(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    await sql`set local work_mem = '256MB'`.execute(trx);
    await sql`truncate response_tally, response_tally_delta, answer_tally, answer_tally_delta, answer_rollup`.execute(trx);
    await sql`
      insert into response_tally (survey_id, municipality_code, month, locale, mode, handover, n)
      select survey_id, coalesce(municipality_code, ''), date_trunc('month', submitted_on)::date, locale, mode,
             cardinality(handover_questions) > 0, count(*)
      from response group by 1, 2, 3, 4, 5, 6
      order by 1, 2, 3, 4, 5, 6`.execute(trx);
    // The planner expects as many groups as answers here and would sort them all; there are far fewer.
    await sql`set local enable_sort = off`.execute(trx);
    await sql`
      create temp table answer_count on commit drop as
      select r.survey_id, coalesce(r.municipality_code, '') as municipality_code, date_trunc('month', r.submitted_on)::date as month, r.locale,
             case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end as mode_group,
             a.question_key, a.item_key, a.text is not null as is_text, a.choice, a.choices, a.special, count(*) as n
      from response r join answer a on a.response_id = r.id
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`.execute(trx);
    await sql`set local enable_sort = on`.execute(trx);
    await sql`
      insert into answer_tally (survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n)
      select c.survey_id, c.municipality_code, c.month, c.locale, c.mode_group, c.question_key, c.item_key, v.value, sum(c.n)
      from answer_count c
      cross join lateral unnest(array['*'] || case when c.is_text then array[]::text[] else coalesce(c.choices, array[coalesce(c.choice, c.special)]) end) as v(value)
      group by c.question_key, c.municipality_code, c.survey_id, c.month, c.locale, c.mode_group, c.item_key, v.value
      order by c.question_key, c.municipality_code, c.survey_id, c.month, c.locale, c.mode_group, c.item_key, v.value`.execute(trx);
    await rebuildRollup(trx);
  });
}
