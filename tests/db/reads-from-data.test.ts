/**
 * What pages show about the region comes from the database as staff left it, never from the seed's reference lists:
 * the landing page's count of municipalities, and the catalogue a battery preview fills "{intervention}" from.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "@/lib/seed";
import { previewCatalogue } from "@/modules/authoring/local-modules";
import { municipalityCount } from "@/modules/respondent/region";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0 });
});
afterAll(async () => {
  await t?.drop();
});

describe("reads from the data, not the seed", () => {
  it("counts the municipalities in the database", async () => {
    expect(await municipalityCount(t.db)).toBe(13);
    await t.db
      .insertInto("municipality")
      .values({
        code: "9999",
        region_code: (await t.db.selectFrom("region").select("code").executeTakeFirstOrThrow()).code,
        name: "Testkommun",
        population: 1,
      })
      .execute();
    expect(await municipalityCount(t.db)).toBe(14);
  });

  it("previews interventions from a published local module, the requested municipality's when it has one", async () => {
    const published = await t.db
      .selectFrom("battery_version as v")
      .innerJoin("battery as b", "b.id", "v.battery_id")
      .select(["b.municipality_code", "v.content"])
      .where("b.kind", "=", "local")
      .orderBy("b.municipality_code")
      .execute();
    expect(published.length).toBeGreaterThan(0);
    const first = published[0]!;
    const keys = (c: { key: string }[]) => c.map((o) => o.key);
    expect(keys(await previewCatalogue(t.db))).toEqual(
      keys((first.content as { catalogue: { key: string }[] }).catalogue),
    );
    expect(await previewCatalogue(t.db, "9998")).toEqual([]);
  });
});
