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

/** Set by our HTTP layer from the socket (or, with TRUST_PROXY=1, the load balancer's X-Forwarded-For); any incoming copy is dropped. */
export const CLIENT_ADDRESS_HEADER = "x-fb-client-address";

/** Set by our HTTP layer to "1" when the client reached us over HTTPS (directly, or per a trusted proxy). */
export const HTTPS_HEADER = "x-fb-https";

export function servedOverHttpsRequest(encrypted: boolean, forwardedProto: string | string[] | undefined, trustProxy: boolean): boolean {
  if (encrypted) return true;
  const proto = Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto;
  return trustProxy && proto?.split(",")[0]?.trim() === "https";
}

export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const first = (Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return socketAddress ?? "unknown";
}
