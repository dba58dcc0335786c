import { sql } from "kysely";
import { migrator } from "@/lib/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await t.db.insertInto("region").values({ code: "05", name: "Östergötland" }).execute();
  await t.db.insertInto("municipality").values({ code: "0580", name: "Linköping", region_code: "05", population: 1 }).execute();
  await t.db.insertInto("battery").values({ region_code: "05", kind: "regional", municipality_code: null, slug: "b" }).execute();
});
afterAll(async () => {
  await t?.drop();
});

describe("schema", () => {
  it("has every table of the product", async () => {
    const r = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(t.db);
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
    const v = await t.db.insertInto("battery_version").values({ battery_id: battery.id, version: 1, content: "{}" }).returning("id").executeTakeFirstOrThrow();
    await expect(t.db.updateTable("battery_version").set({ content: '{"x":1}' }).where("id", "=", v.id).execute()).rejects.toThrow(/published and cannot be changed/);
    await expect(t.db.insertInto("battery_version").values({ battery_id: battery.id, version: 1, content: "{}" }).execute()).rejects.toThrow(/battery_version_unique/);
  });

  it("refuses impossible rows", async () => {
    await expect(t.db.insertInto("municipality").values({ code: "58", name: "x", region_code: "05", population: null }).execute()).rejects.toThrow();
    await expect(
      t.db.insertInto("app_user").values({ id: "u1", name: "x", email: "x@x", role: "staff", municipality_code: null }).execute(),
    ).rejects.toThrow(/app_user_staff_has_municipality/);
    await expect(
      t.db.insertInto("app_user").values({ id: "u2", name: "x", email: "y@x", role: "janitor" as "admin", municipality_code: null }).execute(),
    ).rejects.toThrow();
  });

  it("fills the answer rollup from the tallies an existing database already has, and takes it away again", async () => {
    const tally = (municipality: string, month: string, mode: "self" | "handover", value: string, n: number) =>
      ({ survey_id: 1, municipality_code: municipality, month, locale: "ar", mode_group: mode, question_key: "trust.respect_staff", item_key: "", value, n });
    const migrations = migrator(t.db);
    expect((await migrations.migrateTo("0004_translation_reviewers")).error).toBeUndefined();
    expect(await t.db.introspection.getTables().then((ts) => ts.some((x) => x.name === "answer_rollup"))).toBe(false);
    await t.db
      .insertInto("answer_tally")
      .values([tally("0580", "2026-10-01", "self", "4", 3), tally("0580", "2026-11-01", "handover", "4", 2), tally("0580", "2026-11-01", "self", "*", 5), tally("0581", "2026-11-01", "self", "4", 7)])
      .execute();
    expect((await migrations.migrateToLatest()).error).toBeUndefined();
    const rollup = await t.db.selectFrom("answer_rollup").select(["municipality_code", "value", "n"]).orderBy("municipality_code").orderBy("value").execute();
    expect(rollup).toEqual([
      { municipality_code: "0580", value: "*", n: 5 },
      { municipality_code: "0580", value: "4", n: 5 },
      { municipality_code: "0581", value: "4", n: 7 },
    ]);
    await t.db.deleteFrom("answer_tally").execute();
    await t.db.deleteFrom("answer_rollup").execute();
  });
});
