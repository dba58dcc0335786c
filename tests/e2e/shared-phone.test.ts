/**
 * One phone, several people (issue #16): nothing a respondent said, and not their receipt code, may be seen by the
 * next person. The code is shown once, right after sending; a returning respondent continues where they stopped.
 * Checked as people see it, with JavaScript and without, left-to-right and right-to-left, on a small phone.
 */
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ar from "@/messages/ar.json";
import sv from "@/messages/sv.json";
import { launch, ownAddress, withPage as withBrowserPage } from "./browser";
import { answerAndSubmitPage, type Given, responseIdByReceipt, showsAnswer } from "./respondent";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 2 });
const texts = { sv: sv.survey, ar: ar.survey } as const;
const CODE = "LIN580";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await db.end();
});

const withPage = <T>(fn: (page: Page, context: BrowserContext) => Promise<T>, options = {}) =>
  withBrowserPage(browser, fn, options);

type Seen = { path: string; dir: string; h1: string; html: string; text: string; checked: number };

/** What the page shows now (null while it is being replaced). */
function seen(page: Page): Promise<Seen | null> {
  return page
    .evaluate(() => ({
      path: location.pathname,
      dir: document.documentElement.dir,
      h1: document.querySelector("h1")?.textContent ?? "",
      html: document.documentElement.outerHTML,
      text: document.body.innerText,
      checked:
        document.querySelectorAll("input:checked").length +
        [...document.querySelectorAll("textarea")].filter((t) => t.value).length,
    }))
    .catch(() => null);
}

/** Waits (up to a deadline) until the page shows the given path and heading, and returns what it shows then. */
async function landed(page: Page, path: string | RegExp, h1: string): Promise<Seen> {
  const at = (s: Seen | null) => !!s && (typeof path === "string" ? s.path === path : path.test(s.path)) && s.h1 === h1;
  await expect.poll(async () => at(await seen(page)), { timeout: 15_000, interval: 100 }).toBe(true);
  await page.waitForLoadState("load");
  const now = (await seen(page))!;
  expect(at(now), `${now.path} ${now.h1}`).toBe(true);
  return now;
}

/** Neither the code as shown nor as typed appears in the page, visible or not. */
function expectNoReceipt(s: Seen, receipt: string) {
  for (const form of [receipt, receipt.replace("-", "")]) {
    expect(s.html).not.toContain(form);
    expect(s.text).not.toContain(form);
  }
  expect(s.html).not.toContain('class="receipt"');
}

/** From the entry link to the first question page, as a first-time visitor. */
async function startFromEntry(page: Page, locale: string): Promise<void> {
  await page.goto(`${baseUrl}/${locale}/s/${CODE}`);
  await page.locator(`main .language-list a[hreflang="${locale}"]`).click();
  await page.waitForURL(`**/${locale}/s/${CODE}/intro`);
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL(/\/m\//);
}

/** Answers the current question page until the survey moves on (without JavaScript, revealed questions come first). */
async function finishPage(page: Page, given: Map<string, Given>): Promise<string> {
  const start = new URL(page.url()).pathname;
  for (let i = 0; i < 5 && new URL(page.url()).pathname === start; i++) await answerAndSubmitPage(page, given);
  expect(new URL(page.url()).pathname).not.toBe(start);
  return start;
}

const runs = [
  { locale: "sv", javaScriptEnabled: true },
  { locale: "sv", javaScriptEnabled: false },
  { locale: "ar", javaScriptEnabled: true },
  { locale: "ar", javaScriptEnabled: false },
] as const;

describe.each(runs)("a shared phone in $locale (JavaScript $javaScriptEnabled)", ({ locale, javaScriptEnabled }) => {
  const t = texts[locale];
  const dir = locale === "ar" ? "rtl" : "ltr";
  const thanks = `/${locale}/s/${CODE}/thanks`;

  it("shows the receipt once, to the person who sent, and nothing of them to the next person", async () => {
    await withPage(
      async (page, context) => {
        expect(page.viewportSize()?.width).toBe(360);
        await startFromEntry(page, locale);
        const given = new Map<string, Given>();
        await finishPage(page, given);
        expect(given.size).toBeGreaterThan(0);

        // A second tab on the send page: a second tap on "send" after the first went through.
        const again = await context.newPage();
        await again.goto(`${baseUrl}/${locale}/s/${CODE}/send`);
        await landed(again, `/${locale}/s/${CODE}/send`, t.reviewTitle);

        await page.goto(`${baseUrl}/${locale}/s/${CODE}/send`);
        await page.locator("main form button[type=submit]").first().click();
        const first = await landed(page, thanks, t.thanksTitle);
        expect(first.dir).toBe(dir);
        const receipt = (await page.locator(".receipt").textContent())!.trim();
        expect(receipt).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
        expect(first.text).toContain(t.receiptOnce);
        const id = await responseIdByReceipt(db, receipt);
        expect(id).toBeTruthy();

        await again.locator("main form button[type=submit]").first().click();
        const second = await landed(again, thanks, t.thanksTitle);
        expectNoReceipt(second, receipt);
        expect(second.text).toContain(t.receiptGone);
        await again.close();
        expect((await db.query("select count(*)::int as n from response where id = $1", [id])).rows[0].n).toBe(1);

        // "Someone else wants to answer", then back: the thank-you page again, without the code.
        await page.getByRole("button", { name: t.answerAgain }).click();
        await landed(page, `/${locale}/s/${CODE}/intro`, t.introTitle);
        await page.goBack();
        expectNoReceipt(await landed(page, thanks, t.thanksTitle), receipt);

        // Reloaded: thanks without the code.
        await page.reload();
        const reloaded = await landed(page, thanks, t.thanksTitle);
        expectNoReceipt(reloaded, receipt);
        expect(reloaded.text).toContain(t.receiptGone);

        // Back: the code nowhere.
        await page.goBack();
        await page.waitForLoadState("load");
        await expect
          .poll(async () => (await seen(page))?.path ?? thanks, { timeout: 15_000, interval: 100 })
          .not.toBe(thanks);
        expectNoReceipt((await seen(page))!, receipt);

        // The next person opens the survey's link: the language chooser, not a thank-you page, and none of A's answers.
        await page.goto(`${baseUrl}/${locale}/s/${CODE}`);
        const entry = await landed(page, `/${locale}/s/${CODE}`, t.chooseLanguageTitle);
        expectNoReceipt(entry, receipt);
        await page.locator(`main .language-list a[hreflang="${locale}"]`).click();
        await landed(page, `/${locale}/s/${CODE}/intro`, t.introTitle);
        await page.locator("main form button[type=submit]").click();
        await page.waitForURL(/\/m\//);
        const fresh = (await seen(page))!;
        expect(fresh.checked).toBe(0);
        expectNoReceipt(fresh, receipt);

        // Nothing on the phone holds the code.
        const cookies = await context.cookies();
        expect(cookies.filter((c) => c.name.startsWith("fb_receipt"))).toEqual([]);
        for (const c of cookies) expect(c.value).not.toContain(receipt.replace("-", ""));
        if (javaScriptEnabled)
          expect(await page.evaluate(() => document.cookie)).not.toContain(receipt.replace("-", ""));

        // Withdrawing needs the code: without it nothing happens; with A's code (as A wrote it down) it works, once.
        await page.goto(`${baseUrl}/${locale}/withdraw`);
        await page.locator("main form button[type=submit]").click();
        await expect(page.locator("#withdraw-message").textContent()).resolves.toBe(t.withdrawInvalid);
        expect(await responseIdByReceipt(db, receipt)).toBe(id);
        await page.locator("#receipt").fill(receipt.toLowerCase());
        await page.locator("main form button[type=submit]").click();
        await expect
          .poll(() => page.locator("#withdraw-message").textContent(), { timeout: 15_000 })
          .toBe(t.withdrawDone);
        expect((await db.query("select count(*)::int as n from response where id = $1", [id])).rows[0].n).toBe(0);
        await page.locator("#receipt").fill(receipt);
        await page.locator("main form button[type=submit]").click();
        await expect
          .poll(() => page.locator("#withdraw-message").textContent(), { timeout: 15_000 })
          .toBe(t.withdrawNotFound);
      },
      { javaScriptEnabled },
    );
  });

  it("brings a respondent who comes back to the page where they stopped, with their answers", async () => {
    await withPage(
      async (page, context) => {
        await startFromEntry(page, locale);
        const given = new Map<string, Given>();
        const pageOne = await finishPage(page, given);
        const onPageOne = new Map(given);
        const pageTwo = await finishPage(page, given);
        const stoppedAt = new URL(page.url()).pathname;
        expect(stoppedAt).toMatch(/\/m\//);
        expect([pageOne, pageTwo]).not.toContain(stoppedAt);

        // Later, in a new tab: the survey's link, then "continue".
        await page.close();
        const later = await context.newPage();
        await later.goto(`${baseUrl}/${locale}/s/${CODE}`);
        await landed(later, `/${locale}/s/${CODE}`, t.resume);
        await later.getByRole("button", { name: t.resume, exact: true }).click();
        await expect.poll(async () => (await seen(later))?.path, { timeout: 15_000, interval: 100 }).toBe(stoppedAt);
        expect((await seen(later))!.dir).toBe(dir);

        // The answers of the pages before are kept.
        await later.locator("a.back-link").click();
        await expect.poll(async () => (await seen(later))?.path, { timeout: 15_000, interval: 100 }).toBe(pageTwo);
        for (const [slot, answer] of given)
          if (!onPageOne.has(slot)) expect(await showsAnswer(later, slot, answer), slot).toBe(true);
        await later.locator("a.back-link").click();
        await expect.poll(async () => (await seen(later))?.path, { timeout: 15_000, interval: 100 }).toBe(pageOne);
        for (const [slot, answer] of onPageOne) expect(await showsAnswer(later, slot, answer), slot).toBe(true);
      },
      { javaScriptEnabled },
    );
  });
});

describe("the receipt's way to the thank-you page", () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, { headers: { ...ownAddress(), ...headers }, redirect: "manual" });

  it("is taken from its cookie for that survey's thank-you page only, once, never from a header, and never cached", async () => {
    const forged = await get(`/sv/s/${CODE}/thanks`, { "x-fb-receipt": "ABCDEFGHJK" });
    expect(forged.status).toBe(200);
    expect(await forged.text()).not.toContain("ABCDE-FGHJK");

    const once = await get(`/sv/s/${CODE}/thanks`, { cookie: `fb_receipt_${CODE}=ABCDEFGHJK` });
    expect(once.status).toBe(200);
    expect(once.headers.get("cache-control")).toContain("no-store");
    expect(await once.text()).toContain("ABCDE-FGHJK");
    const deleted = once.headers.getSetCookie().find((c) => c.startsWith(`fb_receipt_${CODE}=`));
    expect(deleted).toMatch(new RegExp(`^fb_receipt_${CODE}=;.*Path=/sv/s/${CODE}/thanks`, "i"));
    expect(deleted).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);

    // Another survey's page, another page of this survey, or a value that is no code: nothing shown.
    for (const [path, cookie] of [
      [`/sv/s/NOR581/thanks`, `fb_receipt_${CODE}=ABCDEFGHJK`],
      [`/sv/s/${CODE}`, `fb_receipt_${CODE}=ABCDEFGHJK`],
      [`/sv/s/${CODE}/thanks`, `fb_receipt_${CODE}=%3Cb%3Ex%3C%2Fb%3E`],
    ]) {
      const r = await get(path!, { cookie: cookie! });
      expect(r.status, path).toBeLessThan(500);
      const html = await r.text();
      expect(html, path).not.toContain("ABCDE-FGHJK");
      expect(html, path).not.toContain('class="receipt"');
    }
    const unknown = await get(`/ar/s/NOPE99/thanks`);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain("NOPE99");
  });
});
