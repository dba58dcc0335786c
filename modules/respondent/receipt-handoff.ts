/**
 * How a fresh receipt code gets from the send action to the thank-you page, once. The action sets a short-lived
 * httpOnly cookie scoped to that survey's thank-you path; the proxy (proxy.ts) takes it off the request for that
 * path only, hands it to the page in a request header and deletes the cookie in the same response. A reload, the
 * back button or the next person on the same phone finds no cookie, and the page thanks them without a code.
 * No Node APIs here: the proxy imports it.
 */
import { locales } from "@/lib/i18n/locales";

/** Request header the proxy sets for the thank-you page; any such header from a client is removed first. */
export const RECEIPT_HEADER = "x-fb-receipt";
/** Long enough for a slow phone to follow the redirect, short enough to be gone when the phone is passed on. */
export const RECEIPT_COOKIE_SECONDS = 600;

export const receiptCookie = (code: string) => `fb_receipt_${code}`;
export const thanksPath = (locale: string, code: string) => `/${locale}/s/${code}/thanks`;

const RECEIPT = /^[0-9A-Z]{10}$/;
const THANKS = /^\/([A-Za-z-]{2,5})\/s\/([A-Z0-9]{4,12})\/thanks\/?$/;

/** The thank-you page a path is (its locale and survey code), if it is one. */
export function thanksTarget(pathname: string): { locale: string; code: string } | null {
  const m = THANKS.exec(pathname);
  if (!m || !(locales as readonly string[]).includes(m[1]!)) return null;
  return { locale: m[1]!, code: m[2]! };
}

/** A cookie value is passed on only if it has a receipt code's shape. */
export function receiptValue(value: string | undefined): string | null {
  return value && RECEIPT.test(value) ? value : null;
}
