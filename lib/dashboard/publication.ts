/**
 * Publication: the dashboards read only published responses and answers, and these move forward in pools that
 * each hold at least k new respondents, so that no figure, compared before and after, moves by fewer than k.
 *
 * - A response pool is a round, a municipality and a mode (self, assisted); an answer pool is a round, a
 *   municipality, a mode group (self, assisted aloud, handover in private), a question and an item. A pool is
 *   published when at least k of its members wait; until then they wait (and a round's last few may never be).
 * - The job publishes at most once a day per municipality (Swedish calendar days), so figures update in batches.
 * - A round that closed at least a week ago (so that interviews finished offline before the close have synced) gets
 *   its figures made final by the first run that has nothing left to publish for it; from then on its figures
 *   never change, which is what lets the dashboards show a closed round's results for one group (one language,
 *   age band...) without before-and-after comparisons. An interview that syncs later still is stored, never shown.
 * - Published tallies only grow: a withdrawal or retention deletes the response, and figures already published,
 *   being anonymous aggregates, keep it.
 *
 * Runs in one transaction under an advisory lock, so two app instances never publish twice. What is published is
 * staged in temporary tables (published_r, published_a, profile) that the tally inserts read: with their own
 * statistics the planner joins them by hash, where common table expressions led it into nested loops.
 */
import { sql } from "kysely";
import { batteryContentSchema, type QuestionRole, questionWithRole } from "@/lib/battery/schema";
import type { Db } from "@/lib/db";
import { swedishDay } from "@/lib/survey/submit";

const LOCK = 4242015;

/** Days after its close before a round's figures become final: interviews finished offline before the close sync meanwhile. */
export const FINAL_AFTER_DAYS = 7;

export type PublicationReport = { municipalities: string[]; responses: number; answers: number; finalRounds: number[]; skipped?: "locked" };

/** The roles used as dashboard groups, and their dimension names in the tallies. */
export const groupDimensions: { dim: "age" | "gender" | "time"; role: QuestionRole }[] = [
  { dim: "age", role: "age" },
  { dim: "gender", role: "gender" },
  { dim: "time", role: "time_in_sweden" },
];

type Keys = { version_id: number; dim: string; question_key: string }[];
type Tx = Db;

/** Each battery version's questions for the group roles: what the tallies read a respondent's groups from. */
export async function roleKeys(db: Db): Promise<Keys> {
  const versions = await db.selectFrom("battery_version").select(["id", "content"]).execute();
  const out: Keys = [];
  for (const v of versions) {
    const parsed = batteryContentSchema.safeParse(v.content);
    if (!parsed.success) continue; // a local module's version
    for (const g of groupDimensions) {
      const q = questionWithRole(parsed.data, g.role);
      if (q) out.push({ version_id: v.id, dim: g.dim, question_key: q.key });
    }
  }
  return out;
}

const responseColumns = sql`id, survey_id, municipality_code, battery_version_id, locale, mode, submitted_on, handover_questions, record_key`;
const answerColumns = sql`response_id, question_key, item_key, choice, choices, special, text, in_handover`;

/** The staging tables, empty, dropped with the transaction. */
async function stage(trx: Tx): Promise<void> {
  await sql`create temp table published_r on commit drop as select ${responseColumns} from response with no data`.execute(trx);
  await sql`create temp table published_a on commit drop as select ${answerColumns} from answer with no data`.execute(trx);
}

/**
 * Each staged response's groups: 'none' where the role question was not answered, answered "prefer not to say",
 * or the version has no such question.
 */
async function stageProfile(trx: Tx, keys: Keys): Promise<void> {
  await sql`analyze published_r`.execute(trx);
  await sql`
    create temp table profile on commit drop as
    with role_keys as (select * from json_to_recordset(${JSON.stringify(keys)}::json) as k(version_id int, dim text, question_key text))
    select r.id,
           coalesce(max(a.choice) filter (where k.dim = 'age'), 'none') as age,
           coalesce(max(a.choice) filter (where k.dim = 'gender'), 'none') as gender,
           coalesce(max(a.choice) filter (where k.dim = 'time'), 'none') as time
    from published_r r
    left join role_keys k on k.version_id = r.battery_version_id
    left join answer a on a.response_id = r.id and a.question_key = k.question_key and a.item_key = '' and a.choice is not null
    group by r.id`.execute(trx);
  await sql`analyze profile`.execute(trx);
}

/** Adds the responses in published_r (with their groups in profile) to the response tallies. */
export function responseTallyInsert(options: { upsert: boolean } = { upsert: true }) {
  return sql`
    insert into published_response_tally (survey_id, municipality_code, dim, dim_value, breakdown, key, n, ksum)
    select r.survey_id, coalesce(r.municipality_code, ''), d.dim, d.dim_value, b.breakdown, b.key, count(*), sum(r.record_key)
    from published_r r
    join profile p on p.id = r.id
    cross join lateral (values ('', ''), ('lang', r.locale), ('age', p.age), ('gender', p.gender), ('time', p.time), ('mode', r.mode),
                               ('mode', case when cardinality(r.handover_questions) > 0 then 'handover' end)) as d(dim, dim_value)
    cross join lateral (values ('total', ''), ('month', to_char(r.submitted_on, 'YYYY-MM')), ('locale', r.locale), ('mode', r.mode),
                               ('handover', case when cardinality(r.handover_questions) > 0 then 'true' end)) as b(breakdown, key)
    where d.dim_value is not null and b.key is not null
    group by 1, 2, 3, 4, 5, 6
    ${
      options.upsert
        ? sql`on conflict (dim, dim_value, breakdown, survey_id, municipality_code, key)
              do update set n = published_response_tally.n + excluded.n, ksum = published_response_tally.ksum + excluded.ksum`
        : sql``
    }`;
}

/** Adds the answers in published_a (of the responses in published_r, with their groups in profile) to the answer tallies. */
function answerTallyInsert() {
  return sql`
    insert into published_answer_tally (survey_id, municipality_code, mode_group, dim, dim_value, question_key, item_key, value, n, ksum)
    select r.survey_id, coalesce(r.municipality_code, ''), d.mode_group, d.dim, d.dim_value, a.question_key, a.item_key, v.value, count(*), sum(r.record_key)
    from published_a a
    join published_r r on r.id = a.response_id
    join profile p on p.id = r.id
    cross join lateral (values (case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end, '', ''),
                               ('', 'lang', r.locale), ('', 'age', p.age), ('', 'gender', p.gender), ('', 'time', p.time)) as d(mode_group, dim, dim_value)
    cross join lateral unnest(array['*'] || case when a.text is not null then array[]::text[] else coalesce(a.choices, array[coalesce(a.choice, a.special)]) end) as v(value)
    where v.value is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict (dim, dim_value, question_key, survey_id, municipality_code, mode_group, item_key, value)
    do update set n = published_answer_tally.n + excluded.n, ksum = published_answer_tally.ksum + excluded.ksum`;
}

/**
 * The tallies are grouped in one in-memory hash table: the planner expects about as many groups as rows and would
 * sort them all (by text columns, in the database's collation) instead. Measured on 3,200 responses, 1.7 million
 * tally contributions: 12 s sorted with the default 4 MB of work memory, 8 s sorted in memory.
 */
async function aggregateInMemory(trx: Tx): Promise<void> {
  await sql`set local work_mem = '256MB'`.execute(trx);
  await sql`set local enable_sort = off`.execute(trx);
}

/** Pending rows of municipalities not yet published today, in rounds whose figures are not final. */
const due = (doneToday: string[]) => sql`not (coalesce(r.municipality_code, '') = any(${doneToday}::text[])) and s.figures_final_on is null`;

export async function publishPools(db: Db, options: { now?: Date } = {}): Promise<PublicationReport> {
  const now = options.now ?? new Date();
  const today = swedishDay(now);
  const keys = await roleKeys(db);
  return db.transaction().execute(async (trx) => {
    const { rows: lock } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LOCK}) as ok`.execute(trx);
    if (!lock[0]?.ok) return { municipalities: [], responses: 0, answers: 0, finalRounds: [], skipped: "locked" as const };
    const region = await trx.selectFrom("region").select("k_threshold").executeTakeFirstOrThrow();
    const k = region.k_threshold;
    const { rows: published } = await sql<{ code: string }>`select municipality_code as code from publication where published_on = ${today}::date`.execute(trx);
    const doneToday = published.map((p) => p.code);
    await aggregateInMemory(trx);
    await stage(trx);

    // Response pools (round, municipality, mode) of k or more: found by window counts over the pending rows.
    await sql`
      with pending as (
        select r.id, count(*) over (partition by r.survey_id, coalesce(r.municipality_code, ''), r.mode) as pool
        from response r join survey s on s.id = r.survey_id
        where r.published_on is null and ${due(doneToday)}
      ),
      updated as (
        update response r set published_on = ${today}::date from pending p
        where p.pool >= ${k} and r.id = p.id and r.published_on is null
        returning ${sql.join(["id", "survey_id", "municipality_code", "battery_version_id", "locale", "mode", "submitted_on", "handover_questions", "record_key"].map((c) => sql.ref(`r.${c}`)))}
      )
      insert into published_r select * from updated`.execute(trx);
    // Answer pools (round, municipality, mode group, question, item) of k or more.
    await sql`
      with pending as (
        select a.response_id, a.question_key, a.item_key,
               count(*) over (partition by r.survey_id, coalesce(r.municipality_code, ''), r.mode, a.in_handover, a.question_key, a.item_key) as pool
        from answer a join response r on r.id = a.response_id join survey s on s.id = r.survey_id
        where not a.published and ${due(doneToday)}
      ),
      updated as (
        update answer a set published = true from pending p
        where p.pool >= ${k} and a.response_id = p.response_id and a.question_key = p.question_key and a.item_key = p.item_key and not a.published
        returning ${sql.join(["response_id", "question_key", "item_key", "choice", "choices", "special", "text", "in_handover"].map((c) => sql.ref(`a.${c}`)))}
      )
      insert into published_a select * from updated`.execute(trx);
    const { rows: counted } = await sql<{ m: string; responses: number; answers: number }>`
      select m, sum(responses)::int as responses, sum(answers)::int as answers from (
        select coalesce(municipality_code, '') as m, 1 as responses, 0 as answers from published_r
        union all
        select coalesce(r.municipality_code, ''), 0, 1 from published_a a join response r on r.id = a.response_id
      ) x group by m order by m`.execute(trx);

    await sql`analyze published_a`.execute(trx);
    await stageProfile(trx, keys);
    await responseTallyInsert().execute(trx);
    // The responses whose answers are published now but which were published before (or wait still): staged too, for
    // the answer tallies, once the response tallies have taken published_r's own rows.
    await sql`
      insert into published_r select ${sql.join(["id", "survey_id", "municipality_code", "battery_version_id", "locale", "mode", "submitted_on", "handover_questions", "record_key"].map((c) => sql.ref(`r.${c}`)))}
      from response r where r.id in (select response_id from published_a) and r.id not in (select id from published_r)`.execute(trx);
    await sql`drop table profile`.execute(trx);
    await stageProfile(trx, keys);
    await answerTallyInsert().execute(trx);

    for (const c of counted) {
      await trx.insertInto("publication").values({ municipality_code: c.m, published_on: today, responses: c.responses, answers: c.answers }).execute();
    }

    // Rounds closed a week ago or more (offline interviews finished before the close have synced by then) with
    // nothing left that could still be published become final.
    const { rows: finalRounds } = await sql<{ id: number }>`
      update survey s set figures_final_on = ${today}::date
      where s.figures_final_on is null and s.closes_at <= ${new Date(now.getTime() - FINAL_AFTER_DAYS * 86_400_000)}::timestamptz
        and not exists (
          select 1 from response r where r.survey_id = s.id and r.published_on is null
          group by coalesce(r.municipality_code, ''), r.mode having count(*) >= ${k})
        and not exists (
          select 1 from answer a join response r on r.id = a.response_id where r.survey_id = s.id and not a.published
          group by coalesce(r.municipality_code, ''), r.mode, a.in_handover, a.question_key, a.item_key having count(*) >= ${k})
      returning s.id`.execute(trx);
    return {
      municipalities: counted.map((c) => c.m),
      responses: counted.reduce((s, c) => s + c.responses, 0),
      answers: counted.reduce((s, c) => s + c.answers, 0),
      finalRounds: finalRounds.map((r) => r.id),
    };
  });
}

/**
 * Counts the published tallies again from the published responses and answers (after a bulk load, as the bench
 * does). Figures of responses deleted since they were published are lost by this: it is not for production use.
 */
export async function rebuildPublishedTallies(db: Db): Promise<void> {
  const keys = await roleKeys(db);
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
    await aggregateInMemory(trx);
    await sql`truncate published_response_tally, published_answer_tally`.execute(trx);
    await stage(trx);
    await sql`insert into published_r select ${responseColumns} from response where published_on is not null`.execute(trx);
    await stageProfile(trx, keys);
    await responseTallyInsert().execute(trx);
    await sql`insert into published_a select ${answerColumns} from answer where published`.execute(trx);
    await sql`analyze published_a`.execute(trx);
    await sql`insert into published_r select ${responseColumns} from response r where published_on is null and id in (select response_id from published_a)`.execute(trx);
    await sql`drop table profile`.execute(trx);
    await stageProfile(trx, keys);
    await answerTallyInsert().execute(trx);
  });
}
