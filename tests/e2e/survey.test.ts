import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launch, withPage as withBrowserPage } from "./browser";
import { completeSurvey, type Given, responseIdByReceipt } from "./respondent";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 2 });
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  // A round that has closed, for the tests of closed surveys (whatever order they run in).
  await db.query(
    "insert into survey (region_code, battery_version_id, name, public_code, opens_at, closes_at) select '05', battery_version_id, 'Stängd', 'CLOSED1', now() - interval '60 days', now() - interval '1 day' from survey limit 1 on conflict do nothing",
  );
});
afterAll(async () => {
  await browser?.close();
  await db.end();
});

const withPage = <T>(fn: (page: Page, context: BrowserContext) => Promise<T>, options = {}) =>
  withBrowserPage(browser, fn, options);

/** The response a receipt shown on the thank-you page belongs to (nothing on the phone says). */
async function responseIdOf(receipt: string): Promise<string> {
  const id = await responseIdByReceipt(db, receipt);
  expect(id, "response of the receipt").toBeTruthy();
  return id!;
}

/** The stored answers, in the same shape the test gave them. */
async function storedAnswers(responseId: string): Promise<Map<string, Given>> {
  const { rows } = await db.query(
    "select question_key, item_key, choice, choices, text, special from answer where response_id = $1",
    [responseId],
  );
  return new Map(
    rows.map((r) => {
      const slot = r.item_key ? `${r.question_key}#${r.item_key}` : r.question_key;
      const value: Given = r.special
        ? { kind: "special", value: r.special }
        : r.choices
          ? { kind: "choices", value: r.choices }
          : r.text !== null
            ? { kind: "text", value: r.text }
            : { kind: "choice", value: r.choice };
      return [slot, value];
    }),
  );
}

describe.each([
  { locale: "ar", code: "LIN580", javaScriptEnabled: true },
  { locale: "ti", code: "NOR581", javaScriptEnabled: true },
  { locale: "sv", code: "MOT583", javaScriptEnabled: false },
])(
  "a respondent completes the whole battery in $locale (JavaScript $javaScriptEnabled)",
  ({ locale, code, javaScriptEnabled }) => {
    it("stores every answer given, in the right language and mode, once", async () => {
      await withPage(
        async (page) => {
          const { given, receipt, pages } = await completeSurvey(page, baseUrl, locale, code);
          expect(pages).toBeGreaterThanOrEqual(10);
          expect(receipt).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
          const id = await responseIdOf(receipt);
          const { rows } = await db.query(
            "select locale, mode, municipality_code, submitted_on::text as day, ambassador_id from response where id = $1",
            [id],
          );
          expect(rows).toHaveLength(1);
          expect(rows[0]).toMatchObject({ locale, mode: "self", ambassador_id: null });
          expect(rows[0].day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          const stored = await storedAnswers(id);
          expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(given));
          // Show-if and repeat-for did their work: SFI follow-up asked, "was it useful" once per chosen service.
          expect(stored.has("edu.sfi_fits")).toBe(true);
          expect([...stored.keys()].filter((k) => k.startsWith("interventions.useful#"))).toHaveLength(2);
          expect(stored.get("trust.discrimination")).toEqual({ kind: "choices", value: ["none"] });
          // A reload of the thank-you page thanks again, without the code (shown once), and stores nothing new.
          await page.reload();
          await expect(page.locator("h1").textContent()).resolves.not.toBe("");
          expect(await page.locator(".receipt").count()).toBe(0);
          const count = await db.query("select count(*)::int as n from response where id = $1", [id]);
          expect(count.rows[0].n).toBe(1);
        },
        { javaScriptEnabled },
      );
    });
  },
);

describe("respondent pages", () => {
  it("lay options out right-to-left in Arabic: the control sits at the start (right) of its label", async () => {
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/ar/s/LIN580/intro`);
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/m\//);
      const option = page.locator("fieldset:not([hidden]) .option").first();
      const input = await option.locator("input").boundingBox();
      const text = await option.locator("span").first().boundingBox();
      expect(input!.x).toBeGreaterThan(text!.x);
      // Numerals follow the locale: Persian pages count in Persian digits.
      await page.goto(`${baseUrl}/fa/s/LIN580/m/background`);
      await expect(page.locator("#progress-text").textContent()).resolves.toMatch(/[۰-۹]/);
    });
  });

  for (const locale of ["sv", "ar", "so"]) {
    it(`have no WCAG 2.1 AA violations in ${locale}: intro, a question page and thank-you`, async () => {
      await withPage(async (page) => {
        await page.goto(`${baseUrl}/${locale}/s/FIN562`);
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/${locale}/s/FIN562/intro`);
        expect(await axeViolations(page)).toEqual([]);
        await page.locator("main form button[type=submit]").click();
        await page.waitForURL(/\/m\//);
        expect(await axeViolations(page)).toEqual([]);
        // A page with a validation message, too: four obstacles where three is the most.
        await page.goto(`${baseUrl}/${locale}/s/FIN562/m/work`);
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/${locale}/s/FIN562/send`);
        await page.locator("main form button[type=submit]").first().click();
        await page.waitForURL((url) => url.pathname.endsWith("/thanks"));
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/${locale}/withdraw`);
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }

  it("keep answers through a language switch and a closed browser, and refuse too many choices in the respondent's language", async () => {
    await withPage(
      async (page, context) => {
        await page.goto(`${baseUrl}/so/s/KIN513/intro`);
        await page.locator("main form button[type=submit]").click();
        await page.waitForURL(/\/m\/background$/);
        await page.locator('input[name="q:bg.time_in_sweden"][value="2to5"]').check();
        await page.locator("#survey-page button[type=submit]").click();
        await page.waitForURL(/\/m\/information$/);
        // Switch to Ukrainian mid-survey: the earlier answer is still there.
        await page.goto(`${baseUrl}/uk/s/KIN513/m/background`);
        expect(await page.locator('input[name="q:bg.time_in_sweden"][value="2to5"]').isChecked()).toBe(true);
        expect(await page.getAttribute("html", "lang")).toBe("uk");
        // Close the browser tab and come back later: offered to continue, answers kept.
        const cookies = await context.cookies();
        await page.close();
        const again = await context.newPage();
        await context.addCookies(cookies);
        await again.goto(`${baseUrl}/uk/s/KIN513`);
        await expect(again.locator("h1").textContent()).resolves.toMatch(/^Продовжити з того місця/);
        await again.goto(`${baseUrl}/so/s/KIN513/m/work`);
        for (const v of ["language", "licence", "health", "other"])
          await again.locator(`input[name="q:work.obstacles"][value="${v}"]`).check();
        await again.locator("#survey-page button[type=submit]").click();
        await again.waitForURL(/err=/);
        await expect(again.locator(".field-error").first().textContent()).resolves.toMatch(/3/);
        expect(await again.getAttribute("html", "lang")).toBe("so");
      },
      { javaScriptEnabled: false },
    );
  });

  it("enforce an exclusive 'none' and the maximum at once with JavaScript", async () => {
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/en/s/KIN513/intro`);
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/m\//);
      await page.goto(`${baseUrl}/en/s/KIN513/m/work`);
      for (const v of ["language", "licence", "health"])
        await page.locator(`input[name="q:work.obstacles"][value="${v}"]`).check();
      expect(await page.locator('input[name="q:work.obstacles"][value="other"]').isDisabled()).toBe(true);
      await page.goto(`${baseUrl}/en/s/KIN513/m/trust`);
      await page.locator('input[name="q:trust.discrimination"][value="work"]').check();
      await page.locator('input[name="q:trust.discrimination"][value="none"]').check();
      expect(await page.locator('input[name="q:trust.discrimination"][value="work"]').isChecked()).toBe(false);
    });
  });

  it("withdraw a response with its receipt code", async () => {
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/sv/s/ODE509/intro`);
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/m\//);
      await page.goto(`${baseUrl}/sv/s/ODE509/send`);
      await page.locator("main form button[type=submit]").first().click();
      await page.waitForURL((url) => url.pathname.endsWith("/thanks"));
      const receipt = (await page.locator(".receipt").textContent())!;
      const id = await responseIdOf(receipt);
      await page.goto(`${baseUrl}/ar/withdraw`);
      await page.locator("#receipt").fill("wrong-code");
      await page.locator("main form button[type=submit]").click();
      await expect(page.locator(".alert").textContent()).resolves.not.toBe("");
      await page.locator("#receipt").fill(receipt.toLowerCase().replace("-", " "));
      await page.locator("main form button[type=submit]").click();
      await page.locator(".notice").waitFor();
      const { rows } = await db.query("select count(*)::int as n from response where id = $1", [id]);
      expect(rows[0].n).toBe(0);
    });
  });

  it("greet an unknown code and a closed survey with a friendly page in the chosen language", async () => {
    await withPage(async (page) => {
      const unknown = await page.goto(`${baseUrl}/ar/s/NOPE99`);
      expect(unknown?.status()).toBeLessThan(500);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      await expect(page.locator("h1").textContent()).resolves.toContain("NOPE99");
      await page.goto(`${baseUrl}/sv/s/CLOSED1`);
      await expect(page.locator("h1").textContent()).resolves.toBe("Insamlingen är stängd");
      await page.goto(`${baseUrl}/sv`);
      await page.locator("#survey-code").fill("lin 580");
      await page.locator(".code-form button").click();
      await page.waitForURL(/\/sv\/s\/LIN580$/);
    });
  });

  it("show a text not yet translated in Swedish, marked in the respondent's language, never blank", async () => {
    // A version of the battery whose module title and one option lack Tigrinya.
    await db.query(`
      with v as (select battery_id, content from battery_version where version = 1 and battery_id = (select id from battery where kind = 'regional')),
           edited as (select battery_id, jsonb_set(jsonb_set(content, '{modules,0,title}', (content #> '{modules,0,title}') - 'ti'),
                        '{modules,0,questions,1,options,0,label}', (content #> '{modules,0,questions,1,options,0,label}') - 'ti') as content from v),
           nv as (insert into battery_version (battery_id, version, content) select battery_id, 99, content from edited returning id),
           s as (insert into survey (region_code, battery_version_id, name, public_code, opens_at, closes_at)
                 select '05', id, 'Utan tigrinja', 'MISSTI1', now() - interval '1 day', now() + interval '30 days' from nv returning id)
      insert into survey_municipality (survey_id, municipality_code) select id, '0580' from s`);
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/ti/s/MISSTI1/intro`);
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/m\/background/);
      await expect(page.locator("h1 [lang=sv]").textContent()).resolves.toBe("Om dig");
      await expect(page.locator("h1 .not-translated").textContent()).resolves.toBe("(ኣይተተርጎመን)");
      await expect(page.locator(".option [lang=sv]").first().textContent()).resolves.toBe("Mindre än 1 år");
      // Everything else on the page is in Tigrinya.
      await expect(page.locator("legend").first().textContent()).resolves.not.toMatch(/[a-zåäö]{4}/i);
    });
  });

  it("pick the browser's language for a link without one, and serve the poster's QR code", async () => {
    await withPage(
      async (page) => {
        await page.goto(`${baseUrl}/s/LIN580`);
        expect(new URL(page.url()).pathname).toBe("/ar/s/LIN580");
        await expect(page.locator("main .language-list").count()).resolves.toBe(1);
      },
      { locale: "ar-SE", extraHTTPHeaders: { "accept-language": "ar-SE,ar;q=0.9,sv;q=0.5" } },
    );
    const qr = await fetch(`${baseUrl}/api/surveys/LIN580/qr`);
    expect(qr.headers.get("content-type")).toBe("image/svg+xml");
    expect(await qr.text()).toMatch(/^<svg/);
  });
});

describe("the public submit path", () => {
  const payload = (id: string, answers: Record<string, unknown>) => ({ id, survey: "MJO586", locale: "fa", answers });

  it("stores a response sent three times at once exactly once, and refuses a different payload under its id with 409", async () => {
    const id = crypto.randomUUID();
    const body = JSON.stringify(payload(id, { "bg.gender": { kind: "choice", value: "woman" } }));
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        fetch(`${baseUrl}/api/responses`, { method: "POST", body, headers: { "content-type": "application/json" } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    // The code only in the answer that stored it.
    const bodies = await Promise.all(
      results.map(async (r) => ({ status: r.status, body: (await r.json()) as { receipt?: string } })),
    );
    for (const { status, body } of bodies)
      expect(typeof body.receipt, String(status)).toBe(status === 201 ? "string" : "undefined");
    const { rows } = await db.query("select count(*)::int as n from response where id = $1", [id]);
    expect(rows[0].n).toBe(1);
    const changed = await fetch(`${baseUrl}/api/responses`, {
      method: "POST",
      body: JSON.stringify(payload(id, { "bg.gender": { kind: "choice", value: "man" } })),
    });
    expect(changed.status).toBe(409);
  });

  it("refuses bad input with a 4xx and stores nothing", async () => {
    const before = (await db.query("select count(*)::int as n from response")).rows[0].n;
    const cases: [unknown, number][] = [
      [payload(crypto.randomUUID(), { "no.such_question": { kind: "choice", value: "x" } }), 400],
      [payload(crypto.randomUUID(), { "bg.gender": { kind: "choice", value: "robot" } }), 400],
      [payload(crypto.randomUUID(), { "trust.one_change": { kind: "text", value: "x".repeat(2001) } }), 400],
      [payload(crypto.randomUUID(), { "edu.sfi_fits": { kind: "choice", value: "5" } }), 400],
      [{ ...payload(crypto.randomUUID(), {}), survey: "NOPE99" }, 404],
      [{ ...payload(crypto.randomUUID(), {}), survey: "CLOSED1" }, 410],
      [{ ...payload("not-a-uuid", {}) }, 400],
      [{ ...payload(crypto.randomUUID(), {}), __proto__: { admin: true }, extra: 1 }, 400],
      ["{not json", 400],
    ];
    for (const [body, status] of cases) {
      const r = await fetch(`${baseUrl}/api/responses`, {
        method: "POST",
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
    }
    const after = (await db.query("select count(*)::int as n from response")).rows[0].n;
    expect(after).toBe(before);
  });
});
