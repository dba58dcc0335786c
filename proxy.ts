import createMiddleware from "next-intl/middleware";
import { NextRequest, NextResponse } from "next/server";
import { routing } from "@/lib/i18n/routing";
import { layerSealHolds, SEAL_HEADER } from "@/lib/server/layer-seal";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  HTTPS_HEADER,
  REQUEST_ID_HEADER,
  servedOverHttpsRequest,
  trustedProxies,
} from "@/lib/server/request-guard";
import { contentSecurityPolicy } from "@/lib/server/security-headers";
import { RECEIPT_HEADER, receiptCookie, receiptValue, thanksPath, thanksTarget } from "@/lib/survey/receipt-handoff";

const handleI18nRouting = createMiddleware(routing);

/**
 * Routes by locale and gives every page a fresh script nonce: Next reads it from the request's
 * Content-Security-Policy and puts it on its own scripts. Access is checked on the server by lib/auth/guard in
 * every page, action and route, not here.
 *
 * It also hands a respondent's receipt code to the thank-you page exactly once (lib/survey/receipt-handoff.ts): the
 * code's cookie is taken off the request for that survey's thank-you path, passed on in a request header (one sent by
 * a client is always dropped), and deleted in the same response, which no cache may keep.
 */
export default async function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const headers = new Headers(request.headers);
  // Behind our HTTP layer its sealed headers stand; served without it, no client-sent copy is believed, and the
  // address is the one the trusted proxies (TRUSTED_PROXIES) put in X-Forwarded-For.
  const names = { address: CLIENT_ADDRESS_HEADER, https: HTTPS_HEADER, requestId: REQUEST_ID_HEADER };
  if (!(await layerSealHolds(process.env.BETTER_AUTH_SECRET, request.headers, names))) {
    const hops = trustedProxies();
    headers.set(
      CLIENT_ADDRESS_HEADER,
      clientAddress(undefined, request.headers.get("x-forwarded-for") ?? undefined, hops),
    );
    headers.set(
      HTTPS_HEADER,
      servedOverHttpsRequest(
        request.nextUrl.protocol === "https:",
        request.headers.get("x-forwarded-proto") ?? undefined,
        hops,
      )
        ? "1"
        : "0",
    );
    headers.delete(SEAL_HEADER);
  }
  const https = headers.get(HTTPS_HEADER) === "1";
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  headers.set("content-security-policy", policy);
  headers.delete(RECEIPT_HEADER);

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
  return response;
}

export const config = {
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
