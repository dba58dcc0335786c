import { describe, expect, it } from "vitest";
import { interviewSchema, MAX_BATCH } from "@/modules/ambassador/sync";
import { responsePayloadSchema } from "@/modules/respondent/payload";
import { LoadStats } from "@/scripts/fault/load";
import { parseOptions } from "@/scripts/fault/options";
import { buildWork } from "@/scripts/fault/payloads";
import { figures, type Timeline, verdict } from "@/scripts/fault/report";
import type { Verification } from "@/scripts/fault/verify";

describe("options", () => {
  it("full run by default, CI-sized with --quick, figures overridable", () => {
    expect(parseOptions([])).toMatchObject({ quick: false, responses: 5000, interviews: 1000 });
    expect(parseOptions(["--quick"])).toMatchObject({ quick: true, responses: 500, interviews: 100 });
    expect(parseOptions(["--quick", "--responses", "50", "--interviews=10"])).toMatchObject({
      responses: 50,
      interviews: 10,
    });
    expect(() => parseOptions(["--batch", "51"])).toThrow(/1\.\.50/);
    expect(() => parseOptions(["--nope"])).toThrow(/Unknown option/);
  });
});

describe("work", () => {
  it("makes valid payloads under distinct ids, interleaved, with batches the sync endpoint takes", () => {
    const { items, expected } = buildWork({ responses: 60, interviews: 23, batchSize: 5, seed: 7, version: 1 });
    expect(expected.publicIds).toHaveLength(60);
    expect(expected.interviewIds).toHaveLength(23);
    expect(new Set([...expected.publicIds, ...expected.interviewIds]).size).toBe(83);
    const batches = items.filter((i) => i.kind === "batch");
    expect(batches).toHaveLength(5);
    expect(items.map((i) => i.index)).toEqual(items.map((_, k) => k));
    // Shuffled: the batches are not all at the end.
    expect(items.slice(0, 60).some((i) => i.kind === "batch")).toBe(true);
    for (const item of items) {
      if (item.kind === "public") {
        const parsed = responsePayloadSchema.parse(JSON.parse(item.body));
        expect(parsed.id).toBe(item.ids[0]);
        expect(expected.byId.get(parsed.id)).toEqual({ mode: "self", answers: Object.keys(parsed.answers).length });
      } else {
        const { interviews } = JSON.parse(item.body) as { interviews: unknown[] };
        expect(interviews.length).toBeLessThanOrEqual(Math.min(5, MAX_BATCH));
        const parsed = interviews.map((i) => interviewSchema.parse(i));
        expect(parsed.map((p) => p.id)).toEqual(item.ids);
        for (const p of parsed) expect(["LIN580", "NOR581"]).toContain(p.survey);
      }
    }
  });
});

describe("verdict", () => {
  const options = parseOptions(["--quick", "--responses", "2", "--interviews", "0"]);
  const timeline = (): Timeline => ({
    startedAt: 0,
    loadStartedAt: 10,
    stopRequestedAt: 100,
    dbDownAt: 150,
    startRequestedAt: 1150,
    dbUpAt: 1200,
    loadEndedAt: 2000,
    verifiedAt: 2100,
  });
  const verification = (extra: Partial<Verification> = {}): Verification => ({
    expected: 2,
    found: 2,
    missing: [],
    unexpected: 0,
    wrongKind: [],
    wrongAnswerCount: [],
    tallied: 2,
    published: 2,
    fullPoolsLeft: 0,
    totalResponses: 2,
    ...extra,
  });
  function cleanStats(): LoadStats {
    const stats = new LoadStats();
    stats.exchanges.push(
      { kind: "public", startedAt: 20, endedAt: 40, ms: 20, status: 201 },
      { kind: "public", startedAt: 90, endedAt: 160, ms: 70, status: 503 },
      { kind: "public", startedAt: 1300, endedAt: 1350, ms: 50, status: 200 },
    );
    stats.unavailable = 1;
    stats.confirmed.set("a", "stored");
    stats.confirmed.set("b", "acknowledged");
    return stats;
  }
  const health = [
    { at: 50, status: 200, ms: 3 },
    { at: 200, status: 503, ms: 2 },
    { at: 900, status: 503, ms: 2 },
    { at: 1300, status: 200, ms: 4 },
  ];
  const judge = (stats: LoadStats, v: Verification | null = verification(), t = timeline(), samples = health) => {
    const f = figures({
      options,
      timeline: t,
      stats,
      health: samples,
      cuts: { rounds: 1, terminated: 1, missed: 0 },
      verification: v,
      app: { alive: true, unavailableLogged: 1, idleClientErrors: 0 },
      batches: 0,
    });
    return { f, problems: verdict(f, stats, v, t) };
  };

  it("passes a clean run and measures the outage", () => {
    const { f, problems } = judge(cleanStats());
    expect(problems).toEqual([]);
    expect(f.outageMs).toMatchObject({ databaseDown: 1050, healthAnswered503For: 1100, firstSuccessAfterRestart: 150 });
    expect(f.requests.status503DuringOutage).toBe(1);
  });

  it("fails on loss, duplicates, a 500, a hang, a health check that was not 503, or no outage at all", () => {
    expect(judge(cleanStats(), verification({ found: 1, missing: ["b"] })).problems.join()).toMatch(/lost/);
    expect(judge(cleanStats(), verification({ unexpected: 1 })).problems.join()).toMatch(/duplicates/);
    const with500 = cleanStats();
    with500.serverErrors = 1;
    expect(judge(with500).problems.join()).toMatch(/5xx/);
    const hung = cleanStats();
    hung.hangs = 1;
    expect(judge(hung).problems.join()).toMatch(/hung/);
    expect(
      judge(cleanStats(), verification(), timeline(), [
        ...health.slice(0, 2),
        { at: 700, status: 0, ms: 15000 },
        ...health.slice(2),
      ]).problems.join(),
    ).toMatch(/other than 503/);
    const noOutage = timeline();
    delete noOutage.dbUpAt;
    expect(judge(cleanStats(), verification(), noOutage).problems.join()).toMatch(/not stopped and started/);
    const unconfirmed = cleanStats();
    unconfirmed.confirmed.delete("b");
    expect(judge(unconfirmed).problems.join()).toMatch(/never got a success/);
  });
});
