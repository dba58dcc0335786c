/**
 * `npm run demo` (after the build) and `npm run dev`: the zero-setup path. Starts the embedded PostgreSQL (unless
 * DATABASE_URL is set), runs the release step (migrations, and the demo data on an empty database), then runs the app
 * as production does, `node .next/standalone/server.js` (or `next dev`), and stops the embedded server on exit.
 * Production runs none of this: see docs/production.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prepareDatabase, resolveDatabase } from "@/lib/db/prepare";

const dev = process.argv[2] === "dev";
const root = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.log(`[demo] ${m}`);
const port = Number(process.env.PORT ?? 3000);
const server = path.join(root, ".next/standalone/server.js");

/** A stable signing secret for sessions: from the environment, or made once and kept in .data/. */
function authSecret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(root, ".data/auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

if (!dev && !existsSync(server)) {
  console.error("No production build found. Run `npm run build` first (or `npm run demo`, which does both).");
  process.exit(1);
}

const { url, embedded } = await resolveDatabase(log);
await prepareDatabase(url, { seed: "if-empty", log });

const env = {
  ...process.env,
  DATABASE_URL: url,
  BETTER_AUTH_SECRET: authSecret(),
  BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`,
  PORT: String(port),
  HOSTNAME: process.env.LISTEN_HOST ?? "localhost", // the standalone server listens on HOSTNAME (often set by the shell)
};
const child: ChildProcess = dev
  ? spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "-p", String(port)], {
      cwd: root,
      env,
      stdio: "inherit",
    })
  : spawn(process.execPath, [server], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
log(`the app is starting on http://localhost:${port} (${dev ? "development" : "production build"})`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  if (embedded?.startedHere) await embedded.stop().catch(() => {});
  process.exit(code);
}
child.once("exit", (code) => void stop(code ?? 0));
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
