/**
 * Signing in over HTTP the way a browser without JavaScript does: load the sign-in page, post its form
 * (a server action with its hidden fields) with the email and password, keep the session cookie.
 */
const entities: Record<string, string> = {
  "&quot;": '"',
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&#x27;": "'",
  "&#39;": "'",
};
const unescape = (s: string) => s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (m) => entities[m] ?? m);

/** The hidden inputs of the first form on a page (name, value). */
export function hiddenInputs(html: string): [string, string][] {
  const form = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
  const out: [string, string][] = [];
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name) out.push([unescape(name), unescape(/value="([^"]*)"/.exec(tag)?.[1] ?? "")]);
  }
  return out;
}

/** `headers` go with both requests (the browser tests give each sign-in its own client address). */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  locale = "sv",
  headers: Record<string, string> = {},
): Promise<string> {
  const page = await fetch(`${baseUrl}/${locale}/sign-in`, { headers });
  if (!page.ok) throw new Error(`sign-in page answered ${page.status}`);
  const form = new FormData();
  for (const [name, value] of hiddenInputs(await page.text())) form.append(name, value);
  form.append("email", email);
  form.append("password", password);
  const res = await fetch(`${baseUrl}/${locale}/sign-in`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { ...headers, origin: baseUrl },
  });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("fb.session_token="));
  if (!cookie) throw new Error(`sign-in as ${email} failed (status ${res.status}, no session cookie)`);
  return cookie;
}
