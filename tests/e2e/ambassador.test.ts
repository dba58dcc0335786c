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
