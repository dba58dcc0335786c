/**
 * Dashboard at scale: synthetic responses at each size (see synthetic.ts), then the server time of the data
 * functions behind the overview and one module's charts (and the mode gap), for one municipality as its staff
 * see it, each after the tally fold every dashboard page starts with. Each figure is the median of `runs`
 * timed calls after one untimed warm-up call.
 */
import { sql } from "kysely";
import type { Principal } from "@/lib/auth/policy";
import type { BatteryContent } from "@/lib/battery/schema";
import { dashboardScope, fetchModeGap, fetchModuleStats, fetchOverview } from "@/lib/dashboard/queries";
import { foldTallies } from "@/lib/dashboard/tallies";
import type { Db } from "@/lib/db";
import { generateSynthetic, type SyntheticResult } from "./synthetic";

export const DASHBOARD_MUNICIPALITY = "0580";
export const DASHBOARD_MODULE = "trust";
/** The demo's staff user of that municipality (lib/seed), who opens the dashboard pages in the bench. */
export const DASHBOARD_STAFF = "staff.linkoping@demo.example";

/** Staff of that municipality, as the dashboard functions see them. */
export const DASHBOARD_PRINCIPAL: Principal = {
  id: "bench",
  name: "Bench",
  email: "bench@bench.invalid",
  role: "staff",
  municipalityCode: DASHBOARD_MUNICIPALITY,
  ambassadorMunicipalities: [],
  ambassadorLocales: [],
  translationReviewer: false,
  active: true,
};

export async function median(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up, not counted
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor((runs - 1) / 2)]! * 10) / 10;
}

/**
 * moduleMs is the module as every dashboard opens (read from the rollup); moduleFilteredMs the same charts for one
 * language, which the rollup cannot answer (read from the tallies).
 */
export type DashboardTimes = { overviewMs: number; moduleMs: number; moduleFilteredMs: number; modeGapMs: number; respondents: number };

export async function timeDashboard(db: Db, content: BatteryContent, runs: number): Promise<DashboardTimes> {
  const scope = dashboardScope(DASHBOARD_PRINCIPAL, {}, 5);
  const oneLanguage = dashboardScope(DASHBOARD_PRINCIPAL, { lang: "ar" }, 5);
  const overview = await fetchOverview(db, scope);
  const stats = await fetchModuleStats(db, scope, content, DASHBOARD_MODULE, []);
  if (!stats?.length) throw new Error(`module ${DASHBOARD_MODULE} has no charts`);
  // As a dashboard page does: fold pending tally deltas first (none here), then read.
  return {
    overviewMs: await median(() => foldTallies(db).then(() => fetchOverview(db, scope)), runs),
    moduleMs: await median(() => foldTallies(db).then(() => fetchModuleStats(db, scope, content, DASHBOARD_MODULE, [])), runs),
    moduleFilteredMs: await median(() => foldTallies(db).then(() => fetchModuleStats(db, oneLanguage, content, DASHBOARD_MODULE, [])), runs),
    modeGapMs: await median(() => foldTallies(db).then(() => fetchModeGap(db, scope, content)), runs),
    respondents: overview.total.here && !overview.total.here.suppressed ? overview.total.here.n : 0,
  };
}

export type DashboardStep = { responses: number; answers: number; answerTallyRows: number; generateMs: number; generate: SyntheticResult["ms"] } & DashboardTimes;

export async function runDashboardSizes(
  db: Db,
  content: BatteryContent,
  sizes: number[],
  options: { runs: number; baseDate: string; log: (m: string) => void },
): Promise<DashboardStep[]> {
  const steps: DashboardStep[] = [];
  for (const size of sizes) {
    options.log(`dashboard: generating ${size.toLocaleString("en")} synthetic responses`);
    const made = await generateSynthetic(db, content, size, { baseDate: options.baseDate, log: options.log });
    // Write out what the load left in the buffers now, rather than while the reads are timed.
    await sql`checkpoint`.execute(db).catch(() => {});
    const times = await timeDashboard(db, content, options.runs);
    options.log(`dashboard: ${size.toLocaleString("en")} responses: overview ${times.overviewMs} ms, module ${times.moduleMs} ms (one language ${times.moduleFilteredMs} ms), mode gap ${times.modeGapMs} ms (generated in ${(made.ms.total / 1000).toFixed(1)} s)`);
    steps.push({ responses: size, answers: made.answers, answerTallyRows: made.answerTallyRows, generateMs: Math.round(made.ms.total), generate: roundAll(made.ms), ...times });
  }
  return steps;
}

function roundAll<T extends Record<string, number>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)])) as T;
}
