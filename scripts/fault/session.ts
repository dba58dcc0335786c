/**
 * The demo ambassador's session cookie. The app has no HTTP sign-in endpoint (staff sign in through a server
 * action), so the run signs in with the app's own better-auth configuration against the same database and secret:
 * better-auth checks the password, stores the session and signs the cookie exactly as the sign-in page would.
 */
import { DEMO_PASSWORD } from "@/lib/seed";
import { AMBASSADOR_EMAIL } from "./payloads";

export async function signInAmbassador(env: { databaseUrl: string; secret: string; baseUrl: string }): Promise<string> {
  // lib/auth and lib/db read these when first used.
  process.env.DATABASE_URL = env.databaseUrl;
  process.env.BETTER_AUTH_SECRET = env.secret;
  process.env.BETTER_AUTH_URL = env.baseUrl;
  const { getAuth } = await import("@/lib/auth/auth");
  const { getDb } = await import("@/lib/db");
  try {
    const { headers } = await getAuth().api.signInEmail({
      body: { email: AMBASSADOR_EMAIL, password: DEMO_PASSWORD },
      returnHeaders: true,
    });
    const cookie = headers
      .getSetCookie()
      .map((c) => c.split(";", 1)[0]!)
      .filter((c) => !/=$/.test(c))
      .join("; ");
    if (!/session_token=/.test(cookie))
      throw new Error(`sign-in gave no session cookie (${headers.getSetCookie().join(" | ")})`);
    return cookie;
  } finally {
    await getDb().destroy();
  }
}
