import createMiddleware from "next-intl/middleware";
import { NextRequest } from "next/server";
import { routing } from "@/lib/i18n/routing";
import { HTTPS_HEADER } from "@/lib/server/request-guard";
import { contentSecurityPolicy } from "@/lib/server/security-headers";

const handleI18nRouting = createMiddleware(routing);

/**
 * Routes by locale and gives every page a fresh script nonce: Next reads it from the request's
 * Content-Security-Policy and puts it on its own scripts. Access is checked on the server by lib/auth/guard in
 * every page, action and route, not here.
 */
export default function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: request.headers.get(HTTPS_HEADER) === "1",
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = handleI18nRouting(new NextRequest(request, { headers }));
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
