/**
 * The path limit of the two hot API routes (POST /api/responses, POST /api/ambassador/sync), taken by the route
 * handlers themselves: proxy.ts does not run for them (see its matcher), because passing a request through the proxy
 * (a NextRequest, its body cloned, the headers rewritten) cost more than storing a whole response. Same limits, same
 * budget shared in PostgreSQL, same client address and refusal as proxy.ts gives every other path.
 */
import { appLimiter } from "@/lib/limits/shared";
import { logger } from "@/lib/observability/log";
import { count } from "@/lib/observability/metrics";
import { limitFor, rateLimitsOn } from "./rate-limit";
import { refusal } from "./refusal";
import { clientAddress, trustedProxies } from "./request-guard";

/** A 429 to answer with, or null when the request is within its budget. */
export async function routeLimitRefusal(request: Request, pathname: string): Promise<Response | null> {
  const limit = rateLimitsOn() ? limitFor(request.method, pathname) : null;
  if (!limit) return null;
  const address = clientAddress(undefined, request.headers.get("x-forwarded-for") ?? undefined, trustedProxies());
  const wait = await appLimiter().take(limit, address);
  if (wait === 0) return null;
  count("rate_limited_total", { limit: limit.name });
  logger.info({ limit: limit.name, retryAfter: wait }, "rate limited");
  return refusal(pathname, "tooMany", wait);
}
