import { sql } from "kysely";
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
});
