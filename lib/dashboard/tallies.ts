/**
 * Keeping the dashboard aggregates: deltas written in the same transaction as a response (or its
 * withdrawal), folded into the tallies by whoever reads first, and a from-scratch recount to rebuild
 * or to check them.
 */
import { sql } from "kysely";
import type { Db } from "@/lib/db";

type Tx = Db;

/** What one answer row counts towards: '*' (answered at all) and each value it holds (none for free text). */
const answerValues = sql`array['*'] || case when a.text is not null then array[]::text[] else coalesce(a.choices, array[coalesce(a.choice, a.special)]) end`;

/** The tally rows one stored response contributes, computed in SQL from its own rows (sign +1 or -1). */
export async function addResponseDeltas(trx: Tx, responseId: string, sign: 1 | -1): Promise<void> {
  await sql`
    insert into response_tally_delta (survey_id, municipality_code, month, locale, mode, handover, n)
    select survey_id, coalesce(municipality_code, ''), date_trunc('month', submitted_on)::date, locale, mode,
           cardinality(handover_questions) > 0, ${sign}
    from response where id = ${responseId}`.execute(trx);
  await sql`
    insert into answer_tally_delta (survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n)
    select r.survey_id, coalesce(r.municipality_code, ''), date_trunc('month', r.submitted_on)::date, r.locale,
           case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end,
           a.question_key, a.item_key, v.value, ${sign}
    from response r join answer a on a.response_id = r.id
    cross join lateral unnest(${answerValues}) as v(value)
    where r.id = ${responseId}`.execute(trx);
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
      with moved as (delete from answer_tally_delta returning *)
      insert into answer_tally (survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n)
      select survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, sum(n) from moved
      group by survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value
      on conflict (question_key, municipality_code, survey_id, month, locale, mode_group, item_key, value) do update set n = answer_tally.n + excluded.n`.execute(trx);
  });
}

/** Throws the tallies away and counts everything again from the responses and answers. */
export async function rebuildTallies(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    await sql`truncate response_tally, response_tally_delta, answer_tally, answer_tally_delta`.execute(trx);
    await sql`
      insert into response_tally (survey_id, municipality_code, month, locale, mode, handover, n)
      select survey_id, coalesce(municipality_code, ''), date_trunc('month', submitted_on)::date, locale, mode,
             cardinality(handover_questions) > 0, count(*)
      from response group by 1, 2, 3, 4, 5, 6`.execute(trx);
    await sql`
      insert into answer_tally (survey_id, municipality_code, month, locale, mode_group, question_key, item_key, value, n)
      select r.survey_id, coalesce(r.municipality_code, ''), date_trunc('month', r.submitted_on)::date, r.locale,
             case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end,
             a.question_key, a.item_key, v.value, count(*)
      from response r join answer a on a.response_id = r.id
      cross join lateral unnest(${answerValues}) as v(value)
      group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(trx);
  });
}
