import type { Kysely } from "kysely";

/** The coordinator may let an ambassador review the battery's translations in the languages they are assigned. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("app_user")
    .addColumn("translation_reviewer", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("app_user").dropColumn("translation_reviewer").execute();
}
