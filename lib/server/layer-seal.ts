/**
 * The headers our HTTP layer sets for Next.js (client address, HTTPS) are believed only with its seal: an HMAC of
 * their values and the request id, with the server secret. Served without our layer (a plain Next server, the
 * standalone server), a client could otherwise choose its own address for the limits; proxy.ts then drops any
 * unsealed copy and works the address out itself. Web Crypto only: the proxy imports it.
 */
export const SEAL_HEADER = "x-fb-seal";

async function hmac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...signature))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

const sealed = (address: string, https: string, requestId: string) => `${address}\n${https}\n${requestId}`;

export function sealLayerHeaders(secret: string, address: string, https: string, requestId: string): Promise<string> {
  return hmac(secret, sealed(address, https, requestId));
}

export async function layerSealHolds(
  secret: string | undefined,
  headers: Headers,
  names: { address: string; https: string; requestId: string },
): Promise<boolean> {
  const seal = headers.get(SEAL_HEADER);
  if (!secret || !seal) return false;
  const expected = await hmac(
    secret,
    sealed(headers.get(names.address) ?? "", headers.get(names.https) ?? "", headers.get(names.requestId) ?? ""),
  );
  return expected.length === seal.length && expected === seal;
}
