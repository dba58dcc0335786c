import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, launch, withPage } from "./browser";
import { responseIdByReceipt } from "./respondent";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 1 });
let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), "fb-battery-"));
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await db.end();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/sv/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form.stack button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
}

async function importFile(page: Page, name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  await page.locator("#file-import").setInputFiles(file);
  await page.locator("#file-import").locator("xpath=ancestor::form").locator("button[type=submit]").click();
}

describe("battery versions (coordinator)", () => {
  it("exports the latest version, imports a reworded copy as the draft, refuses an invalid one, publishes the next version and shows what changed", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/coordinator/battery`);
      expect(await axeViolations(page)).toEqual([]);
      // Other browser tests (editor.test.ts) may have published versions before this one runs.
      const { rows } = await db.query(
        "select max(v.version)::int as latest from battery_version v join battery b on b.id = v.battery_id where b.kind = 'regional'",
      );
      const latest = rows[0].latest as number;
      const exported = await page.request.get(`${baseUrl}/api/battery/versions/${latest}`);
      expect(exported.status()).toBe(200);
      const before = (await exported.json()) as {
        modules: { key: string; questions: { key: string; text: { sv: string }; showIf?: unknown }[] }[];
      };

      await importFile(page, "corrupt.json", "{ this is not json");
      await expect(page.locator(".alert").first().textContent()).resolves.toContain(
        "Filen kunde inte läsas som ett frågebatteri.",
      );

      const broken = structuredClone(before);
      broken.modules[1]!.questions[0]!.showIf = { question: "no.such_question", op: "is", values: ["x"] };
      await page.reload();
      await importFile(page, "broken.json", JSON.stringify(broken));
      await page.locator(".notice").waitFor();
      await page.reload();
      await page.getByRole("button", { name: "Publicera utkastet" }).click();
      await expect(
        page.locator("[role=alert]").filter({ hasText: "no.such_question" }).first().textContent(),
      ).resolves.toContain('"Visa bara om" hänvisar till "no.such_question", som inte är en tidigare fråga.');

      const reworded = structuredClone(before);
      reworded.modules.find((m) => m.key === "trust")!.questions[0]!.text.sv =
        "Personalen i kommunen bemöter mig alltid med respekt.";
      await page.reload();
      await importFile(page, "reworded.json", JSON.stringify(reworded));
      await page.locator(".notice").waitFor();
      await page.reload();
      await page.getByRole("button", { name: "Publicera utkastet" }).click();
      const published = (await page.locator(".notice").textContent())!;
      expect(published).toBe(`Version ${latest + 1} är publicerad.`);
      const version = latest + 1;

      await page.goto(`${baseUrl}/sv/coordinator/battery/versions/${version}`);
      await expect(page.locator(".changes li").allTextContents()).resolves.toEqual([
        "Omformulerad trust.respect_staff: Personalen i kommunen bemöter mig med respekt. → Personalen i kommunen bemöter mig alltid med respekt.",
      ]);
      // Round trip: the new version exported equals what was imported.
      expect(await (await page.request.get(`${baseUrl}/api/battery/versions/${version}`)).json()).toEqual(reworded);
    });
  });

  it("opens a round for two municipalities that a respondent answers, choosing their municipality", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/coordinator/rounds`);
      expect(await axeViolations(page)).toEqual([]);
      await page.locator("#round-name").fill("Vinter 2026 – Kinda och Boxholm");
      await page.locator('input[name="municipalities"][value="0513"]').check();
      await page.locator('input[name="municipalities"][value="0560"]').check();
      await page.locator('input[name="includeModules"][value="values"]').uncheck();
      await page.locator("#round-closes").fill("2027-03-31");
      await page
        .locator("#open-round ~ * button[type=submit], section[aria-labelledby=open-round] button[type=submit]")
        .first()
        .click();
      const code = (await page.locator(".notice").getAttribute("data-code"))!;
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      await expect(page.locator("table tbody tr", { hasText: code }).locator("td").nth(1).textContent()).resolves.toBe(
        "Kinda, Boxholm"
          .split(", ")
          .sort((a, b) => a.localeCompare(b, "sv"))
          .join(", "),
      );
      await withPage(
        browser,
        async (phone) => {
          await phone.goto(`${baseUrl}/sv/s/${code}`);
          await phone.locator("main .actions a.button").click();
          await phone.locator("main form button[type=submit]").click();
          await phone.waitForURL(/\/m\/background/);
          await phone.locator('input[name="q:bg.municipality"][value="0560"]').check();
          await phone.locator("#survey-page button[type=submit]").click();
          await phone.waitForURL(/\/m\/information/);
          // The optional module that was left out is not among the pages.
          expect((await phone.goto(`${baseUrl}/sv/s/${code}/m/values`))?.url()).not.toContain("/m/values");
          await phone.goto(`${baseUrl}/sv/s/${code}/send`);
          await phone.locator("main form button[type=submit]").first().click();
          await phone.waitForURL((url) => url.pathname.endsWith("/thanks"));
          const id = (await responseIdByReceipt(db, (await phone.locator(".receipt").textContent())!))!;
          const { rows } = await db.query("select municipality_code from response where id = $1", [id]);
          expect(rows[0].municipality_code).toBe("0560");
        },
        { javaScriptEnabled: false },
      );
      await page.reload();
      await page.getByRole("button", { name: "Stäng nu: Vinter 2026 – Kinda och Boxholm" }).click();
      await expect
        .poll(() => page.locator("table tbody tr", { hasText: code }).locator("td").nth(3).textContent(), {
          timeout: 10_000,
        })
        .toContain("Stängd");
      expect(
        (
          await fetch(`${baseUrl}/api/responses`, {
            method: "POST",
            body: JSON.stringify({ id: crypto.randomUUID(), survey: code, locale: "sv", answers: {} }),
          })
        ).status,
      ).toBe(410);
    });
  });

  it("previews a version as a respondent would see it, in any language", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/coordinator/battery/preview?version=1&lang=ar`);
      await expect(page.locator(".preview").getAttribute("dir")).resolves.toBe("rtl");
      expect(await page.locator(".preview fieldset[data-slot]").count()).toBeGreaterThan(50);
      await expect(page.locator('.preview fieldset[data-slot="bg.gender"] legend').textContent()).resolves.toMatch(
        /[\u0600-\u06FF]/,
      );
      expect(await page.locator('.preview input[name="q:bg.gender"]').first().isDisabled()).toBe(true);
      await page.locator('nav .language-list a[hreflang="ti"]').click();
      await expect(page.locator(".preview").getAttribute("lang")).resolves.toBe("ti");
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("keeps the battery to the coordinator and admins", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "staff.linkoping@demo.example");
      expect((await page.goto(`${baseUrl}/sv/coordinator/battery`))?.status()).toBe(403);
      expect((await page.request.get(`${baseUrl}/api/battery/versions/1`)).status()).toBe(403);
    });
  });
});
