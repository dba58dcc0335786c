/** The server's signing secret (set by the launcher; see scripts/run.ts). */
export function serverSecret(): string {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret) throw new Error("BETTER_AUTH_SECRET is not set; start the app with npm start");
  return secret;
}

/** Whether cookies must be Secure: when the app is served over HTTPS. */
export function servedOverHttps(): boolean {
  return (process.env.BETTER_AUTH_URL ?? "").startsWith("https://");
}
