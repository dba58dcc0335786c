/**
 * A POST to a page is a server action (with JavaScript: a Next-Action header and a JSON or multipart body; without:
 * a multipart or urlencoded form). Next answers a cross-site post or a body it cannot parse with a 500; proxy.ts
 * checks both first and answers 403 or 400 with a page in the user's language, before anything runs.
 */

/** The host the browser addressed: the balancer's X-Forwarded-Host (right-most), else Host. What Next compares too. */
export function addressedHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("host");
}

/** True when the browser says the post came from a page of this site (or says nothing, as non-browsers do). */
export function fromThisSite(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return true;
  try {
    return new URL(origin).host === addressedHost(headers);
  } catch {
    return false; // "null" (a sandboxed or privacy-stripped origin) or garbage
  }
}

/** True when the body parses as what Next will parse it as. Reads a clone: the request goes on untouched. */
export async function bodyReadable(request: Request): Promise<boolean> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  try {
    if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
      await request.clone().formData();
      return true;
    }
    if (request.headers.has("next-action")) {
      // React sends an action's arguments as a JSON array (or multipart, when one of them is a form).
      return Array.isArray(JSON.parse(await request.clone().text()));
    }
    return true; // neither a form nor an action: Next renders the page as for a GET
  } catch {
    return false;
  }
}

export async function checkPagePost(request: Request): Promise<"ok" | "crossSite" | "badForm"> {
  if (!fromThisSite(request.headers)) return "crossSite";
  return (await bodyReadable(request)) ? "ok" : "badForm";
}
