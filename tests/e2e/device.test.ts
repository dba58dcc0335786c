/**
 * The ambassador's device, offline for real: its own app server behind a loopback relay the test switches off (so
 * the service worker's fetches fail too), persistent browser profiles that are closed and reopened, two ambassadors
 * on one device, a battery version published while a device is offline, and a day's work with the clock hours off.
 * Every interview is checked in the database: stored exactly once, under its survey, municipality, version and
 * ambassador.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import path from "node:path";
import pg from "pg";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { AppProcess, freePort } from "@/scripts/app-process";
import { axeViolations, CHROMIUM, smallPhone } from "./browser";
import { holdToContinue, runInterview as drive, stepUntil } from "./interview";
import { Relay } from "./relay";

const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 2 });
let app: AppProcess;
let relay: Relay;
let base = "";
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

beforeAll(async () => {
  const port = await freePort();
  relay = new Relay(port);
  await relay.start();
  base = relay.url;
  app = new AppProcess(path.resolve(import.meta.dirname, "../.."), port);
  app.start({
    env: {
      TRUST_PROXY: "1",
      DATABASE_URL: inject("appDatabaseUrl"),
      BETTER_AUTH_URL: base,
      BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
    },
  });
  try {
    await app.waitHealthy(120_000);
  } catch (err) {
    console.error(app.lastLines(100));
    throw err;
  }
}, 180_000);

afterAll(async () => {
  await app?.stop(5_000);
  await relay?.stop();
  await db.end();
});

/** A phone with its own storage that survives closing the browser. */
class Device {
  readonly dir = mkdtempSync(path.join(tmpdir(), "fb-device-"));
  context!: BrowserContext;
  page!: Page;
  clockOffsetMs = 0;

  async open(): Promise<Page> {
    this.context = await chromium.launchPersistentContext(this.dir, {
      executablePath: CHROMIUM,
      args: chromiumArgs,
      ...smallPhone,
    });
    await this.context.setOffline(!relay.online);
    if (this.clockOffsetMs) await this.context.clock.install({ time: Date.now() + this.clockOffsetMs });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    return this.page;
  }

  /** The browser is killed (or the phone restarts): nothing but what is stored survives. */
  async restart(): Promise<Page> {
    await this.context.close();
    return this.open();
  }

  async network(online: boolean) {
    relay.setOnline(online);
    await this.context.setOffline(!online);
  }

  async close() {
    await this.context?.close().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function signIn(page: Page, email: string, locale = "sv") {
  await page.goto(`${base}/${locale}/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form.stack button[type=submit]").click();
  await page.waitForURL((url) => url.pathname.endsWith("/ambassador"));
  // Online once: the device keeps the app shell and this ambassador's bundle.
  await page.locator("text=Appen fungerar nu även utan nätverk på den här enheten.").waitFor({ timeout: 30_000 });
}

async function signOut(page: Page) {
  await page.locator(".staff-bar form button[type=submit]").click();
}

const pickFirst = async (page: Page) => {
  // The first choice of every visible question with choices: quick, and enough to give each interview answers.
  await page.evaluate(() => {
    for (const fieldset of document.querySelectorAll<HTMLFieldSetElement>("form[id^=interview-] fieldset[data-slot]")) {
      if (fieldset.hidden) continue;
      const input = fieldset.querySelector<HTMLInputElement>("input[type=radio], input[type=checkbox]");
      if (input && !input.checked) {
        input.click();
      }
    }
  });
};

/** One interview with quick answers and a note in the record that finds it in the database. */
const runInterview = (page: Page, respondentLocale: string, note: string) =>
  drive(page, respondentLocale, {
    answer: pickFirst,
    record: async (p) => {
      await p.locator('input[name="q:amb.setting"][value="alone"]').check();
      await p.locator("#interview-record textarea").fill(note);
    },
  });

async function stored(note: string) {
  const { rows } = await db.query(
    `select r.id, s.public_code as survey, r.municipality_code, r.battery_version_id, r.locale, u.email, r.handover_questions
       from response r join survey s on s.id = r.survey_id left join app_user u on u.id = r.ambassador_id
      where r.interview->'amb.note'->>'value' = $1`,
    [note],
  );
  return rows as {
    id: string;
    survey: string;
    municipality_code: string;
    battery_version_id: number;
    locale: string;
    email: string;
    handover_questions: string[];
  }[];
}

async function send(page: Page, locale = "sv") {
  await page.goto(`${base}/${locale}/ambassador`);
  await page.getByRole("button", { name: locale === "sv" ? "Skicka nu" : "إرسال الآن" }).click();
}

const tag = () => `e2e-${crypto.randomUUID().slice(0, 8)}`;

describe("the ambassador's device offline", () => {
  it("stores two surveys opened offline in either order under their own survey and municipality", async () => {
    const device = new Device();
    try {
      const page = await device.open();
      await signIn(page, "ambassador@demo.example");
      const bundle = await (await page.request.get(`${base}/api/ambassador/bundle`)).body();
      const shell = await (await page.request.get(`${base}/sv/ambassador/interview`)).body();
      const kept = await page.evaluate(async () => {
        let bytes = 0;
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys())
            bytes += (await (await cache.match(request))!.arrayBuffer()).byteLength;
        }
        return bytes;
      });
      console.log(
        `[device] bundle ${bundle.length} B (gzip ${gzipSync(bundle).length} B); shell page ${shell.length} B (gzip ${gzipSync(shell).length} B); service worker caches ${kept} B`,
      );
      expect(kept).toBeGreaterThan(0);
      await device.network(false);
      const notes = { first: tag(), second: tag(), third: tag() };
      // Norrköping first, from the device home (the ambassador home is not reachable offline; the shell stands in).
      await page.goto(`${base}/sv/ambassador`);
      await page.getByRole("button", { name: /Starta intervju: .*Norrköping/ }).click();
      await expect(page.locator(".hint").first().textContent()).resolves.toMatch(/Norrköping/);
      await runInterview(page, "fa-AF", notes.first);
      // Then Linköping, opened by its address.
      await page.goto(`${base}/sv/ambassador/interview?survey=LIN580`);
      await expect(page.locator(".hint").first().textContent()).resolves.toMatch(/Linköping/);
      await runInterview(page, "ar", notes.second);
      // And Norrköping again by its address after Linköping.
      await page.goto(`${base}/sv/ambassador/interview?survey=NOR581`);
      await expect(page.locator(".hint").first().textContent()).resolves.toMatch(/Norrköping/);
      await runInterview(page, "fa", notes.third);
      await page.goto(`${base}/sv/ambassador/interview`);
      await expect.poll(() => page.getByTestId("pending").textContent()).toBe("3");

      await device.network(true);
      await send(page);
      await expect.poll(() => page.getByTestId("sent").textContent(), { timeout: 20_000 }).toBe("3");
      expect(await stored(notes.first)).toMatchObject([
        { survey: "NOR581", municipality_code: "0581", locale: "fa-AF", email: "ambassador@demo.example" },
      ]);
      expect(await stored(notes.second)).toMatchObject([
        { survey: "LIN580", municipality_code: "0580", locale: "ar", email: "ambassador@demo.example" },
      ]);
      expect(await stored(notes.third)).toMatchObject([{ survey: "NOR581", municipality_code: "0581", locale: "fa" }]);
    } finally {
      await device.close();
    }
  });

  it("resumes after a reload and a browser restart mid-interview and mid-handover, never showing private answers again", async () => {
    const device = new Device();
    try {
      let page = await device.open();
      await signIn(page, "ambassador@demo.example");
      await device.network(false);
      await page.goto(`${base}/sv/ambassador/interview?survey=LIN580`);
      await page.locator('button[lang="ar"]').click();
      // Page 1: an answer, then a reload before "next".
      await page.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').check();
      await expect.poll(() => page.url()).toMatch(/\?interview=/);
      await page.reload();
      await expect(page.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').isChecked()).resolves.toBe(true);
      await page.locator("form[id^=interview-] button[type=submit]").click();
      await page.locator("#interview-spoken-information").waitFor();
      // The browser is killed on page 2: the device home lists the interview, and it continues on page 2.
      page = await device.restart();
      await page.goto(`${base}/sv/ambassador/interview`);
      await page.getByRole("button", { name: "Fortsätt" }).click();
      await page.locator("#interview-spoken-information").waitFor();
      await expect(page.locator("#interview-spoken-information").getAttribute("dir")).resolves.toBeNull();
      expect(await page.locator("[lang=ar][dir=rtl] h1").count()).toBe(1);
      // Through the spoken part to the handover.
      await stepUntil(page, "#handover-title");
      // The locked screen: nothing but the handover; no header, menus, names, links or sign-out.
      await expect(page.locator(".site-header").isVisible()).resolves.toBe(false);
      await expect(page.locator(".site-footer").isVisible()).resolves.toBe(false);
      expect(await page.locator("a:visible").count()).toBe(0);
      expect(await page.locator("body").textContent()).not.toMatch(/Amina|Logga ut/);
      expect(await axeViolations(page)).toEqual([]);
      await page.locator("#handover-ready").click();
      await page.locator("#interview-private-work").waitFor();
      expect(await page.locator("a:visible").count()).toBe(0);
      // The browser's back stays on the locked screen.
      await page.goBack().catch(() => undefined);
      await page.locator("#interview-private-work").waitFor();
      await page.locator('input[name="q:work.unfair_hiring"][value="yes"]').check();
      expect(await axeViolations(page)).toEqual([]);
      // Killed in the middle of the handover: it resumes locked, at the handover, without the answer on screen.
      page = await device.restart();
      await page.goto(`${base}/sv/ambassador/interview`);
      await page.getByRole("button", { name: "Fortsätt" }).click();
      await page.locator("#handover-ready").waitFor();
      await expect(page.locator(".site-header").isVisible()).resolves.toBe(false);
      await expect(page.locator(".notice").textContent()).resolves.toContain("avbröts");
      await page.locator("#handover-ready").click();
      await page.locator("#interview-private-work").waitFor();
      await expect(page.locator('input[name="q:work.unfair_hiring"][value="yes"]').isChecked()).resolves.toBe(false);
      await expect(page.locator(".private-placeholder").count()).resolves.toBe(1);
      // Finish: the private answer given before the restart is kept.
      const note = tag();
      await stepUntil(page, "#handback-title");
      // A tap is not enough to leave the locked screen.
      await page.locator(".hold-button").click();
      await expect(page.locator("#handback-title").count()).resolves.toBe(1);
      await holdToContinue(page);
      await expect(page.locator(".site-header").isVisible()).resolves.toBe(true);
      await page.locator("#interview-record textarea").fill(note);
      await page.locator("#interview-record button[type=submit]").click();
      await page.locator("#saved-title").waitFor();
      await device.network(true);
      await send(page);
      await expect.poll(async () => (await stored(note)).length, { timeout: 20_000 }).toBe(1);
      const [row] = await stored(note);
      expect(row!.handover_questions).toEqual(["work.unfair_hiring"]);
      const answers = await db.query(
        "select question_key, value, in_handover from answer where response_id = $1 and question_key in ('bg.time_in_sweden', 'work.unfair_hiring') order by 1",
        [row!.id],
      );
      expect(answers.rows).toMatchObject([
        { question_key: "bg.time_in_sweden", in_handover: false },
        { question_key: "work.unfair_hiring", in_handover: true },
      ]);
    } finally {
      await device.close();
    }
  });

  it("keeps each ambassador's queue for them on a shared device, and sends it only when they are signed in", async () => {
    const device = new Device();
    try {
      const page = await device.open();
      await signIn(page, "ambassador@demo.example");
      await device.network(false);
      const aminas = tag();
      await page.goto(`${base}/sv/ambassador/interview?survey=NOR581`);
      await runInterview(page, "ar", aminas);
      // The network is back but the interview is not sent yet (the send fails); Amina signs out.
      await page.route("**/api/ambassador/sync", (route) => route.abort());
      await device.network(true);
      await page.goto(`${base}/sv/ambassador`);
      await expect.poll(() => page.getByTestId("pending").textContent()).toBe("1");
      await signOut(page);
      await expect(page.locator(".sign-out-waiting").textContent()).resolves.toContain("En intervju finns");
      await page.getByRole("button", { name: "Logga ut och behåll dem" }).click();
      await page.waitForURL(/sign-in/);
      await page.unroute("**/api/ambassador/sync");

      // Yonas signs in on the same device: he never sees Amina's interview, and his device never sends it.
      await signIn(page, "ambassador.ti@demo.example");
      await expect.poll(() => page.getByTestId("pending").textContent()).toBe("0");
      await page.goto(`${base}/sv/ambassador/interview`);
      expect(await page.locator("#in-progress").count()).toBe(0);
      await expect(page.getByTestId("pending").textContent()).resolves.toBe("0");
      await page.getByRole("button", { name: "Skicka nu" }).click();
      expect(await stored(aminas)).toEqual([]);
      // The server refuses it too if it is posted in his session.
      const payload = await page.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            const req = indexedDB.open("fb-ambassador");
            req.onsuccess = () => {
              const all = req.result.transaction("interviews").objectStore("interviews").getAll();
              all.onsuccess = () =>
                resolve(
                  (all.result as { status: string; payload: unknown }[]).find((i) => i.status === "pending")?.payload,
                );
            };
          }),
      );
      const refused = await page.request.post(`${base}/api/ambassador/sync`, { data: { interviews: [payload] } });
      expect(((await refused.json()) as { results: { reason: string }[] }).results[0]!.reason).toBe("other_ambassador");
      // Yonas has nothing waiting: signing out clears his part of the device (Amina's interview stays).
      await page.goto(`${base}/sv/ambassador`);
      await signOut(page);
      await page.waitForURL(/sign-in/);
      expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(0);

      // Amina again: her interview is sent, once, under her.
      await signIn(page, "ambassador@demo.example");
      await expect.poll(() => page.getByTestId("sent").textContent(), { timeout: 20_000 }).toBe("1");
      expect(await stored(aminas)).toMatchObject([
        { email: "ambassador@demo.example", survey: "NOR581", municipality_code: "0581" },
      ]);
      // With nothing left waiting, her sign-out clears the device's caches and store.
      await signOut(page);
      await page.waitForURL(/sign-in/);
      expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(0);
      expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain(
        "fb-ambassador",
      );
    } finally {
      await device.close();
    }
  });

  it("stores an interview started on a battery version under that version, though a new one is published meanwhile", async () => {
    const device = new Device();
    const code = `V${Date.now().toString(36).toUpperCase().slice(-6)}`;
    try {
      const page = await device.open();
      await signIn(page, "ambassador@demo.example");
      const before = (await db.query("select battery_version_id from survey where public_code = 'LIN580'")).rows[0]
        .battery_version_id as number;
      await device.network(false);
      await page.goto(`${base}/sv/ambassador/interview?survey=LIN580`);
      await page.locator('button[lang="ar"]').click();
      await page.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').check();
      // The coordinator publishes a new version and opens a round on it while the device is offline.
      const v = await db.query(
        `insert into battery_version (battery_id, version, content, published_by)
         select battery_id, (select max(version) + 1 from battery_version b2 where b2.battery_id = v.battery_id), content, published_by
           from battery_version v where id = $1 returning id`,
        [before],
      );
      const next = v.rows[0].id as number;
      const s = await db.query(
        `insert into survey (region_code, battery_version_id, name, public_code, opens_at, closes_at, disabled_modules, created_by)
         select region_code, $1, 'Ny version Linköping', $2, now() - interval '1 day', now() + interval '30 days', '{}', created_by from survey where public_code = 'LIN580' returning id`,
        [next, code],
      );
      await db.query("insert into survey_municipality (survey_id, municipality_code) values ($1, '0580')", [
        s.rows[0].id,
      ]);
      // Back online, the device learns of the new round; the interview in progress keeps its own version.
      await device.network(true);
      await page.reload();
      await page.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').waitFor();
      const note = tag();
      await stepUntil(page, "#handback-title");
      await holdToContinue(page);
      await page.locator("#interview-record textarea").fill(note);
      await page.locator("#interview-record button[type=submit]").click();
      await page.locator("#saved-title").waitFor();
      // And one on the new round, stored under the new version.
      const onNew = tag();
      await page.goto(`${base}/sv/ambassador/interview?survey=${code}`);
      await runInterview(page, "fa", onNew);
      await send(page);
      await expect
        .poll(async () => (await stored(note)).length + (await stored(onNew)).length, { timeout: 20_000 })
        .toBe(2);
      expect(await stored(note)).toMatchObject([{ survey: "LIN580", battery_version_id: before }]);
      expect(await stored(onNew)).toMatchObject([{ survey: code, battery_version_id: next }]);
    } finally {
      await device.close();
      await db.query(
        "delete from survey_municipality where survey_id in (select id from survey where public_code = $1)",
        [code],
      );
    }
  });

  it("a day offline: 20 interviews, 2 surveys, 3 languages, 2 restarts, the clock hours off — all stored exactly once", async () => {
    const device = new Device();
    // The phone's clock is 30 hours behind: uncorrected, every interview would land on the wrong day.
    device.clockOffsetMs = -30 * 3_600_000;
    try {
      let page = await device.open();
      await signIn(page, "ambassador@demo.example");
      await device.network(false);
      const plan = Array.from({ length: 20 }, (_, i) => ({
        survey: i % 2 ? "NOR581" : "LIN580",
        locale: ["ar", "fa-AF", "fa"][i % 3]!,
        note: tag(),
      }));
      for (const [i, item] of plan.entries()) {
        if (i === 7 || i === 14) page = await device.restart();
        await page.goto(`${base}/sv/ambassador/interview?survey=${item.survey}`);
        await runInterview(page, item.locale, item.note);
      }
      await page.goto(`${base}/sv/ambassador/interview`);
      await expect.poll(() => page.getByTestId("pending").textContent()).toBe("20");
      // The device recorded its own (wrong) time.
      const recorded = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const req = indexedDB.open("fb-ambassador");
            req.onsuccess = () => {
              const all = req.result.transaction("interviews").objectStore("interviews").getAll();
              all.onsuccess = () =>
                resolve(
                  (all.result as { payload: { finishedAt: string } | null }[]).flatMap((i) =>
                    i.payload ? [i.payload.finishedAt] : [],
                  ),
                );
            };
          }),
      );
      expect(recorded).toHaveLength(20);
      for (const at of recorded) expect(Date.now() - Date.parse(at)).toBeGreaterThan(29 * 3_600_000);
      const t0 = performance.now();
      await device.network(true);
      await page.goto(`${base}/sv/ambassador`);
      await expect.poll(() => page.getByTestId("sent").textContent(), { timeout: 60_000 }).toBe("20");
      const ms = Math.round(performance.now() - t0);
      const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());
      let exact = 0;
      for (const item of plan) {
        const rows = await stored(item.note);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          survey: item.survey,
          municipality_code: item.survey === "LIN580" ? "0580" : "0581",
          locale: item.locale,
          email: "ambassador@demo.example",
        });
        const day = await db.query("select submitted_on::text as d from response where id = $1", [rows[0]!.id]);
        expect(day.rows[0].d).toBe(today);
        exact++;
      }
      console.log(
        `[device] a day offline: ${exact}/20 interviews stored exactly once; online to all stored in ${ms} ms`,
      );
    } finally {
      await device.close();
    }
  }, 600_000);
  it("installs a new version in the background and takes it only when no interview is in progress", async () => {
    const device = new Device();
    // The file the standalone server serves (scripts/standalone.ts copies public/ into it).
    const sw = path.resolve(import.meta.dirname, "../../.next/standalone/public/sw.js");
    const original = readFileSync(sw, "utf8");
    try {
      const page = await device.open();
      await signIn(page, "ambassador@demo.example");
      await page.goto(`${base}/sv/ambassador/interview?survey=LIN580`);
      await page.locator('button[lang="ar"]').click();
      await page.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').check();
      // A deploy: the worker changes on the server.
      writeFileSync(sw, `${original}\n// next deploy ${Date.now()}\n`);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.waitForFunction(
        async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
        undefined,
        { timeout: 30_000 },
      );
      // The interview goes on, untouched; the device home says a version waits, but not while an interview is open.
      await page.reload();
      await expect(page.locator('input[name="q:bg.time_in_sweden"][value="lt1"]').isChecked()).resolves.toBe(true);
      await page.getByRole("button", { name: "Pausa – fortsätt senare" }).click();
      await expect(page.locator(".notice").first().textContent()).resolves.toContain("när ingen intervju pågår");
      expect(await page.getByRole("button", { name: "Uppdatera nu" }).count()).toBe(0);
      page.once("dialog", (d) => void d.accept());
      await page.getByRole("button", { name: "Kasta" }).click();
      await page.getByRole("button", { name: "Uppdatera nu" }).click();
      await page.waitForFunction(async () => !(await navigator.serviceWorker.getRegistration())?.waiting, undefined, {
        timeout: 30_000,
      });
      await page.locator("#choose-survey").waitFor();
      // The old version's caches are gone: one precache, holding this version's files.
      const names = await page.evaluate(async () => caches.keys());
      expect(names.filter((n) => n.includes("precache"))).toHaveLength(1);
    } finally {
      writeFileSync(sw, original);
      await device.close();
    }
  });
});
