/**
 * Abuse limits shared by every instance of the app, kept in PostgreSQL (rate-limiter-flexible's PostgreSQL store,
 * table `rate_limit`, migration 0008): two instances behind one balancer give one budget, not two.
 *
 * No address is stored: a key is a keyed hash (HMAC with the server secret) of the limit's name, the address and the
 * day, and its row expires with its window. If the database does not answer, each instance falls back to the same
 * limit in its own memory (insurance), so a database outage never opens the doors nor closes them.
 */
import { createHmac } from "node:crypto";
import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Limit } from "@/lib/server/rate-limit";

export interface Limiter {
  /** Takes one request from the address's budget for this limit: 0 if allowed, else the seconds to wait. */
  take(limit: Limit, address: string): Promise<number>;
}

export const LIMIT_TABLE = "rate_limit";

/** The stored key: nothing in it can be turned back into an address without the server secret. */
export function limitKey(
  secret: string,
  name: string,
  address: string,
  day = new Date().toISOString().slice(0, 10),
): string {
  return createHmac("sha256", secret).update(`${name}\u0000${address}\u0000${day}`).digest("base64url").slice(0, 32);
}

/** A window of `burst` requests that refills at `perMinute`: the same budget as the in-memory token bucket. */
const windowOf = (limit: Limit) => ({
  points: limit.burst,
  duration: Math.max(1, Math.round((limit.burst / limit.perMinute) * 60)),
});

export class SharedLimiter implements Limiter {
  private readonly limiters = new Map<string, RateLimiterPostgres>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly secret: string,
  ) {}

  private limiterFor(limit: Limit): RateLimiterPostgres {
    let limiter = this.limiters.get(limit.name);
    if (!limiter) {
      const window = windowOf(limit);
      limiter = new RateLimiterPostgres({
        storeClient: this.pool,
        tableName: LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
        keyPrefix: limit.name,
        ...window,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${limit.name}-local`, ...window }),
      });
      this.limiters.set(limit.name, limiter);
    }
    return limiter;
  }

  async take(limit: Limit, address: string): Promise<number> {
    try {
      await this.limiterFor(limit).consume(limitKey(this.secret, limit.name, address));
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }
}

const holder = globalThis as unknown as { __sharedLimiter?: SharedLimiter; __limitPool?: pg.Pool };

/** The app's limiter, on its own small pool of the app database (so a flood never takes the app's connections). */
export function appLimiter(): SharedLimiter {
  if (!holder.__sharedLimiter) {
    const url = process.env.DATABASE_URL;
    const secret = process.env.BETTER_AUTH_SECRET;
    if (!url || !secret) throw new Error("DATABASE_URL and BETTER_AUTH_SECRET must be set");
    holder.__limitPool = new pg.Pool({
      connectionString: url,
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 2_000,
    });
    holder.__limitPool.on("error", () => {});
    holder.__sharedLimiter = new SharedLimiter(holder.__limitPool, secret);
  }
  return holder.__sharedLimiter;
}
