/**
 * Every door, locked: each page, route handler and server action with who may use it, checked for every role and
 * for the signed-out, including attempts on another municipality. A page, route or action added without a line
 * here fails the first tests (the routes our HTTP layer answers ahead of Next.js included).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { APIRequestContext, Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed";
import { launch, ownAddress } from "./browser";

const baseUrl = inject("baseUrl");
const root = path.resolve(import.meta.dirname, "../..");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 1 });

type Who = "anonymous" | "admin" | "coordinator" | "staff" | "ambassador";
const everyone: Who[] = ["anonymous", "admin", "coordinator", "staff", "ambassador"];
const emails: Record<Exclude<Who, "anonymous">, string> = {
  admin: "admin@demo.example",
  coordinator: "coordinator@demo.example",
  staff: "staff.linkoping@demo.example", // Linköping, 0580
  ambassador: "ambassador@demo.example", // Linköping 0580 and Norrköping 0581; ar, fa-AF, fa
};

/** "public": same for everyone; otherwise the signed-in roles let through (others get 401/403 or the sign-in page). */
type Door = {
  pattern: string;
  url: string;
  method?: "GET" | "POST";
  body?: string;
  allow: "public" | Who[];
  note?: string;
};

const staffRoles: Who[] = ["admin", "coordinator", "staff"];
const doors: Door[] = [
  // Respondent and public pages.
  { pattern: "/[locale]", url: "/sv", allow: "public" },
  { pattern: "/[locale]/[...rest]", url: "/sv/finns-inte", allow: "public" },
  { pattern: "/[locale]/invite/[token]", url: "/sv/invite/not-a-token", allow: "public" },
  { pattern: "/[locale]/privacy", url: "/ar/privacy", allow: "public" },
  { pattern: "/[locale]/s", url: "/sv/s?code=LIN580", allow: "public" },
  { pattern: "/[locale]/s/[code]", url: "/sv/s/LIN580", allow: "public" },
  { pattern: "/[locale]/s/[code]/intro", url: "/sv/s/LIN580/intro", allow: "public" },
  { pattern: "/[locale]/s/[code]/m/[module]", url: "/sv/s/LIN580/m/background", allow: "public" },
  { pattern: "/[locale]/s/[code]/send", url: "/sv/s/LIN580/send", allow: "public" },
  { pattern: "/[locale]/s/[code]/thanks", url: "/sv/s/LIN580/thanks", allow: "public" },
  { pattern: "/[locale]/sign-in", url: "/sv/sign-in", allow: "public" },
  { pattern: "/[locale]/withdraw", url: "/sv/withdraw", allow: "public" },
  // Staff pages.
  { pattern: "/[locale]/home", url: "/sv/home", allow: ["admin", "coordinator", "staff", "ambassador"] },
  { pattern: "/[locale]/admin", url: "/sv/admin", allow: ["admin"] },
  { pattern: "/[locale]/admin/audit", url: "/sv/admin/audit", allow: ["admin"] },
  { pattern: "/[locale]/coordinator", url: "/sv/coordinator", allow: ["coordinator"] },
  { pattern: "/[locale]/coordinator/ambassadors", url: "/sv/coordinator/ambassadors", allow: ["admin", "coordinator"] },
  { pattern: "/[locale]/coordinator/battery", url: "/sv/coordinator/battery", allow: ["admin", "coordinator"] },
  {
    pattern: "/[locale]/coordinator/battery/edit",
    url: "/sv/coordinator/battery/edit",
    allow: ["admin", "coordinator"],
  },
  {
    pattern: "/[locale]/coordinator/battery/preview",
    url: "/sv/coordinator/battery/preview?version=1&lang=ar",
    allow: ["admin", "coordinator"],
  },
  {
    pattern: "/[locale]/coordinator/battery/versions/[version]",
    url: "/sv/coordinator/battery/versions/1",
    allow: ["admin", "coordinator"],
  },
  { pattern: "/[locale]/coordinator/rounds", url: "/sv/coordinator/rounds", allow: ["admin", "coordinator"] },
  { pattern: "/[locale]/staff", url: "/sv/staff", allow: ["staff"] },
  { pattern: "/[locale]/dashboard", url: "/sv/dashboard", allow: staffRoles },
  {
    pattern: "/[locale]/dashboard",
    url: "/sv/dashboard?m=0581",
    allow: ["admin", "coordinator"],
    note: "another municipality's results",
  },
  { pattern: "/[locale]/dashboard/questions", url: "/sv/dashboard/questions", allow: staffRoles },
  {
    pattern: "/[locale]/dashboard/questions",
    url: "/sv/dashboard/questions?m=0583",
    allow: ["admin", "coordinator"],
    note: "another municipality",
  },
  { pattern: "/[locale]/dashboard/mode-gap", url: "/sv/dashboard/mode-gap", allow: staffRoles },
  { pattern: "/[locale]/dashboard/texts", url: "/sv/dashboard/texts", allow: staffRoles },
  {
    pattern: "/[locale]/dashboard/texts",
    url: "/sv/dashboard/texts?m=0581",
    allow: ["admin", "coordinator"],
    note: "another municipality's free texts",
  },
  { pattern: "/[locale]/dashboard/report", url: "/sv/dashboard/report", allow: staffRoles },
  { pattern: "/[locale]/dashboard/ambassadors", url: "/sv/dashboard/ambassadors", allow: ["admin", "coordinator"] },
  { pattern: "/[locale]/municipalities/[code]", url: "/sv/municipalities/0580", allow: staffRoles },
  {
    pattern: "/[locale]/municipalities/[code]",
    url: "/sv/municipalities/0581",
    allow: ["admin", "coordinator"],
    note: "another municipality",
  },
  {
    pattern: "/[locale]/municipalities/[code]/local-module",
    url: "/sv/municipalities/0580/local-module",
    allow: staffRoles,
  },
  {
    pattern: "/[locale]/municipalities/[code]/local-module",
    url: "/sv/municipalities/0583/local-module",
    allow: ["admin", "coordinator"],
    note: "another municipality",
  },
  {
    pattern: "/[locale]/surveys/[code]",
    url: "/sv/surveys/LIN580",
    allow: ["admin", "coordinator", "staff", "ambassador"],
  },
  {
    pattern: "/[locale]/surveys/[code]",
    url: "/sv/surveys/NOR581",
    allow: ["admin", "coordinator", "ambassador"],
    note: "a survey of another municipality",
  },
  { pattern: "/[locale]/translations", url: "/sv/translations", allow: ["admin", "coordinator", "ambassador"] },
  {
    pattern: "/[locale]/translations",
    url: "/sv/translations?lang=ti",
    allow: ["admin", "coordinator"],
    note: "a language the ambassador does not work in",
  },
  { pattern: "/[locale]/ambassador", url: "/sv/ambassador", allow: ["ambassador"] },
  { pattern: "/[locale]/ambassador/interview", url: "/sv/ambassador/interview", allow: ["ambassador"] },
  { pattern: "/[locale]/ambassador/refer/[code]", url: "/sv/ambassador/refer/LIN580", allow: ["ambassador"] },
  {
    pattern: "/[locale]/ambassador/refer/[code]",
    url: "/sv/ambassador/refer/MOT583",
    allow: [],
    note: "a survey outside the ambassador's municipalities",
  },
  // Route handlers.
  { pattern: "/api/health", url: "/api/health", allow: "public" },
  { pattern: "/api/health/live", url: "/api/health/live", allow: "public" },
  { pattern: "/api/health/ready", url: "/api/health/ready", allow: "public" },
  { pattern: "/api/metrics", url: "/api/metrics", allow: ["admin"] },
  { pattern: "/api/responses", url: "/api/responses", method: "POST", body: "{}", allow: "public" },
  { pattern: "/api/surveys/[code]/qr", url: "/api/surveys/LIN580/qr", allow: "public" },
  { pattern: "/api/ambassador/bundle", url: "/api/ambassador/bundle", allow: ["ambassador"] },
  { pattern: "/api/ambassador/sync", url: "/api/ambassador/sync", method: "POST", body: "{}", allow: ["ambassador"] },
  { pattern: "/api/battery/versions/[version]", url: "/api/battery/versions/1", allow: ["admin", "coordinator"] },
  { pattern: "/api/dashboard/export", url: "/api/dashboard/export?view=overview&format=csv", allow: staffRoles },
  {
    pattern: "/api/dashboard/export",
    url: "/api/dashboard/export?view=overview&format=csv&m=0581",
    allow: ["admin", "coordinator"],
    note: "another municipality",
  },
];

/** Server actions: public ones are the respondent's and sign-in's; the others with the roles they serve. */
const actions: Record<string, "public" | Who[]> = {
  "lib/auth/actions.ts#signInAction": "public",
  "lib/auth/actions.ts#signOutAction": "public",
  "modules/ambassador/actions.ts#acceptInvitationAction": "public",
  "modules/respondent/actions.ts#startSurveyAction": "public",
  "modules/respondent/actions.ts#savePageAction": "public",
  "modules/respondent/actions.ts#submitSurveyAction": "public",
  "modules/respondent/actions.ts#restartSurveyAction": "public",
  "modules/respondent/actions.ts#withdrawAction": "public",
  "modules/ambassador/actions.ts#inviteAmbassadorAction": ["admin", "coordinator"],
  "modules/ambassador/actions.ts#setAmbassadorActiveAction": ["admin", "coordinator"],
  "modules/ambassador/actions.ts#setTranslationReviewerAction": ["admin", "coordinator"],
  "modules/authoring/actions.ts#newDraftAction": ["admin", "coordinator"],
  "modules/authoring/actions.ts#importDraftAction": ["admin", "coordinator"],
  "modules/authoring/actions.ts#importXlsFormAction": ["admin", "coordinator"],
  "modules/authoring/actions.ts#publishAction": ["admin", "coordinator"],
  "modules/authoring/actions.ts#saveDraftAction": ["admin", "coordinator"],
  "modules/authoring/round-actions.ts#openRoundAction": ["admin", "coordinator"],
  "modules/authoring/round-actions.ts#closeRoundAction": ["admin", "coordinator"],
  "modules/authoring/local-module-actions.ts#saveLocalModuleAction": ["admin", "coordinator", "staff"],
  "modules/authoring/translation-actions.ts#saveTranslationsAction": ["admin", "coordinator", "ambassador"],
  "modules/admin/actions.ts#setRetentionAction": ["admin"],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const routePatterns = () =>
  files(path.join(root, "app"))
    .filter((f) => /\/(page\.tsx|route\.ts)$/.test(f))
    .map((f) =>
      ("/" + path.relative(path.join(root, "app"), path.dirname(f))).replace(/\/\([^)]+\)/g, "").replace(/\/$/, ""),
    )
    .map((p) => p || "/")
    .sort();

const serverActionExports = () =>
  [...files(path.join(root, "lib")), ...files(path.join(root, "modules"))]
    .filter((f) => f.endsWith(".ts") && /^\s*["']use server["']/m.test(readFileSync(f, "utf8").slice(0, 200)))
    .flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/^export (?:async function|const) (\w+)/gm)].map(
        (m) => `${path.relative(root, f)}#${m[1]}`,
      ),
    )
    .sort();

let browser: Browser;
const sessions = new Map<Who, APIRequestContext>();
beforeAll(async () => {
  browser = await launch();
  for (const who of everyone) {
    const context = await browser.newContext({ extraHTTPHeaders: ownAddress() });
    if (who !== "anonymous") {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/sv/sign-in`);
      await page.locator("#email").fill(emails[who]);
      await page.locator("#password").fill(DEMO_PASSWORD);
      await page.locator("form.stack button[type=submit]").click();
      await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
      await page.close();
    }
    sessions.set(who, context.request);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await db.end();
});

describe("the door table", () => {
  it("lists every page and route handler of the app", () => {
    expect([...new Set(doors.map((d) => d.pattern))].sort()).toEqual([...new Set(routePatterns())].sort());
  });

  it("lists every server action", () => {
    expect(Object.keys(actions).sort()).toEqual(serverActionExports());
  });
});

describe.each(doors)("$url ($note)", (door) => {
  it.each(everyone)("as %s", async (who) => {
    const request = sessions.get(who)!;
    const options = {
      maxRedirects: 0,
      failOnStatusCode: false,
      headers: (door.body ? { "content-type": "application/json" } : {}) as Record<string, string>,
      data: door.body,
    };
    const response =
      door.method === "POST"
        ? await request.post(`${baseUrl}${door.url}`, options)
        : await request.get(`${baseUrl}${door.url}`, options);
    const status = response.status();
    const location = response.headers()["location"] ?? "";
    expect(status, "never a server error").toBeLessThan(500);
    if (door.allow === "public") {
      expect([401, 403]).not.toContain(status);
      return;
    }
    if (door.allow.includes(who)) {
      expect([401, 403]).not.toContain(status);
      expect(location).not.toContain("/sign-in");
    } else if (who === "anonymous") {
      if (door.url.startsWith("/api/")) expect(status).toBe(401);
      else expect(location).toContain("/sv/sign-in");
    } else {
      expect(status).toBe(403);
    }
  });
});

/** The page an action is mounted on (from the build's manifest), with sample parameters filled in. */
function actionTargets(): Map<string, { id: string; url: string }> {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  const samples: Record<string, string> = {
    "[locale]": "sv",
    "[code]": "LIN580",
    "[version]": "1",
    "[module]": "background",
    "[token]": "x",
    "[...rest]": "x",
  };
  const out = new Map<string, { id: string; url: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).find((w) => w.startsWith("app/") && w.endsWith("/page"))!;
    const url = worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .replace(/\/\([^)]+\)/g, "")
      .split("/")
      .map((s) => samples[s] ?? s)
      .join("/");
    out.set(`${entry.filename}#${entry.exportedName}`, {
      id,
      url: url === "/municipalities/LIN580" ? url : url.replace("/municipalities/LIN580", "/municipalities/0580"),
    });
  }
  return out;
}

/**
 * Arguments as React sends them: (state, form) for forms with a result, (form) for plain forms, one object for
 * the editors. Form fields are the ones each action reads, aimed at data the caller may not touch.
 */
function actionBody(key: string): { body: string | FormData } {
  const fields: Record<string, string> = {
    locale: "sv",
    lang: "ar",
    userId: "x",
    active: "false",
    reviewer: "true",
    surveyId: "1",
    months: "1",
    name: "Intrång",
    email: "x@example.org",
    versionId: "1",
    municipalities: "0581",
    opensOn: "2026-12-01",
    closesOn: "2026-12-31",
  };
  if (key.endsWith("#saveDraftAction")) return { body: JSON.stringify([{ locale: "sv", loadedAt: "", content: {} }]) };
  if (key.endsWith("#saveLocalModuleAction"))
    return {
      body: JSON.stringify([
        {
          locale: "sv",
          municipality: "0581",
          loadedAt: "",
          content: { catalogue: [{ key: "x", label: { sv: "Intrång" } }] },
          publish: true,
        },
      ]),
    };
  const form = new FormData();
  const plain = /#(setAmbassadorActiveAction|setTranslationReviewerAction|closeRoundAction)$/.test(key);
  form.set("0", JSON.stringify(plain ? ["$K1"] : [{ status: "idle" }, "$K1"]));
  for (const [name, value] of Object.entries(fields)) form.set(`1_${name}`, value);
  return { body: form };
}

describe("server actions", () => {
  const guarded = Object.entries(actions).filter(([, allow]) => allow !== "public") as [string, Who[]][];
  it.each(guarded)("%s refuses the signed-out and other roles, changing nothing", async (key, allow) => {
    const target = actionTargets().get(key);
    expect(target, `${key} is in the build`).toBeDefined();
    for (const who of everyone.filter((w) => !allow.includes(w))) {
      const before = (await db.query("select count(*)::int as n from audit_log")).rows[0].n;
      const { body } = actionBody(key);
      const response = await fetch(`${baseUrl}${target!.url}`, {
        method: "POST",
        headers: {
          "next-action": target!.id,
          origin: baseUrl,
          accept: "text/x-component",
          ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}),
          cookie: (await sessions.get(who)!.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; "),
        },
        body,
        redirect: "manual",
      });
      const text = await response.text();
      expect(response.status, `${key} as ${who}: never a server error`).toBeLessThan(500);
      expect([200, 401, 403], `${key} as ${who}`).toContain(response.status);
      if (response.status === 200)
        expect(text, `${key} as ${who} says it is refused`).toContain("Du har inte behörighet");
      expect(
        (await db.query("select count(*)::int as n from audit_log")).rows[0].n,
        `${key} as ${who} wrote nothing`,
      ).toBe(before);
    }
  });

  it("refuses Linköping's staff saving another municipality's local module", async () => {
    const target = actionTargets().get("modules/authoring/local-module-actions.ts#saveLocalModuleAction")!;
    const before = (
      await db.query(
        "select count(*)::int as n from battery_version v join battery b on b.id = v.battery_id where b.municipality_code = '0581'",
      )
    ).rows[0].n;
    const response = await fetch(`${baseUrl}${target.url}`, {
      method: "POST",
      headers: {
        "next-action": target.id,
        origin: baseUrl,
        accept: "text/x-component",
        "content-type": "text/plain;charset=UTF-8",
        cookie: (await sessions.get("staff")!.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; "),
      },
      body: actionBody("#saveLocalModuleAction").body as string,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Du har inte behörighet");
    expect(
      (
        await db.query(
          "select count(*)::int as n from battery_version v join battery b on b.id = v.battery_id where b.municipality_code = '0581'",
        )
      ).rows[0].n,
    ).toBe(before);
  });
});
