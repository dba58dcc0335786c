/**
 * Publication: the dashboards read only what is published.
 *
 * - Answers are published once per round, all at once, when the round has been closed for a week (so that
 *   interviews finished offline before the close have synced): the round's figures are then final and never
 *   change. Nothing can be learnt by comparing a view before and after, because there is no before: the attack
 *   suite (tests/db/attacks.test.ts) showed that comparing views before and after even a batch of 5 to 15 new
 *   answers lets a group of friends who answered alike be read back. An interview that syncs after that is stored,
 *   never shown.
 * - Response counts (how many have answered, by month, language and mode) are shown while a round runs. They move
 *   in pools (a round, a municipality and a mode) of at least k, at most once a day per municipality (Swedish
 *   calendar days); the rest of a round's responses are counted when it becomes final.
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
import { swedishDay } from "@/modules/respondent/submit";

const LOCK = 4242015;

/** Days after its close before a round's figures become final: interviews finished offline before the close sync meanwhile. */
export const FINAL_AFTER_DAYS = 7;

export type PublicationReport = {
  municipalities: string[];
  responses: number;
  answers: number;
  finalRounds: number[];
  skipped?: "locked";
};

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
  await sql`create temp table published_r on commit drop as select ${responseColumns} from response with no data`.execute(
    trx,
  );
  await sql`create temp table published_a on commit drop as select ${answerColumns} from answer with no data`.execute(
    trx,
  );
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
const due = (doneToday: string[]) =>
  sql`not (coalesce(r.municipality_code, '') = any(${doneToday}::text[])) and s.figures_final_on is null`;

export async function publishPools(db: Db, options: { now?: Date } = {}): Promise<PublicationReport> {
  const now = options.now ?? new Date();
  const today = swedishDay(now);
  const keys = await roleKeys(db);
  return db.transaction().execute(async (trx) => {
    const { rows: lock } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LOCK}) as ok`.execute(trx);
    if (!lock[0]?.ok)
      return { municipalities: [], responses: 0, answers: 0, finalRounds: [], skipped: "locked" as const };
    const region = await trx.selectFrom("region").select("k_threshold").executeTakeFirstOrThrow();
    const k = region.k_threshold;
    const { rows: published } = await sql<{
      code: string;
    }>`select municipality_code as code from publication where published_on = ${today}::date`.execute(trx);
    const doneToday = published.map((p) => p.code);
    await aggregateInMemory(trx);
    await stage(trx);

    // Response pools (round, municipality, mode) of k or more, found by window counts over the pending rows: the
    // response counts a round shows while it runs.
    const responseRef = (c: string) => sql.ref(`r.${c}`);
    const responseFields = [
      "id",
      "survey_id",
      "municipality_code",
      "battery_version_id",
      "locale",
      "mode",
      "submitted_on",
      "handover_questions",
      "record_key",
    ];
    await sql`
      with pending as (
        select r.id, count(*) over (partition by r.survey_id, coalesce(r.municipality_code, ''), r.mode) as pool
        from response r join survey s on s.id = r.survey_id
        where r.published_on is null and ${due(doneToday)}
      ),
      updated as (
        update response r set published_on = ${today}::date from pending p
        where p.pool >= ${k} and r.id = p.id and r.published_on is null
        returning ${sql.join(responseFields.map(responseRef))}
      )
      insert into published_r select * from updated`.execute(trx);

    // Rounds closed a week ago or more (offline interviews finished before the close have synced by then) become
    // final: the rest of their responses, and all their answers, are published at once, and never change again.
    const { rows: finalRounds } = await sql<{ id: number }>`
      update survey s set figures_final_on = ${today}::date
      where s.figures_final_on is null and s.closes_at <= ${new Date(now.getTime() - FINAL_AFTER_DAYS * 86_400_000)}::timestamptz
      returning s.id`.execute(trx);
    const finalIds = finalRounds.map((r) => r.id);
    if (finalIds.length) {
      await sql`
        with updated as (
          update response r set published_on = ${today}::date
          where r.published_on is null and r.survey_id = any(${finalIds}::int[])
          returning ${sql.join(responseFields.map(responseRef))}
        )
        insert into published_r select * from updated`.execute(trx);
      await sql`
        with updated as (
          update answer a set published = true from response r
          where r.id = a.response_id and r.survey_id = any(${finalIds}::int[]) and not a.published
          returning ${sql.join(["response_id", "question_key", "item_key", "choice", "choices", "special", "text", "in_handover"].map((c) => sql.ref(`a.${c}`)))}
        )
        insert into published_a select * from updated`.execute(trx);
    }
    const { rows: counted } = await sql<{ m: string; responses: number; answers: number }>`
      select m, sum(responses)::int as responses, sum(answers)::int as answers from (
        select coalesce(municipality_code, '') as m, 1 as responses, 0 as answers from published_r
        union all
        select coalesce(r.municipality_code, ''), 0, 1 from published_a a join response r on r.id = a.response_id
      ) x group by m order by m`.execute(trx);

    await stageProfile(trx, keys);
    await responseTallyInsert().execute(trx);
    if (finalIds.length) {
      // Every response of the final rounds, for their answers' tallies (most were published before, as counts).
      await sql`analyze published_a`.execute(trx);
      await sql`truncate published_r`.execute(trx);
      await sql`insert into published_r select ${responseColumns} from response where survey_id = any(${finalIds}::int[])`.execute(
        trx,
      );
      await sql`drop table profile`.execute(trx);
      await stageProfile(trx, keys);
      await answerTallyInsert().execute(trx);
    }

    for (const c of counted) {
      // A round made final publishes wherever it is: that does not count as a municipality's publication of the day.
      await trx
        .insertInto("publication")
        .values({ municipality_code: c.m, published_on: today, responses: c.responses, answers: c.answers })
        .onConflict((oc) =>
          oc.columns(["municipality_code", "published_on"]).doUpdateSet((eb) => ({
            responses: sql`${eb.ref("publication.responses")} + ${c.responses}`,
            answers: sql`${eb.ref("publication.answers")} + ${c.answers}`,
          })),
        )
        .execute();
    }
    return {
      municipalities: counted.map((c) => c.m),
      responses: counted.reduce((s, c) => s + c.responses, 0),
      answers: counted.reduce((s, c) => s + c.answers, 0),
      finalRounds: finalIds,
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
    await sql`insert into published_r select ${responseColumns} from response where published_on is not null`.execute(
      trx,
    );
    await stageProfile(trx, keys);
    await responseTallyInsert().execute(trx);
    await sql`insert into published_a select ${answerColumns} from answer where published`.execute(trx);
    await sql`analyze published_a`.execute(trx);
    await sql`insert into published_r select ${responseColumns} from response r where published_on is null and id in (select response_id from published_a)`.execute(
      trx,
    );
    await sql`drop table profile`.execute(trx);
    await stageProfile(trx, keys);
    await answerTallyInsert().execute(trx);
  });
}
