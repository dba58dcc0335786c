/**
 * Limits taken inside a server action, wherever it was posted: Next accepts an action posted to any page, so a limit
 * keyed by the page's path (as our HTTP layer's are) could be dodged by posting the same action elsewhere.
 */
import { errorFields, logger } from "@/lib/observability/log";
import { count } from "@/lib/observability/metrics";
import { headers } from "next/headers";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/request-guard";
import type { Limit } from "@/lib/server/rate-limit";
import { appLimiter } from "./shared";

export const actionLimits = {
  signIn: { name: "sign-in", burst: 30, perMinute: 30 },
  withdraw: { name: "withdraw", burst: 10, perMinute: 10 },
} satisfies Record<string, Limit>;

/** Takes one from the client address's budget: 0 if allowed, else the seconds to wait. */
export async function takeActionLimit(limit: Limit): Promise<number> {
  if (process.env.RATE_LIMITS === "off") return 0;
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER) ?? "unknown";
  try {
    const wait = await appLimiter().take(limit, address);
    if (wait > 0) count("rate_limited_total", { limit: limit.name });
    return wait;
  } catch (err) {
    logger.error(errorFields(err), "[limits] could not take a limit");
    return 0;
  }
}
