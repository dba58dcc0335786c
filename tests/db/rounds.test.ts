import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRound, openRound } from "@/modules/authoring/rounds";
import { seedDatabase } from "@/lib/seed";
import { demoUuid } from "@/lib/seed/demo-responses";
import { loadSurvey } from "@/modules/respondent/run";
import { submitResponse } from "@/modules/respondent/submit";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
let versionId: number;
const coordinator = demoUuid("demo-user-coordinator@demo.example");

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0 });
  versionId = (
    await t.db
      .selectFrom("battery_version as v")
      .innerJoin("battery as b", "b.id", "v.battery_id")
      .select("v.id")
      .where("b.kind", "=", "regional")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.drop();
});

describe("collection rounds", () => {
  it("opens a round for two municipalities with an optional module off, which respondents answer until it closes", async () => {
    const opened = await openRound(
      t.db,
      {
        name: "Höst 2026",
        versionId,
        municipalities: ["0513", "0560"],
        disabledModules: ["values"],
        opensOn: "2026-11-01",
        closesOn: "2027-01-31",
      },
      coordinator,
    );
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const run = (await loadSurvey(t.db, opened.code, new Date("2026-11-23T12:00:00Z")))!;
    expect(run.status).toBe("open");
    expect(run.municipalities.map((m) => m.code)).toEqual(["0560", "0513"]); // by name: Boxholm, Kinda
    expect(run.municipalities.every((m) => m.catalogue.length > 0)).toBe(true);
    expect(run.disabledModules).toEqual(["values"]);
    expect(run.opensAt.toISOString()).toBe("2026-10-31T23:00:00.000Z");
    const answer = (id: string, answers: Record<string, unknown>) =>
      submitResponse(
        t.db,
        { id, survey: opened.code, locale: "so", answers: answers as never },
        { now: new Date("2026-11-23T12:00:00Z") },
      );
    expect(
      await answer(crypto.randomUUID(), {
        "bg.municipality": { kind: "choice", value: "0513" },
        "bg.gender": { kind: "choice", value: "man" },
      }),
    ).toMatchObject({ ok: true });
    // The switched-off module is not asked.
    expect(
      await answer(crypto.randomUUID(), {
        "bg.municipality": { kind: "choice", value: "0513" },
        "values.influence": { kind: "choice", value: "5" },
      }),
    ).toMatchObject({ ok: false, status: 400 });
    const stored = await t.db
      .selectFrom("response")
      .select("municipality_code")
      .where("survey_id", "=", opened.surveyId)
      .execute();
    expect(stored.map((r) => r.municipality_code)).toEqual(["0513"]);
    expect(await closeRound(t.db, opened.surveyId, coordinator)).toBe(true);
    // At once, though the survey was read (and cached) a moment ago.
    expect((await loadSurvey(t.db, opened.code))!.status).toBe("closed");
    expect(
      await submitResponse(t.db, { id: crypto.randomUUID(), survey: opened.code, locale: "so", answers: {} }),
    ).toMatchObject({ status: 410, error: "survey_closed" });
    expect(await closeRound(t.db, opened.surveyId, coordinator)).toBe(false);
  });

  it("refuses a non-optional module switched off, an unknown municipality or version", async () => {
    const base = {
      name: "Test",
      versionId,
      municipalities: ["0513"],
      disabledModules: [] as string[],
      opensOn: "2026-11-01",
      closesOn: "2026-12-01",
    };
    expect(await openRound(t.db, { ...base, disabledModules: ["trust"] }, coordinator)).toEqual({
      ok: false,
      error: "not_optional",
    });
    expect(await openRound(t.db, { ...base, municipalities: ["0513", "9999"] }, coordinator)).toEqual({
      ok: false,
      error: "unknown_municipality",
    });
    expect(await openRound(t.db, { ...base, versionId: 99999 }, coordinator)).toEqual({
      ok: false,
      error: "unknown_version",
    });
  });
});
