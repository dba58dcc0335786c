import type { Kysely } from "kysely";

/** A respondent who comes back continues on the page where they stopped: the draft remembers that page. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("response_draft").addColumn("at_page", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("response_draft").dropColumn("at_page").execute();
}
