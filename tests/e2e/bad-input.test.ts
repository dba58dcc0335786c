/**
 * Bad input to any action or route gets a clear 4xx and writes nothing: garbage and broken multipart bodies, a JSON
 * body that is not an action's arguments, a cross-site post, a malformed address (a page's, a file's, Next's own).
 * proxy.ts refuses most of it before Next's action handler, which would answer 500 (lib/server/page-post.ts); what
 * parses but is not a form is refused by the action wrapper (lib/server/action-input.ts).
 */
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, ownAddress, withPage } from "./browser";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 1 });
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await db.end();
});

const TABLES = ["response", "response_draft", "answer", "audit_log", "auth_session", "battery_draft", "survey"];
async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = (await db.query(`select count(*)::int as n from ${t}`)).rows[0].n;
  return out;
}

/** The id of the first server action on a page, as its no-JavaScript form carries it. */
async function actionIdOn(path: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}${path}`, { headers: ownAddress() })).text();
  const id =
    /&quot;id&quot;:&quot;([0-9a-f]{20,})&quot;/.exec(html)?.[1] ?? /\$ACTION_ID_([0-9a-f]{20,})/.exec(html)?.[1];
  if (!id) throw new Error(`no server action on ${path}`);
  return id;
}

const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
  fetch(`${baseUrl}${path}`, { method: "POST", body, headers: { ...ownAddress(), ...headers }, redirect: "manual" });

describe("bad input", () => {
  it("answers garbage, broken and misshapen action bodies with 4xx and writes nothing", async () => {
    const before = await rowCounts();
    const pages = ["/sv/sign-in", "/ar/s/LIN580/intro", "/sv/withdraw"];
    for (const path of pages) {
      const id = await actionIdOn(path);
      const origin = { origin: baseUrl };
      const cases: [string, BodyInit, Record<string, string>, number][] = [
        ["garbage text", "garbage{", { "next-action": id, "content-type": "text/plain;charset=UTF-8", ...origin }, 400],
        ["JSON object", '{"a":1}', { "next-action": id, "content-type": "text/plain;charset=UTF-8", ...origin }, 400],
        [
          "broken multipart",
          "--xyz\r\nContent-Disposition: form-data; name=",
          { "next-action": id, "content-type": "multipart/form-data; boundary=xyz", ...origin },
          400,
        ],
        ["multipart, wrong boundary", "garbage", { "content-type": "multipart/form-data; boundary=q", ...origin }, 400],
        ["arguments without a form", "[1,2]", { "next-action": id, "content-type": "text/plain", ...origin }, 404],
        ["no arguments", "[]", { "next-action": id, "content-type": "text/plain", ...origin }, 404],
      ];
      for (const [label, body, headers, status] of cases) {
        const res = await post(path, body, headers);
        expect(res.status, `${path}: ${label}`).toBe(status);
        await res.arrayBuffer();
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a post from another site with 403, with or without JavaScript, and writes nothing", async () => {
    const before = await rowCounts();
    for (const path of ["/sv/sign-in", "/ar/s/LIN580/intro", "/sv/withdraw"]) {
      const id = await actionIdOn(path);
      const form = new FormData();
      form.set(`$ACTION_ID_${id}`, "");
      form.set("email", "admin@demo.example");
      form.set("password", "x");
      for (const origin of ["https://evil.example", "null"]) {
        const noScript = await post(path, form, { origin });
        expect([path, origin, noScript.status]).toEqual([path, origin, 403]);
        const withScript = await post(path, "[]", { origin, "next-action": id, "content-type": "text/plain" });
        expect(withScript.status).toBe(403);
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("shows the refusal in the page's language and direction, readable on a phone", async () => {
    await withPage(browser, async (page) => {
      // A form on another site (here, a page with no origin) posting to our sign-in, as a cross-site attack would.
      await page.setContent(
        `<form method="post" enctype="multipart/form-data" action="${baseUrl}/ar/sign-in"><input name="email" value="a@b.c"><button>go</button></form>`,
      );
      const [response] = await Promise.all([page.waitForNavigation(), page.click("button")]);
      expect(response?.status()).toBe(403);
      expect(await page.getAttribute("html", "lang")).toBe("ar");
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      expect(await page.textContent("h1")).toBe("أُرسل من موقع آخر");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
    });
    const swedish = await post("/sv/sign-in", "garbage", {
      origin: baseUrl,
      "content-type": "multipart/form-data; boundary=q",
    });
    expect(swedish.status).toBe(400);
    expect(await swedish.text()).toContain("Formuläret kunde inte läsas");
  });

  it("answers a malformed address with 400, for pages, files and Next's own paths", async () => {
    for (const path of [
      "/sv/%E0%A4%A",
      "/ar/s/%ZZ",
      "/x%E0.png",
      "/fonts/%E0.woff2",
      "/_next/static/%E0",
      "/api/%E0",
    ]) {
      const res = await fetch(`${baseUrl}${path}`, { headers: ownAddress() });
      expect([path, res.status]).toEqual([path, 400]);
      await res.arrayBuffer();
    }
  });

  it("answers bad JSON to the API with 400 and an over-large body with 413, before storing anything", async () => {
    const before = await rowCounts();
    const json = { "content-type": "application/json" };
    for (const [body, status] of [
      ["{not json", 400],
      [new Uint8Array([0x7b, 0xff, 0x7d]), 400],
      ["[]", 400],
      [JSON.stringify({ id: "x".repeat(300_000) }), 413],
    ] as const) {
      const res = await post("/api/responses", body, json);
      expect(res.status).toBe(status);
      await res.arrayBuffer();
    }
    expect(await rowCounts()).toEqual(before);
  });
});
