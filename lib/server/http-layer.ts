/**
 * Our thin HTTP layer in front of Next.js (see scripts/run.ts): refuses malformed URLs, oversized bodies and
 * clients over their rate limit with a clear answer in the page's language, sets the trusted client-address
 * and HTTPS headers, the security headers of every response, and restores the origin of same-origin forms
 * posted without JavaScript.
 */
import { randomUUID } from "node:crypto";
import { logger } from "@/lib/observability/log";
import { count } from "@/lib/observability/metrics";
import type { IncomingMessage, ServerResponse } from "node:http";
import { directionOf, isLocale, type Locale } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";
import { type DirectRoute, directRouteFor, serveDirect } from "./direct-routes";
import type { Limiter } from "@/lib/limits/shared";
import { limitFor, memoryLimiter } from "./rate-limit";
import {
  badRequestPage,
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  HTTPS_HEADER,
  isWellFormedUrl,
  REQUEST_ID_HEADER,
  servedOverHttpsRequest,
} from "./request-guard";
import { SEAL_HEADER, sealLayerHeaders } from "./layer-seal";
import { securityHeaders } from "./security-headers";

/** Largest request body: server actions take battery imports (see next.config.mjs); API routes check their own. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type LayerOptions = {
  /** Proxies in front of the app that append to X-Forwarded-For (see request-guard.ts); 0 trusts no header. */
  trustedProxies: number;
  rateLimits: boolean;
  /** The app passes the limiter shared in PostgreSQL (lib/limits/shared.ts); tests may use one in memory. */
  limiter?: Limiter;
  /** Routes answered here instead of by Next.js (see direct-routes.ts), after the same checks and limits. */
  routes?: readonly DirectRoute[];
};

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function refusalPage(locale: Locale, kind: "tooMany" | "tooLarge"): Promise<string> {
  const errors = (await loadMessages[locale]()).errors;
  const title = escape(errors[`${kind}Title`]);
  return `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>${title}</h1><p>${escape(errors[`${kind}Body`])}</p><p><a href="/${locale}">${escape((await loadMessages[locale]()).common.home)}</a></p></body></html>`;
}

async function refuse(req: IncomingMessage, res: ServerResponse, status: 413 | 429, retryAfter?: number) {
  const pathname = (req.url ?? "/").split("?")[0]!;
  const headers: Record<string, string> = retryAfter ? { "Retry-After": String(retryAfter) } : {};
  if (pathname.startsWith("/api/")) {
    res.writeHead(status, { ...headers, "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: status === 429 ? "too_many_requests" : "too_large",
        ...(retryAfter ? { retryAfter } : {}),
      }),
    );
    return;
  }
  const first = pathname.split("/")[1];
  const locale: Locale = isLocale(first) ? first : "sv";
  res.writeHead(status, { ...headers, "content-type": "text/html; charset=utf-8" });
  res.end(await refusalPage(locale, status === 429 ? "tooMany" : "tooLarge"));
}

export function createHttpLayer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  options: LayerOptions,
) {
  const limiter = options.limiter ?? memoryLimiter();
  const sealSecret = process.env.BETTER_AUTH_SECRET ?? "";
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const https = servedOverHttpsRequest(
      "encrypted" in req.socket && Boolean(req.socket.encrypted),
      req.headers["x-forwarded-proto"],
      options.trustedProxies,
    );
    for (const [name, value] of Object.entries(securityHeaders({ https }))) res.setHeader(name, value);
    // Ours, never the client's: the id that ties this request's log lines together (and nothing else).
    const requestId = randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (!isWellFormedUrl(req.url)) {
      res.writeHead(400, { "content-type": "text/html; charset=utf-8" });
      res.end(badRequestPage);
      return;
    }
    const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], options.trustedProxies);
    // Only our own layer may set these; any copy sent by the client is replaced.
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    req.headers[HTTPS_HEADER] = https ? "1" : "0";
    if (sealSecret)
      req.headers[SEAL_HEADER] = await sealLayerHeaders(sealSecret, address, https ? "1" : "0", requestId);
    else delete req.headers[SEAL_HEADER];

    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
      void refuse(req, res, 413);
      return;
    }
    const pathname = req.url!.split("?")[0]!;
    const limit = options.rateLimits ? limitFor(req.method ?? "GET", pathname) : null;
    if (limit) {
      const wait = await limiter.take(limit, address);
      if (wait > 0) {
        count("rate_limited_total", { limit: limit.name });
        logger.info({ requestId, limit: limit.name, retryAfter: wait }, "rate limited");
        void refuse(req, res, 429, wait);
        return;
      }
    }
    const route = options.routes && directRouteFor(options.routes, pathname);
    if (route) void serveDirect(route, req, res);
    else void handle(req, res);
  };
}
