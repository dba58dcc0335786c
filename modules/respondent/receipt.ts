/**
 * Receipt codes: random (50 bits), shown once on the thank-you page, stored only as a hash, and entered later to
 * withdraw. Nothing else leads to the code: not the response id, not anything on the device, not the server's
 * secrets. A submission sent again is acknowledged without a code (the first answer showed it).
 */
import { createHash, randomInt } from "node:crypto";

// Crockford's base32: no I, L, O or U, so the code survives being read aloud or copied by hand.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RECEIPT_LENGTH = 10;

export function newReceipt(): string {
  let code = "";
  for (let i = 0; i < RECEIPT_LENGTH; i++) code += ALPHABET[randomInt(32)];
  return code;
}

/** As people type it: any case, spaces or dashes, O for 0 and I or L for 1. Null if it cannot be a code. */
export function normalizeReceipt(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-–_.]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (cleaned.length !== RECEIPT_LENGTH) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}

export function formatReceipt(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function hashReceipt(code: string): string {
  return createHash("sha256").update(`receipt:${code}`).digest("hex");
}
