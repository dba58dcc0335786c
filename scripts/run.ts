/**
 * `npm start` / `npm run dev`: prepares the database (embedded unless DATABASE_URL is set), then serves
 * Next.js from this process behind a thin HTTP layer (lib/server), and stops the embedded server on exit.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { prepareDatabase, resolveDatabase } from "@/lib/db/prepare";
import { getDb } from "@/lib/db";
import { appHandlers, startJobs } from "@/lib/jobs";
import { appLimiter } from "@/lib/limits/shared";
import { createHttpLayer } from "@/lib/server/http-layer";
import { trustedProxies } from "@/lib/server/request-guard";
import { directRoutes } from "@/lib/server/routes";

const dev = process.argv[2] === "dev";
const log = (m: string) => console.log(`[app] ${m}`);
const port = Number(process.env.PORT ?? 3000);
const t0 = Date.now();

/** A stable signing secret for sessions: from the environment, or made once and kept in .data/. */
function authSecret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.resolve(".data/auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

if (!dev && !existsSync(".next/BUILD_ID")) {
  console.error("No production build found. Run `npm run build` first (or `npm run demo`, which does both).");
  process.exit(1);
}

const { url, embedded } = await resolveDatabase(log);
await prepareDatabase(url, { seed: process.env.SKIP_SEED ? "never" : "if-empty", log });

process.env.DATABASE_URL = url;
process.env.BETTER_AUTH_SECRET = authSecret();
process.env.BETTER_AUTH_URL ??= `http://localhost:${port}`;
if (!dev) (process.env as Record<string, string>).NODE_ENV = "production";

const app = next({ dev, dir: process.cwd(), port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

// RATE_LIMITS=off is for the benchmark and the fault test, which send thousands of requests from one address.
const server = http.createServer(
  createHttpLayer(handle, {
    trustedProxies: trustedProxies(),
    rateLimits: process.env.RATE_LIMITS !== "off",
    limiter: appLimiter(),
    routes: directRoutes,
  }),
);
server.listen(port, () =>
  log(`serving on http://localhost:${port} (${dev ? "development" : "production"}), ready in ${Date.now() - t0} ms`),
);

// Publication (hourly) and retention (daily), each also once at start: scheduled on PostgreSQL, so however many
// instances run, each slot runs once (lib/jobs). A failure is logged and retried by the queue.
const jobs = await startJobs(url, appHandlers(getDb()), log);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  await jobs.stop({ graceful: true, timeout: 5_000 }).catch(() => {});
  await app.close().catch(() => {});
  if (embedded?.startedHere) await embedded.stop().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
