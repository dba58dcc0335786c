import { type Kysely, sql } from "kysely";

/**
 * Abuse limits and sign-in throttles shared by all instances (lib/limits/shared.ts, rate-limiter-flexible's PostgreSQL layout). The key is
 * a keyed hash, never an address; rows expire with their window and are swept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rate_limit (key varchar(255) primary key, points integer not null default 0, expire bigint)`.execute(
    db,
  );
  await sql`create index rate_limit_expire on rate_limit (expire)`.execute(db);
  // Sign-in failures (lib/auth/throttle.ts): counts per hashed account or address, kept for 15 minutes.
  await sql`create table sign_in_failure (key text primary key, failures integer not null, last_failure bigint not null)`.execute(
    db,
  );
  await sql`create index sign_in_failure_last on sign_in_failure (last_failure)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sign_in_failure").execute();
  await db.schema.dropTable("rate_limit").execute();
}
