/**
 * The last migration this build needs. Migrations are a release step (`npm run db:migrate`), never run by the app:
 * an instance on a database that is behind says so at start and answers not-ready until it is migrated.
 * tests/unit/schema-version.test.ts keeps this equal to the last file in migrations/.
 */
import { sql } from "kysely";
import type { Db } from "./index";

export const LATEST_MIGRATION = "0008_rate_limit";

/** The last migration applied to this database, or null before the first. */
export async function appliedMigration(db: Db): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`
    select name from kysely_migration order by name desc limit 1`
    .execute(db)
    .catch((err: { code?: string }) => {
      if (err?.code === "42P01") return { rows: [] }; // no migrations table: a fresh database
      throw err;
    });
  return rows[0]?.name ?? null;
}
