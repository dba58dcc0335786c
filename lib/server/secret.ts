/** The server's signing secret (BETTER_AUTH_SECRET, required: see docs/production.md). */
export function serverSecret(): string {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret) throw new Error("BETTER_AUTH_SECRET is not set; see docs/production.md");
  return secret;
}

/** Whether cookies must be Secure: when the app is served over HTTPS. */
export function servedOverHttps(): boolean {
  return (process.env.BETTER_AUTH_URL ?? "").startsWith("https://");
}
