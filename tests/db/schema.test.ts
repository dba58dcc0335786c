import { sql } from "kysely";
import { migrator } from "@/lib/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await t.db.insertInto("region").values({ code: "05", name: "Östergötland" }).execute();
  await t.db
    .insertInto("municipality")
    .values({ code: "0580", name: "Linköping", region_code: "05", population: 1 })
    .execute();
  await t.db
    .insertInto("battery")
    .values({ region_code: "05", kind: "regional", municipality_code: null, slug: "b" })
    .execute();
});
afterAll(async () => {
  await t?.drop();
});

describe("schema", () => {
  it("has every table of the product", async () => {
    const r = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(t.db);
    expect(r.rows.map((x) => x.table_name)).toEqual(
      expect.arrayContaining([
        "region",
        "municipality",
        "battery",
        "battery_version",
        "battery_draft",
        "translation_status",
        "survey",
        "survey_municipality",
        "response",
        "answer",
        "app_user",
        "auth_session",
        "auth_account",
        "auth_verification",
        "ambassador_municipality",
        "ambassador_language",
        "invitation",
        "audit_log",
      ]),
    );
  });

  it("never changes a published battery version", async () => {
    const battery = await t.db.selectFrom("battery").select("id").executeTakeFirstOrThrow();
    const v = await t.db
      .insertInto("battery_version")
      .values({ battery_id: battery.id, version: 1, content: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      t.db.updateTable("battery_version").set({ content: '{"x":1}' }).where("id", "=", v.id).execute(),
    ).rejects.toThrow(/published and cannot be changed/);
    await expect(
      t.db.insertInto("battery_version").values({ battery_id: battery.id, version: 1, content: "{}" }).execute(),
    ).rejects.toThrow(/battery_version_unique/);
  });

  it("refuses impossible rows", async () => {
    await expect(
      t.db.insertInto("municipality").values({ code: "58", name: "x", region_code: "05", population: null }).execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("app_user")
        .values({ id: "u1", name: "x", email: "x@x", role: "staff", municipality_code: null })
        .execute(),
    ).rejects.toThrow(/app_user_staff_has_municipality/);
    await expect(
      t.db
        .insertInto("app_user")
        .values({ id: "u2", name: "x", email: "y@x", role: "janitor" as "admin", municipality_code: null })
        .execute(),
    ).rejects.toThrow();
  });

  it("gives responses a random record key from the database, and migrates down and up again", async () => {
    const migrations = migrator(t.db);
    const columns = async () =>
      (await t.db.introspection.getTables()).find((x) => x.name === "response")!.columns.map((c) => c.name);
    expect((await migrations.migrateTo("0005_answer_rollup")).error).toBeUndefined();
    expect(await columns()).not.toContain("record_key");
    expect((await migrations.migrateToLatest()).error).toBeUndefined();
    expect(await columns()).toContain("record_key");
    // The column's own default, evaluated 2,000 times.
    const { rows: defaults } = await sql<{ d: string }>`
      select column_default as d from information_schema.columns where table_name = 'response' and column_name = 'record_key'`.execute(
      t.db,
    );
    const { rows } = await sql<{
      key: string;
    }>`select (${sql.raw(defaults[0]!.d)})::text as key from generate_series(1, 2000)`.execute(t.db);
    const keys = rows.map((r) => Number(r.key));
    expect(keys.every((k) => k >= 0 && k < 2 ** 32)).toBe(true);
    expect(new Set(keys).size).toBeGreaterThan(1990);
    // Roughly uniform: each quarter of the key space holds about a quarter of them.
    for (let q = 0; q < 4; q++) expect(keys.filter((k) => Math.floor(k / 2 ** 30) === q).length).toBeGreaterThan(400);
  });
});
