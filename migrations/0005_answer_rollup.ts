import { type Kysely, sql } from "kysely";

/**
 * The answer tallies summed over round, month, language and mode: what a module's charts read when none of those is
 * filtered (the view every dashboard opens with). A few hundred rows per module instead of the tallies' hundreds of
 * thousands at a million responses. Kept by the same fold as the tallies; filled here from the tallies there are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("answer_rollup")
    .addColumn("question_key", "text", (c) => c.notNull())
    .addColumn("municipality_code", "text", (c) => c.notNull())
    .addColumn("item_key", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("n", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("answer_rollup_pkey", ["question_key", "municipality_code", "item_key", "value"])
    .execute();
  await sql`
    insert into answer_rollup (question_key, municipality_code, item_key, value, n)
    select question_key, municipality_code, item_key, value, sum(n) from answer_tally group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("answer_rollup").ifExists().execute();
}
