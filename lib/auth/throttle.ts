/**
 * Slows down repeated sign-in failures: after 3 failures for an account (20 for a client address, which a whole
 * office may share) within 15 minutes, each further attempt must wait twice as long as the last (5 s, 10 s, 20 s ...
 * up to 5 minutes). The counts live in PostgreSQL (table sign_in_failure, migration 0008) so every instance sees the
 * same ones; keys are keyed hashes, never an e-mail address or a client address.
 *
 * A successful sign-in clears its account's count only: signing in to one's own account does not clear the failures
 * counted against the address, so guessing other accounts from it stays slow.
 */
import { createHmac } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "@/lib/db";

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type FailureEntry = { failures: number; lastFailure: number };

export const WINDOW_MS = 15 * 60_000;
/** Failures allowed before slowing down: few per account, more per address (offices share one). */
const freeFailures = (key: string) => (key.startsWith("addr:") ? 20 : 3);
const MAX_DELAY_MS = 5 * 60_000;

/** Where the counts are kept: PostgreSQL in the app, memory in unit tests. */
export interface ThrottleStore {
  read(keys: string[], since: number): Promise<Map<string, FailureEntry>>;
  /** One more failure for each key at `now`; a count older than the window starts again at 1. */
  fail(keys: string[], now: number): Promise<void>;
  clear(keys: string[]): Promise<void>;
}

export function delayFor(key: string, failures: number): number {
  const free = freeFailures(key);
  if (failures < free) return 0;
  return Math.min(5000 * 2 ** (failures - free), MAX_DELAY_MS);
}

export class SignInThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly now: () => number = Date.now,
  ) {}

  async check(keys: string[]): Promise<ThrottleVerdict> {
    const now = this.now();
    const entries = await this.store.read(keys, now - WINDOW_MS);
    let wait = 0;
    for (const [key, e] of entries) wait = Math.max(wait, e.lastFailure + delayFor(key, e.failures) - now);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  fail(keys: string[]): Promise<void> {
    return this.store.fail(keys, this.now());
  }

  /** A correct password: the account's failures are forgiven; the address's are not. */
  succeed(keys: string[]): Promise<void> {
    return this.store.clear(keys.filter((k) => !k.startsWith("addr:")));
  }
}

export class MemoryThrottleStore implements ThrottleStore {
  private entries = new Map<string, FailureEntry>();
  async read(keys: string[], since: number) {
    return new Map(
      keys.flatMap((k) =>
        this.entries.get(k) && this.entries.get(k)!.lastFailure >= since ? [[k, this.entries.get(k)!] as const] : [],
      ),
    );
  }
  async fail(keys: string[], now: number) {
    for (const key of keys) {
      const e = this.entries.get(key);
      const fresh = !e || now - e.lastFailure > WINDOW_MS;
      this.entries.set(key, { failures: fresh ? 1 : e.failures + 1, lastFailure: now });
    }
  }
  async clear(keys: string[]) {
    for (const key of keys) this.entries.delete(key);
  }
}

/** The counts in PostgreSQL, shared by all instances; each key is an HMAC of "kind:value" with the server secret. */
export class PgThrottleStore implements ThrottleStore {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
  ) {}

  /** The kind stays readable (it decides the free failures); the value is hashed. */
  private hash(key: string): string {
    const kind = key.slice(0, key.indexOf(":") + 1);
    return kind + createHmac("sha256", this.secret).update(key).digest("base64url").slice(0, 32);
  }

  async read(keys: string[], since: number) {
    const hashed = new Map(keys.map((k) => [this.hash(k), k]));
    if (!hashed.size) return new Map<string, FailureEntry>();
    const rows = await this.db
      .selectFrom("sign_in_failure")
      .select(["key", "failures", "last_failure"])
      .where("key", "in", [...hashed.keys()])
      .where("last_failure", ">=", String(since))
      .execute();
    return new Map(
      rows.map((r) => [hashed.get(r.key)!, { failures: r.failures, lastFailure: Number(r.last_failure) }]),
    );
  }

  async fail(keys: string[], now: number) {
    for (const key of keys) {
      await sql`
        insert into sign_in_failure (key, failures, last_failure) values (${this.hash(key)}, 1, ${now})
        on conflict (key) do update set
          failures = case when sign_in_failure.last_failure < ${now - WINDOW_MS} then 1 else sign_in_failure.failures + 1 end,
          last_failure = ${now}`.execute(this.db);
    }
    // Counts past their window mean nothing any more.
    await this.db
      .deleteFrom("sign_in_failure")
      .where("last_failure", "<", String(now - WINDOW_MS))
      .execute();
  }

  async clear(keys: string[]) {
    if (keys.length)
      await this.db
        .deleteFrom("sign_in_failure")
        .where(
          "key",
          "in",
          keys.map((k) => this.hash(k)),
        )
        .execute();
  }
}
