/**
 * Which requests are limited, and an in-memory token bucket per client address (used by tests, and as each
 * instance's insurance: the app's limits are shared in PostgreSQL, see lib/limits/shared.ts). Token buckets: `burst` requests at once, refilled at `perMinute`.
 * Pure apart from the clock, which is injected for tests.
 */
export type Limit = { name: string; burst: number; perMinute: number };

/** Which requests are limited, and how hard. Everything else passes. */
export function limitFor(method: string, pathname: string): Limit | null {
  const parts = pathname.split("/").filter(Boolean);
  if (method === "POST" && pathname === "/api/responses") return { name: "submit", burst: 120, perMinute: 120 };
  if (method === "POST" && pathname === "/api/ambassador/sync") return { name: "sync", burst: 60, perMinute: 120 };
  // better-auth's own endpoint; the sign-in and withdraw actions take their limits themselves (lib/limits/action-limit.ts).
  if (method === "POST" && pathname.startsWith("/api/auth/sign-in"))
    return { name: "sign-in", burst: 30, perMinute: 30 };
  // Looking up a survey by its code: the code form (/sv/s?code=…) and a survey's front page (/sv/s/LIN580).
  if (method === "GET" && parts[1] === "s" && parts.length <= 3) return { name: "lookup", burst: 60, perMinute: 60 };
  // Saving answers page by page without JavaScript: generous, a whole class may share one address.
  if (method === "POST" && parts[1] === "s") return { name: "answer", burst: 300, perMinute: 300 };
  return null;
}

type Bucket = { tokens: number; at: number };

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one request from the address's bucket: 0 if allowed, else the seconds to wait. */
  take(limit: Limit, address: string): number {
    const key = `${limit.name}|${address}`;
    const t = this.now();
    const refill = limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: limit.burst, at: t };
    b.tokens = Math.min(limit.burst, b.tokens + (t - b.at) * refill);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      if (this.buckets.size > 50_000) this.sweep(t);
      return 0;
    }
    this.buckets.set(key, b);
    return Math.ceil((1 - b.tokens) / refill / 1000);
  }

  /** Forgets every address whose bucket would be full by now. */
  sweep(t = this.now()): void {
    for (const [key, b] of this.buckets) if (t - b.at > 60_000) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** The in-memory limiter behind the async interface: one instance's own budget (tests, and a process without a database). */
export function memoryLimiter(limiter = new RateLimiter()): { take(limit: Limit, address: string): Promise<number> } {
  const sweep = setInterval(() => limiter.sweep(), 60_000);
  sweep.unref();
  return { take: async (limit, address) => limiter.take(limit, address) };
}
