/**
 * The answers proxy.ts gives instead of the page: too many requests (429), too large (413), a form that cannot be
 * read (400), a form posted from another site (403) and an address that cannot be read (400). API paths get JSON; pages get a small page in the path's language, readable without
 * JavaScript or styles.
 */
import { directionOf, isLocale, type Locale } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";
import { badRequestPage } from "./request-guard";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const plainPage = (locale: Locale, title: string, body: string, home: string) =>
  `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>${escape(title)}</h1><p>${escape(body)}</p><p><a href="/${locale}">${escape(home)}</a></p></body></html>`;

/** The locale a path is in (its first segment), Swedish otherwise. */
export function localeOfPath(pathname: string): Locale {
  const first = pathname.split("/")[1];
  return isLocale(first) ? first : "sv";
}

const kinds = {
  tooMany: { status: 429, error: "too_many_requests" },
  tooLarge: { status: 413, error: "too_large" },
  badForm: { status: 400, error: "unreadable_body" },
  crossSite: { status: 403, error: "cross_site" },
} as const;

export type RefusalKind = keyof typeof kinds;

export async function refusal(pathname: string, kind: RefusalKind, retryAfter?: number): Promise<Response> {
  const { status, error } = kinds[kind];
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (retryAfter) headers["retry-after"] = String(retryAfter);
  if (pathname.startsWith("/api/"))
    return Response.json({ error, ...(retryAfter ? { retryAfter } : {}) }, { status, headers });
  const locale = localeOfPath(pathname);
  const messages = await loadMessages[locale]();
  const page = plainPage(locale, messages.errors[`${kind}Title`], messages.errors[`${kind}Body`], messages.common.home);
  return new Response(page, { status, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}

export function badRequest(): Response {
  return new Response(badRequestPage, {
    status: 400,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
