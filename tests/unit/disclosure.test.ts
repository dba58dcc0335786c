import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { protectBreakdown, shareOf } from "@/lib/disclosure/breakdown";
import {
  addRaw,
  cellKey,
  type Figure,
  isFigure,
  isSmall,
  KEY_SPACE,
  NOISE,
  perturb,
  perturbationTable,
  protectCount,
  type RawCell,
  rules,
  subtractRaw,
} from "@/lib/disclosure/figure";
import { protectGroups } from "@/lib/disclosure/groups";
import { makePTable, noiseFor, rowMoments } from "@/lib/disclosure/ptable";
import { meanOfFigures, proportionTestOfFigures, twoProportionTest } from "@/lib/disclosure/stats";
import { makeRandom } from "@/lib/seed/demo-responses";

const r5 = rules(5);

describe("perturbation table (as the R package ptable makes it)", () => {
  it("reproduces the ptable vignette: D = 2, V = 1.08, js = 1 turns a 1 into 0, 2 or 3 with 0.5133, 0.46 and 0.0267", () => {
    const row = makePTable({ D: 2, V: 1.08, js: 1 }).rows[1]!;
    expect(row.entries.map((e) => e.j)).toEqual([0, 2, 3]);
    expect(row.entries.map((e) => Math.round(e.p * 1e4) / 1e4)).toEqual([0.5133, 0.46, 0.0267]);
  });

  it("reproduces the vignette's variance check: V = 1 cannot be reached for a count of 1 with D = 2, V = 0.9 can", () => {
    const v1 = rowMoments(makePTable({ D: 2, V: 1 }));
    expect(v1[1]!.variance).toBeLessThan(0.95);
    expect(v1[2]!.variance).toBeCloseTo(1, 6);
    for (const m of rowMoments(makePTable({ D: 2, V: 0.9 })).slice(1)) expect(m.variance).toBeCloseTo(0.9, 6);
  });

  it("keeps every row unbiased, within D, never negative, within V, left side monotone, intervals tiling [0, 1)", () => {
    for (const params of [
      { D: 2, V: 1 },
      { D: 3, V: 2 },
      { D: 4, V: 3 },
      { D: 5, V: 3, js: 2 },
    ]) {
      const table = makePTable(params);
      for (const row of table.rows) {
        const mean = row.entries.reduce((s, e) => s + e.p * e.v, 0);
        const variance = row.entries.reduce((s, e) => s + e.p * e.v * e.v, 0);
        expect(Math.abs(mean)).toBeLessThan(1e-6);
        expect(variance).toBeLessThanOrEqual(params.V + 1e-6);
        expect(row.entries[0]!.lb).toBe(0);
        expect(row.entries[row.entries.length - 1]!.ub).toBe(1);
        row.entries.forEach((e, i) => {
          expect(Math.abs(e.v)).toBeLessThanOrEqual(params.D);
          expect(e.j).toBeGreaterThanOrEqual(0);
          if (e.j > 0) expect(e.j).toBeGreaterThan(params.js ?? 0);
          expect(e.p).toBeGreaterThan(0);
          if (i > 0) expect(e.lb).toBe(row.entries[i - 1]!.ub);
          if (e.v < 0 && row.entries.some((x) => x.v === 0))
            expect(e.p).toBeLessThanOrEqual(row.entries[i + 1]!.p + 1e-6);
        });
      }
    }
  });

  it("is the documented table: D = 3, V = 2, every count from 2 on with variance 2, and 0 always 0", () => {
    const table = perturbationTable();
    expect(table.params).toMatchObject({ D: NOISE.D, V: NOISE.V, js: 0 });
    const moments = rowMoments(table);
    expect(moments[0]).toMatchObject({ i: 0, variance: 0, pStay: 1 });
    for (const m of moments.slice(2)) expect(m.variance).toBeCloseTo(2, 5);
    for (let ck = 0; ck < 1; ck += 0.01) expect(noiseFor(table, 0, ck)).toBe(0);
  });

  it("draws noise with the table's probabilities when cell keys are uniform", () => {
    const table = perturbationTable();
    const draws = 200_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const v = noiseFor(table, 40, (i + 0.5) / draws);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const e of table.rows[table.ncat]!.entries)
      expect(Math.abs(counts.get(e.v)! / draws - e.p)).toBeLessThan(1e-4);
  });
});

describe("cell key", () => {
  it("is the key sum mod 2^32 in [0, 1): the same respondents always give the same noise, whatever order or view", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: KEY_SPACE - 1 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        (keys, seed) => {
          const a = keys.reduce((s, k) => addRaw(s, { n: 1, key: k }), { n: 0, key: 0 });
          const shuffled = [...keys].sort((x, y) => ((x ^ seed) % 97) - ((y ^ seed) % 97));
          const b = shuffled.reduce((s, k) => addRaw(s, { n: 1, key: k }), { n: 0, key: 0 });
          expect(b).toEqual(a);
          expect(perturb(a, r5)).toBe(perturb(b, r5));
          const ck = cellKey(a.key);
          expect(ck).toBeGreaterThanOrEqual(0);
          expect(ck).toBeLessThan(1);
        },
      ),
    );
  });

  it("subtracts a part from a whole as the remaining respondents' cell", () => {
    const whole: RawCell = { n: 3, key: (4_000_000_000 + 300_000_000 + 5) % KEY_SPACE };
    expect(subtractRaw(whole, { n: 1, key: 300_000_000 })).toEqual({ n: 2, key: (4_000_000_000 + 5) % KEY_SPACE });
  });
});

describe("protected counts", () => {
  it("hide a count of 1 to k - 1 (whatever the noise), and one the noise takes below k; show zero as zero; change none by more than D", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: KEY_SPACE - 1 }), (n, key) => {
        const figure = protectCount({ n, key }, r5);
        expect(isFigure(figure)).toBe(true);
        const p = perturb({ n, key }, r5);
        expect(Math.abs(p - n)).toBeLessThanOrEqual(NOISE.D);
        if (n === 0) expect(figure).toMatchObject({ shown: true, value: 0 });
        else if (n < 5 || p < 5) expect(figure.shown).toBe(false);
        else expect(figure).toMatchObject({ shown: true, value: p });
      }),
    );
  });

  it("never show a group of two as five: a count the noise lifts to k stays hidden", () => {
    // Find a key that lifts 2 to 5 (noise +3); the figure must still be hidden.
    let key = 0;
    while (perturb({ n: 2, key }, r5) !== 5) key += 997_331;
    expect(protectCount({ n: 2, key }, r5).shown).toBe(false);
  });

  it("are recognised only when made by the layer", () => {
    expect(isFigure({ shown: true, value: 3 })).toBe(false);
    expect(isFigure(protectCount({ n: 3, key: 1 }, r5))).toBe(true);
  });

  it("give shares and means from shown figures only", () => {
    const shown = protectCount({ n: 50, key: 7 }, r5);
    // A count of 2 whose key draws noise 0 (the middle of the row's intervals).
    const hidden = protectCount({ n: 2, key: Math.floor(0.5 * KEY_SPACE) }, r5);
    expect(hidden.shown).toBe(false);
    expect(shareOf(hidden, shown)).toBeNull();
    expect(shareOf(shown, shown)).toBe(1);
    expect(
      meanOfFigures([
        { value: 1, figure: shown },
        { value: 5, figure: hidden },
      ]),
    ).toBeNull();
    expect(proportionTestOfFigures(hidden, shown, shown, shown)).toBeNull();
    const m = meanOfFigures([
      { value: 1, figure: shown },
      { value: 5, figure: shown },
    ]);
    expect(m!.mean).toBe(3);
  });
});

/** Respondents' record keys for a cell of n people, from a seeded generator. */
function cellOf(n: number, next: () => number): RawCell {
  let cell: RawCell = { n: 0, key: 0 };
  for (let i = 0; i < n; i++) cell = addRaw(cell, { n: 1, key: next() });
  return cell;
}

/** Record keys in [0, 2^32) from a seeded generator (the demo data's). */
function keys(seed: number): () => number {
  const random = makeRandom(seed);
  return () => Math.floor(random() * KEY_SPACE);
}

describe("protected breakdowns", () => {
  it("never leave one hidden cell alone, nor hidden cells below k together, while the total is shown", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 8 }),
        fc.integer(),
        (ns, seed) => {
          const next = keys(seed);
          const cells = ns.map((n, i) => ({ key: `c${i}`, raw: cellOf(n, next) }));
          const total = cells.reduce((s, c) => addRaw(s, c.raw), { n: 0, key: 0 });
          const b = protectBreakdown(cells, total, r5);
          const hidden = b.cells.filter((c) => !c.figure.shown);
          if (!b.total.shown) {
            expect(hidden.length).toBe(cells.length);
            return;
          }
          if (hidden.length === 0) return;
          const shownNonZero = b.cells.filter((c) => c.figure.shown && c.figure.value > 0);
          // Decided on true counts: the hidden cells hold at least k respondents together.
          const hiddenSum = cells.filter((c) => hidden.some((h) => h.key === c.key)).reduce((s, c) => s + c.raw.n, 0);
          // Either the rule holds, or no shown non-zero cell was left to hide.
          if (shownNonZero.length > 0) expect(hidden.length >= 2 && hiddenSum >= 5).toBe(true);
        },
      ),
    );
  });

  it("leave every hidden cell with at least two true values consistent with everything shown (no cell can be computed)", () => {
    // The attacker knows the noise is at most D and that a hidden figure was perturbed into 1..k-1 (so its true
    // count is at least 1). Enumerate every assignment of true counts to the hidden cells and keep those that agree
    // with the shown total and cells; each hidden cell must keep at least two possible values.
    const D = NOISE.D;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 4 }),
        fc.integer(),
        (ns, seed) => {
          const next = keys(seed);
          const cells = ns.map((n, i) => ({ key: `c${i}`, raw: cellOf(n, next) }));
          const total = cells.reduce((s, c) => addRaw(s, c.raw), { n: 0, key: 0 });
          const b = protectBreakdown(cells, total, r5);
          if (!b.total.shown) return;
          const hiddenIdx = b.cells.map((c, i) => (c.figure.shown ? -1 : i)).filter((i) => i >= 0);
          if (hiddenIdx.length === 0) return;
          const shownTrueMin = b.cells.reduce((s, c) => s + (c.figure.shown ? Math.max(0, c.figure.value - D) : 0), 0);
          const shownTrueMax = b.cells.reduce((s, c) => s + (c.figure.shown ? c.figure.value + D : 0), 0);
          // A hidden cell may have been hidden to protect another, so any count from 1 up is possible a priori.
          const range = () => Array.from({ length: (b.total.shown ? b.total.value : 0) + D }, (_, v) => v + 1);
          const possible = hiddenIdx.map(() => new Set<number>());
          const walk = (at: number, chosen: number[]) => {
            if (at === hiddenIdx.length) {
              const hiddenSum = chosen.reduce((s, v) => s + v, 0);
              const totalTrueMin = Math.max(0, b.total.shown ? b.total.value - D : 0);
              const totalTrueMax = b.total.shown ? b.total.value + D : 0;
              // Some true total within the shown total's noise must equal hidden + some true shown sum.
              if (hiddenSum + shownTrueMin <= totalTrueMax && hiddenSum + shownTrueMax >= totalTrueMin)
                chosen.forEach((v, j) => possible[j]!.add(v));
              return;
            }
            for (const v of range()) walk(at + 1, [...chosen, v]);
          };
          walk(0, []);
          for (const set of possible) expect(set.size).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("answers of small groups", () => {
  it("hide every answer where fewer than k in a small group answered anything but the most common answer, and need 2k in a cell", () => {
    const next = keys(3);
    const breakdown = (ns: number[]) => {
      const cells = ns.map((n, i) => ({ key: `c${i}`, raw: cellOf(n, next) }));
      return protectBreakdown(
        cells,
        cells.reduce((s, c) => addRaw(s, c.raw), { n: 0, key: 0 }),
        r5,
        { smallGroups: true },
      );
    };
    // Six people, all the same answer: the total may show, the answers may not.
    const alike = breakdown([6, 0, 0]);
    expect(alike.total.shown).toBe(true);
    expect(alike.cells.every((c) => !c.figure.shown)).toBe(true);
    // Twenty, 16 alike and 4 otherwise: still fewer than k others.
    expect(breakdown([16, 4, 0]).cells.every((c) => !c.figure.shown)).toBe(true);
    // Forty, 25 and 15: shown. Twenty, 12 and 8: a cell of 8 in a group this small could be a few friends and one
    // more; hidden, and 12 with it. Fifty or more alike: a finding about a large group, shown.
    expect(breakdown([25, 15, 0]).cells.map((c) => c.figure.shown)).toEqual([true, true, true]);
    expect(breakdown([12, 8, 0]).cells.map((c) => c.figure.shown)).toEqual([false, false, true]);
    expect(breakdown([60, 0, 0]).cells[0]!.figure.shown).toBe(true);
  });
});

describe("group tables", () => {
  const r = rules(5);
  const table = (cells: Record<string, Record<string, number>>, seed = 1) => {
    const next = keys(seed);
    const raw = new Map<string, RawCell>();
    for (const [m, row] of Object.entries(cells))
      for (const [v, n] of Object.entries(row)) raw.set(`${m}|${v}`, cellOf(n, next));
    const ms = Object.keys(cells);
    const vs = [...new Set(Object.values(cells).flatMap((row) => Object.keys(row)))];
    const visibility = protectGroups(
      {
        municipalities: ms.map((key) => ({ key, choosable: key !== "" })),
        values: vs.map((key) => ({ key, choosable: key !== "none" })),
        cell: (m, v) => raw.get(`${m}|${v}`) ?? { n: 0, key: 0 },
        regionCell: (v) => ms.reduce((s, m) => addRaw(s, raw.get(`${m}|${v}`) ?? { n: 0, key: 0 }), { n: 0, key: 0 }),
      },
      r,
    );
    const cellAt = (m: string, v: string) => raw.get(`${m}|${v}`) ?? { n: 0, key: 0 };
    return {
      ...visibility,
      size: (m: string, v: string) => cellAt(m, v).n,
      small: (m: string, v: string) => isSmall(cellAt(m, v), r),
    };
  };

  const seeded = (cells: Record<string, Record<string, number>>, small: [string, string][]) => {
    const g = table(cells, 1);
    for (const [m, v] of small) expect(g.small(m, v)).toBe(true);
    return g;
  };

  it("hides a small group together with another in its municipality, so it cannot be worked out from the total", () => {
    // Ydre: 30 Arabic speakers, 1 Somali speaker. The Somali group is hidden, and so is the Arabic one.
    const g = seeded(
      {
        "0512": { ar: 30, so: 1 },
        "0580": { ar: 300, so: 60, ti: 80 },
        "0581": { ar: 200, so: 40 },
        "0561": { ar: 40, so: 20 },
      },
      [["0512", "so"]],
    );
    expect(g.shown("0512", "so")).toBe(false);
    expect(g.shown("0512", "ar")).toBe(false);
    expect(g.shown("0580", "so")).toBe(true);
  });

  it("counts the groups nobody can choose (no answer) as hidden", () => {
    // 40 answered the age question with 16-24, 2 did not: the 16-24 group would reveal the 2.
    const g = seeded({ "0512": { "16_24": 40, none: 2 }, "0580": { "16_24": 400, "25_39": 300, none: 80 } }, [
      ["0512", "none"],
    ]);
    expect(g.shown("0512", "16_24")).toBe(false);
    expect(g.shown("0580", "16_24")).toBe(true);
  });

  it("hides the region's group when only one municipality's group would be hidden in it", () => {
    // Somali speakers: Linköping 60, Ydre 2. Ydre's group is hidden; Linköping's is the only other in the column,
    // so either it or the region's Somali group (from which Ydre's = region - Linköping) is hidden too.
    const g = seeded({ "0580": { so: 60, ar: 300 }, "0512": { so: 2, ar: 30 } }, [["0512", "so"]]);
    expect(g.shown("0512", "so")).toBe(false);
    expect(g.shown("0580", "so") && g.regionShown("so")).toBe(false);
  });

  it("leaves no small hidden group alone in its municipality (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 3 }), {
          minLength: 2,
          maxLength: 5,
        }),
        fc.integer(),
        (grid, seed) => {
          const cells: Record<string, Record<string, number>> = {};
          grid.forEach((row, i) => (cells[`0${500 + i}`] = { a: row[0]!, b: row[1]!, none: row[2]! }));
          const g = table(cells, seed);
          const ms = Object.keys(cells);
          // Rows: each municipality's total is published, so a small hidden group is never alone, nor the hidden
          // groups below k together, while a shown non-empty group is left to hide with them.
          for (const m of ms) {
            const values = ["a", "b", "none"] as const;
            const hidden = values.filter((v) => g.size(m, v) > 0 && (v === "none" || !g.shown(m, v)));
            const hiddenSum = hidden.reduce((s, v) => s + g.size(m, v), 0);
            const shown = values.filter((v) => v !== "none" && g.size(m, v) > 0 && g.shown(m, v));
            const anySmall = hidden.some((v) => g.small(m, v));
            if (anySmall && (hidden.length === 1 || hiddenSum < 5)) expect(shown).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the mode-gap test on protected counts", () => {
  // A figure as the disclosure layer hands it out, for testing the statistic on chosen protected values.
  const shownAs = (value: number) => ({ shown: true, value }) as unknown as Figure;
  it("states a verdict as robust only where every noise within ±D gives the exact counts' verdict", () => {
    const D = NOISE.D;
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 600 }),
        fc.integer({ min: 20, max: 600 }),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.array(fc.integer({ min: -D, max: D }), { minLength: 4, maxLength: 4 }),
        (n1, n2, share1, share2, [e1, f1, e2, f2]) => {
          const x1 = Math.round(share1 * n1);
          const x2 = Math.round(share2 * n2);
          const exact = twoProportionTest(x1, n1, x2, n2)!;
          const seen = proportionTestOfFigures(
            shownAs(Math.max(0, x1 + e1!)),
            shownAs(n1 + f1!),
            shownAs(Math.max(0, x2 + e2!)),
            shownAs(n2 + f2!),
            D,
          );
          if (seen?.robust) expect(seen.significant).toBe(exact.significant);
        },
      ),
      { numRuns: 20_000, seed: 20261202 },
    );
    // Seen in the demo data: 154 of 290 against 94 of 214 is significant (p = 0.042); noise within ±3 shows 152 of
    // 291 against 97 of 211 (p = 0.17). Neither verdict may be stated.
    expect(twoProportionTest(154, 290, 94, 214)!.significant).toBe(true);
    const seen = proportionTestOfFigures(shownAs(152), shownAs(291), shownAs(97), shownAs(211), D)!;
    expect([seen.significant, seen.robust]).toEqual([false, false]);
  });
});
