import createMiddleware from "next-intl/middleware";
import { NextRequest, NextResponse } from "next/server";
import { routing } from "@/lib/i18n/routing";
import { appLimiter } from "@/lib/limits/shared";
import { logger } from "@/lib/observability/log";
import { count } from "@/lib/observability/metrics";
import { limitFor, MAX_BODY_BYTES, rateLimitsOn } from "@/lib/server/rate-limit";
import { checkPagePost } from "@/lib/server/page-post";
import { badRequest, refusal } from "@/lib/server/refusal";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  HTTPS_HEADER,
  isWellFormedUrl,
  REQUEST_ID_HEADER,
  servedOverHttpsRequest,
  trustedProxies,
} from "@/lib/server/request-guard";
import { contentSecurityPolicy, hstsHeader } from "@/lib/server/security-headers";
import {
  RECEIPT_HEADER,
  receiptCookie,
  receiptValue,
  thanksPath,
  thanksTarget,
} from "@/modules/respondent/receipt-handoff";

const handleI18nRouting = createMiddleware(routing);

/**
 * Every request but Next's own files passes here first (Node.js runtime), in this order:
 * - an address that cannot be read gets 400 (Next would answer 500), a declared body over the largest we take 413;
 * - a post to a page from another site gets 403, one whose body cannot be parsed 400 (lib/server/page-post.ts);
 * - the client's address is worked out from the trusted proxies' X-Forwarded-For (lib/server/request-guard.ts) and
 *   passed on in a header of ours (a client's copy is always replaced), with HTTPS and a request id;
 * - the path's rate limit (lib/server/rate-limit.ts) is taken from the budget shared in PostgreSQL
 *   (lib/limits/shared.ts): 429 with Retry-After, a page in the path's language or JSON for the API;
 * - pages are routed by locale and get a fresh script nonce: Next reads it from the request's
 *   Content-Security-Policy and puts it on its own scripts.
 * Access is checked on the server by lib/auth/guard in every page, action and route, not here.
 *
 * It also hands a respondent's receipt code to the thank-you page exactly once (modules/respondent/receipt-handoff.ts): the
 * code's cookie is taken off the request for that survey's thank-you path, passed on in a request header (one sent by
 * a client is always dropped), and deleted in the same response, which no cache may keep.
 */
export default async function proxy(request: NextRequest) {
  const requestId = crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  const stamp = (response: Response, https: boolean) => {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    if (https) response.headers.set("Strict-Transport-Security", hstsHeader);
    return response;
  };
  const hops = trustedProxies();
  const forwardedProto = request.headers.get("x-forwarded-proto") ?? undefined;
  const https = servedOverHttpsRequest(false, forwardedProto, hops);
  if (!isWellFormedUrl(pathname + search)) return stamp(badRequest(), https);
  // A file (Next's build files, our static files) reaches here only for the address check above.
  if (pathname.startsWith("/_next/") || /\.[^/]*$/.test(pathname)) return NextResponse.next();
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return stamp(await refusal(pathname, "tooLarge"), https);

  const address = clientAddress(undefined, request.headers.get("x-forwarded-for") ?? undefined, hops);
  const limit = rateLimitsOn() ? limitFor(request.method, pathname) : null;
  if (limit) {
    const wait = await appLimiter().take(limit, address);
    if (wait > 0) {
      count("rate_limited_total", { limit: limit.name });
      logger.info({ requestId, limit: limit.name, retryAfter: wait }, "rate limited");
      return stamp(await refusal(pathname, "tooMany", wait), https);
    }
  }

  if (request.method === "POST" && !pathname.startsWith("/api/")) {
    const check = await checkPagePost(request);
    if (check !== "ok") return stamp(await refusal(pathname, check), https);
  }

  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, address);
  headers.set(HTTPS_HEADER, https ? "1" : "0");
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.delete(RECEIPT_HEADER);
  if (pathname.startsWith("/api/")) return stamp(NextResponse.next({ request: { headers } }), https);

  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  headers.set("content-security-policy", policy);

  const thanks = thanksTarget(request.nextUrl.pathname);
  const cookie = thanks ? receiptCookie(thanks.code) : null;
  if (thanks && cookie && request.cookies.has(cookie) && request.headers.has("x-action-redirect")) {
    // Next's own follow-up request after a server action's redirect: its answer reaches the browser without our
    // Set-Cookie, so the code would stay on the phone. Declining it (not a page) makes Next send the redirect to the
    // browser, whose own request for the page then takes the code and deletes the cookie.
    return new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  }
  const receipt = cookie ? receiptValue(request.cookies.get(cookie)?.value) : null;
  if (receipt) headers.set(RECEIPT_HEADER, receipt);

  const response = handleI18nRouting(new NextRequest(request, { headers }));
  response.headers.set("Content-Security-Policy", policy);
  if (thanks && cookie) {
    if (request.cookies.has(cookie)) {
      response.cookies.set(cookie, "", {
        path: thanksPath(thanks.locale, thanks.code),
        maxAge: 0,
        httpOnly: true,
        sameSite: "lax",
        secure: https,
      });
    }
    response.headers.set("Cache-Control", "no-store");
  }
  return stamp(response, https);
}

export const config = {
  // Everything but Next's build files and our static files (every one has a dot in its name; no page or API path
  // has), and any path with a percent sign, so that a malformed one gets 400 where Next's file server answers 500.
  // The two hot API routes take their limit themselves (lib/server/route-limit.ts): passing the proxy cost more than
  // storing a response.
  matcher: ["/((?!_next/|_vercel/|api/responses$|api/ambassador/sync$|.*\\..*).*)", "/(.*%.*)"],
};
