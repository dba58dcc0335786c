/**
 * The standard way to run a Next.js app: `node .next/standalone/server.js` from its own folder (as a deployment copies
 * it), with nothing but its environment. It must serve every page with the security headers and a script nonce, take
 * submissions, and refuse to start without its settings.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "@/scripts/app-process";
import { launch, withPage } from "./browser";

const root = path.resolve(import.meta.dirname, "../..");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 1 });
let server: ChildProcess;
let base = "";
let browser: Browser;
const output: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(root, ".next/standalone/server.js")], {
    cwd: path.join(root, ".next/standalone"),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: inject("appDatabaseUrl"),
      BETTER_AUTH_URL: base,
      BETTER_AUTH_SECRET: "standalone-secret-standalone-secret-0123",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [server.stdout!, server.stderr!])
    stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`standalone server did not start:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await db.end();
});

describe("node .next/standalone/server.js on its own", () => {
  it("serves pages with the security headers and a fresh script nonce", async () => {
    for (const url of ["/sv", "/ar/s/LIN580", "/sv/sign-in"]) {
      const res = await fetch(`${base}${url}`, { redirect: "manual" });
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("renders a respondent page right-to-left with its styles and scripts, on a phone", async () => {
    await withPage(browser, async (page) => {
      const failed: string[] = [];
      page.on("response", (r) => {
        if (r.url().includes("/_next/static/") && r.status() !== 200) failed.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${base}/ar/s/LIN580`);
      await expect(page.locator("html").getAttribute("dir")).resolves.toBe("rtl");
      await page.locator("main .language-list").waitFor();
      // Styles applied: the language list is a grid, not a bare list.
      expect(await page.locator("main .language-list").evaluate((el) => getComputedStyle(el).display)).toBe("grid");
      expect(failed).toEqual([]);
    });
  });

  it("takes a submission at POST /api/responses, once", async () => {
    const payload = {
      id: crypto.randomUUID(),
      survey: "LIN580",
      locale: "sv",
      answers: { "bg.gender": { kind: "choice", value: "woman" } },
    };
    const first = await fetch(`${base}/api/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(first.status).toBe(201);
    const again = await fetch(`${base}/api/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(again.status).toBe(200);
    const { rows } = await db.query("select count(*)::int as n from response where id = $1", [payload.id]);
    expect(rows[0].n).toBe(1);
  });

  it("stops at once with a line an operator can act on when a setting is missing", async () => {
    const port = await freePort();
    const lines: string[] = [];
    const bare = spawn(process.execPath, [path.join(root, ".next/standalone/server.js")], {
      cwd: path.join(root, ".next/standalone"),
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [bare.stdout!, bare.stderr!]) stream.on("data", (c: Buffer) => lines.push(c.toString()));
    const code = await new Promise<number | null>((resolve) => bare.once("exit", resolve));
    expect(code).toBe(1);
    expect(lines.join("")).toMatch(/missing settings: DATABASE_URL, BETTER_AUTH_SECRET/);
  });
});
