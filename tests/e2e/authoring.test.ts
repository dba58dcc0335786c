import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, launch, withPage } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), "fb-battery-"));
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

async function importFile(page: Page, name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  await page.locator("#file-import").setInputFiles(file);
  await page.locator("#file-import").locator("xpath=ancestor::form").locator("button[type=submit]").click();
}

describe("battery versions (coordinator)", () => {
  it("exports version 1, imports a reworded copy as the draft, refuses an invalid one, publishes version 2 and shows what changed", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/coordinator/battery`);
      expect(await axeViolations(page)).toEqual([]);
      const exported = await page.request.get(`${baseUrl}/api/battery/versions/1`);
      expect(exported.status()).toBe(200);
      const v1 = (await exported.json()) as { modules: { key: string; questions: { key: string; text: { sv: string }; showIf?: unknown }[] }[] };

      await importFile(page, "corrupt.json", "{ this is not json");
      await expect(page.locator(".alert").first().textContent()).resolves.toContain("Filen kunde inte läsas som ett frågebatteri.");

      const broken = structuredClone(v1);
      broken.modules[1]!.questions[0]!.showIf = { question: "no.such_question", op: "is", values: ["x"] };
      await page.reload();
      await importFile(page, "broken.json", JSON.stringify(broken));
      await page.locator(".notice").waitFor();
      await page.reload();
      await page.getByRole("button", { name: "Publicera utkastet" }).click();
      await expect(page.locator("[role=alert]").filter({ hasText: "no.such_question" }).first().textContent()).resolves.toContain('showIf refers to "no.such_question"');

      const reworded = structuredClone(v1);
      reworded.modules.find((m) => m.key === "trust")!.questions[0]!.text.sv = "Personalen i kommunen bemöter mig alltid med respekt.";
      await page.reload();
      await importFile(page, "reworded.json", JSON.stringify(reworded));
      await page.locator(".notice").waitFor();
      await page.reload();
      await page.getByRole("button", { name: "Publicera utkastet" }).click();
      // Other browser tests may have published versions of their own: read the number from the message.
      const published = (await page.locator(".notice").textContent())!;
      expect(published).toMatch(/^Version \d+ är publicerad\.$/);
      const version = Number(/\d+/.exec(published)![0]);
      expect(version).toBeGreaterThan(1);

      await page.goto(`${baseUrl}/sv/coordinator/battery/versions/${version}`);
      await expect(page.locator(".changes li").allTextContents()).resolves.toEqual([
        "Omformulerad trust.respect_staff: Personalen i kommunen bemöter mig med respekt. → Personalen i kommunen bemöter mig alltid med respekt.",
      ]);
      // Round trip: the new version exported equals what was imported.
      expect(await (await page.request.get(`${baseUrl}/api/battery/versions/${version}`)).json()).toEqual(reworded);
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
