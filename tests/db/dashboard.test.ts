import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/policy";
import { batteryContentSchema } from "@/lib/battery/schema";
import { dashboardScope, fetchModeGap, fetchModuleStats, fetchOverview, fetchTexts } from "@/lib/dashboard/queries";
import { foldTallies, rebuildTallies } from "@/lib/dashboard/tallies";
import { withdrawResponse } from "@/lib/survey/submit";
import type { Filters } from "@/lib/dashboard/filters";
import { seedDatabase } from "@/lib/seed";
import { submitResponse } from "@/lib/survey/submit";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const secret = "s";
const now = new Date("2026-11-20T12:00:00Z");
const staff: Principal = { id: "x", name: "S", email: "s@x", role: "staff", municipalityCode: "0580", ambassadorMunicipalities: [], ambassadorLocales: [], translationReviewer: false, active: true };
const coordinator: Principal = { ...staff, role: "coordinator", municipalityCode: null };
const ambassadorId = "amb-test";

const receipts: string[] = [];

async function respond(survey: string, answers: Record<string, unknown>, extra: { locale?: string; assisted?: string[] } = {}) {
  const result = await submitResponse(
    t.db,
    { id: crypto.randomUUID(), survey, locale: (extra.locale ?? "ar") as "ar", answers: answers as never },
    { secret, now, collection: extra.assisted ? { mode: "assisted", ambassadorId, record: {}, handover: extra.assisted } : { mode: "self" } },
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  receipts.push(result.receipt);
}

const scale = (v: string) => ({ kind: "choice", value: v });

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0, now: new Date("2026-10-01T10:00:00Z") });
  await t.db.insertInto("app_user").values({ id: ambassadorId, name: "A", email: "a@x", role: "ambassador", municipality_code: null }).execute();
  // Linköping: 8 self (6 positive on trust.respect_staff), 6 assisted (2 positive), 5 of them also answer
  // trust.safe_to_criticise in handover (1 positive). Norrköping: 3 self, all "5". Texts: 6 in Linköping.
  for (let i = 0; i < 8; i++) {
    await respond("LIN580", { "trust.respect_staff": scale(i < 6 ? "5" : "2"), "trust.one_change": { kind: "text", value: i === 0 ? "Ring 070-123 45 67" : `Mer tolk ${i}` }, "bg.gender": { kind: "choice", value: i < 4 ? "woman" : "man" } });
  }
  for (let i = 0; i < 6; i++) {
    await respond(
      "LIN580",
      { "trust.respect_staff": scale(i < 2 ? "4" : "1"), "trust.safe_to_criticise": scale(i === 0 ? "5" : "1"), "bg.gender": { kind: "choice", value: "woman" } },
      { locale: "ti", assisted: i < 5 ? ["trust.safe_to_criticise"] : [] },
    );
  }
  for (let i = 0; i < 3; i++) await respond("NOR581", { "trust.respect_staff": scale("5") }, { locale: "uk" });
});
afterAll(async () => {
  await t?.drop();
});

const content = async () =>
  batteryContentSchema.parse((await t.db.selectFrom("battery_version").select("content").where("version", "=", 1).orderBy("id").executeTakeFirstOrThrow()).content);

describe("dashboard scope", () => {
  it("gives staff their own municipality and refuses any other, and the region alone to coordinators", () => {
    expect(dashboardScope(staff, {}, 5).municipality).toBe("0580");
    expect(() => dashboardScope(staff, { m: "0581" }, 5)).toThrow("forbidden");
    expect(dashboardScope(coordinator, {}, 5).municipality).toBeNull();
    expect(dashboardScope(coordinator, { m: "0581" }, 5).municipality).toBe("0581");
    expect(() => dashboardScope({ ...staff, role: "ambassador" }, { m: "0580" }, 5)).toThrow("forbidden");
  });
});

describe("dashboard aggregates (hand-counted)", () => {
  it("counts the overview, suppressing small groups and their complements", async () => {
    const o = await fetchOverview(t.db, dashboardScope(staff, {}, 5));
    expect(o.total).toEqual({ here: { suppressed: false, n: 14 }, region: { suppressed: false, n: 17 } });
    // Region by language: ar 8, ti 6, uk 3 -> uk hidden, and its complement (ti, the smallest other) too.
    expect(o.byLanguage.region).toEqual([
      { key: "ar", suppressed: false, n: 8 },
      { key: "ti", suppressed: true },
      { key: "uk", suppressed: true },
    ]);
    expect(o.byLanguage.here).toEqual([
      { key: "ar", suppressed: false, n: 8 },
      { key: "ti", suppressed: false, n: 6 },
      { key: "uk", suppressed: false, n: 0 },
    ]);
    expect(o.byMode.here).toEqual([
      { key: "self", suppressed: false, n: 8 },
      { key: "assisted", suppressed: false, n: 6 },
    ]);
    expect(o.handover.here).toEqual({ suppressed: false, n: 5 });
  });

  it("filters by language and gender", async () => {
    expect((await fetchOverview(t.db, dashboardScope(staff, { lang: "ti" }, 5))).total.here).toEqual({ suppressed: false, n: 6 });
    expect((await fetchOverview(t.db, dashboardScope(staff, { gender: "man" }, 5))).total.here).toEqual({ suppressed: true });
    expect((await fetchOverview(t.db, dashboardScope(staff, { gender: "woman" }, 5))).total.here).toEqual({ suppressed: false, n: 10 });
  });

  it("gives each question's distribution, n and mean with its interval", async () => {
    const stats = (await fetchModuleStats(t.db, dashboardScope(staff, {}, 5), await content(), "trust", []))!;
    const respect = stats.find((s) => s.slot === "trust.respect_staff")!;
    expect(respect.answered).toEqual({ here: { suppressed: false, n: 14 }, region: { suppressed: false, n: 17 } });
    // Here: "5" x6, "4" x2, "2" x2, "1" x4 -> 4 and 2 are below k; hidden cells total 4 < 5, so 1 (4) goes too... then 8 >= 5.
    expect(respect.cells.here!.filter((c) => !c.suppressed)).toEqual([{ key: "5", suppressed: false, n: 6 }, { key: "3", suppressed: false, n: 0 }, { key: "dont_know", suppressed: false, n: 0 }, { key: "no_answer", suppressed: false, n: 0 }]);
    // Mean here: (6*5 + 2*4 + 2*2 + 4*1) / 14 = 46/14
    expect(respect.mean.here!.mean).toBeCloseTo(46 / 14, 10);
    const criticise = stats.find((s) => s.slot === "trust.safe_to_criticise")!;
    expect(criticise.answered.here).toEqual({ suppressed: false, n: 6 });
    expect(criticise.cells.here!.find((c) => c.key === "5")).toEqual({ key: "5", suppressed: true });
  });

  it("measures the mode gap with a two-proportion test", async () => {
    const rows = await fetchModeGap(t.db, dashboardScope(staff, {}, 5), await content());
    const respect = rows.find((r) => r.question.key === "trust.respect_staff")!;
    expect(respect.groups.self).toEqual({ n: { suppressed: false, n: 8 }, positive: 6 / 8 });
    expect(respect.groups.assisted).toEqual({ n: { suppressed: false, n: 6 }, positive: 2 / 6 });
    expect(respect.groups.handover).toEqual({ n: { suppressed: false, n: 0 }, positive: null });
    // 6/8 vs 2/6: pooled 8/14, se = sqrt(.571429 * .428571 * (1/8 + 1/6)) = 0.267261, z = 0.416667 / 0.267261 = 1.5590
    expect(respect.test!.z).toBeCloseTo(1.559, 3);
    expect(respect.test!.significant).toBe(false);
    const criticise = rows.find((r) => r.question.key === "trust.safe_to_criticise")!;
    expect(criticise.groups.handover).toEqual({ n: { suppressed: false, n: 5 }, positive: 1 / 5 });
    expect(criticise.groups.assisted.n).toEqual({ suppressed: true });
    expect(criticise.test).toBeNull(); // nobody self-completed it
  });

  it("lists free text masked, and hides a list of fewer than k", async () => {
    const labels = { phone: "telefon", email: "e-post", personalNumber: "personnummer" };
    const here = await fetchTexts(t.db, dashboardScope(staff, {}, 5), "trust.one_change", labels);
    expect(here.count).toEqual({ suppressed: false, n: 8 });
    expect(here.texts).toContain("Ring [telefon]");
    expect(here.texts!.join(" ")).not.toMatch(/070/);
    const few = await fetchTexts(t.db, dashboardScope(staff, { gender: "man" }, 5), "trust.one_change", labels);
    expect(few).toEqual({ count: { suppressed: true }, texts: null });
  });
});

describe("dashboard tallies", () => {
  async function same(label: string) {
    const c = await content();
    for (const filters of [{}, { lang: "ti" }, { mode: "self" }, { mode: "assisted" }, { from: "2026-11", to: "2026-11" }] as Filters[]) {
      for (const principal of [staff, coordinator]) {
        const scope = dashboardScope(principal, filters, 5);
        const tag = `${label} ${principal.role} ${JSON.stringify(filters)}`;
        expect(await fetchOverview(t.db, scope, "tally"), tag).toEqual(await fetchOverview(t.db, scope, "raw"));
        expect(await fetchModuleStats(t.db, scope, c, "trust", [], "tally"), tag).toEqual(await fetchModuleStats(t.db, scope, c, "trust", [], "raw"));
        expect(await fetchModeGap(t.db, scope, c, "tally"), tag).toEqual(await fetchModeGap(t.db, scope, c, "raw"));
      }
    }
  }

  it("kept as responses arrive, match a from-scratch recount before and after folding, withdrawal and rebuild", async () => {
    await same("pending deltas");
    await foldTallies(t.db);
    await same("folded");
    expect(await withdrawResponse(t.db, receipts[0]!)).toBe(true);
    expect(await withdrawResponse(t.db, receipts[9]!)).toBe(true);
    await same("after withdrawals");
    await foldTallies(t.db);
    await same("folded again");
    await rebuildTallies(t.db);
    await same("rebuilt");
    const pending = await t.db.selectFrom("answer_tally_delta").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(pending.n).toBe(0);
  });
});
