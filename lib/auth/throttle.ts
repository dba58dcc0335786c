/**
 * Slows down repeated sign-in failures. Kept in memory only (never stored with anything):
 * after 3 failures for an account (20 for a client address, which a whole office may share) within
 * 15 minutes, each further attempt must wait twice as long as the last (5 s, 10 s, 20 s ... up to 5 minutes).
 */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Entry = { failures: number; lastFailure: number };

const WINDOW_MS = 15 * 60_000;
/** Failures allowed before slowing down: few per account, more per address (offices share one). */
const freeFailures = (key: string) => (key.startsWith("addr:") ? 20 : 3);
const MAX_DELAY_MS = 5 * 60_000;

export class SignInThrottle {
  private entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  private delayFor(key: string, failures: number): number {
    const free = freeFailures(key);
    if (failures < free) return 0;
    return Math.min(5000 * 2 ** (failures - free), MAX_DELAY_MS);
  }

  check(keys: string[]): ThrottleVerdict {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (!e) continue;
      if (now - e.lastFailure > WINDOW_MS) {
        this.entries.delete(key);
        continue;
      }
      wait = Math.max(wait, e.lastFailure + this.delayFor(key, e.failures) - now);
    }
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  fail(keys: string[]): void {
    const now = this.now();
    for (const key of keys) {
      const e = this.entries.get(key);
      const fresh = !e || now - e.lastFailure > WINDOW_MS;
      this.entries.set(key, { failures: fresh ? 1 : e.failures + 1, lastFailure: now });
    }
    if (this.entries.size > 50_000) this.prune(now);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  private prune(now: number) {
    for (const [key, e] of this.entries) if (now - e.lastFailure > WINDOW_MS) this.entries.delete(key);
  }
}
