/**
 * Which requests are limited, and how hard: `burst` requests at once, refilled at `perMinute`, per client address.
 * proxy.ts takes these by path; the sign-in and withdraw server actions take their own (lib/limits/action-limit.ts),
 * since Next accepts an action posted to any page. The budgets are kept in PostgreSQL (lib/limits/shared.ts). Pure.
 */
export type Limit = { name: string; burst: number; perMinute: number };

/** Largest request body: server actions take battery imports (see next.config.mjs); API routes check their own. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** RATE_LIMITS=off is for the benchmark and the fault run, which send thousands of requests from one address. */
export const rateLimitsOn = (env: Record<string, string | undefined> = process.env) => env.RATE_LIMITS !== "off";

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
