import pg from "pg";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, launch, withPage } from "./browser";
import { holdToContinue, runInterview, stepUntil } from "./interview";
import { answerVisibleQuestions, type Given } from "./respondent";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 2 });
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await db.end();
});

async function signIn(page: Page, email: string, locale = "sv") {
  await page.goto(`${baseUrl}/${locale}/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form.stack button[type=submit]").click();
  await page.waitForURL((url) => url.pathname.endsWith("/ambassador"));
}

/** One interview on the device: every question answered, the record filled in. */
async function interview(page: Page, respondentLocale: string): Promise<Map<string, Given>> {
  const given = new Map<string, Given>();
  await runInterview(page, respondentLocale, {
    answer: (p) => answerVisibleQuestions(p, given),
    record: async (p) => {
      await p.locator('input[name="q:amb.setting"][value="alone"]').check();
      await p.locator('input[name="q:amb.place"][value="association"]').check();
      await p.locator('input[name="q:amb.read_aloud"][value="yes"]').check();
      await p.locator("#interview-record textarea").fill("Frågorna saknade något om tandvård.");
    },
  });
  return given;
}

describe("ambassador mode", () => {
  it("never shows the ambassador stored answers, and no way back into the private part once it is handed back", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "ambassador@demo.example");
      expect((await page.goto(`${baseUrl}/sv/municipalities/0580`))?.status()).toBe(403);
      expect((await page.request.get(`${baseUrl}/api/responses`)).status()).toBe(405);
      await page.goto(`${baseUrl}/sv/ambassador/interview?survey=LIN580`);
      await page.locator('button[lang="ar"]').click();
      // The spoken part never holds a private question: they all come after the handover.
      await stepUntil(page, "#handover-title", async (p) => {
        expect(await p.locator('input[name="q:work.unfair_hiring"], input[name="q:health.lonely"]').count()).toBe(0);
      });
      await expect(page.locator("#handover-title").textContent()).resolves.toBe("Lämna över enheten");
      await expect(page.locator(".respondent-voice").getAttribute("lang")).resolves.toBe("ar");
      await page.locator("#handover-ready").click();
      await page.locator('input[name="q:work.unfair_hiring"][value="yes"]').check();
      // The first private page has no way back out to the ambassador's part.
      expect(await page.locator("#interview-private-work button.secondary").count()).toBe(0);
      await stepUntil(page, "#handback-title");
      await holdToContinue(page);
      // The record screen: no back, and none of the private answers anywhere on the page.
      expect(await page.getByRole("button", { name: "Tillbaka" }).count()).toBe(0);
      expect(await page.locator('input[name="q:work.unfair_hiring"]').count()).toBe(0);
    });
  });

  it("tells a deactivated ambassador's device that its queued interview was refused, and keeps it", async () => {
    await withPage(browser, async (page, context) => {
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill("ambassador.small@demo.example");
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => url.pathname.endsWith("/ambassador"));
      await page.goto(`${baseUrl}/sv/ambassador/interview?survey=ODE509`);
      await page.locator('button[lang="so"]').waitFor();
      await context.setOffline(true);
      await interview(page, "so");
      await page.getByRole("button", { name: "Intervjuer på enheten" }).click();
      await expect.poll(() => page.getByTestId("pending").textContent(), { timeout: 10_000 }).toBe("1");
      // The coordinator deactivates the ambassador while the device is offline.
      await db.query("update app_user set active = false where email = 'ambassador.small@demo.example'");
      try {
        await context.setOffline(false);
        await page.evaluate(() => window.dispatchEvent(new Event("online")));
        await expect.poll(() => page.getByTestId("refused").textContent(), { timeout: 15_000 }).toBe("1");
        await expect(page.locator(".alert").textContent()).resolves.toContain("ditt konto är avstängt");
        const stored = await db.query(
          "select count(*)::int as n from response r join app_user u on u.id = r.ambassador_id where u.email = 'ambassador.small@demo.example' and r.locale = 'so' and r.interview ? 'amb.note'",
        );
        expect(stored.rows[0].n).toBe(0);
        // And they can no longer sign in.
        await page.goto(`${baseUrl}/sv/sign-in`);
      } finally {
        await db.query("update app_user set active = true where email = 'ambassador.small@demo.example'");
      }
    });
  });

  it("lets the coordinator invite an ambassador who sets a password and signs in, then deactivate them", async () => {
    await withPage(browser, async (page) => {
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill("coordinator@demo.example");
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => url.pathname.endsWith("/coordinator"));
      await page.goto(`${baseUrl}/sv/coordinator/ambassadors`);
      expect(await axeViolations(page)).toEqual([]);
      await page.locator("#invite-name").fill("Leyla Ambassadör");
      await page.locator("#invite-email").fill("leyla@example.se");
      await page.locator('input[name="municipalities"][value="0562"]').check();
      await page.locator('input[name="locales"][value="ckb"]').check();
      await page.locator("form.stack button[type=submit]").click();
      const link = (await page.getByTestId("invite-link").textContent())!;
      expect(link).toMatch(/\/sv\/invite\/[A-Za-z0-9_-]{20,}$/);
      await withPage(browser, async (invited) => {
        await invited.goto(link);
        await invited.locator("#new-password").fill("leylas-own-password");
        await invited.locator("#confirm-password").fill("leylas-own-password");
        await invited.locator("form.stack button[type=submit]").click();
        await invited.waitForURL(/welcome=1/);
        await invited.locator("#email").fill("leyla@example.se");
        await invited.locator("#password").fill("leylas-own-password");
        await invited.locator("form.stack button[type=submit]").click();
        await invited.waitForURL((url) => url.pathname.endsWith("/ambassador"));
        await expect(invited.locator("h1").textContent()).resolves.toBe("Hej Leyla Ambassadör");
        // The link is used up.
        await invited.goto(link);
        await expect(invited.locator(".alert").textContent()).resolves.toContain("Inbjudan gäller inte längre");
      });
      await page.reload();
      await page.getByRole("button", { name: "Stäng av: Leyla Ambassadör" }).click();
      await page.getByRole("button", { name: "Aktivera: Leyla Ambassadör" }).waitFor();
      await withPage(browser, async (again) => {
        await again.goto(`${baseUrl}/sv/sign-in`);
        await again.locator("#email").fill("leyla@example.se");
        await again.locator("#password").fill("leylas-own-password");
        await again.locator("form.stack button[type=submit]").click();
        await expect(again.locator(".alert").textContent()).resolves.toBe(
          "Ditt konto är avstängt. Kontakta samordnaren.",
        );
      });
    });
  });

  it("refers a respondent to answer on their own phone: mode self, the ambassador recorded", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "ambassador@demo.example");
      await page.goto(`${baseUrl}/sv/ambassador/refer/LIN580`);
      const link = (await page.locator(".qr").getAttribute("aria-label"))!;
      expect(link).toMatch(/\/s\/LIN580\?r=/);
      const path = new URL(link).pathname + new URL(link).search;
      const referred = async () =>
        (
          await db.query(
            "select count(*)::int as n from response r join app_user u on u.id = r.ambassador_id where r.mode = 'self' and u.email = 'ambassador@demo.example'",
          )
        ).rows[0].n as number;
      const unreferred = async () =>
        (await db.query("select count(*)::int as n from response where mode = 'self' and ambassador_id is null"))
          .rows[0].n as number;
      const before = { referred: await referred(), unreferred: await unreferred() };
      await withPage(browser, async (phone) => {
        await phone.goto(`${baseUrl}${path}`);
        await phone.locator('main .language-list a[hreflang="ar"]').click();
        await phone.locator("main form button[type=submit]").click();
        await phone.waitForURL(/\/m\//);
        await phone.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').check();
        await phone.locator("#survey-page button[type=submit]").click();
        await phone.waitForURL(/\/m\/information/);
        await phone.goto(`${baseUrl}/ar/s/LIN580/send`);
        await phone.locator("main form button[type=submit]").first().click();
        await phone.waitForURL((url) => url.pathname.endsWith("/thanks"));
        expect(await referred()).toBe(before.referred + 1);
      });
      // A forged referral is ignored, not attributed.
      await withPage(browser, async (phone) => {
        await phone.goto(`${baseUrl}/sv/s/LIN580/intro?r=${encodeURIComponent("someone.forged")}`);
        await phone.locator("main form button[type=submit]").click();
        await phone.waitForURL(/\/m\//);
        await phone.goto(`${baseUrl}/sv/s/LIN580/send`);
        await phone.locator("main form button[type=submit]").first().click();
        await phone.waitForURL((url) => url.pathname.endsWith("/thanks"));
        expect(await unreferred()).toBe(before.unreferred + 1);
        expect(await referred()).toBe(before.referred + 1);
      });
    });
  });

  it("answers the sync endpoint's doors: 401 signed out, 403 for other roles, 400/413 for bad batches", async () => {
    const post = (page: Page, body: string) =>
      page.request.post(`${baseUrl}/api/ambassador/sync`, {
        data: body,
        headers: { "content-type": "application/json" },
      });
    await withPage(browser, async (page) => {
      await page.goto(`${baseUrl}/sv`);
      expect((await post(page, '{"interviews": []}')).status()).toBe(401);
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill("staff.linkoping@demo.example");
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => url.pathname.endsWith("/staff"));
      expect((await post(page, '{"interviews": []}')).status()).toBe(403);
      expect((await page.request.get(`${baseUrl}/api/ambassador/bundle`)).status()).toBe(403);
    });
    await withPage(browser, async (page) => {
      await signIn(page, "ambassador@demo.example");
      expect((await post(page, "{not json")).status()).toBe(400);
      expect((await post(page, '{"interviews": "many"}')).status()).toBe(400);
      expect((await post(page, JSON.stringify({ interviews: [], pad: "x".repeat(3 * 1024 * 1024) }))).status()).toBe(
        413,
      );
      const refused = await post(page, JSON.stringify({ interviews: [{ id: "x" }] }));
      expect(refused.status()).toBe(200);
      expect(((await refused.json()) as { results: { status: string; reason: string }[] }).results).toMatchObject([
        { status: "refused", reason: "invalid" },
      ]);
    });
  });

  for (const locale of ["sv", "ar"]) {
    it(`has no WCAG 2.1 AA violations on the home and interview screens in ${locale}`, async () => {
      await withPage(browser, async (page) => {
        await signIn(page, "ambassador@demo.example", locale);
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/${locale}/ambassador/interview?survey=NOR581`);
        await page.locator('button[lang="ti"]').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await page.locator('button[lang="ti"]').click();
        await page.locator("form[id^=interview-] fieldset").first().waitFor();
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }
});
