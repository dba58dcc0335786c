/**
 * Checks on a raw request before Next.js sees it. Next answers a malformed percent-encoding
 * (such as /sv/%E0%A4%A) with a 500; we answer 400 instead. Pure, unit-tested.
 */
export function isWellFormedUrl(url: string | undefined): boolean {
  if (!url || !url.startsWith("/")) return false;
  const path = url.split("?")[0]!;
  try {
    decodeURIComponent(path);
  } catch {
    return false;
  }
  const query = url.slice(path.length + 1);
  if (query) {
    try {
      decodeURIComponent(query.replace(/\+/g, " "));
    } catch {
      return false;
    }
  }
  return true;
}

export const badRequestPage = `<!doctype html><html lang="sv"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Felaktig adress</title><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>Felaktig adress</h1><p>Adressen kunde inte läsas. Kontrollera länken.</p><p lang="en">The address could not be read. Check the link.</p><p><a href="/sv">Till startsidan / Start page</a></p></body></html>`;

/**
 * Set by our HTTP layer from the socket, or from X-Forwarded-For when the app runs behind trusted proxies (see
 * trustedProxies); any incoming copy is dropped.
 */
export const CLIENT_ADDRESS_HEADER = "x-fb-client-address";

/** Each request's id, set by our HTTP layer and sent back: log lines of one request share it. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Set by our HTTP layer to "1" when the client reached us over HTTPS (directly, or per a trusted proxy). */
export const HTTPS_HEADER = "x-fb-https";

/**
 * How many proxies in front of the app append to X-Forwarded-For: TRUSTED_PROXIES=<n> (TRUST_PROXY=1 means one).
 * 0 (the default): the socket's address is the client's, and forwarded headers are ignored.
 */
export function trustedProxies(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.TRUSTED_PROXIES ?? (env.TRUST_PROXY === "1" ? 1 : 0));
  return Number.isInteger(n) && n > 0 && n <= 10 ? n : 0;
}

const entries = (header: string | string[] | undefined): string[] =>
  (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);

/** The scheme the outermost trusted proxy saw: the right-most value, which a client cannot put there. */
export function servedOverHttpsRequest(
  encrypted: boolean,
  forwardedProto: string | string[] | undefined,
  hops: number,
): boolean {
  if (encrypted) return true;
  return hops > 0 && entries(forwardedProto).at(-1) === "https";
}

/**
 * The client's address behind `hops` trusted proxies. Each proxy appends the address it was reached from, so the
 * chain read from the right is [proxy hops..., client, whatever the client claimed]: the entry `hops` places left
 * of the socket is the client, and anything further left (which a client can write) is never used.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const chain = [...entries(forwardedFor), socketAddress ?? "unknown"];
  if (hops <= 0) return chain.at(-1)!;
  return chain[Math.max(0, chain.length - 1 - hops)]!;
}
