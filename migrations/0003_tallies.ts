import { type Kysely, sql } from "kysely";

/**
 * Dashboard aggregates kept as responses arrive. Submissions and withdrawals append +1/-1 rows to the
 * *_delta tables (no row locks shared between submissions); a fold moves them into the tallies. Readers
 * add tallies and pending deltas, so what they see is always exact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["response_tally", "response_tally_delta"]) {
    await db.schema
      .createTable(table)
      .addColumn("survey_id", "integer", (c) => c.notNull())
      .addColumn("municipality_code", "text", (c) => c.notNull())
      .addColumn("month", "date", (c) => c.notNull())
      .addColumn("locale", "text", (c) => c.notNull())
      .addColumn("mode", "text", (c) => c.notNull())
      .addColumn("handover", "boolean", (c) => c.notNull())
      .addColumn("n", "bigint", (c) => c.notNull())
      .execute();
  }
  for (const table of ["answer_tally", "answer_tally_delta"]) {
    await db.schema
      .createTable(table)
      .addColumn("survey_id", "integer", (c) => c.notNull())
      .addColumn("municipality_code", "text", (c) => c.notNull())
      .addColumn("month", "date", (c) => c.notNull())
      .addColumn("locale", "text", (c) => c.notNull())
      // self, assisted, or handover (answered in private during an assisted interview)
      .addColumn("mode_group", "text", (c) => c.notNull())
      .addColumn("question_key", "text", (c) => c.notNull())
      .addColumn("item_key", "text", (c) => c.notNull())
      // an option key, dont_know / no_answer, or '*' for "answered at all"
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("n", "bigint", (c) => c.notNull())
      .execute();
  }
  await sql`alter table response_tally add primary key (survey_id, municipality_code, month, locale, mode, handover)`.execute(
    db,
  );
  await sql`alter table answer_tally add primary key (question_key, municipality_code, survey_id, month, locale, mode_group, item_key, value)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["answer_tally_delta", "answer_tally", "response_tally_delta", "response_tally"])
    await db.schema.dropTable(table).ifExists().execute();
}
