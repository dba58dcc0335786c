import staticHeaders from "./static-headers.json";

/**
 * The security headers of every response, and the Content-Security-Policy of every page. Pure, unit-tested.
 * Scripts run only with the page's nonce ('strict-dynamic' lets Next's own chunk loader through); inline
 * style attributes stay allowed because charts and progress bars set widths with them.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Headers for every response, pages, files and API alike: the static ones (static-headers.json, which next.config
 * also sends, so a plain `next start` has them too), and HSTS only over HTTPS, where it means something.
 * "Referrer-Policy: same-origin": survey links carry the survey code, which must not reach any other site; our own
 * pages may see it, so a form posted without JavaScript carries its real Origin and Next's action check passes.
 */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return { ...staticHeaders, ...(options.https ? { "Strict-Transport-Security": hstsHeader } : {}) };
}

/** Sent by proxy.ts over HTTPS only, where it means something. */
export const hstsHeader = "max-age=31536000; includeSubDomains";
