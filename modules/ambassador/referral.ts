/**
 * Referral links: an ambassador shows a QR code that opens the survey on the respondent's own phone. The
 * response stays mode "self" and records the referring ambassador. The token is the ambassador's id signed
 * with the server secret, so nobody can attribute responses to an ambassador by hand.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const sign = (id: string, secret: string) =>
  createHmac("sha256", secret).update(`referral:${id}`).digest("base64url").slice(0, 22);

export function referralToken(ambassadorId: string, secret: string): string {
  return `${ambassadorId}.${sign(ambassadorId, secret)}`;
}

export function verifyReferral(token: string | null | undefined, secret: string): string | null {
  if (!token || token.length > 120) return null;
  const dot = token.lastIndexOf(".");
  if (dot < 1) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(sign(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
