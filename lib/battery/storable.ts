/**
 * Text the database can store. Kept apart from the zod schema so respondent pages can use it without
 * downloading zod. Pure.
 *
 * Whether PostgreSQL can store a string, as text or inside jsonb: no NUL character and no unpaired surrogate
 * (JSON can carry both as \u escapes; the database refuses the first and the second in jsonb). Everything
 * else, however odd (bidi controls, zero-width characters, combining marks), is kept as it was written.
 * No regex lookbehind, so older phones' browsers can run it too.
 */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && !unpairedSurrogate.test(s);
}
/** The same text without what the database cannot store (NUL dropped, lone surrogates as U+FFFD). */
export function storableText(s: string): string {
  return s
    .replace(/\u0000/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])([\uDC00-\uDFFF])/g, (_match, before?: string) =>
      before === undefined ? "\uFFFD" : `${before}\uFFFD`,
    );
}
