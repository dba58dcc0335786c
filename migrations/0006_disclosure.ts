import { type Kysely, sql } from "kysely";

/**
 * Disclosure control (see lib/disclosure and README "Disclosure control").
 *
 * - Every response gets a permanent random record key in [0, 2^32) when it is stored (from gen_random_uuid, a
 *   strong random source); a figure's noise comes from its respondents' keys summed.
 * - Dashboards read a published state. Answers are published in pools, one per round, municipality, mode group,
 *   question and item, each time at least k of them have arrived (responses likewise, per round, municipality and
 *   mode), by a job at most once a day per municipality; the published tallies carry counts and key sums.
 * - Published tallies only grow. A withdrawal or the retention job deletes the response and its answers; figures
 *   already published are anonymous aggregates and keep it, so that no figure moves by one respondent.
 * - A round's figures are final from the first publication after it closed.
 *
 * The old tallies (kept exact on every submission and folded on read) are dropped; published ones are filled by
 * the first run of the publication job.
 */
const randomKey = sql`(('x' || lpad(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8), 16, '0'))::bit(64)::bigint)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table response add column record_key bigint not null default ${randomKey}`.execute(db);
  await sql`alter table response add constraint response_record_key_range check (record_key >= 0 and record_key < 4294967296)`.execute(
    db,
  );
  await sql`alter table response add column published_on date`.execute(db);
  await sql`create index response_pending_idx on response (survey_id, municipality_code) where published_on is null`.execute(
    db,
  );
  await sql`alter table answer add column published boolean not null default false`.execute(db);
  await sql`create index answer_pending_idx on answer (response_id) where not published`.execute(db);
  await sql`alter table survey add column figures_final_on date`.execute(db);
  await sql`alter table region add column k_text integer not null default 10 check (k_text >= 5 and k_text <= 100)`.execute(
    db,
  );

  await db.schema
    .createTable("publication")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("municipality_code", "text", (c) => c.notNull())
    // The day in Sweden: at most one publication a day per municipality.
    .addColumn("published_on", "date", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("responses", "integer", (c) => c.notNull())
    .addColumn("answers", "integer", (c) => c.notNull())
    .addUniqueConstraint("publication_once_a_day", ["municipality_code", "published_on"])
    .execute();

  // Responses by round and municipality, for each filter dimension and value ('' for none), counted by each
  // breakdown of the overview ('total', 'month', 'locale', 'mode', 'handover').
  await db.schema
    .createTable("published_response_tally")
    .addColumn("survey_id", "integer", (c) => c.notNull())
    .addColumn("municipality_code", "text", (c) => c.notNull())
    .addColumn("dim", "text", (c) => c.notNull())
    .addColumn("dim_value", "text", (c) => c.notNull())
    .addColumn("breakdown", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("n", "bigint", (c) => c.notNull())
    .addColumn("ksum", "bigint", (c) => c.notNull())
    .execute();
  await sql`alter table published_response_tally add primary key (dim, dim_value, breakdown, survey_id, municipality_code, key)`.execute(
    db,
  );

  // Answers by round and municipality, for each filter dimension and value, question, item and value ('*' for
  // answered at all); without a filter also by mode group ('self', 'assisted' aloud, 'handover' in private; '' under
  // a filter).
  await db.schema
    .createTable("published_answer_tally")
    .addColumn("survey_id", "integer", (c) => c.notNull())
    .addColumn("municipality_code", "text", (c) => c.notNull())
    .addColumn("mode_group", "text", (c) => c.notNull())
    .addColumn("dim", "text", (c) => c.notNull())
    .addColumn("dim_value", "text", (c) => c.notNull())
    .addColumn("question_key", "text", (c) => c.notNull())
    .addColumn("item_key", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("n", "bigint", (c) => c.notNull())
    .addColumn("ksum", "bigint", (c) => c.notNull())
    .execute();
  await sql`alter table published_answer_tally add primary key (dim, dim_value, question_key, survey_id, municipality_code, mode_group, item_key, value)`.execute(
    db,
  );

  for (const table of [
    "answer_rollup",
    "answer_tally_delta",
    "answer_tally",
    "response_tally_delta",
    "response_tally",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["published_answer_tally", "published_response_tally", "publication"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`alter table region drop column k_text`.execute(db);
  await sql`alter table survey drop column figures_final_on`.execute(db);
  await sql`drop index answer_pending_idx`.execute(db);
  await sql`alter table answer drop column published`.execute(db);
  await sql`drop index response_pending_idx`.execute(db);
  await sql`alter table response drop column published_on`.execute(db);
  await sql`alter table response drop constraint response_record_key_range`.execute(db);
  await sql`alter table response drop column record_key`.execute(db);
  // The exact tallies come back empty; rebuild them with the previous version's rebuildTallies().
  await sql`create table response_tally (survey_id integer not null, municipality_code text not null, month date not null, locale text not null, mode text not null, handover boolean not null, n bigint not null, primary key (survey_id, municipality_code, month, locale, mode, handover))`.execute(
    db,
  );
  await sql`create table response_tally_delta (like response_tally including defaults)`.execute(db);
  await sql`alter table response_tally_delta drop constraint if exists response_tally_delta_pkey`.execute(db);
  await sql`create table answer_tally (survey_id integer not null, municipality_code text not null, month date not null, locale text not null, mode_group text not null, question_key text not null, item_key text not null, value text not null, n bigint not null, primary key (question_key, municipality_code, survey_id, month, locale, mode_group, item_key, value))`.execute(
    db,
  );
  await sql`create table answer_tally_delta (survey_id integer not null, municipality_code text not null, month date not null, locale text not null, mode_group text not null, question_key text not null, item_key text not null, value text not null, n bigint not null)`.execute(
    db,
  );
  await sql`create table answer_rollup (question_key text not null, municipality_code text not null, item_key text not null, value text not null, n bigint not null, primary key (question_key, municipality_code, item_key, value))`.execute(
    db,
  );
}
