import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "@/lib/db";
import { migrateToLatest } from "@/lib/db/migrate";
import { applyRetention, retentionCutoff, setRetentionMonths } from "@/modules/admin/retention";
import { seedDatabase } from "@/lib/seed";
import { demoUuid } from "@/lib/seed/demo-responses";
import { referenceRegion } from "@/lib/seed/reference-battery";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const now = new Date("2026-11-23T12:00:00Z");
const admin = demoUuid("demo-user-admin@demo.example");

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 400, now });
});
afterAll(async () => {
  await t?.drop();
});

/** Every published tally row: what the dashboards read. */
const tallies = async () => {
  const rows = [
    ...(await t.db.selectFrom("published_response_tally").selectAll().execute()),
    ...(await t.db.selectFrom("published_answer_tally").selectAll().execute()),
  ];
  return rows.map((r) => JSON.stringify(r)).sort();
};

describe("retention", () => {
  it("computes the first day kept", () => {
    expect(retentionCutoff(now, 36)).toBe("2023-11-23");
    expect(retentionCutoff(new Date("2026-03-31T10:00:00Z"), 1)).toBe("2026-03-03");
  });

  it("deletes responses older than the region's setting with their answers, leaves published figures as they were, and logs it", async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("response")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const total = await count();
    const published = await tallies();
    expect(published.length).toBeGreaterThan(100);
    expect(await applyRetention(t.db, now)).toEqual({ responses: 0, drafts: 0 });
    expect(await count()).toBe(total);

    await setRetentionMonths(t.db, referenceRegion.code, 1, admin);
    const cutoff = retentionCutoff(now, 1);
    const old = Number(
      (
        await t.db
          .selectFrom("response")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("submitted_on", "<", cutoff)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(old).toBeGreaterThan(0);
    const result = await applyRetention(t.db, now);
    expect(result.responses).toBe(old);
    expect(await count()).toBe(total - old);
    const orphans = await t.db
      .selectFrom("answer")
      .leftJoin("response", "response.id", "answer.response_id")
      .select("answer.response_id")
      .where("response.id", "is", null)
      .execute();
    expect(orphans).toEqual([]);
    // Published figures are anonymous aggregates: deleting the raw rows under them changes none of them.
    expect(await tallies()).toEqual(published);
    const log = await t.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "in", ["retention.applied", "region.retention.changed"])
      .orderBy("id")
      .execute();
    expect(log.map((l) => l.action)).toEqual(["region.retention.changed", "retention.applied"]);
  });
});

/**
 * Backup and restore as the README describes: pg_dump in custom format, pg_restore into an empty database.
 * pg_dump must be at least the server's major version; Debian's client is 15, so this runs on the machine's
 * PostgreSQL 15 when the test server is newer.
 */
describe("backup and restore", () => {
  it("restores a dump into an empty database with every response", async () => {
    const dumpMajor = Number(/(\d+)/.exec(execFileSync("pg_dump", ["--version"]).toString().replace(/^\D+/, ""))![1]);
    const probe = new pg.Client({ connectionString: inject("dbServerUrl") });
    await probe.connect();
    const serverMajor = Math.floor(
      Number((await probe.query("show server_version_num")).rows[0].server_version_num) / 10000,
    );
    await probe.end();
    const serverUrl = serverMajor <= dumpMajor ? inject("dbServerUrl") : "postgres://postgres@127.0.0.1:5432/postgres";
    const suffix = Math.random().toString(36).slice(2, 8);
    const [source, target] = [`fb_backup_${suffix}`, `fb_restore_${suffix}`];
    const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
    const adminClient = new pg.Client({ connectionString: serverUrl });
    await adminClient.connect();
    const dir = mkdtempSync(path.join(tmpdir(), "fb-backup-"));
    try {
      await adminClient.query(`create database ${source}`);
      await adminClient.query(`create database ${target}`);
      const db = createDb(urlOf(source), { max: 2 });
      await migrateToLatest(db);
      await seedDatabase(db, { responses: 150, now });
      const ids = (await db.selectFrom("response").select("id").orderBy("id").execute()).map((r) => r.id);
      const answers = Number(
        (
          await db
            .selectFrom("answer")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
      await db.destroy();
      const file = path.join(dir, "backup.dump");
      execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, urlOf(source)]);
      execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${urlOf(target)}`, file]);
      const restored = createDb(urlOf(target), { max: 2 });
      expect((await restored.selectFrom("response").select("id").orderBy("id").execute()).map((r) => r.id)).toEqual(
        ids,
      );
      expect(
        Number(
          (
            await restored
              .selectFrom("answer")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(answers);
      // The immutability trigger came back too.
      await expect(restored.updateTable("battery_version").set({ version: 99 }).execute()).rejects.toThrow(/published/);
      await restored.destroy();
    } finally {
      await adminClient.query(`drop database if exists ${source} with (force)`);
      await adminClient.query(`drop database if exists ${target} with (force)`);
      await adminClient.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
