/**
 * Global setup: one PostgreSQL server per test run — the embedded one (a fresh machine needs nothing
 * installed) or the server in TEST_DATABASE_URL (CI runs the database tests again on PostgreSQL 15).
 * It migrates a template database once; each test file clones it (see tests/db/database.ts).
 */
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "@/lib/db";
import { startEmbedded } from "@/lib/db/embedded";
import { migrateToLatest } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    dbServerUrl: string;
    dbTemplate: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  const embedded = external
    ? null
    : await startEmbedded({
        dataDir: path.resolve(".data/test-postgres"),
        port: Number(process.env.TEST_PG_PORT ?? 55432),
        quiet: true,
      });
  const serverUrl = external ?? embedded!.url;
  const template = `fb_template_${process.pid}`;

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = await admin.query("show server_version");
  console.log(
    `[tests] PostgreSQL ${version.rows[0].server_version} at ${new URL(serverUrl).host}${external ? " (TEST_DATABASE_URL)" : " (embedded)"}`,
  );
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const db = createDb(withDatabase(serverUrl, template), { max: 2 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide("dbServerUrl", serverUrl);
  project.provide("dbTemplate", template);

  return async () => {
    // Leftover clones of this run (a crashed file) and the template go with it.
    const { rows } = await admin.query("select datname from pg_database where datname like $1", [
      `fb_t_${process.pid}_%`,
    ]);
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
    if (embedded?.startedHere) await embedded.stop();
  };
}
