/**
 * The one database module. Every query goes through the Kysely instance made here.
 * DATABASE_URL is the operator's setting (docs/production.md); `npm run demo` and `npm run dev` (scripts/demo.ts)
 * set it to the embedded PostgreSQL when the developer has not pointed them at a server of their own.
 */
import { logger } from "@/lib/observability/log";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { isDatabaseUnavailable } from "../server/db-unavailable";
import type { Database } from "./schema";

// Return int8 (count(*), bigserial) as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
// Dates stay 'YYYY-MM-DD' strings: a response's day must not shift with the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// numeric (avg, round) as numbers for aggregates.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

export type Db = Kysely<Database>;

export type DbOptions = {
  max?: number;
  /**
   * Server-side cap on one statement, in ms (and twice that on a transaction left idle): a stuck query or lock
   * then ends in an error instead of holding a request, and a pooled connection, for ever.
   */
  statementTimeoutMs?: number;
};

/** Connections in the app's pool (see scripts/bench.ts, whose "limit" is also measured with this many). */
export const APP_POOL_SIZE = 10;

/** The app's cap on one statement: far above any page's queries, far below "the request hangs". */
export const APP_STATEMENT_TIMEOUT_MS = 30_000;

export function createDb(connectionString: string, options: DbOptions = {}): Db {
  const timeouts = options.statementTimeoutMs
    ? {
        statement_timeout: options.statementTimeoutMs,
        idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
      }
    : {};
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? APP_POOL_SIZE,
    // Waiting for a connection (a new one, or a turn in a busy pool) fails after 5 s rather than hanging.
    connectionTimeoutMillis: 5_000,
    // Notice a server that vanished without closing the socket (a host or network gone) on idle connections.
    keepAlive: true,
    ...timeouts,
  });
  // An idle client losing its server (a database restart) must not crash the process.
  pool.on("error", (err) => logger.warn(`[db] idle client error: ${err.message}`));
  // Nor may a checked-out one: when its connection dies (a restart, pg_terminate_backend) pg emits "error" on the
  // client, and pg-pool listens only while the client is idle. Its query fails on its own (the caller answers 503),
  // and the pool discards the client on release because it is no longer queryable.
  pool.on("connect", (client) => client.on("error", () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: discardingDeadClients(pool) }) });
}

/**
 * The pool as Kysely sees it, except that a client whose query failed because its connection died is destroyed
 * on release instead of going back to the pool. (The server says "terminating connection" before it closes the
 * socket; pg-pool only checks whether the client is still usable, which it seems to be for that moment, so
 * without this the next request would be handed the dying connection and fail as well.)
 */
function discardingDeadClients(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let lost: Error | undefined;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      return {
        query: ((...args: unknown[]) => {
          const result = query(...args);
          if (result instanceof Promise) {
            result.catch((err: unknown) => {
              if (isDatabaseUnavailable(err)) lost = err instanceof Error ? err : new Error("database connection lost");
            });
          }
          return result;
        }) as PostgresPoolClient["query"],
        release: () => client.release(lost),
      };
    },
    end: () => pool.end(),
  };
}

const holder = globalThis as unknown as { __db?: Db };

/** The app's shared instance, made on first use (kept on globalThis so dev reloads reuse one pool). */
export function getDb(): Db {
  if (!holder.__db) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set: see docs/production.md (npm run demo and npm run dev set it to the embedded database).",
      );
    }
    holder.__db = createDb(url, { statementTimeoutMs: APP_STATEMENT_TIMEOUT_MS });
  }
  return holder.__db;
}
