/**
 * Starts the app once for the browser tests: production build (made if missing), its own embedded
 * PostgreSQL under .data/e2e-postgres (wiped first, so the demo data is fresh), on a free port.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbedded } from "@/lib/db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    appDatabaseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("app did not become healthy in time");
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.log("[e2e] no production build: building once");
    execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
  }
  const dataDir = path.join(root, ".data/e2e-postgres");
  rmSync(dataDir, { recursive: true, force: true });
  const database = await startEmbedded({ dataDir, port: 56432, quiet: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/run.ts", "start"], {
    cwd: root,
    env: { ...process.env, TRUST_PROXY: "1", PORT: String(port), DATABASE_URL: database.url, BETTER_AUTH_URL: baseUrl, BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  try {
    await waitForHealth(baseUrl, child, 120_000);
  } catch (err) {
    console.error(output);
    throw err;
  }
  console.log(`[e2e] app up at ${baseUrl} in ${Date.now() - t0} ms (seeded)`);
  project.provide("baseUrl", baseUrl);
  project.provide("appDatabaseUrl", database.url);

  return async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 500));
    if (/\b500\b|Error:/.test(output)) console.log("[e2e] server output:\n" + output.slice(-4000));
    await database.stop();
  };
}
