import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContextOptions, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, launch, withPage } from "./browser";
import { responseIdByReceipt } from "./respondent";
import { housingForm } from "../fixtures/xlsform/housing-form";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 1 });
let browser: Browser;
const desktop: BrowserContextOptions = {
  viewport: { width: 1280, height: 900 },
  isMobile: false,
  hasTouch: false,
  deviceScaleFactor: 1,
};

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
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
}

/** The editor's question with this key (other questions mention it too, in their show-if choices). */
const questionIn = (scope: Locator, key: string) =>
  scope
    .locator("details.editor-question")
    .filter({ has: scope.page().locator("summary .mono", { hasText: new RegExp(`^${key.replace(".", "\\.")}$`) }) });

const draftContent = async () =>
  (
    await db.query(
      "select content from battery_draft d join battery b on b.id = d.battery_id where b.kind = 'regional'",
    )
  ).rows[0]?.content as
    { modules: { key: string; questions: { key: string; text: { sv: string }; showIf?: unknown }[] }[] } | undefined;

describe("editing the battery (coordinator)", () => {
  it("rewords a question, adds one with a show-if, sees the Arabic flagged, publishes, opens a round for two municipalities and gets it answered", async () => {
    await withPage(
      browser,
      async (page, context) => {
        await signIn(page, "coordinator@demo.example");
        await page.goto(`${baseUrl}/sv/coordinator/battery`);
        await page.getByRole("button", { name: "Nytt utkast från senaste versionen" }).click();
        await page.locator(".notice").waitFor();
        await page.goto(`${baseUrl}/sv/coordinator/battery`);
        await page.getByRole("link", { name: "Redigera utkastet" }).click();
        await page.waitForURL(/\/coordinator\/battery\/edit$/);

        // A second tab opens the same draft before the first one saves.
        const other = await context.newPage();
        await other.goto(page.url());

        const housing = page
          .locator("section.editor-module")
          .filter({ has: page.getByRole("heading", { name: /: housing$/ }) });
        const safe = questionIn(housing, "housing.safe");
        await safe.locator("summary").click();
        await safe
          .getByLabel("Frågetext (svenska)")
          .fill("Jag känner mig trygg i mitt bostadsområde, även på kvällen.");

        await housing.getByRole("button", { name: "Lägg till en fråga i housing" }).click();
        const added = housing.locator("details.editor-question").last();
        // A new question starts as single choice: until it has options, that is a problem shown beside it.
        await expect
          .poll(() => added.locator(".alert").textContent())
          .toContain("En flervalsfråga behöver svarsalternativ.");
        await added.getByLabel("Typ", { exact: true }).selectOption("yesno");
        // A key that is already taken is reported beside the question at once.
        await added.getByLabel("Frågenyckel").fill("housing.safe");
        await expect
          .poll(() => added.locator(".alert").textContent())
          .toContain('Frågenyckeln "housing.safe" används två gånger.');
        await added.getByLabel("Frågenyckel").fill("housing.enough_rooms");
        await expect.poll(() => added.locator(".alert").count()).toBe(0);
        // Saving without the Swedish text is refused, with the reason beside the field.
        await page.getByRole("button", { name: "Spara utkastet" }).click();
        await expect(page.locator("form.editor > p.alert").textContent()).resolves.toContain("Inget har sparats.");
        await expect(added.locator(".field-error").textContent()).resolves.toBe("Fyll i den svenska texten.");
        expect(JSON.stringify(await draftContent())).not.toContain("housing.enough_rooms");

        await added.getByLabel("Frågetext (svenska)").fill("Har ni tillräckligt många rum för barnen?");
        await added.getByLabel("Tidigare fråga").selectOption("bg.children");
        await added.locator('input[id$="-showif-yes"]').check();

        // Reordering from the keyboard: the new question moves above the free-text comment, and focus follows it.
        const up = housing.getByRole("button", { name: "Flytta frågan housing.enough_rooms uppåt" });
        await up.focus();
        await page.keyboard.press("Enter");
        await expect
          .poll(() => housing.locator("details.editor-question summary .mono").allTextContents())
          .toEqual(expect.arrayContaining(["housing.enough_rooms"]));
        const keys = await housing.locator("details.editor-question summary .mono").allTextContents();
        expect(keys.slice(-2)).toEqual(["housing.enough_rooms", "housing.comment"]);
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
          .toBe("Flytta frågan housing.enough_rooms uppåt");

        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole("button", { name: "Spara utkastet" }).click();
        await expect(page.locator("form.editor > p.notice").textContent()).resolves.toBe("Utkastet har sparats.");
        const saved = (await draftContent())!;
        const savedHousing = saved.modules.find((m) => m.key === "housing")!;
        expect(savedHousing.questions.find((q) => q.key === "housing.enough_rooms")).toMatchObject({
          type: "yesno",
          showIf: { question: "bg.children", op: "is", values: ["yes"] },
        });
        expect(savedHousing.questions.find((q) => q.key === "housing.safe")!.text.sv).toBe(
          "Jag känner mig trygg i mitt bostadsområde, även på kvällen.",
        );

        // The second tab's save is refused and the first one's work stays.
        await other.locator("#battery-title").fill("Ett annat namn");
        await other.getByRole("button", { name: "Spara utkastet" }).click();
        await expect(other.locator("form.editor > p.alert").textContent()).resolves.toContain(
          "Någon annan sparade utkastet",
        );
        expect(await draftContent()).toEqual(saved);
        await other.close();

        // The Arabic translation of the reworded text needs review; the new question has none yet.
        await page.goto(`${baseUrl}/sv/translations?lang=ar&part=housing`);
        const reworded = page.locator('tr[data-text-id="question:housing.safe"]');
        await expect(reworded.getAttribute("data-state")).resolves.toBe("needs_review");
        await expect(reworded.locator("td").last().textContent()).resolves.toContain("Behöver granskas");
        await expect(
          page.locator('tr[data-text-id="question:housing.enough_rooms"]').getAttribute("data-state"),
        ).resolves.toBe("missing");
        await expect(reworded.locator("textarea").getAttribute("dir")).resolves.toBe("rtl");
        expect(
          Number(await page.locator('tr[data-lang="ar"] [data-count="needs-review"]').textContent()),
        ).toBeGreaterThanOrEqual(1);
        expect(await axeViolations(page)).toEqual([]);

        // The same views with a right-to-left interface.
        await page.goto(`${baseUrl}/ar/translations?lang=fa&part=housing`);
        await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
        await expect(page.locator('tr[data-text-id="question:housing.safe"]').getAttribute("data-state")).resolves.toBe(
          "needs_review",
        );
        expect(await axeViolations(page)).toEqual([]);
        await page.goto(`${baseUrl}/ar/coordinator/battery/edit`);
        await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
        await questionIn(page.locator("form.editor"), "housing.enough_rooms").locator("summary").click();
        expect(await axeViolations(page)).toEqual([]);

        await page.goto(`${baseUrl}/sv/coordinator/battery`);
        await page.getByRole("button", { name: "Publicera utkastet" }).click();
        const published = (await page.locator(".notice").textContent())!;
        expect(published).toMatch(/^Version \d+ är publicerad\.$/);
        const version = Number(/\d+/.exec(published)![0]);

        await page.goto(`${baseUrl}/sv/coordinator/rounds`);
        await expect(page.locator("#round-version").inputValue()).resolves.toBe(
          String(
            (
              await db.query(
                "select v.id from battery_version v join battery b on b.id = v.battery_id where b.kind = 'regional' and v.version = $1",
                [version],
              )
            ).rows[0].id,
          ),
        );
        await page.locator("#round-name").fill("Våren 2027 – Åtvidaberg och Finspång");
        await page.locator('input[name="municipalities"][value="0561"]').check();
        await page.locator('input[name="municipalities"][value="0562"]').check();
        await page.locator("#round-closes").fill("2027-05-31");
        await page.locator("section[aria-labelledby=open-round] button[type=submit]").first().click();
        const code = (await page.locator(".notice").getAttribute("data-code"))!;
        expect(code).toMatch(/^[A-Z2-9]{6}$/);

        // A respondent answers in Arabic; the new question appears because they have children.
        await withPage(browser, async (phone) => {
          await phone.goto(`${baseUrl}/ar/s/${code}`);
          await phone.locator("main .actions a.button").click();
          await phone.locator("main form button[type=submit]").click();
          await phone.waitForURL(/\/m\/background/);
          await phone.locator('input[name="q:bg.municipality"][value="0562"]').check();
          await phone.locator('input[name="q:bg.children"][value="yes"]').check();
          await phone.locator("#survey-page button[type=submit]").click();
          await phone.waitForURL(/\/m\/information/);
          await phone.goto(`${baseUrl}/ar/s/${code}/m/housing`);
          const question = phone.locator('fieldset[data-slot="housing.enough_rooms"]');
          await expect(question.isVisible()).resolves.toBe(true);
          await expect(question.locator("legend").textContent()).resolves.toContain(
            "Har ni tillräckligt många rum för barnen?",
          );
          await question.locator('input[value="yes"]').check();
          await phone.locator("#survey-page button[type=submit]").click();
          await phone.waitForURL(/\/m\/health/);
          await phone.goto(`${baseUrl}/ar/s/${code}/send`);
          await phone.locator("main form button[type=submit]").first().click();
          await phone.waitForURL((url) => url.pathname.endsWith("/thanks"));
          const id = (await responseIdByReceipt(db, (await phone.locator(".receipt").textContent())!))!;
          const { rows } = await db.query(
            "select a.choice, r.municipality_code from answer a join response r on r.id = a.response_id where r.id = $1 and a.question_key = 'housing.enough_rooms'",
            [id],
          );
          expect(rows).toEqual([{ choice: "yes", municipality_code: "0562" }]);
        });
      },
      desktop,
    );
  });
});

describe("local modules (municipal staff)", () => {
  it("lets Linköping's staff publish Linköping's catalogue, and refuses another municipality's on the server", async () => {
    await withPage(
      browser,
      async (page) => {
        await signIn(page, "staff.linkoping@demo.example");
        await page.getByRole("link", { name: "Lokal modul (insatser)" }).click();
        await page.waitForURL(/\/municipalities\/0580\/local-module$/);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole("button", { name: "Lägg till en insats" }).click();
        const item = page.locator("form.editor li.card").last();
        await item.getByLabel("Nyckel").fill("cykelskola");
        await item.getByLabel("Namn (svenska)").fill("Cykelskola för vuxna");
        await item.locator("summary").click();
        await item.getByLabel("Namn på arabiska").fill("مدرسة ركوب الدراجات للكبار");
        await page.getByRole("button", { name: "Spara och publicera" }).click();
        await expect(page.locator("form.editor > .notice").textContent()).resolves.toMatch(
          /^Version \d+ har publicerats\./,
        );
        const { rows } = await db.query(
          "select v.content from battery_version v join battery b on b.id = v.battery_id where b.municipality_code = '0580' order by v.version desc limit 1",
        );
        expect(rows[0].content.catalogue.at(-1)).toEqual({
          key: "cykelskola",
          label: { sv: "Cykelskola för vuxna", ar: "مدرسة ركوب الدراجات للكبار" },
        });

        // Another municipality's page is refused, and so is the save action aimed at it with a rewritten request.
        expect((await page.goto(`${baseUrl}/sv/municipalities/0581/local-module`))?.status()).toBe(403);
        const before = (
          await db.query(
            "select count(*)::int as n from battery_version v join battery b on b.id = v.battery_id where b.municipality_code = '0581'",
          )
        ).rows[0].n;
        await page.goto(`${baseUrl}/sv/municipalities/0580/local-module`);
        await page.route("**/municipalities/0580/local-module", async (route) => {
          const body = route.request().postData();
          await route.continue(body ? { postData: body.replaceAll('"0580"', '"0581"') } : undefined);
        });
        await page.getByRole("button", { name: "Spara och publicera" }).click();
        await expect(page.locator("form.editor > .alert").textContent()).resolves.toContain("Du har inte behörighet");
        expect(
          (
            await db.query(
              "select count(*)::int as n from battery_version v join battery b on b.id = v.battery_id where b.municipality_code = '0581'",
            )
          ).rows[0].n,
        ).toBe(before);
      },
      desktop,
    );
  });
});

describe("ambassador translation reviewers", () => {
  it("lets the coordinator make an ambassador a reviewer of their own languages only", async () => {
    await withPage(browser, async (page) => {
      await signIn(page, "coordinator@demo.example");
      await page.goto(`${baseUrl}/sv/coordinator/ambassadors`);
      await page.getByRole("button", { name: "Låt granska översättningar: Amina Ambassadör" }).click();
      await page.getByRole("button", { name: "Sluta granska: Amina Ambassadör" }).waitFor();
    });
    await withPage(browser, async (page) => {
      await signIn(page, "ambassador@demo.example", "ar");
      await page.getByRole("link", { name: "مراجعة ترجمات الاستبيان" }).click();
      await page.waitForURL(/\/translations\?lang=ar/);
      await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
      // Only the languages Amina works in are offered; Tigrinya is refused.
      expect(
        await page.locator("tr[data-lang]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-lang"))),
      ).toEqual(["ar", "fa", "fa-AF"]);
      expect((await page.goto(`${baseUrl}/ar/translations?lang=ti`))?.status()).toBe(403);
      await page.goto(`${baseUrl}/ar/translations?lang=ar&part=`);
      const row = page.locator('tr[data-text-id="title"]');
      await row.locator("textarea").fill("صوت القادمين الجدد");
      await row.locator('input[type="checkbox"]').check();
      await page.locator("form.editor button[type=submit]").click();
      await page.locator("form.editor .notice").waitFor();
      await page.reload();
      await expect(page.locator('tr[data-text-id="title"]').getAttribute("data-state")).resolves.toBe("reviewed");
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});

describe("XLSForm import (coordinator)", () => {
  it("imports a three-language form into the draft with a row-by-row report, and refuses a corrupt or oversized file leaving the draft as it was", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fb-xlsform-"));
    const file = (name: string, bytes: Uint8Array | Buffer) => {
      writeFileSync(path.join(dir, name), bytes);
      return path.join(dir, name);
    };
    await withPage(
      browser,
      async (page) => {
        await signIn(page, "coordinator@demo.example");
        await page.goto(`${baseUrl}/sv/coordinator/battery`);
        await page.getByRole("button", { name: "Nytt utkast från senaste versionen" }).click();
        await page.locator(".notice").waitFor();
        await page.goto(`${baseUrl}/sv/coordinator/battery`);
        const before = await draftContent();
        const form = page.locator("form").filter({ has: page.locator("#file-importXlsForm") });

        await page
          .locator("#file-importXlsForm")
          .setInputFiles(file("trasig.xlsx", Buffer.from("PK\u0003\u0004 inte ett kalkylark")));
        await form.getByRole("button", { name: "Importera" }).click();
        await expect(form.locator(".alert").textContent()).resolves.toContain(
          "Filen kunde inte importeras. Inget har ändrats:",
        );
        await expect(form.locator(".import-report tbody").textContent()).resolves.toMatch(/\S/);
        expect(await draftContent()).toEqual(before);

        await page.locator("#file-importXlsForm").setInputFiles(file("stor.xlsx", Buffer.alloc(3 * 1024 * 1024, 1)));
        await form.getByRole("button", { name: "Importera" }).click();
        await expect(form.locator(".alert").textContent()).resolves.toBe(
          // Formatted by the language's number rules (ICU): 3 MB, not a hand-made "3.0".
          "Filen är för stor (3 MB); högst 2 MB. Inget har skickats.",
        );
        expect(await draftContent()).toEqual(before);

        await page.locator("#file-importXlsForm").setInputFiles(file("boende.xlsx", housingForm()));
        await form.getByRole("button", { name: "Importera" }).click();
        await expect(form.locator(".notice").textContent()).resolves.toMatch(
          /^\d+ frågor i \d+ moduler har importerats \(språk: [a-z, ]+\)\. \d+ rader kunde inte föras över helt; se nedan\.$/,
        );
        const rows = await form
          .locator(".import-report tbody tr")
          .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
        // The geopoint on row 12 and the repeat group on row 15 are reported at their rows, in Swedish.
        expect(rows.find((r) => r[0] === "survey" && r[1] === "12")?.[2]).toContain("geopoint");
        expect(rows.find((r) => r[0] === "survey" && r[1] === "15")).toBeDefined();
        expect(await axeViolations(page)).toEqual([]);
        const imported = (await draftContent()) as unknown as {
          modules: { key: string; questions: { key: string; text: Record<string, string>; showIf?: unknown }[] }[];
        };
        const housing = imported.modules.find((m) => m.key === "housing")!;
        expect(housing.questions.find((q) => q.key === "housing.housing_type")!.text).toMatchObject({
          sv: "Hur bor du?",
          ar: "كيف تسكن؟",
          en: "How do you live?",
        });
        expect(housing.questions.find((q) => q.key === "housing.job_title")!.showIf).toEqual({
          question: "housing.has_job",
          op: "is",
          values: ["yes"],
        });
      },
      desktop,
    );
  });
});
