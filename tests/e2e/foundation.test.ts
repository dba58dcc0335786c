import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localeTable, locales } from "@/lib/i18n/locales";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, launch, withPage as withBrowserPage } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const withPage = <T>(fn: (page: Page, context: BrowserContext) => Promise<T>, options = {}) =>
  withBrowserPage(browser, fn, options);

async function signIn(page: Page, email: string, password = DEMO_PASSWORD, locale = "sv") {
  await page.goto(`${baseUrl}/${locale}/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form.stack button[type=submit]").click();
  // With JavaScript the action answers in place; without, the browser loads a new page. Either way we
  // are done when we have left the sign-in page or a message is shown.
  await Promise.race([page.waitForURL((url) => !url.pathname.endsWith("/sign-in")), page.locator(".alert").waitFor()]);
}

describe("landing page", () => {
  it("is served in all ten locales with the right lang and direction", async () => {
    await withPage(async (page) => {
      for (const locale of locales) {
        const response = await page.goto(`${baseUrl}/${locale}`);
        expect(response?.status(), locale).toBe(200);
        expect(await page.getAttribute("html", "lang")).toBe(locale);
        expect(await page.getAttribute("html", "dir")).toBe(localeTable[locale].dir);
        // The language chooser names every language in its own script.
        for (const other of locales) {
          await expect(page.locator(`.language-list a[hreflang="${other}"]`).first().textContent()).resolves.toBe(
            localeTable[other].nativeName,
          );
        }
        // The anonymity promise is on the page, in the page's language (the heading is not the Swedish one elsewhere).
        expect(await page.locator("h1").textContent()).toBeTruthy();
      }
    });
  });

  it("right-to-left pages put the start of the layout on the right", async () => {
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/ar`);
      const brand = await page.locator(".brand").boundingBox();
      const viewport = page.viewportSize()!;
      expect(brand!.x + brand!.width).toBeGreaterThan(viewport.width / 2);
      await page.goto(`${baseUrl}/sv`);
      const brandSv = await page.locator(".brand").boundingBox();
      expect(brandSv!.x).toBeLessThan(viewport.width / 2);
    });
  });

  for (const locale of ["sv", "ar", "ti"] as const) {
    it(`has no WCAG 2.1 AA violations in ${locale}`, async () => {
      await withPage(async (page) => {
        await page.goto(`${baseUrl}/${locale}`);
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/${locale}/sign-in`);
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }

  it("an unknown locale or path gives a 404 page, never a 500", async () => {
    await withPage(async (page) => {
      for (const path of ["/xx", "/xx/yy", "/sv/does-not-exist", "/sv/municipalities/abcd"]) {
        const response = await page.goto(`${baseUrl}${path}`);
        expect(response?.status(), path).toBe(404);
      }
      // A malformed address is the client's error, not the server's.
      const malformed = await page.goto(`${baseUrl}/ar/%E0%A4%A`);
      expect(malformed?.status()).toBe(400);
      await expect(page.locator("h1").textContent()).resolves.toBe("Felaktig adress");
      await page.goto(`${baseUrl}/ar/nothing-here`);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      expect(await page.locator("h1").textContent()).not.toBe("Sidan finns inte");
    });
  });
});

const homes = [
  { email: "admin@demo.example", path: "/admin", heading: "Administration" },
  { email: "coordinator@demo.example", path: "/coordinator", heading: "Regionens översikt" },
  { email: "staff.linkoping@demo.example", path: "/staff", heading: "Linköping" },
  { email: "ambassador@demo.example", path: "/ambassador", heading: "Hej Amina Ambassadör" },
];

describe("sign-in and role homes", () => {
  it("sends the signed-out to sign-in", async () => {
    await withPage(async (page) => {
      for (const { path } of homes) {
        await page.goto(`${baseUrl}/sv${path}`);
        expect(new URL(page.url()).pathname).toBe("/sv/sign-in");
      }
    });
  });

  for (const home of homes) {
    it(`${home.email} reaches their home and is refused the others`, async () => {
      await withPage(async (page) => {
        await signIn(page, home.email);
        expect(new URL(page.url()).pathname).toBe(`/sv${home.path}`);
        await expect(page.locator("h1").textContent()).resolves.toBe(home.heading);
        for (const other of homes.filter((h) => h !== home)) {
          const response = await page.goto(`${baseUrl}/sv${other.path}`);
          expect(response?.status(), other.path).toBe(403);
          await expect(page.locator("h1").textContent()).resolves.toBe("Du har inte behörighet");
        }
      });
    });
  }

  it("keeps municipal staff to their own municipality", async () => {
    await withPage(async (page) => {
      await signIn(page, "staff.linkoping@demo.example");
      expect((await page.goto(`${baseUrl}/sv/municipalities/0580`))?.status()).toBe(200);
      await expect(page.locator("h1").textContent()).resolves.toBe("Linköping");
      expect((await page.goto(`${baseUrl}/sv/municipalities/0581`))?.status()).toBe(403);
    });
    await withPage(async (page) => {
      await signIn(page, "coordinator@demo.example");
      expect((await page.goto(`${baseUrl}/sv/municipalities/0581`))?.status()).toBe(200);
      await expect(page.locator("h1").textContent()).resolves.toBe("Norrköping");
    });
  });

  it("the coordinator sees every municipality with suppressed small counts marked", async () => {
    await withPage(async (page) => {
      await signIn(page, "coordinator@demo.example");
      await expect(
        page
          .locator("#municipalities + .table-wrap tbody tr, section[aria-labelledby=municipalities] tbody tr")
          .count(),
      ).resolves.toBe(13);
      await expect(page.getByText("Antal under 5 visas inte", { exact: false }).count()).resolves.toBe(1);
    });
  });

  it("signs in without JavaScript and in a right-to-left language", async () => {
    await withPage(
      async (page) => {
        await signIn(page, "staff.norrkoping@demo.example", DEMO_PASSWORD, "ar");
        expect(new URL(page.url()).pathname).toBe("/ar/staff");
        expect(await page.getAttribute("html", "dir")).toBe("rtl");
        await expect(page.locator("h1").textContent()).resolves.toBe("Norrköping");
        // Signing out works as a plain form post too.
        await Promise.all([page.waitForLoadState("load"), page.locator(".staff-bar button").click()]);
        expect(new URL(page.url()).pathname).toBe("/ar/sign-in");
        await page.goto(`${baseUrl}/ar/staff`);
        expect(new URL(page.url()).pathname).toBe("/ar/sign-in");
      },
      { javaScriptEnabled: false },
    );
  });

  it("a wrong password gets a clear message, and repeated failures are slowed down", async () => {
    await withPage(async (page) => {
      // An account no other test signs in with, so its slowed-down state cannot leak into them.
      await signIn(page, "ambassador.uk@demo.example", "not-the-password");
      await expect(page.locator(".alert").textContent()).resolves.toBe("Fel e-postadress eller lösenord.");
      expect(new URL(page.url()).pathname).toBe("/sv/sign-in");
      for (let i = 0; i < 3; i++) await signIn(page, "ambassador.uk@demo.example", "still-wrong-password");
      await expect(page.locator(".alert").textContent()).resolves.toMatch(
        /^För många misslyckade försök\. Vänta \d+ sekund/,
      );
      // Even the right password waits until the delay has passed.
      await signIn(page, "ambassador.uk@demo.example");
      expect(new URL(page.url()).pathname).toBe("/sv/sign-in");
      await expect(page.locator(".alert").textContent()).resolves.toMatch(/^För många/);
    });
  });

  it("bad sign-in input gets a message in the user's language", async () => {
    await withPage(async (page) => {
      await signIn(page, "not an email", "x", "en");
      await expect(page.locator(".alert").textContent()).resolves.toBe(
        "Enter a valid email address and your password.",
      );
    });
  });
});
