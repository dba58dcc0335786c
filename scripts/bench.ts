/**
 * npm run bench [-- --quick] [-- --sizes 10000,100000] [-- --keep]
 *
 * The whole-product bench: builds only if there is no production build, then on its own embedded PostgreSQL
 * (.data/bench-postgres, wiped first and removed after) starts the app in production mode and measures
 *   1. submissions of full responses through POST /api/responses by 50 concurrent clients, beside "the limit"
 *      (the same rows written straight to the same PostgreSQL from 50 connections),
 *   2. ambassador sync of 500 queued interviews in batches of 50,
 *   3. the dashboard data functions at 10k, 100k and 1M synthetic responses,
 *   4. the respondent pages' compressed weight with JavaScript on and off (Chromium),
 *   5. start-up time and the app server's peak memory during the submission run.
 * Prints one table (figures beside targets) and writes the same as JSON to .data/bench/. Stops everything it
 * started, also on Ctrl-C. See scripts/bench/ for each part.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { APP_POOL_SIZE, createDb, type Db } from "@/lib/db";
import { migrateToLatest } from "@/lib/db/migrate";
import type { Locale } from "@/lib/i18n/locales";
import { DEMO_PASSWORD, seedDatabase } from "@/lib/seed";
import { swedishDay } from "@/modules/respondent/submit";
import { prepareDatabase } from "@/lib/db/prepare";
import { AppProcess, freePort } from "./app-process";
import { isLinux, memoryOf, processTree, sampleMemory, serverPid } from "./bench/app";
import { DASHBOARD_MODULE, DASHBOARD_MUNICIPALITY, DASHBOARD_STAFF, runDashboardSizes } from "./bench/dashboard";
import { dashboardPages, timePages } from "./bench/pages";
import { loadAgent, runLoad, runLocal } from "./bench/load";
import {
  adminQuery,
  databaseUrl,
  freshCluster,
  restart,
  stopCluster,
  applyBulkLoadSettings,
  type BenchPostgres,
} from "./bench/postgres";
import { type BenchResults, renderTable, rows } from "./bench/report";
import { directStatements, loadTargets, makeInterviews, makeResponses, writeDirect } from "./bench/responses";
import { signIn } from "./bench/session";
import { chromiumAvailable, CHROMIUM_PATH, closeBrowser, measureWeight } from "./bench/weight";

// ---------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
};
const quick = flag("quick");
const keep = flag("keep");
const sizes = (option("sizes") ?? (quick ? "1000,10000" : "10000,100000,1000000"))
  .split(",")
  .map(Number)
  .filter((x) => x > 0);
const SUBMISSIONS = Number(option("submissions") ?? (quick ? 300 : 3000));
const WARMUP = quick ? 100 : 300;
const CONCURRENCY = 50;
const SUBMIT_MAX_MS = 60_000;
const INTERVIEWS = Number(option("interviews") ?? (quick ? 100 : 500));
const SYNC_BATCH = 50;
const RUNS = quick ? 3 : 5;
const PG_PORT = 57432;
/** The app's per-address abuse limits (lib/server/rate-limit.ts) would refuse a load test from one address. */
const APP_ENV = { RATE_LIMITS: "off" };

const root = process.cwd();
if (!existsSync(path.join(root, "scripts/bench.ts")))
  throw new Error("run the bench from the repository root (npm run bench)");
const dataDir = path.join(root, ".data/bench-postgres");
const started = new Date();
const t0 = performance.now();
const log = (m: string) => {
  const s = Math.round((performance.now() - t0) / 1000);
  console.log(`[bench ${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}] ${m}`);
};

// ---------- cleanup, also on Ctrl-C

let cluster: BenchPostgres | null = null;
let app = null as AppProcess | null;
const pools: Db[] = [];
let cleaning: Promise<{ pid: number; cmd: string }[]> | null = null;

function cleanup(): Promise<{ pid: number; cmd: string }[]> {
  cleaning ??= (async () => {
    await closeBrowser();
    await app?.stop().catch(() => {});
    app = null;
    for (const db of pools.splice(0)) await db.destroy().catch(() => {});
    const left = cluster ? await stopCluster(cluster) : [];
    if (cluster && !keep) rmSync(dataDir, { recursive: true, force: true });
    return left;
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n[bench] ${signal}: stopping what the bench started`);
    void cleanup().finally(() => process.exit(130));
  });
}

function pool(url: string, max: number): Db {
  const db = createDb(url, { max });
  pools.push(db);
  return db;
}
async function release(db: Db) {
  pools.splice(pools.indexOf(db), 1);
  await db.destroy();
}

// ---------- the run

const results: BenchResults = {};
const notes: string[] = [];
const failures: string[] = [];
let buildId = "";
let built = false;
let pgVersion = "";

/** One part of the bench: a failure is reported and the other parts still run. */
async function part(name: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    failures.push(`${name}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    console.error(`[bench] ${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
    if (app) console.error(`[bench] app output (end):\n${app.lastLines(40)}`);
    return false;
  }
}

const secret = randomBytes(32).toString("base64url");
const appUrl = () => databaseUrl(cluster!, "bench_app");
let server = 0;
let afterStart = 0;
let launcher = 0;
/** The app server's peak memory (bytes) in each phase it serves, beside the submission run's. */
const phaseMemory: Record<string, number> = {};

/** Runs one phase with the memory of the app server `pid` sampled meanwhile. */
async function withMemory<T>(phase: string, pid: number, fn: () => Promise<T>): Promise<T> {
  const sampler = isLinux && pid ? sampleMemory(pid) : null;
  try {
    return await fn();
  } finally {
    const m = sampler?.stop();
    if (m) phaseMemory[phase] = Math.max(m.maxSampledRss, m.kernelPeak ?? 0);
  }
}

const ready = await part("set-up", async () => {
  // 0. The production build: used as it is, made only when missing.
  if (!existsSync(path.join(root, ".next/standalone/server.js"))) {
    log("no production build: running npm run build");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    built = true;
  }
  buildId = readFileSync(path.join(root, ".next/BUILD_ID"), "utf8").trim();
  log(`production build ${buildId}${built ? " (made now)" : ""}`);

  // The bench's own cluster, with one database for the app and one for the dashboard's synthetic data.
  log(`embedded PostgreSQL in ${path.relative(root, dataDir)} (fresh)`);
  cluster = await freshCluster(dataDir, PG_PORT);
  pgVersion = String((await adminQuery(cluster, "show server_version")).rows[0].server_version);
  await adminQuery(cluster, "create database bench_app");
  await adminQuery(cluster, "create database bench_dashboard");
});

const appUp =
  ready &&
  (await part("start-up", async () => {
    const postgresStartMs = await restart(cluster!, PG_PORT);
    log(`PostgreSQL ${pgVersion}; a start on existing data takes ${Math.round(postgresStartMs)} ms`);
    // 5a. Start-up: once to migrate and seed, then again, timed, on the prepared database.
    app = new AppProcess(root, await freePort());
    const env = {
      ...APP_ENV,
      DATABASE_URL: appUrl(),
      BETTER_AUTH_URL: app.baseUrl,
      BETTER_AUTH_SECRET: secret,
      NODE_ENV: "production",
    };
    // The release step (migrations and the demo data), then the app on the prepared database, timed apart.
    let since = performance.now();
    await prepareDatabase(appUrl(), { seed: "if-empty", log: () => {} });
    const firstStartMs = performance.now() - since;
    log(`release step (migrate and seed): ${Math.round(firstStartMs)} ms`);
    since = performance.now();
    // BENCH_CPU_PROFILE=<dir>: the app writes a V8 CPU profile there when it stops (read it with
    // `npx tsx scripts/bench/cpu-profile.ts <file>`).
    const profileDir = process.env.BENCH_CPU_PROFILE;
    app.start({
      env,
      ...(profileDir ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] } : {}),
    });
    const appStartMs = await app.waitFor("/sv", { since, timeoutMs: 60_000 });
    results.startup = {
      postgresStartMs: Math.round(postgresStartMs),
      appStartMs: Math.round(appStartMs),
      totalMs: Math.round(postgresStartMs + appStartMs),
      firstStartMs: Math.round(firstStartMs),
      page: "/sv",
    };
    log(`start-up: app served /sv ${Math.round(appStartMs)} ms after launch`);
    server = isLinux ? serverPid(app.pid!) : 0;
    afterStart = isLinux ? (memoryOf(server)?.rss ?? 0) : 0;
    launcher = isLinux && server !== app.pid ? (memoryOf(app.pid!)?.rss ?? 0) : 0;
  }));

if (appUp && app) {
  const running: AppProcess = app;
  const appDb = pool(appUrl(), 4);
  const targets = await loadTargets(appDb);

  // 4. Page weight, before the load (it uses one survey's intro and first question page).
  await part("page weight", async () => {
    if (!chromiumAvailable()) {
      results.weight = { skipped: `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)` };
      return;
    }
    log("page weight: intro and question page, JavaScript on and off");
    results.weight = await withMemory("respondent pages (page weight)", server, () =>
      measureWeight(running.baseUrl, "LIN580", "ar"),
    );
  });

  // 1. Submissions through the public path, with the app server's memory sampled meanwhile; then the limit.
  await part("submissions", async () => {
    const responses = makeResponses(targets, WARMUP + SUBMISSIONS);
    const bodies = responses.map((r) => JSON.stringify(r.payload));
    const answerCounts = responses.map((r) => Object.keys(r.payload.answers).length);
    const post = (offset: number) => (i: number) => ({
      method: "POST" as const,
      path: "/api/responses",
      body: bodies[offset + i]!,
    });
    // The same 50 clients and connections warm up, then are measured: steady state, as a load tester measures it.
    const agent = loadAgent(CONCURRENCY);
    log(`submissions: warm-up of ${WARMUP} from ${CONCURRENCY} clients`);
    await runLoad({
      baseUrl: running.baseUrl,
      concurrency: CONCURRENCY,
      total: WARMUP,
      maxMs: SUBMIT_MAX_MS,
      request: post(0),
      agent,
    });
    log(`submissions: ${SUBMISSIONS} full responses from ${CONCURRENCY} clients (at most ${SUBMIT_MAX_MS / 1000} s)`);
    const created: string[] = [];
    const memory = isLinux ? sampleMemory(server) : null;
    const viaApp = await runLoad({
      baseUrl: running.baseUrl,
      concurrency: CONCURRENCY,
      total: SUBMISSIONS,
      maxMs: SUBMIT_MAX_MS,
      request: post(WARMUP),
      onResponse: (_i, status, body) => {
        if (status === 201) created.push((JSON.parse(body) as { id: string }).id);
      },
      agent,
    }).finally(() => agent.destroy());
    const mem = memory?.stop();
    if (mem) {
      phaseMemory["submissions"] = Math.max(mem.maxSampledRss, mem.kernelPeak ?? 0);
      results.memory = {
        serverPid: server,
        peakBytes: Math.max(mem.maxSampledRss, mem.kernelPeak ?? 0),
        sampledMaxBytes: mem.maxSampledRss,
        kernelPeakBytes: mem.kernelPeak,
        afterStartBytes: afterStart,
        launcherBytes: launcher,
        // The same record, so the phases after this one (sync, dashboard pages) show in it too.
        phases: phaseMemory,
      };
    }
    const stored = created.length
      ? (
          await sql<{ n: number }>`select count(*)::int as n from response where id = any(${created}::uuid[])`.execute(
            appDb,
          )
        ).rows[0]!.n
      : 0;
    log(
      `submissions: ${viaApp.perSecond}/s, p50 ${viaApp.latencyMs.p50} ms, p99 ${viaApp.latencyMs.p99} ms, ${viaApp.errors} errors`,
    );

    // The limit: the same rows for as many fresh responses, straight to the same database, from 50 connections
    // (one per client) and from as many as the app's pool has (fewer backends contend less on 2 cores).
    const limitAt = async (connections: number, seed: number) => {
      const direct = makeResponses(targets, WARMUP + SUBMISSIONS, seed).map((r) => directStatements(appDb, r));
      const directPool = new pg.Pool({ connectionString: appUrl(), max: connections });
      try {
        await runLocal({
          concurrency: CONCURRENCY,
          total: WARMUP,
          maxMs: SUBMIT_MAX_MS,
          work: (i) => writeDirect(directPool, direct[i]!),
        });
        const result = await runLocal({
          concurrency: CONCURRENCY,
          total: SUBMISSIONS,
          maxMs: SUBMIT_MAX_MS,
          work: (i) => writeDirect(directPool, direct[WARMUP + i]!),
        });
        log(`limit, ${connections} connections: ${result.perSecond}/s, p99 ${result.latencyMs.p99} ms`);
        return result;
      } finally {
        await directPool.end();
      }
    };
    const limit = await limitAt(CONCURRENCY, 99);
    const limitAtPool = await limitAt(APP_POOL_SIZE, 98);
    results.submissions = {
      concurrency: CONCURRENCY,
      total: SUBMISSIONS,
      warmup: WARMUP,
      answersPerResponse: {
        min: Math.min(...answerCounts),
        max: Math.max(...answerCounts),
        mean: Math.round((answerCounts.reduce((s, x) => s + x, 0) / answerCounts.length) * 10) / 10,
      },
      app: viaApp,
      stored,
      limit,
      ratio: Math.round((viaApp.perSecond / limit.perSecond) * 100) / 100,
      limitAtPool: { connections: APP_POOL_SIZE, ...limitAtPool },
      ratioToBest: Math.round((viaApp.perSecond / Math.max(limit.perSecond, limitAtPool.perSecond)) * 100) / 100,
    };
  });

  // 2. Ambassador sync: sign in as the demo ambassador, send the queue in batches as the device does.
  await part("sync", async () => {
    log(`sync: ${INTERVIEWS} interviews in batches of ${SYNC_BATCH}`);
    const ambassador = await appDb
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", "ambassador@demo.example")
      .executeTakeFirstOrThrow();
    const [municipalities, languages] = await Promise.all([
      appDb
        .selectFrom("ambassador_municipality")
        .select("municipality_code")
        .where("user_id", "=", ambassador.id)
        .execute(),
      appDb.selectFrom("ambassador_language").select("locale").where("user_id", "=", ambassador.id).execute(),
    ]);
    const theirs = targets.filter(
      (t) => t.municipality && municipalities.some((m) => m.municipality_code === t.municipality),
    );
    const interviews = makeInterviews(
      theirs,
      ambassador.id,
      languages.map((l) => l.locale as Locale),
      INTERVIEWS,
    );
    const cookie = await signIn(running.baseUrl, "ambassador@demo.example", DEMO_PASSWORD);
    const batches = Array.from({ length: Math.ceil(INTERVIEWS / SYNC_BATCH) }, (_, i) =>
      JSON.stringify({ interviews: interviews.slice(i * SYNC_BATCH, (i + 1) * SYNC_BATCH) }),
    );
    const outcomes: string[] = [];
    let slowest = 0;
    const syncStart = performance.now();
    await withMemory("ambassador sync", server, async () => {
      for (const batch of batches) {
        const b0 = performance.now();
        const res = await fetch(`${running.baseUrl}/api/ambassador/sync`, {
          method: "POST",
          body: batch,
          headers: { "content-type": "application/json", cookie },
        });
        const body = (await res.json()) as { results?: { status: string }[] };
        if (!res.ok || !body.results)
          throw new Error(`sync batch answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
        outcomes.push(...body.results.map((r) => r.status));
        slowest = Math.max(slowest, performance.now() - b0);
      }
    });
    const syncMs = performance.now() - syncStart;
    const inDatabase = (
      await sql<{ n: number }>`
        select count(*)::int as n from response
        where id = any(${interviews.map((i) => i.id)}::uuid[]) and mode = 'assisted' and ambassador_id = ${ambassador.id}`.execute(
        appDb,
      )
    ).rows[0]!.n;
    results.sync = {
      interviews: INTERVIEWS,
      batchSize: SYNC_BATCH,
      batches: batches.length,
      totalMs: Math.round(syncMs),
      perSecond: Math.round((INTERVIEWS / (syncMs / 1000)) * 10) / 10,
      stored: outcomes.filter((s) => s === "stored").length,
      refused: outcomes.filter((s) => s === "refused").length,
      inDatabase,
      slowestBatchMs: Math.round(slowest),
    };
    log(`sync: ${Math.round(syncMs)} ms, ${results.sync.stored} stored, ${inDatabase} in the database`);
  });
  await release(appDb);
}
await app?.stop();
app = null;

// 3. Dashboard at scale, on the second database, with bulk-load server settings.
let dashboardPlace = "";
if (ready) {
  await part("dashboard", async () => {
    log("dashboard: restarting PostgreSQL with bulk-load settings");
    await applyBulkLoadSettings(cluster!, PG_PORT);
    const dashDb = pool(databaseUrl(cluster!, "bench_dashboard"), 4);
    await migrateToLatest(dashDb);
    await seedDatabase(dashDb, { responses: 0 });
    const content = (await loadTargets(dashDb, ["LIN580"]))[0]!.run.content;
    const steps = await runDashboardSizes(dashDb, content, sizes, {
      runs: RUNS,
      baseDate: swedishDay(new Date()),
      log,
    });
    const first = steps[0]!;
    const last = steps[steps.length - 1]!;
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    results.dashboard = {
      municipality: DASHBOARD_MUNICIPALITY,
      module: DASHBOARD_MODULE,
      runs: RUNS,
      steps,
      ratio: {
        overview: ratio(last.overviewMs, first.overviewMs),
        module: ratio(last.moduleMs, first.moduleMs),
        modeGap: ratio(last.modeGapMs, first.modeGapMs),
      },
    };
    dashboardPlace = (
      await dashDb
        .selectFrom("municipality")
        .select("name")
        .where("code", "=", DASHBOARD_MUNICIPALITY)
        .executeTakeFirstOrThrow()
    ).name;
    await release(dashDb);
  });

  // 3b. The same dashboards as staff open them: pages from the production app on the largest database, signed in.
  const largest = results.dashboard?.steps.at(-1);
  if (largest) {
    await part("dashboard pages", async () => {
      const dashboardUrl = databaseUrl(cluster!, "bench_dashboard");
      app = new AppProcess(root, await freePort());
      const running: AppProcess = app;
      const since = performance.now();
      running.start({
        env: {
          ...APP_ENV,
          DATABASE_URL: dashboardUrl,
          BETTER_AUTH_URL: running.baseUrl,
          BETTER_AUTH_SECRET: secret,
          NODE_ENV: "production",
        },
      });
      const startMs = await running.waitFor("/sv", { since, timeoutMs: 60_000 });
      log(`dashboard pages: the app on that database served /sv ${Math.round(startMs)} ms after launch`);
      const pid = isLinux ? serverPid(running.pid!) : 0;
      const cookie = await signIn(running.baseUrl, DASHBOARD_STAFF, DEMO_PASSWORD);
      const pages = dashboardPages(dashboardPlace, largest.respondents, DASHBOARD_MODULE);
      log(
        `dashboard pages: ${pages.length} pages at ${largest.responses.toLocaleString("en")} responses, signed in as ${DASHBOARD_STAFF}`,
      );
      const timings = await withMemory("dashboard pages", pid, () =>
        timePages(running.baseUrl, { cookie }, pages, RUNS),
      );
      results.dashboardPages = {
        responses: largest.responses,
        respondents: largest.respondents,
        runs: RUNS,
        pages: timings,
      };
      log(`dashboard pages: ${timings.map((p) => `${p.name} ${p.medianMs} ms`).join(", ")}`);
      await running.stop();
      app = null;
    });
  }
}
if (failures.length) process.exitCode = 1;

// ---------- cleanup, check, report

const left = await cleanup();
const ours = processTree(process.pid).filter((p) => p !== process.pid);
const wallMs = performance.now() - t0;
notes.push(
  ...failures.map((f) => `FAILED ${f}`),
  left.length
    ? `Leftover PostgreSQL processes killed: ${left.map((p) => p.pid).join(", ")}`
    : "No PostgreSQL process of the bench left running.",
  ours.length
    ? `Child processes still running: ${ours.join(", ")}`
    : "No other process started by the bench left running.",
);
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "",
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  platform: `${os.platform()} ${os.release()}`,
  node: process.version,
  postgres: pgVersion,
};
const table = renderTable(
  `Frågebatteri bench${quick ? " (quick)" : ""} · ${started.toISOString()} · ${machine.cpus} CPUs (${machine.cpuModel}) · Node ${machine.node} · PostgreSQL ${machine.postgres} · build ${buildId}`,
  rows(results, quick),
  ["", ...notes, `Wall clock: ${(wallMs / 60_000).toFixed(1)} min`],
);
const outDir = path.join(root, ".data/bench");
mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, `bench-${started.toISOString().replace(/[:.]/g, "-")}${quick ? "-quick" : ""}.json`);
writeFileSync(
  outFile,
  JSON.stringify(
    {
      startedAt: started.toISOString(),
      wallClockMs: Math.round(wallMs),
      quick,
      machine,
      build: { id: buildId, builtByBench: built },
      settings: {
        submissions: SUBMISSIONS,
        warmup: WARMUP,
        concurrency: CONCURRENCY,
        interviews: INTERVIEWS,
        syncBatch: SYNC_BATCH,
        dashboardSizes: sizes,
        dashboardRuns: RUNS,
      },
      results,
      table: rows(results, quick),
      leftoverProcesses: { postgres: left, children: ours },
      failures,
    },
    null,
    2,
  ),
);
console.log(`\n${table}\nJSON: ${path.relative(root, outFile)}`);
process.exit(process.exitCode ?? 0);
