import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { axeViolations, launch, withPage } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

function expectSecurityHeaders(headers: Record<string, string>) {
  const csp = headers["content-security-policy"]!;
  const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
  expect(script).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'$/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // Served over plain HTTP in the tests: no HSTS (it is sent when the request came over HTTPS).
  expect(headers["strict-transport-security"]).toBeUndefined();
}

describe("headers and cookies", () => {
  it("gives a respondent page a nonce-only script policy, no referrer and no framing, and its scripts still run", async () => {
    await withPage(browser, async (page) => {
      const blocked: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
      });
      const response = (await page.goto(`${baseUrl}/ar/s/LIN580`))!;
      expect(response.status()).toBe(200);
      expectSecurityHeaders(response.headers());
      const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"]!)![1];
      // Every script on the page carries this request's nonce (the browser hides the attribute's value from the DOM).
      expect(await page.locator("script:not([nonce])").count()).toBe(0);
      expect(nonce!.length).toBeGreaterThan(20);
      // A second load gets a different nonce.
      const again = await page.request.get(`${baseUrl}/ar/s/LIN580`);
      expect(again.headers()["content-security-policy"]).not.toBe(response.headers()["content-security-policy"]);
      await page.locator("main .actions a.button").click();
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL(/\/m\/background/);
      expect(blocked).toEqual([]);
    });
  });

  it("gives a staff page the same headers and an httpOnly, SameSite session cookie", async () => {
    await withPage(browser, async (page, context) => {
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill("staff.linkoping@demo.example");
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
      const response = (await page.goto(`${baseUrl}/sv/dashboard`))!;
      expect(response.status()).toBe(200);
      expectSecurityHeaders(response.headers());
      const session = (await context.cookies()).find((c) => c.name.includes("session_token"))!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      const api = await page.request.get(`${baseUrl}/api/health`);
      expect(api.headers()["referrer-policy"]).toBe("same-origin");
      expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    });
  });
});

describe("abuse limits", () => {
  const from = (address: string) => ({ "x-forwarded-for": address });

  it("slows down code lookups from one address with a clear page in the visitor's language, and not other addresses", async () => {
    let refused: Response | undefined;
    let allowed = 0;
    for (let i = 0; i < 120 && !refused; i++) {
      const r = await fetch(`${baseUrl}/ar/s?code=ZZZ${i}`, { headers: from("198.51.100.7"), redirect: "manual" });
      if (r.status === 429) refused = r;
      else allowed++;
    }
    // A burst of 60 goes through (a whole class opening the survey at once), then the address waits.
    expect(allowed).toBeGreaterThanOrEqual(60);
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await refused!.text();
    expect(html).toContain('lang="ar" dir="rtl"');
    expect(html).toContain("طلبات كثيرة جدًا");
    expect(
      (await fetch(`${baseUrl}/ar/s?code=ZZZ`, { headers: from("198.51.100.8"), redirect: "manual" })).status,
    ).not.toBe(429);
  });

  it("limits public submissions per address and refuses oversized bodies before reading them", async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 130 && !limited; i++) {
      const r = await fetch(`${baseUrl}/api/responses`, {
        method: "POST",
        headers: { ...from("198.51.100.9"), "content-type": "application/json" },
        body: "{}",
      });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(400);
    }
    expect(limited).toBeDefined();
    expect(await limited!.json()).toMatchObject({ error: "too_many_requests" });
    // The operator sees it counted (an admin here; a scraper with METRICS_TOKEN), and both health doors answer.
    expect((await fetch(`${baseUrl}/api/metrics`)).status).toBe(401);
    const metrics = await withPage(browser, async (page) => {
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill("admin@demo.example");
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => url.pathname.endsWith("/admin"));
      return (await page.request.get(`${baseUrl}/api/metrics`)).text();
    });
    expect(metrics).toMatch(/^fb_rate_limited_total\{limit="submit"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^# TYPE fb_responses_stored_total counter$/m);
    expect(metrics).not.toMatch(/198\.51\.100/);
    expect((await fetch(`${baseUrl}/api/health/live`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/health/ready`)).status).toBe(200);
    const huge = await fetch(`${baseUrl}/api/responses`, {
      method: "POST",
      headers: { ...from("198.51.100.10"), "content-type": "application/json" },
      body: "x".repeat(4 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
  });

  it("limits withdrawal guesses wherever the action is posted", async () => {
    await withPage(
      browser,
      async (page) => {
        // A real withdrawal from its page, captured: the same action can be posted to any other page.
        await page.goto(`${baseUrl}/sv/withdraw`);
        const posted = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
        await page.locator("main form input[name=receipt]").fill("AAAA-BBBB-CC");
        await page.locator("main form button[type=submit]").click();
        const request = await posted;
        const replay = (path: string) =>
          page.request.post(`${baseUrl}${path}`, {
            headers: {
              "next-action": request.headers()["next-action"]!,
              "content-type": request.headers()["content-type"]!,
              accept: "text/x-component",
              ...from("198.51.100.11"),
            },
            data: request.postDataBuffer()!,
          });
        const texts: string[] = [];
        // Posted to the thanks page (which carries the same action) as well as /withdraw: the limit is the action's
        // own, so both count against one budget of 10 a minute (the first was the form's own post).
        for (let i = 0; i < 14; i++)
          texts.push(await (await replay(i % 2 ? "/sv/withdraw" : "/sv/s/LIN580/thanks")).text());
        const limited = (t: string) => t.includes("Du har skickat många förfrågningar");
        expect(texts.slice(0, 9).every((t) => t.includes('"status":"not_found"'))).toBe(true);
        expect(texts.slice(9).every(limited)).toBe(true);
      },
      { extraHTTPHeaders: from("198.51.100.11") },
    );
  });
});

describe("privacy by default", () => {
  it("shows the privacy notice in the respondent's language with the region's retention, without JavaScript", async () => {
    for (const locale of ["ar", "sv"]) {
      await withPage(
        browser,
        async (page) => {
          await page.goto(`${baseUrl}/${locale}/s/LIN580/intro`);
          await page.locator(`main a[href="/${locale}/privacy"]`).click();
          await page.waitForURL(`${baseUrl}/${locale}/privacy`);
          await expect(page.locator("html").getAttribute("dir")).resolves.toBe(locale === "ar" ? "rtl" : "ltr");
          expect(await page.locator("main h2").count()).toBe(7);
          // How figures are protected, with the region's k and free-text minimum in the respondent's digits.
          const protection = (await page.locator("#privacy-protectionTitle").locator("xpath=..").textContent()) ?? "";
          expect(protection).toContain(new Intl.NumberFormat(locale).format(5));
          expect(protection).toContain(new Intl.NumberFormat(locale).format(10));
          await expect(page.locator(`main a[href="/${locale}/withdraw"]`).count()).resolves.toBe(1);
        },
        { javaScriptEnabled: false },
      );
      await withPage(browser, async (page) => {
        await page.goto(`${baseUrl}/${locale}/privacy`);
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  });

  it("lets the admin set the retention period, which the notice then states and the audit log records", async () => {
    await withPage(browser, async (page) => {
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill("admin@demo.example");
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
      await page.goto(`${baseUrl}/sv/admin`);
      await page.locator("#retention-months").fill("0");
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      // The browser's own check stops 0; a tampered value reaches the server, which refuses it too.
      await page.locator("#retention-months").evaluate((el) => el.removeAttribute("min"));
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await expect(page.locator("form .alert").textContent()).resolves.toBe(
        "Ange ett helt antal månader från 1 till 120. Inget har ändrats.",
      );
      await page.locator("#retention-months").fill("48");
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await expect(page.locator("form .notice").textContent()).resolves.toBe("Svar sparas nu i 48 månader.");
      await page.goto(`${baseUrl}/sv/privacy`);
      await expect(page.locator("main").textContent()).resolves.toContain("48 månader");
      await page.goto(`${baseUrl}/sv/admin/audit?group=region`);
      await expect(page.locator('tr[data-action="region.retention.changed"]').first().textContent()).resolves.toContain(
        '"to":48',
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${baseUrl}/sv/admin`);
      await page.locator("#retention-months").fill("36");
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await page.locator("form .notice").waitFor();
    });
  });
});
