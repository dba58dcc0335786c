import createMiddleware from "next-intl/middleware";
import { routing } from "@/lib/i18n/routing";

// The proxy only routes by locale; access is checked on the server by lib/auth/guard in every page, action and route.
export default createMiddleware(routing);

export const config = {
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
