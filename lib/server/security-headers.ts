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

/** Headers for every response, pages, files and API alike. HSTS only over HTTPS, where it means something. */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    // Survey links carry the survey code: they must not leak to any other site, not even our own pages' origin.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * With "Referrer-Policy: no-referrer", browsers send "Origin: null" on a form posted without JavaScript, and
 * Next's server-action check refuses it. Fetch Metadata still says whether the post came from our own pages:
 * only then is the origin restored to our own, so cross-site posts stay refused.
 */
export function restoredOrigin(
  headers: { origin?: string; "sec-fetch-site"?: string | string[]; host?: string },
  https: boolean,
): string | undefined {
  if (headers.origin !== "null" || headers["sec-fetch-site"] !== "same-origin" || !headers.host) return undefined;
  return `${https ? "https" : "http"}://${headers.host}`;
}
