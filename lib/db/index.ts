/**
 * The one database module. Every query goes through the Kysely instance made here.
 * DATABASE_URL is set by the launcher (scripts/run.ts), which starts the embedded
 * PostgreSQL when the developer has not pointed the app at a server of their own.
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// Return int8 (count(*), bigserial) as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
// Dates stay 'YYYY-MM-DD' strings: a response's day must not shift with the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// numeric (avg, round) as numbers for aggregates.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

export type Db = Kysely<Database>;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server (a database restart) must not crash the process.
  pool.on("error", (err) => console.error("[db] idle client error:", err.message));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const holder = globalThis as unknown as { __db?: Db };

/** The app's shared instance, made on first use (kept on globalThis so dev reloads reuse one pool). */
export function getDb(): Db {
  if (!holder.__db) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error("DATABASE_URL is not set. Start the app with `npm start` or `npm run dev`, which start the embedded database.");
    }
    holder.__db = createDb(url);
  }
  return holder.__db;
}
