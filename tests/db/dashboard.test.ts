import { createTranslator } from "next-intl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/policy";
import { isEstimate, isFigure, NOISE } from "@/lib/disclosure/figure";
import { listAmbassadors } from "@/modules/ambassador/invitations";
import { fetchAmbassadorFollowUp } from "@/modules/dashboard/ambassadors";
import { loadModeGap, loadOverview, loadQuestions, loadTexts, viewContext } from "@/modules/dashboard/loaders";
import { fetchResponseCounts } from "@/modules/staff-home/queries";
import { publishPools } from "@/modules/dashboard/publication";
import type { ViewKind } from "@/modules/dashboard/scope";
import { type ResolvedView, resolveDashboardView } from "@/modules/dashboard/view";
import type { Db } from "@/lib/db";
import { seedDatabase } from "@/lib/seed";
import { submitResponse, withdrawResponse } from "@/modules/respondent/submit";
import sv from "@/messages/sv.json";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const now = new Date("2026-11-20T12:00:00Z");
const nextDay = (days: number) => new Date(now.getTime() + days * 86_400_000);
const staff: Principal = {
  id: "x",
  name: "S",
  email: "s@x",
  role: "staff",
  municipalityCode: "0580",
  ambassadorMunicipalities: [],
  ambassadorLocales: [],
  translationReviewer: false,
  active: true,
};
const coordinator: Principal = { ...staff, role: "coordinator", municipalityCode: null };
const ambassadorId = "amb-test";
const D = NOISE.D;

const receipts: string[] = [];
let lin = 0;
let nor = 0;
let spring = 0;
const translate = createTranslator({ locale: "sv", messages: sv, namespace: "dashboard" });
const t_ = (key: string, values?: Record<string, string | number>) =>
  (translate as unknown as (k: string, v?: Record<string, string | number>) => string)(key, values);

async function respond(
  survey: string,
  answers: Record<string, unknown>,
  extra: { locale?: string; assisted?: string[]; at?: Date } = {},
) {
  const result = await submitResponse(
    t.db,
    { id: crypto.randomUUID(), survey, locale: (extra.locale ?? "ar") as "ar", answers: answers as never },
    {
      now: extra.at ?? now,
      collection: extra.assisted
        ? { mode: "assisted", ambassadorId, record: {}, handover: extra.assisted }
        : { mode: "self" },
    },
  );
  if (!result.ok || result.status !== "created") throw new Error(JSON.stringify(result));
  if (result.receipt) receipts.push(result.receipt);
}

const scale = (v: string) => ({ kind: "choice", value: v });

async function view(
  db: Db,
  principal: Principal,
  params: Record<string, string> = {},
  kind: ViewKind = "counts",
): Promise<ResolvedView> {
  const v = await resolveDashboardView(db, principal, params, { kind });
  if (!v.ok) throw new Error(`view not ok: ${JSON.stringify(v)}`);
  return v;
}
const ctxOf = (v: ResolvedView) => viewContext(v, "sv", t_);
/** A figure for a true count: within D of it, or hidden, which only a count that noise can take below k may be. */
const within = (figure: unknown, truth: number) => {
  expect(isFigure(figure)).toBe(true);
  const f = figure as { shown: boolean; value?: number };
  if (!f.shown) expect(truth - D).toBeLessThan(5);
  else expect(Math.abs(f.value! - truth)).toBeLessThanOrEqual(D);
};

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0, now: new Date("2026-10-01T10:00:00Z") });
  await t.db
    .insertInto("app_user")
    .values({ id: ambassadorId, name: "A", email: "a@x", role: "ambassador", municipality_code: null })
    .execute();
  // Linköping: 8 self (6 positive on trust.respect_staff), 6 assisted (2 positive), 5 of them also answer
  // trust.safe_to_criticise in handover (1 positive): a private question is only ever answered in handover. Norrköping: 3 self, all "5" (a pool below k).
  for (let i = 0; i < 8; i++) {
    await respond("LIN580", {
      "trust.respect_staff": scale(i < 6 ? "5" : "2"),
      "trust.one_change": { kind: "text", value: i === 0 ? "Ring 070-123 45 67" : `Mer tolk ${i}` },
      "bg.gender": { kind: "choice", value: i < 4 ? "woman" : "man" },
    });
  }
  for (let i = 0; i < 6; i++) {
    await respond(
      "LIN580",
      {
        "trust.respect_staff": scale(i < 2 ? "4" : "1"),
        ...(i < 5 ? { "trust.safe_to_criticise": scale(i === 0 ? "5" : "1") } : {}),
        "bg.gender": { kind: "choice", value: "woman" },
      },
      { locale: "ti", assisted: i < 5 ? ["trust.safe_to_criticise"] : [] },
    );
  }
  for (let i = 0; i < 3; i++) await respond("NOR581", { "trust.respect_staff": scale("5") }, { locale: "uk" });
  await publishPools(t.db, { now });
  const id = async (code: string) =>
    (await t.db.selectFrom("survey").select("id").where("public_code", "=", code).executeTakeFirstOrThrow()).id;
  [lin, nor, spring] = [await id("LIN580"), await id("NOR581"), await id("VAREN26")];
});
afterAll(async () => {
  await t?.drop();
});

describe("publication", () => {
  it("counts responses in pools of k or more while a round runs, and publishes no answers", async () => {
    const rows = await t.db.selectFrom("response").select(["survey_id", "mode", "published_on"]).execute();
    const nor = (
      await t.db.selectFrom("survey").select("id").where("public_code", "=", "NOR581").executeTakeFirstOrThrow()
    ).id;
    expect(rows.filter((r) => r.survey_id === nor).every((r) => r.published_on === null)).toBe(true);
    expect(rows.filter((r) => r.survey_id !== nor).every((r) => r.published_on === "2026-11-20")).toBe(true);
    expect(await t.db.selectFrom("answer").select("response_id").where("published", "=", true).execute()).toEqual([]);
    within((await loadOverview(t.db, ctxOf(await view(t.db, staff)))).overview.total.here, 14);
    // Answers wait for the round to close: the only final round (the seeded spring round) has none from Linköping.
    const answers = await view(t.db, staff, {}, "answers");
    expect(answers.scope.surveys).toEqual([spring]);
  });

  it("publishes counts at most once a day per municipality, so they cannot be watched response by response", async () => {
    const before = await loadOverview(t.db, ctxOf(await view(t.db, staff)));
    for (let i = 0; i < 5; i++) await respond("LIN580", { "trust.respect_staff": scale("3") }, { locale: "so" });
    expect((await publishPools(t.db, { now })).municipalities).toEqual([]);
    expect(await loadOverview(t.db, ctxOf(await view(t.db, staff)))).toEqual(before);
    const next = await publishPools(t.db, { now: nextDay(1) });
    expect(next.municipalities).toEqual(["0580"]);
    expect(next.responses).toBe(5);
    within((await loadOverview(t.db, ctxOf(await view(t.db, staff)))).overview.total.here, 19);
  });

  it("makes a round final a week after it closed, publishing all its answers and the rest of its responses at once", async () => {
    await t.db
      .updateTable("survey")
      .set({ closes_at: nextDay(2) })
      .where("public_code", "in", ["LIN580", "NOR581"])
      .execute();
    expect((await publishPools(t.db, { now: nextDay(3) })).finalRounds).toEqual([]);
    const final = await publishPools(t.db, { now: nextDay(9) });
    expect(final.finalRounds.sort()).toEqual([lin, nor].sort());
    // Norrköping's three responses (a pool below k) are counted now, with their answers.
    expect(await t.db.selectFrom("response").select("id").where("published_on", "is", null).execute()).toEqual([]);
    expect(await t.db.selectFrom("answer").select("response_id").where("published", "=", false).execute()).toEqual([]);
    // The answers views now default to Linköping's round, the latest final one.
    expect((await view(t.db, staff, {}, "answers")).scope.surveys).toEqual([lin]);
  });

  it("keeps published figures when a response is withdrawn or deleted by retention", async () => {
    const before = await loadOverview(t.db, ctxOf(await view(t.db, staff)));
    const questionsBefore = await loadQuestions(t.db, ctxOf(await view(t.db, staff, {}, "answers")), "trust");
    const responses = async () =>
      Number(
        (
          await t.db
            .selectFrom("response")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const count = await responses();
    expect(await withdrawResponse(t.db, receipts[1]!)).toBe(true);
    expect(await withdrawResponse(t.db, receipts[7]!)).toBe(true);
    expect(await responses()).toBe(count - 2);
    expect(await loadOverview(t.db, ctxOf(await view(t.db, staff)))).toEqual(before);
    expect(await loadQuestions(t.db, ctxOf(await view(t.db, staff, {}, "answers")), "trust")).toEqual(questionsBefore);
  });
});

describe("dashboard scope", () => {
  it("gives staff their own municipality and their own rounds, and the region alone to coordinators", async () => {
    expect((await view(t.db, staff)).scope.municipality).toBe("0580");
    await expect(resolveDashboardView(t.db, staff, { m: "0581" })).rejects.toThrow("forbidden");
    await expect(resolveDashboardView(t.db, staff, { round: String(nor) })).rejects.toThrow("forbidden");
    expect((await view(t.db, staff)).rounds.every((r) => r.municipalities.includes("0580"))).toBe(true);
    expect((await view(t.db, coordinator)).scope.municipality).toBeNull();
    expect((await view(t.db, coordinator, { m: "0581" })).scope.municipality).toBe("0581");
    await expect(resolveDashboardView(t.db, { ...staff, role: "ambassador" }, { m: "0580" })).rejects.toThrow(
      "forbidden",
    );
  });

  it("shows the region beside a municipality only when it covers at least 3 other municipalities", async () => {
    expect((await view(t.db, staff)).scope.region).toEqual({ shown: false, why: "fewMunicipalities" });
    const o = await loadOverview(t.db, ctxOf(await view(t.db, staff)));
    expect(o.overview.total.region).toBeNull();
    expect(o.tables[0]!.columns).toEqual(["", "Linköping"]);
    // The coordinator looking at the region alone sees it: Linköping's 19 and Norrköping's 3.
    within((await loadOverview(t.db, ctxOf(await view(t.db, coordinator)))).overview.total.region, 22);
  });

  it("shows answers for one final round only, asks for one before a group, and refuses two groups at once", async () => {
    const open = (
      await t.db
        .insertInto("survey")
        .values({
          region_code: "05",
          battery_version_id: (
            await t.db.selectFrom("survey").select("battery_version_id").where("id", "=", lin).executeTakeFirstOrThrow()
          ).battery_version_id,
          name: "Öppen",
          public_code: "OPEN580",
          opens_at: now,
          closes_at: nextDay(300),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await t.db
      .insertInto("survey_municipality")
      .values({ survey_id: open, municipality_code: "0580", local_version_id: null })
      .execute();
    expect(await resolveDashboardView(t.db, staff, { round: String(open) }, { kind: "answers" })).toMatchObject({
      ok: false,
      problem: "closedRoundNeeded",
    });
    expect(await resolveDashboardView(t.db, staff, { lang: "ti" })).toMatchObject({
      ok: false,
      problem: "closedRoundNeeded",
    });
    expect(await resolveDashboardView(t.db, staff, { lang: "ti", round: String(open) })).toMatchObject({
      ok: false,
      problem: "closedRoundNeeded",
    });
    expect((await view(t.db, staff, { lang: "ti", round: String(lin) })).scope.surveys).toEqual([lin]);
    expect(await resolveDashboardView(t.db, staff, { lang: "ti", gender: "woman" })).toMatchObject({
      ok: false,
      problem: "oneGroup",
    });
    expect(await resolveDashboardView(t.db, staff, { gender: "nonsense" })).toMatchObject({
      ok: false,
      problem: "unreadable",
      invalid: ["gender"],
    });
    // A data function handed a scope of response counts refuses to read answers.
    await expect(loadQuestions(t.db, ctxOf(await view(t.db, staff)), "trust")).rejects.toThrow(/one final round/);
  });
});

describe("figures", () => {
  it("are within D of the truth, and the same respondents always get the same figure in every view", async () => {
    const mine = await loadQuestions(t.db, ctxOf(await view(t.db, staff, {}, "answers")), "trust");
    const round = await loadQuestions(t.db, ctxOf(await view(t.db, staff, { round: String(lin) }, "answers")), "trust");
    const coord = await loadQuestions(
      t.db,
      ctxOf(await view(t.db, coordinator, { m: "0580", round: String(lin) }, "answers")),
      "trust",
    );
    const respect = mine!.stats.find((s) => s.slot === "trust.respect_staff")!;
    // 19 answered (14, then 5 more) - the withdrawn ones stay in published figures.
    within(respect.answered.here, 19);
    expect(round!.stats.find((s) => s.slot === "trust.respect_staff")!.answered.here).toEqual(respect.answered.here);
    expect(coord!.stats.find((s) => s.slot === "trust.respect_staff")!.cells.here).toEqual(respect.cells.here);
  });

  it("take the mode gap from protected counts only", async () => {
    const { rows } = await loadModeGap(t.db, ctxOf(await view(t.db, staff, {}, "answers")));
    const respect = rows.find((r) => r.question.key === "trust.respect_staff")!;
    within(respect.groups.self.n, 8 + 5);
    within(respect.groups.assisted.n, 6);
    const criticise = rows.find((r) => r.question.key === "trust.safe_to_criticise")!;
    within(criticise.groups.handover.n, 5);
    // Aloud: none (private questions are answered in handover only): nothing, or nothing shown.
    const aloud = criticise.groups.assisted.n as { shown: boolean; value?: number };
    expect(aloud.shown ? aloud.value : 0).toBe(0);
    expect(criticise.test).toBeNull();
  });

  it("hand out nothing but protected figures and statistics made from them", async () => {
    const counts = ctxOf(await view(t.db, coordinator, { m: "0580" }));
    const ctx = ctxOf(await view(t.db, coordinator, { m: "0580" }, "answers"));
    const rules = ctx.view.scope.rules;
    const outputs = [
      await loadOverview(t.db, counts).then((o) => o.overview),
      ...(await Promise.all(
        ctx.view.content.modules.map((m) => loadQuestions(t.db, ctx, m.key).then((q) => q?.stats)),
      )),
      await loadModeGap(t.db, ctx).then((g) => g.rows),
      await loadTexts(t.db, ctx, "trust.one_change").then((x) => x.count),
      // The coordinator's ambassador follow-up and list, and the counts on the home pages.
      await fetchAmbassadorFollowUp(t.db, ctx.view.content, rules),
      await listAmbassadors(t.db, rules),
      await fetchResponseCounts(t.db, "all", rules),
    ];
    const stray: string[] = [];
    const walk = (x: unknown, path: string) => {
      if (x === null || typeof x !== "object") {
        if (typeof x === "number") stray.push(path);
        return;
      }
      if (isFigure(x) || isEstimate(x)) return;
      if (x instanceof Map) {
        for (const [key, value] of x) walk(value, `${path}.${String(key)}`);
        return;
      }
      for (const [key, value] of Object.entries(x)) {
        // Structure, not figures: round ids, and the battery's own question definitions.
        if ((key === "id" && typeof value === "number") || key === "question") continue;
        walk(value, `${path}.${key}`);
      }
    };
    outputs.forEach((o, i) => walk(o, `output${i}`));
    expect(stray).toEqual([]);
  });
});

describe("free text", () => {
  it("is shown for final rounds only, for at least kText writers, masked, in a new order each time", async () => {
    // Linköping's round: 8 texts, one of them withdrawn: fewer than 10, not shown.
    const few = await loadTexts(t.db, ctxOf(await view(t.db, staff, {}, "answers")), "trust.one_change");
    expect(few.texts).toBeNull();
    // A new round with 12 more texts, closed and final a week later.
    const version = (
      await t.db.selectFrom("survey").select("battery_version_id").where("id", "=", lin).executeTakeFirstOrThrow()
    ).battery_version_id;
    const round = (
      await t.db
        .insertInto("survey")
        .values({
          region_code: "05",
          battery_version_id: version,
          name: "Texter",
          public_code: "TEXT580",
          opens_at: nextDay(10),
          closes_at: nextDay(12),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await t.db
      .insertInto("survey_municipality")
      .values({ survey_id: round, municipality_code: "0580", local_version_id: null })
      .execute();
    await respond(
      "TEXT580",
      { "trust.one_change": { kind: "text", value: "Ring 070-123 45 67" } },
      { at: nextDay(11) },
    );
    for (let i = 0; i < 12; i++)
      await respond(
        "TEXT580",
        { "trust.one_change": { kind: "text", value: `Tolk nummer ${i} på mejl a${i}@example.com` } },
        { at: nextDay(11) },
      );
    const ctxFor = async (params: Record<string, string>) =>
      ctxOf(await view(t.db, staff, { round: String(round), ...params }, "answers"));
    expect(await resolveDashboardView(t.db, staff, { round: String(round) }, { kind: "answers" })).toMatchObject({
      ok: false,
      problem: "closedRoundNeeded",
    });
    await publishPools(t.db, { now: nextDay(20) });
    const first = await loadTexts(t.db, await ctxFor({}), "trust.one_change");
    expect(first.texts!.length).toBe(13);
    expect(first.texts!.join(" ")).not.toMatch(/070|@example/);
    expect(first.texts).toContain("Ring [telefonnummer]");
    const orders = new Set<string>();
    for (let i = 0; i < 6; i++)
      orders.add(JSON.stringify((await loadTexts(t.db, await ctxFor({}), "trust.one_change")).texts));
    expect(orders.size).toBeGreaterThan(1);
    // Never narrowed to a group.
    expect((await loadTexts(t.db, await ctxFor({ lang: "ar" }), "trust.one_change")).texts).toEqual([]);
  });
});
