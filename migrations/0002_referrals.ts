import type { Kysely } from "kysely";

/** An ambassador may refer a respondent to answer on their own phone: the draft remembers who referred. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("response_draft")
    .addColumn("referred_by", "text", (c) => c.references("app_user.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("response_draft").dropColumn("referred_by").execute();
}
