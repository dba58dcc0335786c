/**
 * Abuse limits per client address, in memory only: the address is never stored with anything and is
 * forgotten once its bucket is full again. Token buckets: `burst` requests at once, refilled at `perMinute`.
 * Pure apart from the clock, which is injected for tests.
 */
export type Limit = { name: string; burst: number; perMinute: number };

/** Which requests are limited, and how hard. Everything else passes. */
export function limitFor(method: string, pathname: string): Limit | null {
  const parts = pathname.split("/").filter(Boolean);
  if (method === "POST" && pathname === "/api/responses") return { name: "submit", burst: 120, perMinute: 120 };
  if (method === "POST" && pathname === "/api/ambassador/sync") return { name: "sync", burst: 60, perMinute: 120 };
  if (method === "POST" && (pathname.startsWith("/api/auth/sign-in") || (parts.length === 2 && parts[1] === "sign-in"))) return { name: "sign-in", burst: 30, perMinute: 30 };
  if (method === "POST" && parts.length === 2 && parts[1] === "withdraw") return { name: "withdraw", burst: 10, perMinute: 10 };
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
