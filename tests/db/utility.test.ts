/**
 * What disclosure control costs the people who read the results, measured on the demo data: every share on the
 * question pages for the region and for Linköping against the same share without protection (no noise, k = 1),
 * and the mode gap's verdicts with and without it.
 */
import { createTranslator } from "next-intl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/policy";
import { shareOf } from "@/lib/disclosure/breakdown";
import { NOISE, type Rules } from "@/lib/disclosure/figure";
import { loadModeGap, loadQuestions, viewContext } from "@/modules/dashboard/loaders";
import type { QuestionStats } from "@/modules/dashboard/queries";
import { latestRegionalContent } from "@/modules/authoring/versions";
import { resolveDashboardView } from "@/modules/dashboard/view";
import { seedDatabase } from "@/lib/seed";
import sv from "@/messages/sv.json";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const translate = createTranslator({ locale: "sv", messages: sv, namespace: "dashboard" }) as unknown as (
  k: string,
  v?: Record<string, string | number>,
) => string;
const exact: Rules = {
  k: 1,
  kText: 1,
  table: {
    params: { D: 0, V: 0, js: 0, mono: true },
    ncat: 0,
    rows: [{ i: 0, entries: [{ j: 0, v: 0, p: 1, lb: 0, ub: 1 }] }],
  },
};
const linkoping: Principal = {
  id: "s",
  name: "S",
  email: "s@x",
  role: "staff",
  municipalityCode: "0580",
  ambassadorMunicipalities: [],
  ambassadorLocales: [],
  translationReviewer: false,
  active: true,
};
const coordinator: Principal = { ...linkoping, role: "coordinator", municipalityCode: null };

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { now: new Date("2026-11-23T10:00:00Z") });
}, 300_000);
afterAll(async () => {
  await t?.drop();
});

/** The answers of the latest final round (the demo's spring round), as the question pages open. */
async function context(principal: Principal, rules?: Rules) {
  const view = await resolveDashboardView(t.db, principal, {}, { kind: "answers", ...(rules ? { rules } : {}) });
  if (!view.ok) throw new Error("view");
  return viewContext(view, "sv", translate);
}

/** Every shown share of every question for a place, protected and exact, with the question's exact n. */
async function shares(principal: Principal, place: "here" | "region") {
  const protectedCtx = await context(principal);
  const exactCtx = await context(principal, exact);
  const out: { slot: string; key: string; n: number; protected: number; exact: number }[] = [];
  let hidden = 0;
  for (const m of protectedCtx.view.content.modules) {
    const p = (await loadQuestions(t.db, protectedCtx, m.key))?.stats ?? [];
    const e = new Map(((await loadQuestions(t.db, exactCtx, m.key))?.stats ?? []).map((s) => [s.slot, s] as const));
    for (const s of p) {
      const x = e.get(s.slot) as QuestionStats;
      const n = x.answered[place]!.shown ? (x.answered[place] as { value: number }).value : 0;
      for (const c of s.cells[place] ?? []) {
        const share = shareOf(c.figure, s.answered[place]);
        if (share === null) {
          hidden++;
          continue;
        }
        const truth = shareOf(x.cells[place]!.find((y) => y.key === c.key)!.figure, x.answered[place]);
        out.push({ slot: s.slot, key: c.key, n, protected: share, exact: truth! });
      }
    }
  }
  return { out, hidden };
}

describe("utility of protected figures (demo data)", () => {
  for (const [name, principal, place] of [
    ["the region", coordinator, "region"],
    ["Linköping", linkoping, "here"],
  ] as const) {
    // A share p of n moves by at most D(1 + p) / (n - D) when the count and n each move by up to D: within 2 points
    // for every question answered by at least 2D / 0.02 + D respondents (303), as nearly all are at these sizes.
    const atLeast = Math.ceil((2 * NOISE.D) / 0.02 + NOISE.D);
    it(`keeps the shares of ${name} within 2 percentage points wherever ${atLeast} or more answered`, async () => {
      const { out, hidden } = await shares(principal, place);
      const large = out.filter((x) => x.n >= atLeast);
      const errors = large.map((x) => Math.abs(x.protected - x.exact));
      const worst = Math.max(...errors);
      const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
      const small = out.filter((x) => x.n < atLeast).map((x) => Math.abs(x.protected - x.exact));
      console.log(
        `[utility] ${name}: ${large.length} shares with n >= ${atLeast}: largest error ${(worst * 100).toFixed(2)} points, mean ${(mean * 100).toFixed(3)}; ` +
          `${small.length} with n < ${atLeast}: largest ${(Math.max(0, ...small) * 100).toFixed(2)}; ${hidden} cells hidden`,
      );
      expect(large.length).toBeGreaterThan(100);
      expect(worst).toBeLessThanOrEqual(0.02);
    });
  }

  it("states a mode-gap verdict only where the noise cannot have turned it, and then always the exact one", async () => {
    const content = await latestRegionalContent(t.db);
    for (const principal of [coordinator, linkoping]) {
      const protectedRows = (await loadModeGap(t.db, await context(principal))).rows;
      const exactRows = new Map(
        (await loadModeGap(t.db, await context(principal, exact))).rows.map((r) => [r.question.key, r]),
      );
      const compared = protectedRows.map((r) => ({
        key: r.question.key,
        protected: r.test,
        exact: exactRows.get(r.question.key)!.test,
      }));
      const stated = compared.filter((c) => c.protected?.robust);
      const wrong = stated.filter((c) => c.protected!.significant !== c.exact?.significant);
      console.log(
        `[utility] mode gap, ${principal.role === "staff" ? "Linköping" : "the region"}: ${compared.length} questions; verdict stated for ${stated.length} ` +
          `(${stated.filter((c) => c.protected!.significant).length} significant), ${wrong.length} of them differing from the exact data; ` +
          `${compared.length - stated.length} said to be uncertain within the noise (exact: ${compared.filter((c) => !c.protected?.robust && c.exact?.significant).length} significant)`,
      );
      expect(wrong).toEqual([]);
      // Most verdicts are stated: three in five for the region, a quarter at Linköping's size (8-11 of 26 seen). A verdict is stated only
      // when every exact count the noise (±3) could hide gives it, so these are what that certainty leaves.
      expect(stated.length).toBeGreaterThanOrEqual(
        principal.role === "staff" ? compared.length / 4 : (compared.length * 3) / 5,
      );
      expect(compared.length).toBe(
        content.modules.flatMap((m) => m.questions).filter((q) => q.type === "scale" && !q.repeatFor).length,
      );
    }
  });
});
