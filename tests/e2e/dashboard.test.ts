import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadOverview } from "@/modules/dashboard/loaders";
import { createDb } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/seed";
import { benchContext, DASHBOARD_MODULE, DASHBOARD_STAFF } from "@/scripts/bench/dashboard";
import { dashboardPages, timePages } from "@/scripts/bench/pages";
import { signIn as signInOverHttp } from "@/scripts/bench/session";
import { axeViolations, launch, ownAddress, withPage } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/sv/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form.stack button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
}

describe("municipal dashboards", () => {
  it("shows staff their municipality beside the region, refuses others, filters by URL, and exports what is on screen", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "staff.linkoping@demo.example");
      await page.goto(`${baseUrl}/sv/dashboard`);
      await expect(page.locator("h1").textContent()).resolves.toBe("Resultat: Linköping");
      await expect(page.locator("#totals thead th").allTextContents()).resolves.toEqual([
        "",
        "Linköping",
        "Östergötland",
      ]);
      // Another municipality by editing the URL, or through the export: 403.
      expect((await page.goto(`${baseUrl}/sv/dashboard?m=0581`))?.status()).toBe(403);
      expect((await page.request.get(`${baseUrl}/api/dashboard/export?view=overview&m=0581`)).status()).toBe(403);
      // The region only where it covers 3 other municipalities: not beside Linköping's own round.
      await page.goto(`${baseUrl}/sv/dashboard`);
      const ownRound = await page.locator("#f-round option", { hasText: "Linköping" }).getAttribute("value");
      await page.goto(`${baseUrl}/sv/dashboard?round=${ownRound}`);
      await expect(page.locator("#totals thead th").allTextContents()).resolves.toEqual(["", "Linköping"]);
      await expect(page.locator(".notice").first().textContent()).resolves.toMatch(/Östergötland visas inte bredvid/);
      // One language: asked for a closed round first, then shown within it. The view is the URL.
      await page.goto(`${baseUrl}/sv/dashboard`);
      await page.locator("#f-lang").selectOption("ar");
      await page.locator(".filters button[type=submit]").click();
      await page.waitForURL(/lang=ar/);
      await expect(page.locator(".alert").textContent()).resolves.toMatch(/visas för en avslutad insamling i taget/);
      await page.locator("main li a", { hasText: "våren 2026" }).click();
      await page.waitForURL(/round=\d+/);
      const screenTotal = (await page.locator("#totals tbody tr").first().locator("td").first().textContent())!;
      // The CSV of this view has the same figures as the screen.
      const href = (await page.locator('a[download][href*="format=csv"]').getAttribute("href"))!;
      expect(href).toContain("lang=ar");
      const csv = await (await page.request.get(`${baseUrl}${href}`)).text();
      const csvTotal = csv
        .split("\r\n")
        .find((line) => line.startsWith("Svar,"))!
        .split(",")[1]!
        .replace(/"/g, "");
      expect(csvTotal).toBe(screenTotal);
      const screenRows = await page
        .locator("#by-language tbody tr")
        .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent).join(",")));
      for (const row of screenRows) expect(csv).toContain(row);
      const xlsx = await page.request.get(`${baseUrl}${href.replace("format=csv", "format=xlsx")}`);
      expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");
    });
  });

  it("gives bad filters a clear message, never a 500", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      for (const query of ["lang=xx", "round=abc", "age=99", "from=2026-13", "foo=bar"]) {
        const response = await page.goto(`${baseUrl}/sv/dashboard?${query}`);
        expect(response?.status(), query).toBe(200);
        await expect(page.locator(".alert").textContent()).resolves.toMatch(/^Filtret kunde inte läsas/);
      }
      expect((await page.goto(`${baseUrl}/sv/dashboard?round=999999`))?.status()).toBe(404);
      expect((await page.goto(`${baseUrl}/sv/dashboard?m=9999`))?.status()).toBe(404);
      expect((await page.goto(`${baseUrl}/sv/dashboard/questions?module=nope`))?.status()).toBe(404);
      expect((await page.request.get(`${baseUrl}/api/dashboard/export?view=overview&lang=xx`)).status()).toBe(400);
      // The coordinator may look at any municipality and at the region.
      expect((await page.goto(`${baseUrl}/sv/dashboard?m=0581`))?.status()).toBe(200);
      await expect(page.locator("h1").textContent()).resolves.toBe("Resultat: Norrköping");
    });
  });

  it("ranks the mode gap with its test, and masks free text", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/dashboard/mode-gap`);
      const first = await page.locator("#mode-gap tbody tr").first().locator("td").allTextContents();
      expect(first[3]).toMatch(/^\+\d+ procentenheter$/);
      expect(first[4]).toMatch(/^Ja/);
      // The list is 200 texts in a new random order each time: a few loads show the one with a phone number, masked,
      // and no load shows the number itself.
      let seen = "";
      for (let i = 0; i < 40 && !seen.includes("[telefonnummer]"); i++) {
        await page.goto(`${baseUrl}/sv/dashboard/texts?question=info.wish_told_earlier`);
        const texts = (await page.locator(".text-list").textContent()) ?? "";
        expect(texts).not.toMatch(/070-123/);
        seen += texts;
      }
      expect(seen).toContain("[telefonnummer]");
    });
  });

  it("lets the coordinator follow up ambassadors and print a report, and keeps staff out of the follow-up", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/dashboard/ambassadors`);
      const names = await page.locator("#ambassador-follow-up tbody th").allTextContents();
      expect(names).toEqual(expect.arrayContaining(["Amina Ambassadör", "Yonas Ambassadör"]));
      const amina = await page
        .locator("#ambassador-follow-up tbody tr", { hasText: "Amina Ambassadör" })
        .locator("td")
        .allTextContents();
      expect(Number(amina[0]!.replace(/\s/g, ""))).toBeGreaterThan(100);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${baseUrl}/sv/dashboard/report?m=0586`);
      await expect(page.locator("h1").textContent()).resolves.toBe("Rapport: Mjölby");
      expect(await page.locator(".report table").count()).toBeGreaterThan(30);
    });
    await withPage(browser, async (page) => {
      await signIn(page, "staff.linkoping@demo.example");
      expect((await page.goto(`${baseUrl}/sv/dashboard/ambassadors`))?.status()).toBe(403);
      expect((await page.goto(`${baseUrl}/sv/dashboard/report`))?.status()).toBe(200);
      await expect(page.locator("h1").textContent()).resolves.toBe("Rapport: Linköping");
    });
  });

  it("keeps charts left to right inside a right-to-left page, with colour-blind-safe colours", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "staff.linkoping@demo.example");
      expect((await page.goto(`${baseUrl}/ar/dashboard/questions?module=trust`))?.status()).toBe(200);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      const figure = page.locator("figure.chart").first();
      await figure.locator("svg").first().waitFor();
      expect(await figure.getAttribute("dir")).toBe("ltr");
      // The most negative step is drawn left of the most positive one.
      const fills = await figure
        .locator(".recharts-bar-rectangle path")
        .evaluateAll((paths) =>
          paths.map((p) => ({ fill: p.getAttribute("fill"), x: (p as SVGGraphicsElement).getBBox().x })),
        );
      const red = fills.find((f) => f.fill === "#b2182b");
      const blue = fills.find((f) => f.fill === "#2166ac");
      expect(red && blue && red.x < blue.x).toBe(true);
    });
  });

  for (const locale of ["sv", "en"]) {
    it(`has no WCAG 2.1 AA violations on the overview and a question page in ${locale}`, async () => {
      await withPage(browser, async (page) => {
        await signIn(page, "staff.norrkoping@demo.example");
        await page.goto(`${baseUrl}/${locale}/dashboard`);
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/${locale}/dashboard/questions?module=trust`);
        await page.locator("figure.chart svg").first().waitFor();
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }

  // The bench's dashboard pages (npm run bench, part 3b) in miniature: its checks pass on the real pages and catch a wrong one.
  it("serves the bench's dashboard pages to staff with the respondent count the data functions give", async () => {
    const db = createDb(inject("appDatabaseUrl"), { max: 2 });
    try {
      const total = (await loadOverview(db, await benchContext(db, {}))).overview.total.here;
      expect(total?.shown).toBe(true);
      const respondents = total && total.shown ? total.value : 0;
      const address = ownAddress();
      const cookie = await signInOverHttp(baseUrl, DASHBOARD_STAFF, DEMO_PASSWORD, "sv", address);
      const pages = dashboardPages("Linköping", respondents, DASHBOARD_MODULE);
      const timings = await timePages(baseUrl, { ...address, cookie }, pages, 1);
      expect(timings.map((t) => t.path)).toEqual([
        "/sv/dashboard",
        "/ar/dashboard",
        "/sv/dashboard/questions?module=trust",
        "/sv/dashboard/mode-gap",
      ]);
      for (const t of timings) expect(t.htmlBytes).toBeGreaterThan(10_000);
      // A count the page does not show, or no session: refused, never timed as a dashboard.
      const wrongCount = dashboardPages("Linköping", respondents + 1_000_000, DASHBOARD_MODULE).slice(0, 1);
      await expect(timePages(baseUrl, { ...address, cookie }, wrongCount, 1)).rejects.toThrow(/served without/);
      await expect(timePages(baseUrl, address, pages.slice(0, 1), 1)).rejects.toThrow(/answered 30[0-9]/);
    } finally {
      await db.destroy();
    }
  });
});
