/**
 * The attack suite: a curious staff member of a small municipality, and the coordinator, try to learn what planted
 * respondents answered, with nothing but what the dashboards (and so their exports) show them.
 *
 * Each scenario plants 1 to 4 respondents with a distinctive profile (a rare language, 65 or older, long in Sweden)
 * and distinctive answers (the least common answer to every question of the trust and health modules) in a new
 * round of a small municipality, among ordinary respondents. The attacker looks at every view of answers they can
 * reach (each closed round, each mode, each language, age band, gender and time in Sweden) before the planted
 * respondents answer, after the next publication, and after their round is closed and final.
 * They then try:
 * - differencing snapshots (after minus before), for every view seen at both times;
 * - differencing a view against its groups (all respondents minus the shown languages, age bands...);
 * - the region minus their own municipality;
 * - two or three groups at once, or a date window (refused), and solving hidden cells from shown means;
 * - finding the planted respondents' free text in a view narrowed to one of their attributes.
 * Each view or difference that holds the planted respondents and at most as many others is taken as a reading of
 * their answers, the answer with the most weight being the guess (the region's most common answer if there is no
 * such reading); a second estimator takes every reading that holds them, up to 40 respondents, and guesses the
 * answer that stands out most above the region's distribution. The better of the two is scored against what
 * guessing from the region's distribution gives.
 *
 * The same attacker is also run against the same views with disclosure control switched off (no noise, k = 1,
 * everything published at once), where it recovers many times what guessing gives: so the suite can fail, and
 * the protection is what stops it.
 */
import fc from "fast-check";
import { createTranslator } from "next-intl";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answers } from "@/lib/battery/logic";
import { AccessDenied, type Principal } from "@/lib/auth/policy";
import type { BatteryContent, Question } from "@/lib/battery/schema";
import { type Figure, type Rules } from "@/lib/disclosure/figure";
import type { PTable } from "@/lib/disclosure/ptable";
import { loadQuestions, loadTexts, viewContext } from "@/modules/dashboard/loaders";
import { publishPools, rebuildPublishedTallies } from "@/modules/dashboard/publication";
import { latestRegionalContent } from "@/modules/authoring/versions";
import { resolveDashboardView } from "@/modules/dashboard/view";
import { seedDatabase } from "@/lib/seed";
import { generateDemoResponses } from "@/lib/seed/demo-responses";
import { referenceRegion } from "@/lib/seed/reference-battery";
import { submitResponse } from "@/modules/respondent/submit";
import sv from "@/messages/sv.json";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
let content: BatteryContent;
const DAY = 86_400_000;
const start = new Date("2026-11-23T10:00:00Z");
const MODULES = ["trust", "health"];
const SMALL = ["0512", "0509", "0560", "0584", "0563"];
const translate = createTranslator({ locale: "sv", messages: sv, namespace: "dashboard" }) as unknown as (
  k: string,
  v?: Record<string, string | number>,
) => string;

/** No noise and k = 1: every figure exact and shown. Only for the control run. */
const noProtection: Rules = {
  k: 1,
  kText: 1,
  table: {
    params: { D: 0, V: 0, js: 0, mono: true },
    ncat: 0,
    rows: [{ i: 0, entries: [{ j: 0, v: 0, p: 1, lb: 0, ub: 1 }] }],
  } satisfies PTable,
};

const staffOf = (m: string): Principal => ({
  id: `staff-${m}`,
  name: "S",
  email: "s@x",
  role: "staff",
  municipalityCode: m,
  ambassadorMunicipalities: [],
  ambassadorLocales: [],
  translationReviewer: false,
  active: true,
});
const coordinator: Principal = { ...staffOf("0580"), id: "coord", role: "coordinator", municipalityCode: null };

/** One observed table: per question slot, the answered count and each value's count (null: hidden or not shown). */
type Reading = Map<string, { answered: number | null; cells: Map<string, number | null> }>;
type Place = "here" | "region";
const num = (f: Figure | null | undefined) => (f && f.shown ? f.value : null);

async function observe(
  principal: Principal,
  params: Record<string, string>,
  rules?: Rules,
): Promise<Record<Place, Reading> | null> {
  // Another municipality's round is refused to staff (which the scenario checks once below).
  const view = await resolveDashboardView(t.db, principal, params, {
    kind: "answers",
    ...(rules ? { rules } : {}),
  }).catch((err: unknown) => {
    if (err instanceof AccessDenied) return null;
    throw err;
  });
  if (!view) return null;
  if (!view.ok) return null;
  const ctx = viewContext(view, "sv", translate);
  const out: Record<Place, Reading> = { here: new Map(), region: new Map() };
  for (const m of MODULES) {
    const loaded = await loadQuestions(t.db, ctx, m);
    for (const s of loaded?.stats ?? []) {
      for (const place of ["here", "region"] as const) {
        const cells = s.cells[place];
        if (!cells) continue;
        // A mean beside a hidden step of its scale would let the step be solved: never shown together.
        const steps =
          s.question.type === "scale" ? content.scales[s.question.scale ?? ""]!.options.map((o) => o.key) : [];
        if (cells.some((c) => steps.includes(c.key) && !c.figure.shown)) expect(s.mean[place]).toBeNull();
        out[place].set(s.slot, {
          answered: num(s.answered[place]),
          cells: new Map(cells.map((c) => [c.key, num(c.figure)])),
        });
      }
    }
  }
  return out;
}

/** A difference of two readings per slot: only where both sides are shown. */
function difference(a: Reading | undefined, b: Reading | undefined): Reading {
  const out: Reading = new Map();
  if (!a || !b) return out;
  for (const [slot, x] of a) {
    const y = b.get(slot);
    if (!y || x.answered === null || y.answered === null) continue;
    const cells = new Map<string, number | null>();
    for (const [key, v] of x.cells) {
      const w = y.cells.get(key);
      cells.set(key, v === null || w === null || w === undefined ? null : v - w);
    }
    out.set(slot, { answered: x.answered - y.answered, cells });
  }
  return out;
}

type Scenario = { municipality: string; planted: number; assisted: boolean; fillers: number; seed: number };

/** What the planted respondents answer: the least common answer of the region, for every question of the modules. */
function distinctive(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of content.modules.filter((x) => MODULES.includes(x.key))) {
    for (const q of m.questions) {
      if (q.type === "scale")
        out.set(q.key, [...content.scales[q.scale ?? ""]!.options].sort((a, b) => a.value - b.value)[0]!.key);
      if (q.type === "yesno") out.set(q.key, "yes");
      if (q.type === "single" && q.options?.length) out.set(q.key, q.options[q.options.length - 1]!.key);
    }
  }
  return out;
}

function lastOption(q: Question | undefined): string {
  return q!.options![q!.options!.length - 1]!.key;
}

/** The publication job, or for the control run publication without pools: every response and answer at once. */
async function publish(day: Date, control: boolean) {
  if (!control) return publishPools(t.db, { now: day });
  await sql`update response set published_on = ${day.toISOString().slice(0, 10)}::date where published_on is null`.execute(
    t.db,
  );
  await sql`update answer set published = true where not published`.execute(t.db);
  await sql`update survey set figures_final_on = ${day.toISOString().slice(0, 10)}::date where figures_final_on is null and closes_at <= ${new Date(day.getTime() - 7 * DAY)}`.execute(
    t.db,
  );
  await rebuildPublishedTallies(t.db);
}

async function runScenario(s: Scenario, day0: Date, rules?: Rules) {
  const local = await t.db
    .selectFrom("survey_municipality as sm")
    .select("sm.local_version_id")
    .where("sm.municipality_code", "=", s.municipality)
    .executeTakeFirstOrThrow();
  const code = `ATK${++rounds}`;
  const versionId = (
    await t.db
      .selectFrom("battery_version as v")
      .innerJoin("battery as b", "b.id", "v.battery_id")
      .select("v.id")
      .where("b.kind", "=", "regional")
      .executeTakeFirstOrThrow()
  ).id;
  const survey = await t.db
    .insertInto("survey")
    .values({
      region_code: referenceRegion.code,
      battery_version_id: versionId,
      name: `Attack ${code}`,
      public_code: code,
      opens_at: new Date(day0.getTime() - DAY),
      closes_at: new Date(day0.getTime() + 5 * DAY),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("survey_municipality")
    .values({ survey_id: survey.id, municipality_code: s.municipality, local_version_id: local.local_version_id })
    .execute();
  const round = String(survey.id);
  const spring = String(
    (await t.db.selectFrom("survey").select("id").where("public_code", "=", "VAREN26").executeTakeFirstOrThrow()).id,
  );
  const staff = staffOf(s.municipality);
  const principals: [string, Principal, Record<string, string>][] = [
    ["staff", staff, {}],
    ["coordinator", coordinator, { m: s.municipality }],
    ["linkoping", staffOf("0580"), {}],
  ];
  const modes = ["", "self", "assisted", "handover"];
  const snapshot = async (final: boolean) => {
    const views = new Map<string, Record<Place, Reading>>();
    for (const [who, principal, base] of principals) {
      // Answers are shown per final round: the spring round (final all along) and the new one (final at the end).
      for (const r of [spring, round]) {
        for (const mode of modes) {
          const params: Record<string, string> = { ...base, round: r, ...(mode ? { mode } : {}) };
          const seen = await observe(principal, params, rules);
          if (seen) views.set(`${who}|${r}|mode=${mode}`, seen);
        }
        if (!final || r !== round) continue;
        const groups: [string, string[]][] = [
          ["lang", ["ar", "so", "ti", "uk", "fa", "fa-AF", "ckb", "ku", "en", "sv"]],
          ["age", ["16_24", "25_39", "40_64", "65p"]],
          ["gender", ["woman", "man", "other"]],
          ["time", ["lt1", "1to2", "2to5", "gt5"]],
        ];
        for (const [dim, values] of groups) {
          for (const v of values) {
            const seen = await observe(principal, { ...base, round: r, [dim]: v }, rules);
            if (seen) views.set(`${who}|${r}|${dim}=${v}`, seen);
          }
        }
      }
    }
    return views;
  };

  // Ordinary respondents of the municipality, and the planted ones, all answering as the demo generator does.
  const answered = (n: number, seed: number) =>
    generateDemoResponses({
      count: n,
      content,
      municipalities: [
        {
          code: s.municipality,
          population: 1,
          catalogue: [],
          surveyId: survey.id,
          localVersionId: local.local_version_id,
        },
      ],
      ambassadors: [],
      now: day0,
      seed,
    });
  const submit = async (answers: Answers, locale: string, assisted: boolean, at: Date) => {
    const handover = assisted
      ? Object.keys(answers).filter(
          (k) => content.modules.flatMap((m) => m.questions).find((q) => q.key === k)?.sensitive,
        )
      : [];
    const result = await submitResponse(
      t.db,
      { id: crypto.randomUUID(), survey: code, locale: locale as "so", answers },
      {
        now: at,
        collection: assisted ? { mode: "assisted", ambassadorId: ambassador, record: {}, handover } : { mode: "self" },
      },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
  };

  const before = await snapshot(false);
  const pattern = distinctive();
  const time = content.modules.flatMap((m) => m.questions);
  const profile: Answers = {
    "bg.age_band": { kind: "choice", value: lastOption(time.find((q) => q.role === "age")) },
    "bg.time_in_sweden": { kind: "choice", value: lastOption(time.find((q) => q.role === "time_in_sweden")) },
  };
  const plantedAnswers: Answers[] = [];
  const plantedText = `Planterad text ${code}`;
  for (const [i, r] of answered(s.planted, s.seed).entries()) {
    const answers: Answers = { ...r.answers, ...profile, "trust.one_change": { kind: "text", value: plantedText } };
    for (const [key, value] of pattern) if (answers[key]) answers[key] = { kind: "choice", value };
    plantedAnswers.push(answers);
    await submit(answers, i % 2 ? "ku" : "so", s.assisted, day0);
  }
  for (const r of answered(s.fillers, s.seed + 1)) await submit(r.answers, r.locale, false, day0);
  await publish(new Date(day0.getTime() + DAY), rules !== undefined);
  const published = await snapshot(false);
  await t.db
    .updateTable("survey")
    .set({ closes_at: new Date(day0.getTime() + 2 * DAY) })
    .where("id", "=", survey.id)
    .execute();
  await publish(new Date(day0.getTime() + 10 * DAY), rules !== undefined);
  const final = await snapshot(true);

  // ---- the attacks: every view or difference that holds the planted respondents and only a handful of others is a
  // reading of their answers. The attacker knows the planted profile, so a group view counts only if it is theirs.
  const theirs = (key: string) => {
    const group = key.split("|")[2]!;
    return group.startsWith("mode=")
      ? group === "mode=" ||
          group === `mode=${s.assisted ? "assisted" : "self"}` ||
          (s.assisted && group === "mode=handover")
      : ["lang=so", "lang=ku", "age=65p", "time=gt5"].includes(group);
  };
  const readings: Reading[] = [];
  for (const [key, now] of [...published, ...final]) {
    if (!theirs(key)) continue;
    const then = before.get(key);
    readings.push(now.here); // a view of only a handful of respondents reads them directly
    readings.push(difference(now.here, then?.here)); // after minus before
    readings.push(difference(now.here, published.get(key)?.here));
    readings.push(difference(now.region, then?.region));
  }
  for (const [key, now] of [...published, ...final]) {
    // Staff of Linköping: the region minus their own municipality holds the planted respondents.
    if (key.startsWith("linkoping|") && theirs(key)) readings.push(difference(now.region, now.here));
  }
  for (const who of ["staff", "coordinator"]) {
    for (const dim of ["lang", "age", "gender", "time"]) {
      const whole = final.get(`${who}|${round}|mode=`);
      const parts = [...final]
        .filter(([key]) => key.startsWith(`${who}|${round}|${dim}=`) && !theirs(key))
        .map(([, v]) => v.here);
      if (!whole) continue;
      let rest: Reading = whole.here;
      for (const part of parts) rest = difference(rest, part);
      readings.push(rest); // everyone minus the shown groups that are not theirs: their group and the hidden ones
    }
  }
  // Free text: wherever the planted respondents' text shows, the view is narrowed to no group at all, so the text is
  // tied to none of its writer's attributes (the round and municipality are the view's scope).
  for (const [who, principal, base] of principals) {
    for (const params of [
      { ...base },
      { ...base, round },
      { ...base, round, lang: "so" },
      { ...base, round, age: "65p" },
      { ...base, round, mode: "self" },
    ]) {
      const view = await resolveDashboardView(t.db, principal, params, {
        kind: "answers",
        ...(rules ? { rules } : {}),
      }).catch(() => null);
      if (!view?.ok) continue;
      const texts = await loadTexts(t.db, viewContext(view, "sv", translate), "trust.one_change");
      if (texts.texts?.some((x) => x === plantedText))
        expect([who, Object.keys(params).filter((k) => !["m", "round"].includes(k))]).toEqual([who, []]);
    }
  }
  // Another municipality's staff cannot choose the round; date windows do not exist; two and three groups at once are
  // refused outright.
  await expect(resolveDashboardView(t.db, staffOf("0580"), { round })).rejects.toThrow("forbidden");
  expect(await resolveDashboardView(t.db, staff, { round, from: "2026-01", to: "2026-12" })).toMatchObject({
    ok: false,
    problem: "unreadable",
  });
  expect(await resolveDashboardView(t.db, staff, { round, lang: "so", age: "65p" })).toMatchObject({
    ok: false,
    problem: "oneGroup",
  });
  expect(await resolveDashboardView(t.db, staff, { round, lang: "so", age: "65p", time: "gt5" })).toMatchObject({
    ok: false,
    problem: "oneGroup",
  });

  const region = await regionShares();
  let recovered = 0;
  let excessRecovered = 0;
  let baseline = 0;
  let total = 0;
  for (const [slot, planted] of pattern) {
    const shares = region.get(slot) ?? new Map<string, number>();
    // Two estimators. The first reads the small readings (a handful besides the planted) as the planted answers; the
    // second reads every reading that holds the planted respondents, however large, for the answer that stands out
    // most above what the region's distribution would give there.
    const weights = new Map<string, number>();
    const excess = new Map<string, number>();
    for (const r of readings) {
      const d = r.get(slot);
      if (!d || d.answered === null || d.answered < 1) continue;
      for (const [value, n] of d.cells) {
        if (n === null) continue;
        if (d.answered <= 2 * s.planted && n > 0) weights.set(value, (weights.get(value) ?? 0) + n / d.answered);
        if (d.answered <= 40)
          excess.set(
            value,
            (excess.get(value) ?? 0) + (n - d.answered * (shares.get(value) ?? 0)) / Math.sqrt(d.answered),
          );
      }
    }
    const mode = [...shares].sort((a, b) => b[1] - a[1])[0]?.[0];
    const guess = weights.size ? [...weights].sort((a, b) => b[1] - a[1])[0]![0] : mode;
    const standsOut = excess.size ? [...excess].sort((a, b) => b[1] - a[1])[0]![0] : mode;
    for (const answers of plantedAnswers) {
      const given = answers[slot];
      if (!given || given.kind !== "choice" || given.value !== planted) continue;
      total++;
      if (guess === planted) recovered++;
      if (standsOut === planted) excessRecovered++;
      baseline += shares.get(planted) ?? 0;
    }
  }
  return { recovered, excessRecovered, baseline, total };
}

/** The region's true distribution of each question's answers (what a guesser who knows the region would draw from). */
async function regionShares(): Promise<Map<string, Map<string, number>>> {
  const { rows } = await sql<{ question_key: string; choice: string; n: number }>`
    select question_key, choice, count(*)::int as n from answer where choice is not null group by 1, 2`.execute(t.db);
  const out = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.question_key, (totals.get(r.question_key) ?? 0) + r.n);
  for (const r of rows) {
    const m = out.get(r.question_key) ?? new Map<string, number>();
    m.set(r.choice, r.n / totals.get(r.question_key)!);
    out.set(r.question_key, m);
  }
  return out;
}

let ambassador = "";
let rounds = 0;
beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 1500, now: start });
  content = await latestRegionalContent(t.db);
  ambassador = (
    await t.db.selectFrom("app_user").select("id").where("role", "=", "ambassador").executeTakeFirstOrThrow()
  ).id;
}, 300_000);
afterAll(async () => {
  await t?.drop();
});

const scenario = fc.record({
  municipality: fc.constantFrom(...SMALL),
  planted: fc.integer({ min: 1, max: 4 }),
  assisted: fc.boolean(),
  fillers: fc.integer({ min: 6, max: 14 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe("attacks on planted respondents", () => {
  it("recover no more planted answers than guessing from the region's distribution", async () => {
    let day = 0;
    const totals = { recovered: 0, excessRecovered: 0, baseline: 0, total: 0, unprotected: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        day += 20;
        const protectedRun = await runScenario(s, new Date(start.getTime() + day * DAY));
        totals.recovered += protectedRun.recovered;
        totals.excessRecovered += protectedRun.excessRecovered;
        totals.baseline += protectedRun.baseline;
        totals.total += protectedRun.total;
        day += 20;
        // The control: the same attacker, the same kind of scenario, disclosure control off.
        const open = await runScenario({ ...s, seed: s.seed + 7 }, new Date(start.getTime() + day * DAY), noProtection);
        totals.unprotected += Math.max(open.recovered, open.excessRecovered) / Math.max(1, open.total);
      }),
      { numRuns: 5, endOnFailure: true },
    );
    const share = Math.max(totals.recovered, totals.excessRecovered) / totals.total;
    const guessing = totals.baseline / totals.total;
    console.log(
      `[attacks] planted answers ${totals.total}: recovered ${(share * 100).toFixed(1)} % with disclosure control ` +
        `(small readings ${((totals.recovered / totals.total) * 100).toFixed(1)} %, standing out ${((totals.excessRecovered / totals.total) * 100).toFixed(1)} %), ` +
        `${((totals.unprotected / 5) * 100).toFixed(1)} % without; guessing from the region's distribution ${(guessing * 100).toFixed(1)} %`,
    );
    expect(totals.total).toBeGreaterThan(50);
    // No better than guessing, up to the sampling noise of so few planted answers (two binomial standard errors:
    // with about 90 answers and 4 % guessing, one or two lucky reads must not fail the suite).
    expect(share).toBeLessThanOrEqual(guessing + 2 * Math.sqrt((guessing * (1 - guessing)) / totals.total));
    // Without the protection the same attacker reads most of them: the suite can fail.
    expect(totals.unprotected / 5).toBeGreaterThan(Math.max(0.3, 5 * guessing));
  }, 900_000);
});
