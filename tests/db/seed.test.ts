import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleSlots } from "@/lib/battery/logic";
import { batteryContentSchema, localModuleContentSchema } from "@/lib/battery/schema";
import { demoUsers, seedDatabase } from "@/lib/seed";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const now = new Date("2026-11-23T10:00:00Z");

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { now });
});
afterAll(async () => {
  await t?.drop();
});

async function counts() {
  const tables = [
    "region",
    "municipality",
    "battery",
    "battery_version",
    "survey",
    "survey_municipality",
    "app_user",
    "auth_account",
    "response",
    "answer",
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db);
    out[table] = r.rows[0]!.n;
  }
  return out;
}

describe("demo seed", () => {
  it("creates the region, its 13 municipalities, one open survey each, a closed regional round and a user per role", async () => {
    const c = await counts();
    expect(c.region).toBe(1);
    expect(c.municipality).toBe(13);
    expect(c.battery).toBe(14); // the regional battery and one local module per municipality
    expect(c.survey).toBe(14);
    expect(c.app_user).toBe(demoUsers.length);
    const roles = await t.db.selectFrom("app_user").select("role").distinct().orderBy("role").execute();
    expect(roles.map((r) => r.role)).toEqual(["admin", "ambassador", "coordinator", "staff"]);
    const open = await t.db
      .selectFrom("survey")
      .select("id")
      .where("opens_at", "<=", now)
      .where("closes_at", ">", now)
      .execute();
    expect(open).toHaveLength(13);
    // The spring round: all 13 municipalities, closed, its figures final, so that group results can be tried at once.
    const spring = await t.db.selectFrom("survey").selectAll().where("closes_at", "<=", now).executeTakeFirstOrThrow();
    expect(spring.figures_final_on).toBe("2026-11-23");
    expect(
      await t.db
        .selectFrom("survey_municipality")
        .select("municipality_code")
        .where("survey_id", "=", spring.id)
        .execute(),
    ).toHaveLength(13);
  });

  it("publishes the demo responses as the daily job would: whole pools of at least k, leaving smaller ones waiting", async () => {
    const { rows } = await sql<{ published: number; waiting: number; smallest: number }>`
      select count(*) filter (where published_on is not null)::int as published, count(*) filter (where published_on is null)::int as waiting,
             (select min(n)::int from (select count(*) as n from response where published_on is not null group by survey_id, municipality_code, mode) x) as smallest
      from response`.execute(t.db);
    expect(rows[0]!.published).toBeGreaterThan(3000);
    expect(rows[0]!.smallest).toBeGreaterThanOrEqual(5);
    const pending = await sql<{
      n: number;
    }>`select count(*)::int as n from response where published_on is null group by survey_id, municipality_code, mode having count(*) >= 5`.execute(
      t.db,
    );
    expect(pending.rows).toEqual([]);
  });

  it("publishes the battery as version 1 with valid content", async () => {
    const versions = await t.db
      .selectFrom("battery_version as v")
      .innerJoin("battery as b", "b.id", "v.battery_id")
      .select(["b.kind", "v.version", "v.content"])
      .execute();
    const regional = versions.filter((v) => v.kind === "regional");
    expect(regional.map((v) => v.version)).toEqual([1]);
    expect(batteryContentSchema.safeParse(regional[0]!.content).success).toBe(true);
    for (const local of versions.filter((v) => v.kind === "local"))
      expect(localModuleContentSchema.safeParse(local.content).success).toBe(true);
  });

  it("holds at least 3,000 responses spread by population over municipalities, languages and modes", async () => {
    const c = await counts();
    expect(c.response).toBeGreaterThanOrEqual(3000);
    const byMunicipality = await t.db
      .selectFrom("response")
      .select(["municipality_code", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("municipality_code")
      .execute();
    const n = new Map(byMunicipality.map((r) => [r.municipality_code, r.n]));
    expect(n.size).toBe(13);
    expect(n.get("0580")!).toBeGreaterThan(n.get("0512")! * 10); // Linköping vs Ydre
    const locales = await t.db.selectFrom("response").select("locale").distinct().execute();
    expect(locales).toHaveLength(10);
    const modes = await t.db
      .selectFrom("response")
      .select(["mode", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("mode")
      .execute();
    expect(modes.map((m) => m.mode).sort()).toEqual(["assisted", "self"]);
    const handover = await sql<{ n: number }>`select count(*)::int as n from answer where in_handover`.execute(t.db);
    expect(handover.rows[0]!.n).toBeGreaterThan(500);
  });

  it("makes trust answers less positive with an ambassador, and least in private handover", async () => {
    const r = await sql<{ group: string; positive: number }>`
      select case when r.mode = 'self' then 'self' when a.in_handover then 'handover' else 'assisted' end as group,
             avg(case when a.choice in ('4', '5') then 1.0 else 0.0 end)::float as positive
      from answer a join response r on r.id = a.response_id
      where a.question_key like 'trust.%' and a.value is not null
      group by 1`.execute(t.db);
    const share = Object.fromEntries(r.rows.map((x) => [x.group, x.positive]));
    expect(share.self!).toBeGreaterThan(share.assisted! + 0.1);
    expect(share.assisted!).toBeGreaterThan(share.handover!);
  });

  it("only stores answers to questions the respondent could see", async () => {
    const content = batteryContentSchema.parse(
      (
        await t.db
          .selectFrom("battery_version as v")
          .innerJoin("battery as b", "b.id", "v.battery_id")
          .select("v.content")
          .where("b.kind", "=", "regional")
          .executeTakeFirstOrThrow()
      ).content,
    );
    const sfi = await sql<{ n: number }>`
      select count(*)::int as n from answer a
      where a.question_key = 'edu.sfi_fits' and not exists (
        select 1 from answer b where b.response_id = a.response_id and b.question_key = 'bg.main_activity' and 'sfi' = any(b.choices))`.execute(
      t.db,
    );
    expect(sfi.rows[0]!.n).toBe(0);
    const repeated = await sql<{ n: number }>`
      select count(*)::int as n from answer a
      where a.question_key = 'interventions.useful' and not exists (
        select 1 from answer b where b.response_id = a.response_id and b.question_key = 'interventions.participated' and a.item_key = any(b.choices))`.execute(
      t.db,
    );
    expect(repeated.rows[0]!.n).toBe(0);
    expect(visibleSlots(content, {}, { municipalities: [], catalogue: [] }).length).toBeGreaterThan(30);
  });

  it("stores nothing that identifies a respondent", async () => {
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name in ('response', 'answer')`.execute(t.db);
    const names = columns.rows.map((c) => c.column_name);
    for (const forbidden of [
      "name",
      "email",
      "ip",
      "ip_address",
      "user_agent",
      "personal_number",
      "personnummer",
      "phone",
    ]) {
      expect(names).not.toContain(forbidden);
    }
  });

  it("seeding twice duplicates nothing", async () => {
    const before = await counts();
    const report = await seedDatabase(t.db, { now });
    expect(report.responsesInserted).toBe(0);
    expect(report.usersInserted).toBe(0);
    expect(await counts()).toEqual(before);
  });
});
