/**
 * Two instances of the production build (`node .next/standalone/server.js`) behind nginx, configured with the file we
 * give operators (deploy/nginx/nyanlandas-rost.conf), on one PostgreSQL: what a municipality's IT runs. Everything
 * that must be one thing across instances is: a rate limit is one budget, a session made on one instance is valid on
 * the other, a submission or an interview sent to both at once is stored once, and each job runs once.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { startEmbedded, type EmbeddedServer } from "@/lib/db/embedded";
import { prepareDatabase } from "@/lib/db/prepare";
import { DEMO_PASSWORD, seedDatabase } from "@/lib/seed";
import { AppProcess, freePort } from "@/scripts/app-process";
import { buildWork } from "@/scripts/fault/payloads";
import { signInAmbassador } from "@/scripts/fault/session";

const root = path.resolve(import.meta.dirname, "../..");
const workDir = path.join(root, ".data/multi");
const secret = "multi-secret-multi-secret-multi-secret-01";
let database: EmbeddedServer;
let db: pg.Pool;
const apps: AppProcess[] = [];
let nginx: ChildProcess;
let base = "";
let browser: Browser | null = null;
const nginxOutput: string[] = [];

/** The operators' nginx file, with the test's ports, plain HTTP, and a header naming the instance that answered. */
export function testSiteConfig(site: string, listenPort: number, appPorts: number[]): string {
  const out = site
    .replace(/^(\s*server 127\.0\.0\.1:)\d+/gm, (_m, prefix: string) => `${prefix}${appPorts.shift()}`)
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${listenPort};`)
    .replace(/^\s*(ssl_certificate|ssl_certificate_key)[^;]*;\n/gm, "")
    .replace(/location \/ \{\n/, (m) => m + "        add_header X-Upstream $upstream_addr always;\n")
    .replace(/\nserver \{\n    listen 80;[\s\S]*$/, "\n");
  if (appPorts.length || out.includes("ssl") || !out.includes(`listen 127.0.0.1:${listenPort}`))
    throw new Error("deploy/nginx/nyanlandas-rost.conf no longer has the shape this test rewrites");
  return out;
}

async function startNginx(port: number, appPorts: number[]): Promise<string> {
  const dir = path.join(workDir, "nginx");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const site = testSiteConfig(
    readFileSync(path.join(root, "deploy/nginx/nyanlandas-rost.conf"), "utf8"),
    port,
    appPorts,
  );
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((t) => `    ${t}_temp_path ${dir}/${t};`)
    .join("\n");
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log stderr warn;\nevents { worker_connections 256; }\nhttp {\n${temp}\n${site}\n}\n`,
  );
  nginx = spawn(process.env.NGINX ?? "/usr/sbin/nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [nginx.stdout!, nginx.stderr!]) s.on("data", (c: Buffer) => nginxOutput.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return url;
    if (Date.now() > deadline || nginx.exitCode !== null)
      throw new Error(`nginx did not start:\n${nginxOutput.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  rmSync(path.join(workDir, "postgres"), { recursive: true, force: true });
  database = await startEmbedded({
    dataDir: path.join(workDir, "postgres"),
    port: Number(process.env.MULTI_PG_PORT ?? 56800),
    quiet: true,
  });
  // The release step, once: migrations and the demo's users and rounds (no responses).
  await prepareDatabase(database.url, { seed: "never", log: () => {} });
  const seedDb = createDb(database.url, { max: 2 });
  await seedDatabase(seedDb, { responses: 0 });
  await seedDb.destroy();
  db = new pg.Pool({ connectionString: database.url, max: 2 });

  const ports = [await freePort(), await freePort()];
  const nginxPort = await freePort();
  base = `http://127.0.0.1:${nginxPort}`;
  // Both instances at once (their start-up jobs race), then nginx in front of them.
  for (const port of ports) {
    const app = new AppProcess(root, port);
    app.start({
      env: {
        DATABASE_URL: database.url,
        BETTER_AUTH_SECRET: secret,
        BETTER_AUTH_URL: base,
        TRUSTED_PROXIES: "1",
      },
    });
    apps.push(app);
  }
  await Promise.all(apps.map((a) => a.waitHealthy(120_000)));
  await startNginx(nginxPort, [...ports]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  nginx?.kill("SIGQUIT");
  await Promise.all(apps.map((a) => a.stop(5_000)));
  await db?.end();
  await database?.stop();
});

const upstreamOf = (res: Response) => res.headers.get("x-upstream") ?? "";

describe("two instances behind nginx", () => {
  it("ships an nginx file that nginx accepts as it stands, with TLS", () => {
    const dir = path.join(workDir, "nginx-check");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=enkat.example.se"],
        ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
      ],
      { stdio: "ignore" },
    );
    const site = readFileSync(path.join(root, "deploy/nginx/nyanlandas-rost.conf"), "utf8")
      .replace("/etc/ssl/certs/enkat.example.se.pem", path.join(dir, "cert.pem"))
      .replace("/etc/ssl/private/enkat.example.se.key", path.join(dir, "key.pem"));
    writeFileSync(path.join(dir, "site.conf"), site);
    writeFileSync(
      path.join(dir, "nginx.conf"),
      `pid ${dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  include ${dir}/site.conf;\n}\n`,
    );
    const out = execFileSync(
      process.env.NGINX ?? "/usr/sbin/nginx",
      ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    expect(out).toBe(""); // nginx -t reports on stderr; a failure throws
  });

  it("both instances answer through the balancer", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/api/health`);
      expect(res.status).toBe(200);
      seen.add(upstreamOf(res));
    }
    expect(seen.size).toBe(2);
  });

  it("gives one client one lookup budget across both instances, whatever X-Forwarded-For it sends", async () => {
    const seen = new Set<string>();
    let allowed = 0;
    let refused: Response | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      // A client rotating the address it claims: nginx appends the real one, which the app takes.
      const res = await fetch(`${base}/sv/s/LIN580`, { headers: { "x-forwarded-for": `203.0.113.${i % 250}` } });
      await res.arrayBuffer();
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(200);
        allowed++;
        seen.add(upstreamOf(res));
      }
    }
    // The lookup limit's burst is 60 (lib/server/rate-limit.ts): one budget, not one per instance.
    expect(allowed).toBe(60);
    expect(seen.size).toBe(2);
    expect(refused?.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("keeps a member of staff signed in whichever instance answers", async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/sv/sign-in`);
    await page.getByLabel("E-postadress").fill("staff.linkoping@demo.example");
    await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.endsWith("/sign-in")),
      page.getByRole("button", { name: "Logga in" }).click(),
    ]);
    const home = new URL(page.url()).pathname;
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const response = await page.goto(`${base}${home}`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe(home);
      seen.add((await response!.allHeaders())["x-upstream"] ?? "");
    }
    expect(seen.size).toBe(2);
    await context.close();
  });

  it("stores a submission or an interview sent to both instances at once exactly once", async () => {
    const version = (
      await db.query<{ v: number }>("select battery_version_id as v from survey where public_code = 'LIN580'")
    ).rows[0]!.v;
    const { items, expected } = buildWork({ responses: 12, interviews: 12, batchSize: 4, seed: 7, version });
    const cookie = await signInAmbassador({ databaseUrl: database.url, secret, baseUrl: base });
    const statuses: Record<string, number[]> = {};
    await Promise.all(
      items.flatMap((item) =>
        // Each item to each instance directly, and once more through the balancer, all at the same time.
        [...apps.map((a) => a.baseUrl), base].map(async (url) => {
          const res = await fetch(`${url}${item.kind === "public" ? "/api/responses" : "/api/ambassador/sync"}`, {
            method: "POST",
            headers: { "content-type": "application/json", ...(item.kind === "batch" ? { cookie } : {}) },
            body: item.body,
          });
          const body = (await res.json()) as { status?: string; results?: { status: string }[] };
          (statuses[`${item.kind}:${item.index}`] ??= []).push(res.status);
          if (item.kind === "batch") expect(res.status, JSON.stringify(body)).toBe(200);
        }),
      ),
    );
    for (const [key, list] of Object.entries(statuses)) {
      if (key.startsWith("public")) expect(list.sort(), key).toEqual([200, 200, 201]);
    }
    const ids = [...expected.byId.keys()];
    const { rows } = await db.query<{ id: string; n: number }>(
      "select id::text as id, (select count(*)::int from answer a where a.response_id = r.id) as n from response r where id = any($1::uuid[])",
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) expect(row.n, row.id).toBe(expected.byId.get(row.id)!.answers);
    expect((await db.query("select count(*)::int as n from response")).rows[0].n).toBe(ids.length);
  });

  it("runs each job once for both instances", async () => {
    // Both instances queued the start-up run of each job; the queue kept one, and one instance ran it.
    const deadline = Date.now() + 60_000;
    let runs: { name: string; state: string; n: number }[] = [];
    for (;;) {
      runs = (
        await db.query<{ name: string; state: string; n: number }>(
          `select name, state, count(*)::int as n from (
             select name, state, singleton_key from pgboss.job union all select name, state, singleton_key from pgboss.archive
           ) j where singleton_key = 'start' group by name, state order by name, state`,
        )
      ).rows;
      if (runs.length === 2 && runs.every((r) => r.state === "completed")) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(runs).toEqual([
      { name: "publication", state: "completed", n: 1 },
      { name: "retention", state: "completed", n: 1 },
    ]);
    const schedules = (await db.query<{ name: string }>("select name from pgboss.schedule order by name")).rows;
    expect(schedules.map((s) => s.name)).toEqual(["publication", "retention"]);
    for (const app of apps) expect(app.lastLines(400)).toMatch(/jobs started/);
  });
});
