import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, CHROMIUM, launch, smallPhone, withPage } from "./browser";
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

const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

async function signIn(page: Page, email: string, locale = "sv") {
  await page.goto(`${baseUrl}/${locale}/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form.stack button[type=submit]").click();
  await page.waitForURL((url) => url.pathname.endsWith("/ambassador"));
}

/** One interview on the device: respondent language, every module (handover included), the record. */
async function interview(page: Page, respondentLocale: string): Promise<Map<string, Given>> {
  await page.locator(`button[lang="${respondentLocale}"]`).click();
  const given = new Map<string, Given>();
  for (let step = 0; step < 40; step++) {
    if (await page.locator("#record-title").count()) break;
    if (await page.locator("#handover-title").count()) {
      await page.locator(".handover button").click();
      continue;
    }
    await page.locator("form[id^=interview-] fieldset[data-slot]").first().waitFor();
    await answerVisibleQuestions(page, given);
    await page.locator("form[id^=interview-] button[type=submit]").click();
  }
  await page.locator('input[name="q:amb.setting"][value="alone"]').check();
  await page.locator('input[name="q:amb.place"][value="association"]').check();
  await page.locator('input[name="q:amb.read_aloud"][value="yes"]').check();
  await page.locator("#interview-record textarea").fill("Frågorna saknade något om tandvård.");
  await page.locator("#interview-record button[type=submit]").click();
  await page.locator("#saved-title").waitFor();
  return given;
}

describe("ambassador mode", () => {
  it("runs three interviews offline, survives a reload and a closed browser, and syncs each exactly once", async () => {
    const userDataDir = mkdtempSync(path.join(tmpdir(), "fb-amb-"));
    const open = () => chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: chromiumArgs, ...smallPhone });
    let context: BrowserContext = await open();
    try {
      let page = context.pages()[0] ?? (await context.newPage());
      await signIn(page, "ambassador@demo.example");
      // Online once: the device keeps the app and the bundle.
      await page.locator("text=Appen fungerar nu även utan nätverk på den här enheten.").waitFor({ timeout: 20_000 });
      const before = (await db.query("select count(*)::int as n from response where mode = 'assisted' and ambassador_id is not null")).rows[0].n;

      await context.setOffline(true);
      await page.goto(`${baseUrl}/sv/ambassador/interview?survey=LIN580`);
      const answers: Map<string, Given>[] = [];
      for (const locale of ["ar", "fa-AF", "fa"]) {
        answers.push(await interview(page, locale));
        await page.locator("#saved-title ~ .actions button").click();
      }
      // Reload while offline: the app comes back from the device, the queue is intact.
      await page.goto(`${baseUrl}/sv/ambassador`);
      await expect.poll(() => page.getByTestId("pending").textContent(), { timeout: 10_000 }).toBe("3");
      await context.close();

      // Reopen the browser with the same storage, still offline, then let the network return.
      context = await open();
      await context.setOffline(true);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${baseUrl}/sv/ambassador`);
      await expect.poll(() => page.getByTestId("pending").textContent(), { timeout: 10_000 }).toBe("3");
      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect.poll(() => page.getByTestId("sent").textContent(), { timeout: 20_000 }).toBe("3");
      await expect(page.getByTestId("pending").textContent()).resolves.toBe("0");

      const { rows } = await db.query(
        `select r.id, r.mode, r.locale, r.handover_questions, r.interview, u.email
         from response r join app_user u on u.id = r.ambassador_id where r.mode = 'assisted' order by r.locale`,
      );
      expect(rows.length - before).toBe(3);
      const mine = rows.filter((r) => ["ar", "fa-AF", "fa"].includes(r.locale) && r.interview?.["amb.note"]);
      expect(mine).toHaveLength(3);
      for (const r of mine) {
        expect(r.email).toBe("ambassador@demo.example");
        expect(r.interview).toMatchObject({ "amb.setting": { kind: "choice", value: "alone" }, "amb.place": { kind: "choice", value: "association" } });
        expect(r.handover_questions.sort()).toEqual(["health.lonely", "trust.discrimination", "trust.safe_to_criticise", "trust.works_worst", "work.unfair_hiring"]);
        const handover = await db.query("select question_key from answer where response_id = $1 and in_handover order by 1", [r.id]);
        expect(handover.rows.map((x) => x.question_key)).toEqual(r.handover_questions.sort());
      }
      // Nothing of the answers stays on the device once sent.
      const leftovers = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const req = indexedDB.open("fb-ambassador");
            req.onsuccess = () => {
              const all = req.result.transaction("interviews").objectStore("interviews").getAll();
              all.onsuccess = () => resolve(all.result.filter((i: { payload: unknown }) => i.payload !== null).length);
            };
          }),
      );
      expect(leftovers).toBe(0);
    } finally {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  it("never shows the ambassador stored answers, and hides handover answers from them at once", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "ambassador@demo.example");
      expect((await page.goto(`${baseUrl}/sv/municipalities/0580`))?.status()).toBe(403);
      expect((await page.request.get(`${baseUrl}/api/responses`)).status()).toBe(405);
      await page.goto(`${baseUrl}/sv/ambassador/interview?survey=LIN580`);
      await page.locator('button[lang="ar"]').click();
      // Walk to the end of the work module (part 4), where its private questions come.
      for (let part = 1; part <= 4; part++) {
        await page.locator(".hint", { hasText: `Del ${part} av` }).waitFor();
        await page.locator("form[id^=interview-] button[type=submit]").click();
      }
      await expect(page.locator("#handover-title").textContent()).resolves.toBe("Lämna över enheten");
      await expect(page.locator(".respondent-voice").getAttribute("lang")).resolves.toBe("ar");
      await page.locator(".handover button").click();
      await page.locator('input[name="q:work.unfair_hiring"][value="yes"]').check();
      await page.locator("form[id^=interview-] button[type=submit]").click();
      // Back to the work module: the private answer is not there to see.
      await page.getByRole("button", { name: "Tillbaka" }).click();
      await expect(page.locator('input[name="q:work.unfair_hiring"]').count()).resolves.toBe(0);
      await expect(page.locator(".private-placeholder").textContent()).resolves.toBe("Besvarat i enrum – dolt");
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
      await page.goto(`${baseUrl}/sv/ambassador`);
      await expect.poll(() => page.getByTestId("pending").textContent(), { timeout: 10_000 }).toBe("1");
      // The coordinator deactivates the ambassador while the device is offline.
      await db.query("update app_user set active = false where email = 'ambassador.small@demo.example'");
      try {
        await context.setOffline(false);
        await page.evaluate(() => window.dispatchEvent(new Event("online")));
        await expect.poll(() => page.getByTestId("refused").textContent(), { timeout: 15_000 }).toBe("1");
        await expect(page.locator(".alert").textContent()).resolves.toContain("ditt konto är avstängt");
        const stored = await db.query("select count(*)::int as n from response r join app_user u on u.id = r.ambassador_id where u.email = 'ambassador.small@demo.example' and r.locale = 'so' and r.interview ? 'amb.note'");
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
        await expect(again.locator(".alert").textContent()).resolves.toBe("Ditt konto är avstängt. Kontakta samordnaren.");
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
      await withPage(browser, async (phone, phoneContext) => {
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
        const id = (await phoneContext.cookies()).find((c) => c.name === "fb_done_LIN580")!.value;
        const { rows } = await db.query("select r.mode, u.email from response r left join app_user u on u.id = r.ambassador_id where r.id = $1", [id]);
        expect(rows[0]).toEqual({ mode: "self", email: "ambassador@demo.example" });
      });
      // A forged referral is ignored, not attributed.
      await withPage(browser, async (phone, phoneContext) => {
        await phone.goto(`${baseUrl}/sv/s/LIN580/intro?r=${encodeURIComponent("someone.forged")}`);
        await phone.locator("main form button[type=submit]").click();
        await phone.waitForURL(/\/m\//);
        await phone.goto(`${baseUrl}/sv/s/LIN580/send`);
        await phone.locator("main form button[type=submit]").first().click();
        await phone.waitForURL((url) => url.pathname.endsWith("/thanks"));
        const id = (await phoneContext.cookies()).find((c) => c.name === "fb_done_LIN580")!.value;
        const { rows } = await db.query("select ambassador_id from response where id = $1", [id]);
        expect(rows[0].ambassador_id).toBeNull();
      });
    });
  });

  it("answers the sync endpoint's doors: 401 signed out, 403 for other roles, 400/413 for bad batches", async () => {
    const post = (page: Page, body: string) => page.request.post(`${baseUrl}/api/ambassador/sync`, { data: body, headers: { "content-type": "application/json" } });
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
      expect((await post(page, JSON.stringify({ interviews: [], pad: "x".repeat(3 * 1024 * 1024) }))).status()).toBe(413);
      const refused = await post(page, JSON.stringify({ interviews: [{ id: "x" }] }));
      expect(refused.status()).toBe(200);
      expect(((await refused.json()) as { results: { status: string; reason: string }[] }).results).toMatchObject([{ status: "refused", reason: "invalid" }]);
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
