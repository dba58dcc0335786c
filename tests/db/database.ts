/** Each test file gets its own database cloned from the migrated template, so files run in parallel. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db";

export type TestDatabase = { db: Db; url: string; drop: () => Promise<void> };

export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("dbServerUrl");
  const template = inject("dbTemplate");
  const name = `fb_t_${template.split("_").pop()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = createDb(url, { max: 5 });
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
