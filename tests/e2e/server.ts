/**
 * Starts the app once for the browser tests: production build (made if missing), its own embedded
 * PostgreSQL under .data/e2e-postgres (wiped first, so the demo data is fresh), on a free port.
 */
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbedded } from "@/lib/db/embedded";
import { prepareDatabase } from "@/lib/db/prepare";
import { AppProcess, freePort } from "@/scripts/app-process";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    appDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  if (!existsSync(path.join(root, ".next/standalone/server.js"))) {
    console.log("[e2e] no production build: building once");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  }
  // The device's service worker is made from the build: a build without it (plain `next build`) gets it now, and the
  // standalone server its copy of the static files.
  if (!existsSync(path.join(root, ".next/standalone/public/sw.js"))) {
    execFileSync("npx", ["tsx", "scripts/build-sw.ts"], { cwd: root, stdio: "inherit" });
    execFileSync("npx", ["tsx", "scripts/standalone.ts"], { cwd: root, stdio: "inherit" });
  }
  const dataDir = path.join(root, ".data/e2e-postgres");
  rmSync(dataDir, { recursive: true, force: true });
  const database = await startEmbedded({ dataDir, port: Number(process.env.E2E_PG_PORT ?? 56432), quiet: true });
  // The release step, as production runs it before starting the app: migrations and (here) the demo data.
  const t0 = Date.now();
  await prepareDatabase(database.url, { seed: "always", log: () => {} });
  const app = new AppProcess(root, await freePort());
  const baseUrl = app.baseUrl;
  app.start({
    env: {
      TRUST_PROXY: "1",
      DATABASE_URL: database.url,
      BETTER_AUTH_URL: baseUrl,
      BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
    },
  });
  try {
    await app.waitHealthy(120_000);
  } catch (err) {
    console.error(app.lastLines(200));
    throw err;
  }
  console.log(`[e2e] app up at ${baseUrl} in ${Date.now() - t0} ms (seeded)`);
  project.provide("baseUrl", baseUrl);
  project.provide("appDatabaseUrl", database.url);

  return async () => {
    await app.stop(5_000);
    const output = app.lastLines(200);
    if (/\b500\b|Error:/.test(output)) console.log("[e2e] server output:\n" + output.slice(-4000));
    await database.stop();
  };
}
