/**
 * What a respondent's phone downloads for a page: every script, stylesheet, font and the HTML, each
 * compressed with gzip as the server sends it. Measured in a real browser (Debian's Chromium).
 */
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

export type Weight = { files: number; raw: number; gzip: number };
export type PageWeight = { url: string; js: Weight; css: Weight; html: Weight; fonts: Weight };

const empty = (): Weight => ({ files: 0, raw: 0, gzip: 0 });

export async function measure(page: Page, url: string): Promise<PageWeight> {
  const result: PageWeight = { url, js: empty(), css: empty(), html: empty(), fonts: empty() };
  const pending: Promise<void>[] = [];
  const onResponse = (response: import("playwright-core").Response) => {
    const type = response.request().resourceType();
    const bucket =
      type === "script"
        ? result.js
        : type === "stylesheet"
          ? result.css
          : type === "document"
            ? result.html
            : type === "font"
              ? result.fonts
              : null;
    if (!bucket || response.status() >= 300) return;
    pending.push(
      response
        .body()
        .then((body) => {
          bucket.files++;
          bucket.raw += body.length;
          // Fonts are already compressed (woff2); gzip adds nothing, so count them as sent.
          bucket.gzip += type === "font" ? body.length : gzipSync(body).length;
        })
        .catch(() => {}),
    );
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "networkidle" });
  await Promise.all(pending);
  page.off("response", onResponse);
  return result;
}

/** The intro page and the first question page of a survey, as a new respondent on a small phone. */
export async function measureSurvey(
  browser: Browser,
  baseUrl: string,
  code: string,
  locale: string,
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
  try {
    const page = await context.newPage();
    const intro = await measure(page, `${baseUrl}/${locale}/s/${code}/intro`);
    await page.locator("main form button[type=submit]").click();
    await page.waitForURL(/\/m\//);
    const questionUrl = page.url();
    // A fresh page load of the question page, as when a respondent comes back to it.
    const fresh = await context.newPage();
    const question = await measure(fresh, questionUrl);
    const usable = await fresh.locator("#survey-page fieldset:not([hidden])").count();
    return { intro, question, questionFieldsVisible: usable };
  } finally {
    await context.close();
  }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
