/** Debian's Chromium driven by playwright-core (never a downloaded browser), plus axe-core. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A small phone, as many respondents have. */
export const smallPhone: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** WCAG 2.1 A and AA rules only, as the law asks. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // After a client-side navigation the new title lands a moment after the URL changes; let it settle.
  await page.waitForFunction(() => document.title.trim().length > 0, undefined, { timeout: 5_000 }).catch(() => {});
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** A fresh context (no cookies) on a small phone for one scenario, closed afterwards. */
let visitor = 0;
/**
 * Each context comes from its own client address (the test app trusts X-Forwarded-For), as separate people do,
 * so one test's sign-ins and lookups never use up another's rate limit.
 */
export function ownAddress(): Record<string, string> {
  visitor++;
  return { "x-forwarded-for": `10.77.${Math.floor(visitor / 250) % 250}.${(visitor % 250) + 1}` };
}

export async function withPage<T>(
  browser: Browser,
  fn: (page: Page, context: BrowserContext) => Promise<T>,
  options: BrowserContextOptions = {},
): Promise<T> {
  const context = await browser.newContext({ ...smallPhone, extraHTTPHeaders: ownAddress(), ...options });
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}
